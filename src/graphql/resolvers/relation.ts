import type { RelationResolvers } from '../../generated/graphql.js';
import { heldOn } from '../../domain/as-of.js';
import { historyField } from './history.js';

export const Relation: RelationResolvers = {
  from: (relation, _, { data }) => data.entityOrFail(relation.fromId),
  to: (relation, _, { data }) => data.entityOrFail(relation.toId),
  other: (relation, _, { data }) => data.entityOrFail(relation.viewpointId === relation.toId ? relation.fromId : relation.toId),
  evidence: (relation, _, { data }) => data.evidence.load(relation.id),
  statement: (relation, _, { data }) => (relation.statementId ? data.statement.load(relation.statementId) : null),
  heldOn: (relation, { date }) => heldOn(relation, date),
  history: historyField,
};
