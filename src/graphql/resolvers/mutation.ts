/**
 * Writes. Who may run each is decided before execution (auth/authorization-plugin.ts), not here;
 * what each does lives in curation/, ingest/ and data/. These resolvers turn the refusals of those
 * layers into coded GraphQL errors (src/errors.ts) and answer with the record as now stored.
 */
import type { IngestResultResolvers, MutationResolvers } from '../../generated/graphql.js';
import type { GraphQLContext } from '../../context.js';
import { actorOf } from '../../auth/actors.js';
import { addRelation, addStatement, createEntity, markDistinct, mergeEntities, retractRelation, retractStatement, undoMerge, updateEntity, type Curator } from '../../curation/curate.js';
import { clientErrorOf } from '../../errors.js';
import { loadBundle, parseBundle } from '../../ingest/load-bundle.js';
import type { GraphReader } from '../../data/graph-reader.js';

/**
 * Runs a write, turning the refusals of the layers below (a bundle's problems, a curation refused,
 * a record that already exists) into coded GraphQL errors. A curator's addition is checked as a
 * one-item bundle: its problems are about the mutation's `input`.
 */
async function coded<T>(write: () => Promise<T>, bundleArgument: 'bundle' | 'input' = 'input'): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw clientErrorOf(error, bundleArgument) ?? error;
  }
}

/** The caller as the author of a write. The authorization plugin has already refused anonymous writes. */
function curator({ db, data, principal }: GraphQLContext, reason: string | null | undefined): Curator {
  if (!principal) throw new Error('a write reached its resolver without a principal');
  return { db, data, actor: actorOf(principal), reason: reason?.trim() || null };
}

/** What a write has just written, read back; its absence is a bug, reported as one. */
function readBack<T>(record: T | null, id: string): T {
  if (!record) throw new Error(`${id} was written but cannot be read back`);
  return record;
}

/** The request's reader after a write, its caches emptied: they may hold what was read before it. */
function freshReader(context: GraphQLContext): GraphReader {
  context.data.clearCaches();
  return context.data;
}

export const Mutation: MutationResolvers = {
  ingestBundle: (_, { bundle }, context) =>
    coded(async () => {
      const summary = await loadBundle(context.db, parseBundle(bundle, 'the bundle'), { actor: curator(context, null).actor, seesRestricted: context.data.seesRestricted });
      return {
        documentId: summary.documentId,
        entitiesCreated: summary.entities.created,
        entitiesMatched: summary.entities.updated,
        relationsCreated: summary.relations.created,
        relationsMatched: summary.relations.updated,
        statementsCreated: summary.statements.created,
        statementsMatched: summary.statements.updated,
        quotes: summary.evidence,
        duplicateCandidates: summary.duplicateCandidates,
      };
    }, 'bundle'),

  markDistinct: (_, { firstId, secondId, reason }, context) =>
    coded(() => markDistinct(curator(context, reason), firstId, secondId)),

  createEntity: (_, { input, reason }, context) =>
    coded(async () => {
      const id = await createEntity(curator(context, reason), input);
      return freshReader(context).entityOrFail(id);
    }),

  updateEntity: (_, { id, input, reason }, context) =>
    coded(async () => {
      const updatedId = await updateEntity(curator(context, reason), id, input);
      return freshReader(context).entityOrFail(updatedId);
    }),

  addRelation: (_, { input, reason }, context) =>
    coded(async () => {
      const id = await addRelation(curator(context, reason), input);
      return readBack(await freshReader(context).relation.load(id), id);
    }),

  addStatement: (_, { input, reason }, context) =>
    coded(async () => {
      const id = await addStatement(curator(context, reason), input);
      return readBack(await freshReader(context).statement.load(id), id);
    }),

  retractRelation: (_, { id, reason }, context) =>
    coded(async () => {
      await retractRelation(curator(context, reason), id);
      return readBack(await freshReader(context).relation.load(id), id);
    }),

  retractStatement: (_, { id, reason }, context) =>
    coded(async () => {
      await retractStatement(curator(context, reason), id);
      return readBack(await freshReader(context).statement.load(id), id);
    }),

  mergeEntities: (_, { survivorId, mergedId, reason }, context) =>
    coded(async () => {
      await mergeEntities(curator(context, reason), survivorId, mergedId);
      return freshReader(context).entityOrFail(survivorId);
    }),

  undoMerge: (_, { mergedId, reason }, context) =>
    coded(async () => {
      await undoMerge(curator(context, reason), mergedId);
      return freshReader(context).entityOrFail(mergedId);
    }),
};

export const IngestResult: IngestResultResolvers = {
  document: (result, _, { data }) => data.document.load(result.documentId),
};
