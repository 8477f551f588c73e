/** Resolvers of the analysis answers: subgraphs, paths and timeline items. */
import type {
  OmissionResolvers,
  PathResolvers,
  PathStepResolvers,
  SubgraphResolvers,
  TimelineItemResolvers,
  TimelineSubjectResolvers,
} from '../../generated/graphql.js';
import { RELATION_PHRASE } from '../../domain/model.js';

export const Subgraph: SubgraphResolvers = {
  nodes: (subgraph) => subgraph.nodes,
  edges: (subgraph) => subgraph.edges,
};

export const Omission: OmissionResolvers = {
  entity: (omission, _, { data }) => data.entityOrFail(omission.entityId),
};

export const Path: PathResolvers = {
  length: (path) => path.steps.length,
};

export const PathStep: PathStepResolvers = {
  from: (step, _, { data }) => data.entityOrFail(step.fromId),
  to: (step, _, { data }) => data.entityOrFail(step.toId),
  direction: (step) => (step.relation.fromId === step.fromId ? 'FORWARD' : 'BACKWARD'),
};

export const TimelineItem: TimelineItemResolvers = {
  subject: async (item, _, { data }) => {
    const subject =
      item.kind === 'EVENT'
        ? await data.entity.load(item.subjectId)
        : item.kind === 'STATEMENT' || item.kind === 'CLAIM_ABOUT_PERIOD'
          ? await data.statement.load(item.subjectId)
          : await data.relation.load(item.subjectId);
    if (!subject) throw new Error(`timeline item ${item.kind} ${item.subjectId} does not exist`);
    return subject;
  },
  summary: async (item, _, { data }) => {
    if (item.kind === 'EVENT') return (await data.entityOrFail(item.subjectId)).name;
    if (item.kind === 'STATEMENT' || item.kind === 'CLAIM_ABOUT_PERIOD') {
      const statement = await data.statement.load(item.subjectId);
      const speaker = statement ? await data.entityOrFail(statement.speakerId) : null;
      // A claim about a period is not a fact of that period: the summary says whose claim it is, and when it was made.
      const claim = item.kind === 'CLAIM_ABOUT_PERIOD' ? ` (claimed${statement?.madeOn ? ` in ${statement.madeOn}` : ''}, of ${item.date})` : '';
      return `${speaker?.name ?? 'Someone'}${claim}: ${statement?.summary ?? ''}`;
    }
    const relation = await data.relation.load(item.subjectId);
    if (!relation) return item.subjectId;
    const [from, to] = await Promise.all([data.entityOrFail(relation.fromId), data.entityOrFail(relation.toId)]);
    const role = relation.role ? ` (${relation.role})` : '';
    return `${from.name} ${RELATION_PHRASE[relation.type]} ${to.name}${role}: ${item.kind === 'RELATION_START' ? 'begins' : 'ends'}`;
  },
};

export const TimelineSubject: TimelineSubjectResolvers = {
  __resolveType: (subject) => ('speakerId' in subject ? 'Statement' : 'fromId' in subject ? 'Relation' : 'Event'),
};
