import type { RelationResolvers } from '../../generated/graphql.js';
import { heldOn } from '../../domain/as-of.js';
import { historyField } from './history.js';

export const Relation: RelationResolvers = {
  from: (relation, _, { data }) => data.entityOrFail(relation.fromId),
  to: (relation, _, { data }) => data.entityOrFail(relation.toId),
  other: (relation, _, { data }) => data.entityOrFail(relation.viewpointId === relation.toId ? relation.fromId : relation.toId),
  evidence: (relation, _, { data }) => data.evidence.load(relation.id),
  statement: async (relation, _, { data }) => {
    const statement = relation.statementId ? await data.statement.load(relation.statementId) : null;
    // A retracted statement is not shown through a relation that still stands (nor should one stand, see retractStatement).
    return statement && (statement.retraction === null || relation.retraction !== null) ? statement : null;
  },
  heldOn: (relation, { date }) => heldOn(relation, date),
  history: historyField,
};
