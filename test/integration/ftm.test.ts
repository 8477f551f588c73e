/**
 * FollowTheMoney in and out (`npm run export:ftm`, `npm run import:ftm`), as a user runs them,
 * against the real Neo4j: the export is accepted by FtM's reference implementation, and read back
 * into an empty graph it gives the same entities, relations, dates, claims and sources; a
 * dataset's records (as OpenSanctions publishes them) come in with each fact quoting its record.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { cypher, type Database } from '../../src/data/database.js';
import { applySchema } from '../../src/data/schema-setup.js';
import { ourIdOf } from '../../src/ftm/ftm-mapping.js';
import { EARLIER, LATER } from '../support/disagreeing-articles.js';
import { checkWithReference, ensureFtmReference } from '../support/ftm-reference.js';
import { loadArticle, resetGraph, wireStory } from '../support/seed-builders.js';
import { testDatabase, wipe } from '../support/test-api.js';

let db: Database;
let dir: string;

/** Runs a command of the project as a user would, in a process of its own, against the test database. */
function command(script: string, args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NEO4J_URI: inject('neo4jUri') },
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}
const exportFtm = (...args: string[]) => command('src/cli/export-ftm.ts', args);
const importFtm = (...args: string[]) => command('src/cli/ingest.ts', ['--ftm', ...args]);
const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** What an FtM round trip must keep: entities, relations, their claims, documents and quotes (not statements, which FtM has no schema for). */
const FACTS = cypher(
  'testFtmFacts',
  `RETURN COLLECT { MATCH (e:Entity) RETURN e { .id, .kind, .name, .aliases, .description, .category, .status, .products, .placeType, .date } } AS entities,
     COLLECT { MATCH (a:Entity)-[r]->(b:Entity) WHERE type(r) <> 'STATED_ABOUT'
               RETURN r { .id, type: type(r), from: a.id, to: b.id, .role, .validFrom, .validTo, .current, .heldSince, .heldUntil } } AS relations,
     COLLECT { MATCH (d:Document) RETURN d { .id, .title, .publisher, .publishedOn, .url, .text } } AS documents,
     COLLECT { MATCH (ev:Evidence)-[:FROM]->(d:Document) WHERE NOT ev.subjectId STARTS WITH 'statement/' AND NOT ev.subjectId STARTS WITH 'stated-about:'
               RETURN [ev.subjectId, d.id, ev.quote] } AS quotes,
     COLLECT { MATCH (c:Claim) WHERE NOT c.subjectId STARTS WITH 'stated-about:'
               RETURN c { .id, .name, .aliases, .description, .category, .status, .products, .placeType, .date, .validFrom, .validTo, .current, .publishedOn } } AS claims,
     // Claims held by their subjects (claim-queries.ts: ONLY_CLAIM_PROPERTIES): the subject's values are theirs.
     COLLECT { MATCH (e:Entity) WHERE e.onlyClaimFrom IS NOT NULL RETURN [e.id, e.onlyClaimFrom] }
       + COLLECT { MATCH ()-[r]->() WHERE r.onlyClaimFrom IS NOT NULL AND type(r) <> 'STATED_ABOUT' RETURN [r.id, r.onlyClaimFrom] } AS heldClaims`,
);
const sortBy = <T>(items: T[]) => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
async function facts() {
  const row = (await db.read((tx) => tx.run(FACTS)))[0]! as Record<string, unknown[]>;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, sortBy(v)]));
}

beforeAll(() => {
  ensureFtmReference();
  db = testDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'ftm-'));
}, 300_000);
afterAll(() => db?.close());

