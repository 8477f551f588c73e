/**
 * Merging two entities that turn out to be one, over HTTP with an editor key: the merged id keeps
 * resolving to the survivor, which gains its relations, quotes, statements and names; a later
 * article naming the merged id adds to the survivor; and undoing the merge puts the graph back
 * exactly as it was (history apart).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cypher } from '../../src/data/database.js';
import { relationIdPrefix } from '../../src/domain/model.js';
import type { RelationType } from '../../src/generated/graphql.js';
import { loadBundle, parseBundle } from '../../src/ingest/load-bundle.js';
import { makeApiKey } from '../support/api-keys.js';
import { bearer } from '../support/requests.js';
import { resetGraph } from '../support/seed-builders.js';
import { HISTORY_LABELS, snapshotGraph, startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
let editorKey: string;
const edit = (query: string) => api.gql(query, {}, bearer(editorKey));
const SURVIVOR = 'person/denis-manturov';
const DUPLICATE = 'person/denis-v-manturov';
const HISTORY = [...HISTORY_LABELS, 'Merge'];

const PROFILE = 'Denis V. Manturov, first deputy prime minister, spoke at Innoprom in Yekaterinburg. Manturov said Innoprom would grow.';
function profileBundle() {
  return parseBundle(
    {
      document: { id: 'document/profile-manturov', publisher: 'Test Wire', text: PROFILE },
      entities: [
        { kind: 'PERSON', name: 'Denis V. Manturov', aliases: ['Денис Мантуров'], evidence: ['Denis V. Manturov, first deputy prime minister'] },
        { kind: 'EVENT', name: 'Innoprom', evidence: ['Innoprom in Yekaterinburg'] },
      ],
      relations: [
        { type: 'PARTICIPATED_IN', from: DUPLICATE, to: 'event/innoprom', role: 'speaker', evidence: ['Denis V. Manturov, first deputy prime minister, spoke at Innoprom'] },
      ],
      statements: [
        { id: 'statement/manturov-innoprom-will-grow', speaker: DUPLICATE, about: ['event/innoprom'], summary: 'Innoprom would grow.', evidence: ['Manturov said Innoprom would grow'] },
      ],
    },
    'profile',
  );
}

const MERGE = `mutation { mergeEntities(survivorId: "${SURVIVOR}", mergedId: "${DUPLICATE}", reason: "same person") { id name aliases } }`;
const UNDO = `mutation { undoMerge(mergedId: "${DUPLICATE}", reason: "they are two people after all") { id name aliases } }`;

/** Merges the duplicate into the survivor, as the tests that start from a merge need. */
async function merge() {
  const merged = await edit(MERGE);
  expect(merged.errors).toBeUndefined();
  return merged;
}

beforeAll(async () => {
  api = await startTestApi({ seed: false });
});
afterAll(() => api?.close());
// Every test starts from the seed and the profile, unmerged: none depends on another's merge.
beforeEach(async () => {
  await resetGraph(api.db);
  editorKey = await makeApiKey(api.db, ['editor']);
  await loadBundle(api.db, profileBundle());
});

