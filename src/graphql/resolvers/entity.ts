/**
 * The Entity interface, and the fields every kind of entity shares. Each concrete type's file
 * spreads `entityFields` and adds its own.
 */
import type { EntityResolvers, PersonResolvers } from '../../generated/graphql.js';
import { KIND_LABEL } from '../../domain/model.js';
import { relationPageShape } from '../lookahead.js';
import { scopeOf } from '../selection.js';
import { LIMITS } from '../../config.js';
import { pageSize } from '../arguments.js';
import { historyField } from './history.js';
import { disputedFieldsOf } from './claims.js';

/** The names of the types that implement Entity, from the generated types. */
type EntityTypeName = NonNullable<Awaited<ReturnType<EntityResolvers['__resolveType']>>>;

export const Entity: EntityResolvers = {
  // Each kind's GraphQL type is named as its node label (test/unit/entity-fields.test.ts checks both).
  __resolveType: (entity) => KIND_LABEL[entity.kind] as EntityTypeName,
};

/** Fields shared by every entity type; their signatures are the same on each. */
export const entityFields = {
  evidence: (entity, _, { data }) => data.evidence.load(entity.id),
  statements: (entity, _, { data }) => data.statementsOf.load(entity.id),
  // Often read already, with the entity (lookahead.ts): then the loader has the page.
  relations: (entity, args, { data, config }, info) => data.relationsOf({ entityId: entity.id, ...relationPageShape(args, config, scopeOf(info)) }),
  history: historyField,
  mergedIds: (entity, _, { data }) => data.mergedIds.load(entity.id),
  // At most what the loader reads (LIMITS.entitySources), whatever the page size allows elsewhere.
  sources: async (entity, { first }, { data, config }) =>
    (await data.sourcesOf.load(entity.id)).slice(0, pageSize(first, 20, Math.min(LIMITS.entitySources, config.maxPageSize))),
  claims: (entity, _, { data }) => data.claims.load(entity.id),
  disputed: async (entity, _, { data }) => (await disputedFieldsOf(entity.id, 'ENTITY', data)).length > 0,
  disputedFields: (entity, _, { data }) => disputedFieldsOf(entity.id, 'ENTITY', data),
} satisfies Pick<PersonResolvers, 'evidence' | 'statements' | 'relations' | 'history' | 'mergedIds' | 'sources' | 'claims' | 'disputed' | 'disputedFields'>;