describe('FollowTheMoney', () => {
  it('exports articles that disagree as FtM the reference implementation accepts, and reads them back into the same graph', async () => {
    await resetGraph(db);
    for (const article of [wireStory(), EARLIER, LATER]) await loadArticle(db, article);
    const before = await facts();
    const file = path.join(dir, 'graph.ftm.jsonl');
    const exported = exportFtm('--out', file);
    expect(exported.status, exported.output).toBe(0);

    const records = linesOf(file);
    expect(checkWithReference(file)).toEqual({ problems: [], validated: records.length });
    // Both sources' words on the position stay side by side: one link each, with its own dates.
    const occupancies = records.filter((r) => r.schema === 'Occupancy' && r.properties.holder[0] === 'person.olga-varga');
    expect(occupancies.map((o) => [o.properties.startDate, o.properties.endDate ?? null, o.properties.status]).sort()).toEqual([
      [['2019'], ['2023-03'], ['ended']],
      [['2020'], null, ['current']],
    ]);

    await wipe(db);
    await applySchema(db);
    const imported = importFtm(file);
    expect(imported.status, imported.output).toBe(0);
    expect(await facts()).toEqual(before);
  });

  it('exports the neighbourhood of one entity: it, its neighbours, the relations between them and their sources', async () => {
    await resetGraph(db);
    const story = wireStory();
    await loadArticle(db, story);
    const file = path.join(dir, 'plant.ftm.jsonl');
    const exported = exportFtm('--entity', 'plant/riverside-plant', '--out', file);
    expect(exported.status, exported.output).toBe(0);
    const records = linesOf(file);
    expect(checkWithReference(file).problems).toEqual([]);
    const things = new Set(records.filter((r) => ['Company', 'Asset', 'Person'].includes(r.schema)).map((r) => r.id));
    // Its neighbours by every relation, the one who spoke of it too (though FtM has no statements to carry).
    expect([...things].sort()).toEqual(['organization.northwind-motors', 'organization.southgate-holding', 'person.anna-berg', 'plant.riverside-plant']);
    expect(records.filter((r) => r.schema === 'Article').map((r) => r.id)).toEqual(['document.reuters-riverside']);
    expect(records.filter((r) => r.schema === 'Ownership')).toHaveLength(2);
  });

  it('reads a dataset\'s records, each fact quoting the record it comes from, and says what it left out', async () => {
    await wipe(db);
    await applySchema(db);
    const dataset = [
      { id: 'Q1', schema: 'Person', properties: { name: ['Ivan Petrov'], alias: ['Иван Петров'], birthDate: ['1970'] }, datasets: ['ru_officials'] },
      { id: 'co-1', schema: 'Company', properties: { name: ['Orion Motors'], sourceUrl: ['https://registry.example/co-1'] } },
      { id: 'ministry', schema: 'PublicBody', properties: { name: ['Ministry of Transport'] } },
      { id: 'pos-1', schema: 'Position', properties: { name: ['Deputy Minister of Transport'], organization: ['ministry'] } },
      { id: 'occ-1', schema: 'Occupancy', properties: { holder: ['Q1'], post: ['pos-1'], startDate: ['2019-05-01T00:00:00'], status: ['current'] } },
      { id: 'own-1', schema: 'Ownership', properties: { owner: ['Q1'], asset: ['co-1'], role: ['shareholder'], startDate: ['2015'], endDate: ['2021-06'] } },
      // A link before one of its ends: written in a second pass over the file, once the end is in.
      { id: 'fam-1', schema: 'Family', properties: { person: ['Q1'], relative: ['Q2'], relationship: ['spouse'] } },
      { id: 'Q2', schema: 'Person', properties: { name: ['Olga Petrova'] } },
      { id: 'san-1', schema: 'Sanction', properties: { entity: ['Q1'], authority: ['Someone'] } },
    ];
    const file = path.join(dir, 'ru_officials.jsonl');
    writeFileSync(file, dataset.map((r) => JSON.stringify(r)).join('\n'));
    const imported = importFtm(file);
    expect(imported.status, imported.output).toBe(0);
    expect(imported.output).toContain('Not imported (no kind or relation type of ours): 1 Sanction');

    const { entities, relations, quotes, documents } = await facts();
    // Ids that are not slugs keep a short hash of themselves, so that "Q1" and "q1" stay two entities.
    const [petrov, petrova] = [ourIdOf('Q1', 'PERSON'), ourIdOf('Q2', 'PERSON')];
    expect(petrov).toMatch(/^person\/q1-[0-9a-f]{12}$/);
    expect(sortBy((entities as any[]).map((e) => [e.id, e.kind, e.name, e.category ?? null]))).toEqual(sortBy([
      ['organization/co-1', 'ORGANIZATION', 'Orion Motors', 'COMPANY'],
      ['organization/ministry', 'ORGANIZATION', 'Ministry of Transport', 'GOVERNMENT_BODY'],
      [petrov, 'PERSON', 'Ivan Petrov', null],
      [petrova, 'PERSON', 'Olga Petrova', null],
    ]));
    expect(sortBy((relations as any[]).map((r) => [r.type, r.from, r.to, r.role, r.validFrom, r.validTo, r.current]))).toEqual(sortBy([
      ['HOLDS_POSITION', petrov, 'organization/ministry', 'Deputy Minister of Transport', '2019-05-01', null, true],
      ['OWNS', petrov, 'organization/co-1', 'shareholder', '2015', '2021-06', null],
      ['ASSOCIATED_WITH', petrov, petrova, 'spouse', null, null, null],
    ]));
    // Every fact quotes its own record's lines, word for word, in a document its dataset published.
    const byId = new Map((documents as any[]).map((d) => [d.id, d]));
    for (const [subjectId, documentId, quote] of quotes as [string, string, string][]) {
      expect(byId.get(documentId).text, subjectId).toContain(quote);
      // An entity's name line ("Q1 name: ..."), or a link's whole record ("Family fam-1 (ru_officials)\n...").
      expect(quote, subjectId).toMatch(/^(Q1|Q2|co-1|ministry) name: |^(Occupancy|Ownership|Family) (occ-1|own-1|fam-1) \(ru_officials\)\n/);
    }
    expect(quotes).toContainEqual([petrov, expect.any(String), 'Q1 name: Ivan Petrov']);
    expect(new Set((documents as any[]).map((d) => d.publisher))).toEqual(new Set(['ru_officials']));
    // The records are gathered into documents (one here, and one for the link the second pass wrote), not one each.
    expect(documents).toHaveLength(2);
    expect((documents as any[]).some((d) => d.text.includes('co-1 sourceUrl: https://registry.example/co-1'))).toBe(true);
  });
});
