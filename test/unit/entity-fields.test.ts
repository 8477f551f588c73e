/**
 * The one description of entity fields (src/domain/entity-fields.ts) and the SDL declare the same
 * fields: a field added to one and not the other fails here, before any client sees it. Also the
 * kinds: each has its GraphQL type, its node label and its resolvers.
 */
import { buildSchema, GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType, getNamedType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ENTITY_FIELD_NAMES, ENTITY_FIELDS, kindHasField, storedFieldProperties } from '../../src/domain/entity-fields.js';
import { DERIVED_RELATION_TYPES, ENTITY_ID_PATTERN, ENTITY_KINDS, KIND_LABEL, RELATION_PHRASE, RELATION_TYPES } from '../../src/domain/model.js';
import { BundleRelationSchema } from '../../src/ingest/bundle.js';
import { resolvers } from '../../src/graphql/resolvers/index.js';
import { loadTypeDefs } from '../../src/graphql/schema.js';
import { ENTITY_FIELDS_ANSWERED_BY_NAMES } from '../../src/graphql/lookahead.js';
import { entityFields } from '../../src/graphql/resolvers/entity.js';
import { BundleEntitySchema } from '../../src/ingest/bundle.js';

const schema: GraphQLSchema = buildSchema(loadTypeDefs().join('\n'));
const objectType = (name: string) => schema.getType(name) as GraphQLObjectType;
const inputType = (name: string) => schema.getType(name) as GraphQLInputObjectType;
const entityInterface = schema.getType('Entity') as GraphQLInterfaceType;
const resolverMap = resolvers as unknown as Record<string, Record<string, unknown>>;

/** A kind's own fields in the SDL: those the Entity interface does not declare. */
const ownFields = (typeName: string) => Object.keys(objectType(typeName).getFields()).filter((name) => !(name in entityInterface.getFields()));

describe('entity fields: the description and the SDL agree', () => {
  it('every field a kind declares in the SDL is described, or computed by a resolver of its type', () => {
    for (const kind of ENTITY_KINDS) {
      const typeName = KIND_LABEL[kind];
      for (const name of ownFields(typeName)) {
        const described = name in ENTITY_FIELDS && kindHasField(kind, name as keyof typeof ENTITY_FIELDS);
        const computed = typeof resolverMap[typeName]?.[name] === 'function';
        expect(described || computed, `${typeName}.${name}: add it to ENTITY_FIELDS (src/domain/entity-fields.ts) or give it a resolver`).toBe(true);
        expect(described && computed, `${typeName}.${name}: described and computed both; the resolver would hide the stored value`).toBe(false);
      }
    }
  });

  it('every described field is declared on each type of the kinds that have it, and on no other', () => {
    expect(ENTITY_FIELD_NAMES.length).toBeGreaterThan(0);
    for (const name of ENTITY_FIELD_NAMES) {
      for (const kind of ENTITY_KINDS) {
        const declared = name in objectType(KIND_LABEL[kind]).getFields();
        expect(declared, `${KIND_LABEL[kind]}.${name} in the SDL`).toBe(kindHasField(kind, name));
      }
      if (ENTITY_FIELDS[name].kinds === 'ALL') expect(name in entityInterface.getFields(), `Entity.${name} in the SDL`).toBe(true);
    }
  });

  it("every described field is in a source's claim (EntityClaim), beside the claims' own fields", () => {
    const claimFields = objectType('EntityClaim').getFields();
    for (const name of ENTITY_FIELD_NAMES) expect(name in claimFields, `EntityClaim.${name} in schema/claims.graphql`).toBe(true);
  });

  it('createEntity and updateEntity take every described field', () => {
    for (const input of ['CreateEntityInput', 'UpdateEntityInput']) {
      for (const name of ENTITY_FIELD_NAMES) expect(name in inputType(input).getFields(), `${input}.${name} in schema/curation.graphql`).toBe(true);
    }
  });

  it('an enum field takes exactly the values of its SDL enum', () => {
    for (const name of ENTITY_FIELD_NAMES) {
      const kinds = ENTITY_FIELDS[name].kinds;
      const kind = kinds === 'ALL' ? ENTITY_KINDS[0]! : kinds[0]!;
      const type = getNamedType(objectType(KIND_LABEL[kind]).getFields()[name]!.type);
      if (!(type instanceof GraphQLEnumType)) continue;
      const sdlValues = type.getValues().map((v) => v.name).sort();
      for (const value of sdlValues) {
        expect(BundleEntitySchema.safeParse({ kind, name: 'x', [name]: value, evidence: ['x'] }).success, `${name}: ${value}`).toBe(true);
      }
      expect(BundleEntitySchema.safeParse({ kind, name: 'x', [name]: 'NOT_A_VALUE', evidence: ['x'] }).success).toBe(false);
    }
  });

  it("each field's examples are valid bundle values, different from each other and from the unset value", () => {
    for (const name of ENTITY_FIELD_NAMES) {
      const { examples, unset, kinds } = ENTITY_FIELDS[name];
      const kind = kinds === 'ALL' ? ENTITY_KINDS[0]! : kinds[0]!;
      expect(JSON.stringify(examples[0])).not.toBe(JSON.stringify(examples[1]));
      for (const example of examples) {
        expect(JSON.stringify(example)).not.toBe(JSON.stringify(unset));
        expect(BundleEntitySchema.safeParse({ kind, name: 'x', [name]: example, evidence: ['x'] }).success, `${name}: ${JSON.stringify(example)}`).toBe(true);
      }
    }
  });

  it('a kind-only field is refused for the other kinds', () => {
    for (const name of ENTITY_FIELD_NAMES) {
      for (const kind of ENTITY_KINDS.filter((k) => !kindHasField(k, name))) {
        const result = BundleEntitySchema.safeParse({ kind, name: 'x', [name]: ENTITY_FIELDS[name].examples[0], evidence: ['x'] });
        expect(result.success, `${name} on ${kind}`).toBe(false);
      }
    }
  });

  it('a partial-date field is stored with the first and last day it covers; null clears all three', () => {
    const dated = ENTITY_FIELD_NAMES.filter((name) => ENTITY_FIELDS[name].storage === 'PARTIAL_DATE');
    expect(dated.length).toBeGreaterThan(0);
    for (const name of dated) {
      expect(storedFieldProperties({ [name]: '2024-H1' })).toEqual({ [name]: '2024-H1', [`${name}Start`]: '2024-01-01', [`${name}End`]: '2024-06-30' });
      expect(storedFieldProperties({ [name]: null })).toEqual({ [name]: null, [`${name}Start`]: null, [`${name}End`]: null });
    }
  });
});

