/**
 * Bulk import (`npm run ingest` on a JSON-lines file or a folder) against the real Neo4j: the same
 * graph as loading each bundle alone, streamed as the file arrives, skipping what an earlier run
 * wrote, resuming after a kill with nothing half-written, and naming every bad bundle by its line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/auth/actors.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { cypher, Database, type Transaction } from '../../src/data/database.js';
import { applySchema } from '../../src/data/schema-setup.js';
import type { Bundle } from '../../src/ingest/bundle.js';
import { importBundles, type ImportProblem } from '../../src/ingest/bulk-import.js';
import { loadBundle } from '../../src/ingest/load-bundle.js';
import { checkBundle } from '../../src/ingest/prepare-bundle.js';
import { generateSyntheticBundles } from '../../src/synthetic/synthetic-graph.js';
import { countChangesCiting, HISTORY_LABELS, LOAD_PROPERTIES, snapshotGraph, testConfig, wipe } from '../support/test-api.js';

/** The real database, counting its write transactions: how many commits an import makes. */
class CountingWrites extends Database {
  writes = 0;
  override write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    this.writes += 1;
    return super.write(work);
  }
}

let db: CountingWrites;
let dir: string;
let bundles: Bundle[];
let linesFile: string;
/** The graph (without history) and the number of changes after loading every bundle alone, one by one. */
let expected: { graph: string; graphAnyCredit: string; changes: number };

const COUNTS = cypher(
  'testImportCounts',
  `RETURN COUNT { MATCH (d:Document) } AS documents, ${countChangesCiting(() => 'true')} AS changes,
          COLLECT { MATCH (d:Document) RETURN [d.id, COUNT { (d)<-[:FROM]-(:Evidence) }] } AS quotesByDocument`,
);
const counts = async () => (await db.read((tx) => tx.run(COUNTS)))[0]! as { documents: number; changes: number; quotesByDocument: Array<[string, number]> };

/** The bundles with a later one naming a new person as an earlier one names another: one name, two entities, a possible duplicate. */
function withNamesake(generated: Bundle[]): Bundle[] {
  const name = generated[1]!.entities.find((e) => e.kind === 'PERSON')!.name;
  const later = generated[8]!;
  const sentence = `${name} is named again, another person.`;
  later.document.text = `${later.document.text}\n${sentence}`;
  later.entities.push({ ...later.entities.find((e) => e.kind === 'PERSON')!, id: 'person/namesake', name, aliases: [], evidence: [sentence] });
  return generated;
}

async function emptyGraph() {
  await wipe(db);
  await applySchema(db);
}

