/**
 * Every field of the one description (src/domain/entity-fields.ts) travels the whole way, over
 * HTTP against the real Neo4j: set by an ingested bundle and shown; shown as its unset value when
 * no source gives it; changed by updateEntity and recorded in history; kept when the article is
 * ingested again; lent by a merge to a survivor that lacks it; set by createEntity. The test reads
 * the field list from the description, so a new field is carried through all of it untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_FIELD_NAMES, ENTITY_FIELDS, kindHasField, type EntityFieldName } from '../../src/domain/entity-fields.js';
import { ENTITY_KINDS, KIND_LABEL } from '../../src/domain/model.js';
import type { EntityKind } from '../../src/generated/graphql.js';
import { makeApiKey } from '../support/api-keys.js';
import { bearer, INGEST } from '../support/requests.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
let editor: Record<string, string>;
let ingester: Record<string, string>;

const TEXT = 'The first one is described here. The second one is mentioned too. A third one appears later.';
const fieldsOf = (kind: EntityKind) => ENTITY_FIELD_NAMES.filter((name) => kindHasField(kind, name));
const valuesOf = (kind: EntityKind, example: 0 | 1) => Object.fromEntries(fieldsOf(kind).map((name) => [name, ENTITY_FIELDS[name].examples[example]]));
const unsetOf = (kind: EntityKind) => Object.fromEntries(fieldsOf(kind).map((name) => [name, ENTITY_FIELDS[name].unset]));

/**
 * An article of its own for one test (so that tests share no state and run in any order): one
 * entity of the kind with every field it has set, and one with none.
 */
function articleFor(kind: EntityKind, test: string) {
  const slug = `${kind.toLowerCase()}/fields-${test}`;
  const ids = { full: `${slug}-full`, bare: `${slug}-bare`, created: `${slug}-created` };
  const bundle = {
    document: { id: `document/fields-${test}-${kind.toLowerCase()}`, publisher: 'Fields test', text: TEXT },
    entities: [
      { id: ids.full, kind, name: `Full ${slug}`, ...valuesOf(kind, 0), evidence: ['The first one is described here.'] },
      { id: ids.bare, kind, name: `Bare ${slug}`, evidence: ['The second one is mentioned too.'] },
    ],
  };
  return { ids, bundle };
}

async function ingest(bundle: unknown): Promise<void> {
  const ingested = await api.gql(INGEST, { bundle }, ingester);
  expect(ingested.errors).toBeUndefined();
}

/** The described fields of an entity, asked for through its type's own fragment. */
async function fieldsShown(id: string, kind: EntityKind): Promise<Record<string, unknown>> {
  const selection = fieldsOf(kind).join(' ');
  const response = await api.gql(`query($id: ID!) { entity(id: $id) { id ... on ${KIND_LABEL[kind]} { ${selection} } } }`, { id });
  expect(response.errors).toBeUndefined();
  expect(response.data.entity?.id).toBe(id);
  const { id: _id, ...fields } = response.data.entity;
  return fields;
}

async function newestChange(id: string): Promise<{ action: string; fields: Array<{ field: string; before: unknown; after: unknown }> }> {
  const response = await api.gql(`query($id: ID!) { history(subjectId: $id, first: 1) { edges { node { action fields { field before after } } } } }`, { id });
  expect(response.errors).toBeUndefined();
  return response.data.history.edges[0].node;
}


beforeAll(async () => {
  api = await startTestApi({ seed: false });
  editor = bearer(await makeApiKey(api.db, ['editor']));
  ingester = bearer(await makeApiKey(api.db, ['ingest']));
});
afterAll(() => api?.close());

describe.each(ENTITY_KINDS)('the fields of %s', (kind) => {
  it('go the whole way: set by a bundle, changed by updateEntity with history, kept by a new load, lent by a merge, set by createEntity', async () => {
    expect(fieldsOf(kind).length).toBeGreaterThan(0);
    const { ids, bundle } = articleFor(kind, 'journey');
    await ingest(bundle);

    // Set by the bundle; a kind shows its unset value where no source gives one.
    expect(await fieldsShown(ids.full, kind)).toEqual(valuesOf(kind, 0));
    expect(await fieldsShown(ids.bare, kind)).toEqual(unsetOf(kind));
    const created = await newestChange(ids.full);
    expect(created.action).toBe('CREATED');
    for (const name of fieldsOf(kind)) expect(created.fields).toContainEqual({ field: name, before: null, after: ENTITY_FIELDS[name].examples[0] });

    // Changed by an editor, recorded, and kept when the article is loaded again.
    const update = await api.gql(
      'mutation($id: ID!, $input: UpdateEntityInput!) { updateEntity(id: $id, input: $input, reason: "fields test") { id } }',
      { id: ids.full, input: valuesOf(kind, 1) },
      editor,
    );
    expect(update.errors).toBeUndefined();
    expect(await fieldsShown(ids.full, kind)).toEqual(valuesOf(kind, 1));
    const updated = await newestChange(ids.full);
    expect(updated.action).toBe('UPDATED');
    for (const name of fieldsOf(kind)) {
      expect(updated.fields).toContainEqual({ field: name, before: ENTITY_FIELDS[name].examples[0], after: ENTITY_FIELDS[name].examples[1] });
    }
    await ingest(bundle);
    expect(await fieldsShown(ids.full, kind)).toEqual(valuesOf(kind, 1));

    // Lent by a merge to a survivor that has none of them.
    const merged = await api.gql(
      'mutation($s: ID!, $m: ID!) { mergeEntities(survivorId: $s, mergedId: $m, reason: "fields test: one entity") { id } }',
      { s: ids.bare, m: ids.full },
      editor,
    );
    expect(merged.errors).toBeUndefined();
    expect(await fieldsShown(ids.bare, kind)).toEqual(valuesOf(kind, 1));

    // Set by createEntity.
    const createdByEditor = await api.gql(
      'mutation($input: CreateEntityInput!) { createEntity(input: $input) { id } }',
      { input: { id: ids.created, kind, name: `Created ${ids.created}`, ...valuesOf(kind, 0), evidence: { documentId: bundle.document.id, quotes: ['A third one appears later.'] } } },
      editor,
    );
    expect(createdByEditor.errors).toBeUndefined();
    expect(await fieldsShown(ids.created, kind)).toEqual(valuesOf(kind, 0));
  });

  it('a field of another kind is refused by updateEntity, naming the field, and changes nothing', async () => {
    const foreign = ENTITY_FIELD_NAMES.filter((name) => !kindHasField(kind, name)) as EntityFieldName[];
    expect(foreign.length).toBeGreaterThan(0);
    const { ids, bundle } = articleFor(kind, 'foreign');
    await ingest(bundle);
    const before = await fieldsShown(ids.full, kind);
    for (const name of foreign) {
      const response = await api.gql(
        'mutation($id: ID!, $input: UpdateEntityInput!) { updateEntity(id: $id, input: $input) { id } }',
        { id: ids.full, input: { [name]: ENTITY_FIELDS[name].examples[0] } },
        editor,
      );
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.status, 'bad input is HTTP 400, a curator\'s too').toBe(400);
      expect(response.errors?.[0]?.message).toContain(`"${name}"`);
    }
    expect(await fieldsShown(ids.full, kind)).toEqual(before);
  });
});
