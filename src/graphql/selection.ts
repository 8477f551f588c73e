/**
 * What a client asked for below a field, for resolvers that can spare the database work nobody
 * reads (a total count, say). Looks through inline fragments and named fragments; aliases do not
 * matter, field names do.
 */
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

function selectionSetHas(set: SelectionSetNode | undefined, field: string, info: GraphQLResolveInfo): boolean {
  if (!set) return false;
  return set.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === field;
    if (selection.kind === Kind.INLINE_FRAGMENT) return selectionSetHas(selection.selectionSet, field, info);
    return selectionSetHas(info.fragments[selection.name.value]?.selectionSet, field, info);
  });
}

/** Whether any selection of the field being resolved asks for `field` directly below it. */
export function selects(info: GraphQLResolveInfo, field: string): boolean {
  return info.fieldNodes.some((node) => selectionSetHas(node.selectionSet, field, info));
}
