/**
 * What a client asked for below a field, for resolvers that can spare the database work nobody
 * reads (a total count, say) or read ahead what a field further down will ask for (lookahead.ts).
 * Looks through inline fragments and named fragments; aliases do not matter, field names do.
 */
import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** Where a selection is looked for: field nodes of one field, and the document's named fragments. */
export interface SelectionScope {
  nodes: readonly FieldNode[];
  fragments: Record<string, FragmentDefinitionNode>;
}

/** The selections of `field` directly in `set`, through inline and named fragments. */
function fieldsNamed(set: SelectionSetNode | undefined, field: string, fragments: SelectionScope['fragments']): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === field ? [selection] : [];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsNamed(selection.selectionSet, field, fragments);
    return fieldsNamed(fragments[selection.name.value]?.selectionSet, field, fragments);
  });
}

/** The names of the fields selected directly in `set`, through inline and named fragments. */
function fieldNamesIn(set: SelectionSetNode | undefined, fragments: SelectionScope['fragments']): string[] {
  if (!set) return [];
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldNamesIn(selection.selectionSet, fragments);
    return fieldNamesIn(fragments[selection.name.value]?.selectionSet, fragments);
  });
}

/** Every selection of the fields of `path`, one below the other, under the scope's field nodes. */
export function fieldNodesBelow({ nodes, fragments }: SelectionScope, path: readonly string[]): FieldNode[] {
  let level: readonly FieldNode[] = nodes;
  for (const field of path) level = level.flatMap((node) => fieldsNamed(node.selectionSet, field, fragments));
  return [...level];
}

/** The names of the fields selected directly below the fields of `path` (each name once). */
export function fieldNamesBelow(scope: SelectionScope, path: readonly string[]): Set<string> {
  return new Set(fieldNodesBelow(scope, path).flatMap((node) => fieldNamesIn(node.selectionSet, scope.fragments)));
}

/** The scope of the field being resolved. */
export const scopeOf = (info: GraphQLResolveInfo): SelectionScope => ({ nodes: info.fieldNodes, fragments: info.fragments });

/** Whether any selection of the field being resolved asks for the fields of `path`, one below the other. */
export function selectsPath(info: GraphQLResolveInfo | SelectionScope, path: readonly string[]): boolean {
  return fieldNodesBelow('fieldNodes' in info ? scopeOf(info) : info, path).length > 0;
}

/** Whether any selection of the field being resolved asks for `field` directly below it. */
export function selects(info: GraphQLResolveInfo | SelectionScope, field: string): boolean {
  return selectsPath(info, [field]);
}
