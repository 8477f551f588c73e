import type { DocumentResolvers, EntitySourceResolvers, EvidenceResolvers, StatementResolvers } from '../../generated/graphql.js';
import { historyField } from './history.js';

export const Evidence: EvidenceResolvers = {
  document: (evidence, _, { data }) => data.documentOrFail(evidence.documentId),
};

export const EntitySource: EntitySourceResolvers = {
  document: (source, _, { data }) => data.documentOrFail(source.documentId),
};

export const Document: DocumentResolvers = {
  publisherEntity: (document, _, { data }) => (document.publisherEntityId ? data.entity.load(document.publisherEntityId) : null),
};

export const Statement: StatementResolvers = {
  speaker: (statement, _, { data }) => data.entityOrFail(statement.speakerId),
  about: async (statement, _, { data }) => {
    return data.existingEntities(statement.aboutIds);
  },
  madeAt: (statement, _, { data }) => (statement.madeAtId ? data.entity.load(statement.madeAtId) : null),
  supersedes: (statement, _, { data }) => (statement.supersedesId ? data.statement.load(statement.supersedesId) : null),
  supersededBy: (statement, _, { data }) => (statement.supersededById ? data.statement.load(statement.supersededById) : null),
  evidence: (statement, _, { data }) => data.evidence.load(statement.id),
  history: historyField,
};
