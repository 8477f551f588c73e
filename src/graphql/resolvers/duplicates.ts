/** Resolvers of a possible duplicate; its page and edges are plain connection records (connection.ts). */
import type { DuplicateCandidateResolvers } from '../../generated/graphql.js';

export const DuplicateCandidate: DuplicateCandidateResolvers = {
  entities: (pair, _, { data }) => data.existingEntities([pair.leftId, pair.rightId]),
  document: (pair, _, { data }) => (pair.documentId ? data.document.load(pair.documentId) : null),
  decidedBy: (pair) => (pair.decidedById && pair.decidedByKind ? { id: pair.decidedById, kind: pair.decidedByKind } : null),
};