/** Runs `npm run ingest` as a user would, in a process of its own, against the test database. */
function ingestCommand(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NEO4J_URI: inject('neo4jUri'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** What an import leaves as loading each bundle alone would, but for when it was done. */
const LIKE_FOR_LIKE = { without: HISTORY_LABELS, ignoring: ['foundAt', ...LOAD_PROPERTIES] };
/** The real database, its reads of possible duplicates held back a while: a comparison that takes long. */
class SlowComparisons extends Database {
  comparisons = 0;
  override read<T>(work: (tx: Transaction) => Promise<T>, options?: { timeoutMs?: number }): Promise<T> {
    return super.read((tx) => {
      const run = tx.run.bind(tx);
      tx.run = async (query, params) => {
        if (query.name === 'duplicateNameMatches') {
          this.comparisons += 1;
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
        return run(query, params);
      };
      return work(tx);
    }, options);
  }
}

/** The same, but for which document proposed each possible duplicate. */
const ANY_CREDIT = { without: HISTORY_LABELS, ignoring: ['foundAt', ...LOAD_PROPERTIES, 'documentId'] };

beforeAll(async () => {
  db = new CountingWrites({ ...testConfig().neo4j, uri: inject('neo4jUri') });
  dir = mkdtempSync(path.join(os.tmpdir(), 'bulk-import-'));
  bundles = withNamesake(generateSyntheticBundles({ entities: 600, seed: 7, documents: 12 }));
  linesFile = path.join(dir, 'graph.jsonl');
  writeFileSync(linesFile, bundles.map((b) => JSON.stringify(b)).join('\n') + '\n');
  await emptyGraph();
  for (const bundle of bundles) await loadBundle(db, bundle);
  expected = { graph: await snapshotGraph(db, LIKE_FOR_LIKE), graphAnyCredit: await snapshotGraph(db, ANY_CREDIT), changes: (await counts()).changes };
}, 300_000);

afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bulk import', () => {
  it('writes a JSON-lines file many bundles to a transaction, leaving the graph and history that loading each alone leaves', async () => {
    await emptyGraph();
    db.writes = 0;
    const result = await importBundles(db, [linesFile], { actor: SYSTEM_ACTOR, batchRows: 400 });
    expect(result.bundles).toEqual({ read: 12, written: 12, skipped: 0, failed: 0 });
    // Bundles of about 300 rows, batches of 400 rows or more: two or more bundles a commit, and
    // one more for the possible duplicates of the entities each batch created.
    expect(db.writes).toBeGreaterThan(0);
    expect(db.writes).toBeLessThanOrEqual(12);
    expect(result.duplicateCandidates).toBeGreaterThan(0);
    expect(result.entities.created).toBe(601); // the synthetic 600 and the namesake
    // The same graph, the possible duplicates the bundles bring up included.
    expect(JSON.parse(expected.graph).nodes.some((n: { labels: string[] }) => n.labels.includes('DuplicateCandidate'))).toBe(true);
    expect(await snapshotGraph(db, LIKE_FOR_LIKE)).toBe(expected.graph);
    // One change for each entity, relation and statement created, as when they are loaded one by one.
    expect((await counts()).changes).toBe(expected.changes);
    expect(expected.changes).toBe(result.entities.created + result.relations.created + result.statements.created);
  });

  it('compares the entities of a batch with the graph as it stood before the next batch, however long the comparison takes', async () => {
    await emptyGraph();
    // The comparison reads the graph while the next batch is written: slowed down, it would see that
    // batch's entities unless the batch waited for it before committing.
    const slow = new SlowComparisons({ ...testConfig().neo4j, uri: inject('neo4jUri') });
    try {
      const result = await importBundles(slow, [linesFile], { actor: SYSTEM_ACTOR, batchRows: 400 });
      expect(result.bundles.written).toBe(12);
      expect(slow.comparisons).toBeGreaterThan(2);
    } finally {
      await slow.close();
    }
    expect(await snapshotGraph(db, LIKE_FOR_LIKE)).toBe(expected.graph);
  });

  it('run again, recognises every bundle as written and changes nothing', async () => {
    const before = await snapshotGraph(db);
    const result = await importBundles(db, [linesFile], { actor: SYSTEM_ACTOR, batchRows: 400 });
    expect(result.bundles).toEqual({ read: 12, written: 0, skipped: 12, failed: 0 });
    expect(await snapshotGraph(db)).toBe(before);
  });

  it('run again after stopping between a batch and the comparison of its entities, compares them', async () => {
    const candidates = async () => (await db.read((tx) => tx.run(cypher('testCandidates', 'MATCH (c:DuplicateCandidate) RETURN c.id AS id ORDER BY id')))).map((r) => r.id);
    const found = await candidates();
    expect(found.length).toBeGreaterThan(0);
    // As a kill after the last batches' commit and before their comparison leaves the graph.
    const last = bundles.slice(-6).map((b) => b.document.id);
    await db.write((tx) => tx.run(cypher('testForgetComparisons', `MATCH (d:Document) WHERE d.id IN $last REMOVE d.duplicatesProposed
      WITH count(*) AS unmarked MATCH (c:DuplicateCandidate) WHERE c.documentId IN $last DETACH DELETE c`), { last }));
    expect((await candidates()).length).toBeLessThan(found.length);
    const result = await importBundles(db, [linesFile], { actor: SYSTEM_ACTOR, batchRows: 400 });
    expect(result.bundles.skipped).toBe(12);
    expect(await candidates()).toEqual(found);
    // Which document proposed a pair found again is not known any more: one of the import that names its later entity.
    expect(await snapshotGraph(db, ANY_CREDIT)).toBe(expected.graphAnyCredit);
  });

  it('streams: the first bundles of a file still being written are in the graph before the rest arrive', async () => {
    await emptyGraph();
    const fifo = path.join(dir, 'arriving.jsonl');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const importing = importBundles(db, [fifo], { actor: SYSTEM_ACTOR, batchRows: 1 });
    const writer = await open(fifo, 'w');
    await writer.write(bundles.slice(0, 3).map((b) => `${JSON.stringify(b)}\n`).join(''));
    // The writer holds the rest back until the first bundles are written: only a reader that
    // streams gets there (one that waits for the end of the file would wait for ever).
    const deadline = Date.now() + 60_000;
    while ((await counts()).documents < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await counts()).documents).toBeGreaterThanOrEqual(2);
    await writer.write(bundles.slice(3).map((b) => `${JSON.stringify(b)}\n`).join(''));
    await writer.close();
    expect((await importing).bundles.written).toBe(12);
    expect(await snapshotGraph(db, LIKE_FOR_LIKE)).toBe(expected.graph);
  }, 120_000);

  it('killed in the middle (SIGKILL) and run again, carries on: nothing half-written, and the same graph and history at the end', async () => {
    await emptyGraph();
    const quotesOf = new Map(bundles.map((b) => [b.document.id, checkBundle(b, b.document.text!).prepared.evidence.length]));
    // Small batches, so that the kill falls between many transactions.
    const first = ingestCommand([linesFile], { INGEST_BATCH_ROWS: '150' });
    const exited = new Promise((resolve) => first.once('exit', resolve));
    const deadline = Date.now() + 120_000;
    while ((await counts()).documents < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    first.kill('SIGKILL');
    await exited;
    // A commit sent just before the kill may still land: let it, before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const afterKill = await counts();
    expect(afterKill.documents).toBeGreaterThanOrEqual(3);
    expect(afterKill.documents).toBeLessThan(12);
    // Each document in the graph came with all its quotes: no bundle is half-written.
    for (const [id, quotes] of afterKill.quotesByDocument) expect(quotes, id).toBe(quotesOf.get(id));

    const second = ingestCommand([linesFile]);
    let output = '';
    second.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    second.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    expect(await new Promise((resolve) => second.once('exit', resolve)), output).toBe(0);
    expect(output).toContain(`bundles ${12 - afterKill.documents} written, ${afterKill.documents} skipped`);
    expect(await snapshotGraph(db, LIKE_FOR_LIKE)).toBe(expected.graph);
    expect((await counts()).changes).toBe(expected.changes);
  }, 240_000);

  it('names each bundle it cannot write by its line, with every problem, and writes the others', async () => {
    await emptyGraph();
    const text = 'Acme Widgets opened a plant. Bolt Motors bought it.';
    const bundle = (id: string, extra: Partial<Bundle> = {}) => ({
      document: { id, publisher: 'Test Desk', text },
      entities: [{ kind: 'ORGANIZATION', name: 'Acme Widgets', evidence: ['Acme Widgets opened a plant'] }],
      ...extra,
    });
    const bad = bundle('document/bulk-bad', {
      // Two problems at once: a quote the text does not hold, and an entity neither defined nor in the graph.
      relations: [{ type: 'OWNS', from: 'organization/nobody-holding', to: 'organization/acme-widgets', evidence: ['Bolt Motors sold it'] }],
    } as Partial<Bundle>);
    const file = path.join(dir, 'mixed.jsonl');
    writeFileSync(file, [bundle('document/bulk-good-one'), '{not json', '', bad, bundle('document/bulk-good-two')].map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'));

    const problems: ImportProblem[] = [];
    const result = await importBundles(db, [file], { actor: SYSTEM_ACTOR, batchRows: 1000, onProblem: (p) => problems.push(p) });
    expect(result.bundles).toEqual({ read: 4, written: 2, skipped: 0, failed: 2 });
    expect(problems.map((p) => [p.origin, p.documentId])).toEqual([[`${file}:2`, null], [`${file}:4`, 'document/bulk-bad']]);
    expect(problems[1]!.problems.join('\n')).toMatch(/Bolt Motors sold it/);
    expect(problems[1]!.problems.join('\n')).toMatch(/organization\/nobody-holding is referred to but neither defined/);
    const documents = await db.read((tx) => tx.run(cypher('testImportDocuments', 'MATCH (d:Document) RETURN d.id AS id ORDER BY id')));
    expect(documents.map((d) => d.id)).toEqual(['document/bulk-good-one', 'document/bulk-good-two']);

    // Told to stop at the first error: what came before it is written, nothing after.
    await emptyGraph();
    const stopped = await importBundles(db, [file], { actor: SYSTEM_ACTOR, batchRows: 1000, stopOnError: true });
    expect(stopped.bundles).toEqual({ read: 2, written: 1, skipped: 0, failed: 1 });
    expect((await counts()).documents).toBe(1);

    // The command says the same, and exits 1.
    const command = ingestCommand([file]);
    let stderr = '';
    command.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise((resolve) => command.once('exit', resolve))).toBe(1);
    expect(stderr).toContain(`Not written: ${file}:4 (document/bulk-bad)`);
    expect(stderr).toContain('2 bundle(s) could not be written');
  }, 120_000);
});
