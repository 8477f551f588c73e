import type { ChangeConnectionResolvers, DuplicateCandidateConnectionResolvers, EntityConnectionResolvers, RelationConnectionResolvers } from '../../generated/graphql.js';

/** PageInfo of any connection record: whether more follows, and the last edge's cursor. */
const pageInfo = (connection: { hasNextPage: boolean; edges: Array<{ cursor: string }> }) => ({
  hasNextPage: connection.hasNextPage,
  endCursor: connection.edges.at(-1)?.cursor ?? null,
});

export const RelationConnection: RelationConnectionResolvers = { pageInfo };
export const EntityConnection: EntityConnectionResolvers = { pageInfo };
export const ChangeConnection: ChangeConnectionResolvers = { pageInfo };
export const DuplicateCandidateConnection: DuplicateCandidateConnectionResolvers = { pageInfo };
