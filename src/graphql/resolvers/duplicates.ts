/** Resolvers of possible duplicates: the pair, a page of pairs, and an edge of one. */
import type { DuplicateCandidateConnectionResolvers, DuplicateCandidateEdgeResolvers, DuplicateCandidateResolvers } from '../../generated/graphql.js';
import { duplicateCursor } from '../../domain/cursor.js';

export const DuplicateCandidate: DuplicateCandidateResolvers = {
  entities: (pair, _, { data }) => data.existingEntities([pair.leftId, pair.rightId]),
  document: (pair, _, { data }) => (pair.documentId ? data.document.load(pair.documentId) : null),
  decidedBy: (pair) => (pair.decidedById && pair.decidedByKind ? { id: pair.decidedById, kind: pair.decidedByKind } : null),
};

export const DuplicateCandidateConnection: DuplicateCandidateConnectionResolvers = {
  edges: (page) => page.candidates,
  pageInfo: (page) => ({
    hasNextPage: page.hasNextPage,
    endCursor: page.candidates.length > 0 ? duplicateCursor.encode(page.candidates.at(-1)!.score, page.candidates.at(-1)!.id) : null,
  }),
};

export const DuplicateCandidateEdge: DuplicateCandidateEdgeResolvers = {
  cursor: (pair) => duplicateCursor.encode(pair.score, pair.id),
  node: (pair) => pair,
};
