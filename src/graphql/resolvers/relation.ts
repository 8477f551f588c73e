import type { RelationResolvers } from '../../generated/graphql.js';
import { heldOn } from '../../domain/as-of.js';
import type { GraphReader } from '../../data/graph-reader.js';
import type { RelationRecord } from '../../data/records.js';
import { historyField } from './history.js';
import { disputedFieldsOf } from './claims.js';

/** The entity at one end: the one read along with the relation when it is that one (no loader, no promise), or else loaded. */
const end = (relation: RelationRecord, id: string, data: GraphReader) => (relation.otherEntity?.id === id ? relation.otherEntity : data.entityOrFail(id));

export const Relation: RelationResolvers = {
  from: (relation, _, { data }) => end(relation, relation.fromId, data),
  to: (relation, _, { data }) => end(relation, relation.toId, data),
  other: (relation, _, { data }) => end(relation, relation.viewpointId === relation.toId ? relation.fromId : relation.toId, data),
  evidence: (relation, _, { data }) => data.evidence.load(relation.id),
  statement: async (relation, _, { data }) => {
    const statement = relation.statementId ? await data.statement.load(relation.statementId) : null;
    // A retracted statement is not shown through a relation that still stands (nor should one stand, see retractStatement).
    return statement && (statement.retraction === null || relation.retraction !== null) ? statement : null;
  },
  heldOn: (relation, { date }) => heldOn(relation, date),
  claims: (relation, _, { data }) => data.claims.load(relation.id),
  disputed: async (relation, _, { data }) => (await disputedFieldsOf(relation.id, 'RELATION', data)).length > 0,
  disputedFields: (relation, _, { data }) => disputedFieldsOf(relation.id, 'RELATION', data),
  history: historyField,
};