describe('entities read with their names only', () => {
  it('answer only names and fields resolved from the id: no described field is among them', () => {
    const entity = schema.getType('Entity') as GraphQLInterfaceType;
    // The names an entity's names-only projection reads (read-queries' ENTITY_NAMES_PROJECTION).
    const names = new Set(['__typename', 'id', 'kind', 'name', 'aliases', 'unidentified']);
    for (const field of ENTITY_FIELDS_ANSWERED_BY_NAMES) {
      expect(field === '__typename' || field in entity.getFields(), `${field} is not a field of Entity`).toBe(true);
      expect(names.has(field) || field in entityFields, `${field} is neither a name nor resolved from the id (entityFields)`).toBe(true);
      expect(ENTITY_FIELD_NAMES as readonly string[]).not.toContain(field);
    }
  });
});

describe('entity kinds', () => {
  it('each kind of the SDL has its type, its label, its resolvers and its id prefix', () => {
    const sdlKinds = (schema.getType('EntityKind') as GraphQLEnumType).getValues().map((v) => v.name);
    expect([...ENTITY_KINDS].sort()).toEqual([...sdlKinds].sort());
    for (const kind of ENTITY_KINDS) {
      const type = objectType(KIND_LABEL[kind]);
      expect(type.getInterfaces().map((i) => i.name)).toContain('Entity');
      expect(typeof resolverMap[type.name]?.relations, `${type.name} spreads entityFields`).toBe('function');
      expect(ENTITY_ID_PATTERN.test(`${kind.toLowerCase()}/some-name`)).toBe(true);
    }
    expect(ENTITY_ID_PATTERN.test('spaceship/some-name')).toBe(false);
  });
});

describe('relation types', () => {
  it('the allowlist is the SDL enum, each type has its phrase, and bundles may state all but the derived ones', () => {
    const sdlTypes = (schema.getType('RelationType') as GraphQLEnumType).getValues().map((v) => v.name);
    expect([...RELATION_TYPES].sort()).toEqual([...sdlTypes].sort());
    for (const type of RELATION_TYPES) {
      expect(RELATION_PHRASE[type]).toBeTruthy();
      const stated = BundleRelationSchema.safeParse({ type, from: 'person/a', to: 'organization/b', evidence: ['x'] }).success;
      expect(stated, type).toBe(!DERIVED_RELATION_TYPES.includes(type));
    }
  });
});
