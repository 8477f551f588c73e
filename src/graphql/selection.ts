/**
 * What a client asked for below a field, for resolvers that can spare the database work nobody
 * reads (a total count, say). Looks through inline fragments and named fragments; aliases do not
 * matter, field names do.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** The selections of `field` directly in `set`, through inline and named fragments. */
function fieldsNamed(set: SelectionSetNode | undefined, field: string, info: GraphQLResolveInfo): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === field ? [selection] : [];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsNamed(selection.selectionSet, field, info);
    return fieldsNamed(info.fragments[selection.name.value]?.selectionSet, field, info);
  });
}

/** Whether any selection of the field being resolved asks for the fields of `path`, one below the other. */
export function selectsPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let level: readonly FieldNode[] = info.fieldNodes;
  for (const field of path) level = level.flatMap((node) => fieldsNamed(node.selectionSet, field, info));
  return level.length > 0;
}

/** Whether any selection of the field being resolved asks for `field` directly below it. */
export function selects(info: GraphQLResolveInfo, field: string): boolean {
  return selectsPath(info, [field]);
}
