/** Writes. Who may run each is decided before execution (auth/authorization-plugin.ts), not here. */
import type { IngestResultResolvers, MutationResolvers } from '../../generated/graphql.js';
import { badUserInput, BundleError } from '../../errors.js';
import { loadBundle, parseBundle } from '../../ingest/load-bundle.js';

export const Mutation: MutationResolvers = {
  ingestBundle: async (_, { bundle }, { db }) => {
    try {
      const summary = await loadBundle(db, parseBundle(bundle, 'the bundle'));
      return {
        documentId: summary.documentId,
        entitiesCreated: summary.entities.created,
        entitiesMatched: summary.entities.updated,
        relationsCreated: summary.relations.created,
        relationsMatched: summary.relations.updated,
        statementsCreated: summary.statements.created,
        statementsMatched: summary.statements.updated,
        quotes: summary.evidence,
      };
    } catch (error) {
      if (error instanceof BundleError) throw badUserInput(error.message, 'bundle', error.problems);
      throw error;
    }
  },
};

export const IngestResult: IngestResultResolvers = {
  document: (result, _, { data }) => data.documentOrFail(result.documentId),
};
