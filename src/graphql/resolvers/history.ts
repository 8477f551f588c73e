/** Resolvers of history: changes and who made them. */
import type { ChangeResolvers } from '../../generated/graphql.js';
import type { GraphQLContext } from '../../context.js';
import { afterChange, pageSize } from '../arguments.js';

export const Change: ChangeResolvers = {
  documents: async (change, _, { data }) => {
    // A document the caller may not see is left out (such changes are hidden from it anyway).
    return data.existingDocuments(change.documentIds);
  },
};

/** The `history(first, after)` field of entities, relations and statements: their own changes, newest first. */
export function historyField(subject: { id: string }, args: { first?: number | null; after?: string | null }, { data, config }: GraphQLContext) {
  return data.history({
    subjectId: subject.id,
    first: pageSize(args.first, 20, config.maxPageSize),
    after: afterChange(args.after),
  });
}