describe('merging two entities', () => {

  it('refuses what cannot be one entity, changing nothing', async () => {
    const before = await snapshotGraph(api.db);
    const cases: Array<[string, string]> = [
      [`mutation { mergeEntities(survivorId: "${SURVIVOR}", mergedId: "organization/volkswagen", reason: "x") { id } }`, 'BAD_USER_INPUT'],
      [`mutation { mergeEntities(survivorId: "${SURVIVOR}", mergedId: "${SURVIVOR}", reason: "x") { id } }`, 'BAD_USER_INPUT'],
      [`mutation { mergeEntities(survivorId: "${SURVIVOR}", mergedId: "person/nobody", reason: "x") { id } }`, 'NOT_FOUND'],
      [`mutation { mergeEntities(survivorId: "${SURVIVOR}", mergedId: "${DUPLICATE}", reason: " ") { id } }`, 'BAD_USER_INPUT'],
      [`mutation { undoMerge(mergedId: "${DUPLICATE}", reason: "x") { id } }`, 'BAD_USER_INPUT'],
    ];
    for (const [mutation, code] of cases) {
      const response = await edit(mutation);
      expect(response.errors?.[0]?.extensions?.code, mutation).toBe(code);
    }
    expect(await snapshotGraph(api.db)).toBe(before);
  });

  it('moves everything to the survivor, and the merged id resolves to it', async () => {
    const merged = await merge();
    expect(merged.data.mergeEntities).toMatchObject({ id: SURVIVOR, name: 'Denis Manturov' });
    expect(merged.data.mergeEntities.aliases).toEqual(expect.arrayContaining(['Denis V. Manturov', 'Денис Мантуров']));

    const response = await api.gql(`{
      byOldId: entity(id: "${DUPLICATE}") { id name mergedIds }
      survivor: entity(id: "${SURVIVOR}") {
        relations(types: [PARTICIPATED_IN]) { edges { node { id to { id } evidence { quote } } } }
        statements { id speaker { id } }
      }
      search(text: "Denis V. Manturov") { entity { id } }
      paths(from: "${DUPLICATE}", to: "event/innoprom", maxHops: 1) { steps { from { id } } }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data.byOldId).toEqual({ id: SURVIVOR, name: 'Denis Manturov', mergedIds: [DUPLICATE] });
    const innoprom = response.data.survivor.relations.edges.find((e: any) => e.node.to.id === 'event/innoprom').node;
    expect(innoprom).toEqual({
      id: `participated-in:${SURVIVOR}:event/innoprom:speaker`,
      to: { id: 'event/innoprom' },
      evidence: [{ quote: 'Denis V. Manturov, first deputy prime minister, spoke at Innoprom' }],
    });
    expect(response.data.survivor.statements).toContainEqual({ id: 'statement/manturov-innoprom-will-grow', speaker: { id: SURVIVOR } });
    const hits = response.data.search.map((hit: any) => hit.entity.id);
    expect(hits[0]).toBe(SURVIVOR);
    expect(hits).not.toContain(DUPLICATE);
    expect(response.data.paths.length).toBeGreaterThan(0);
    for (const path of response.data.paths) expect(path.steps[0].from.id).toBe(SURVIVOR);

    const history = await api.gql(`{
      merged: history(subjectId: "${DUPLICATE}") { edges { node { action reason fields { field before after } } } }
      survivor: history(subjectId: "${SURVIVOR}", first: 1) { edges { node { action fields { field after } } } }
      moved: history(subjectId: "participated-in:${DUPLICATE}:event/innoprom:speaker") { totalCount edges { node { action documents { id } } } }
    }`);
    // The relation the merge moved is gone from the graph, its history is not: from its creation (read from a record before) to the merge.
    expect(history.errors).toBeUndefined();
    const moved = history.data.moved;
    expect(moved.edges.length).toBeGreaterThanOrEqual(2);
    expect(moved.totalCount).toBe(moved.edges.length);
    expect(moved.edges.at(-1).node).toEqual({ action: 'CREATED', documents: [{ id: 'document/profile-manturov' }] });
    expect(history.data.merged.edges[0].node).toEqual({ action: 'MERGED', reason: 'same person', fields: [{ field: 'mergedInto', before: null, after: SURVIVOR }] });
    expect(history.data.survivor.edges[0].node.action).toBe('MERGED');
    expect(history.data.survivor.edges[0].node.fields).toContainEqual({ field: 'absorbed', after: DUPLICATE });

    // A page of one type's outgoing relations is read as a range of that type's id index
    // (read-queries.ts): every id, the moved ones too, must begin as its type and source say.
    const rows = await api.db.read((tx) => tx.run(cypher('testRelationIdPrefixes', 'MATCH (a:Entity)-[r]->(:Entity) RETURN r.id AS id, type(r) AS type, a.id AS fromId')));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => !(r.id as string).startsWith(relationIdPrefix(r.type as RelationType, r.fromId as string)))).toEqual([]);
  });

  it('merging again is harmless (a retried request changes nothing)', async () => {
    await merge();
    const before = await snapshotGraph(api.db);
    const again = await edit(MERGE);
    expect(again.errors).toBeUndefined();
    expect(again.data.mergeEntities.id).toBe(SURVIVOR);
    expect(await snapshotGraph(api.db)).toBe(before);
  });

  it('the same article loaded again after the merge adds nothing: its facts are already on the survivor', async () => {
    await merge();
    const before = await snapshotGraph(api.db);
    const summary = await loadBundle(api.db, profileBundle());
    expect(summary.entities).toEqual({ created: 0, updated: 2 });
    expect(JSON.parse(await snapshotGraph(api.db))).toEqual(JSON.parse(before));
  });

  it('undoing the merge puts the graph back exactly as it was before it', async () => {
    const beforeMerge = await snapshotGraph(api.db, { without: HISTORY });
    await merge();
    const undone = await edit(UNDO);
    expect(undone.errors).toBeUndefined();
    expect(undone.data.undoMerge).toMatchObject({ id: DUPLICATE, name: 'Denis V. Manturov' });
    const survivor = await api.gql(`{ entity(id: "${SURVIVOR}") { mergedIds } }`);
    expect(survivor.data.entity.mergedIds).toEqual([]);
    expect(JSON.parse(await snapshotGraph(api.db, { without: HISTORY }))).toEqual(JSON.parse(beforeMerge));

    const history = await api.gql(`{ history(subjectId: "${DUPLICATE}") { edges { node { action reason } } } }`);
    expect(history.data.history.edges.map((e: any) => e.node.action)).toEqual(['MERGE_UNDONE', 'MERGED', 'CREATED']);
  });

  it('cannot be undone once what it moved has changed again, until that change is undone', async () => {
    await merge();
    const moved = `participated-in:${SURVIVOR}:event/innoprom:speaker`;
    expect((await edit(`mutation { retractRelation(id: "${moved}", reason: "not a speaker") { id } }`)).errors).toBeUndefined();
    const before = await snapshotGraph(api.db);
    const refused = await edit(UNDO);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain(moved);
    expect(await snapshotGraph(api.db)).toBe(before);
    // Adding the relation again reinstates it, which is a change too: the merge stays.
    expect((await edit(`mutation { addRelation(input: { type: PARTICIPATED_IN, from: "${SURVIVOR}", to: "event/innoprom", role: "speaker",
      evidence: { documentId: "document/profile-manturov", quotes: ["spoke at Innoprom"] } }) { id } }`)).errors).toBeUndefined();
    expect((await edit(UNDO)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('after a merge, a new article naming the merged id adds to the survivor without renaming it', async () => {
    await merge();
    const text = 'Denis V. Manturov visited the Kaluga automotive plant.';
    await loadBundle(
      api.db,
      parseBundle(
        {
          document: { id: 'document/visit', publisher: 'Test Wire', text },
          entities: [{ kind: 'PERSON', name: 'Denis V. Manturov', evidence: ['Denis V. Manturov visited'] }],
          relations: [{ type: 'ASSOCIATED_WITH', from: DUPLICATE, to: 'plant/kaluga-automotive-plant', role: 'visitor', evidence: [text] }],
        },
        'visit',
      ),
    );
    const response = await api.gql(`{
      entity(id: "${SURVIVOR}") { name relations(types: [ASSOCIATED_WITH]) { edges { node { id } } } }
      entities(kinds: [PERSON], nameContains: "Manturov") { totalCount }
    }`);
    expect(response.data.entity.name).toBe('Denis Manturov');
    expect(response.data.entity.relations.edges).toEqual([{ node: { id: `associated-with:${SURVIVOR}:plant/kaluga-automotive-plant:visitor` } }]);
    expect(response.data.entities.totalCount).toBe(1);

    // The merged id is taken: a new entity cannot have it.
    const before = await snapshotGraph(api.db);
    const taken = await edit(`mutation { createEntity(input: { id: "${DUPLICATE}", kind: PERSON, name: "Denis V. Manturov",
      evidence: { documentId: "document/visit", quotes: ["Denis V. Manturov visited"] } }) { id } }`);
    expect(taken.errors?.[0]?.extensions?.code).toBe('ALREADY_EXISTS');
    expect(taken.errors?.[0]?.message).toContain(`merged into ${SURVIVOR}`);
    expect(await snapshotGraph(api.db)).toBe(before);
  });
});
