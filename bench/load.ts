/**
 * `npm run bench:load -- [--seconds 30] [--clients 8] [--entities 2000]`: a bounded load test on
 * this machine only. Starts a throwaway Neo4j and the API on loopback, loads a synthetic graph,
 * then runs concurrent clients for a fixed time with a mix of reads (75%), article ingestion (15%)
 * and curation (10%: adding a sourced relation, or retracting one added earlier).
 * Prints latency percentiles per operation, errors by code, and the API's memory over time.
 * A measurement, not a test: it asserts nothing about speed.
 */
import { parseArgs } from 'node:util';
import { withSyntheticDatabase } from './synthetic-database.js';
import { generateApiKey } from '../src/auth/api-keys.js';
import { startServer } from '../src/app.js';
import { createApiKey } from '../src/data/key-store.js';
import { cypher } from '../src/data/database.js';
import { loadBundle } from '../src/ingest/load-bundle.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '30' }, clients: { type: 'string', default: '8' }, entities: { type: 'string', default: '2000' } },
});
const SECONDS = Math.min(600, Number(values.seconds));
const CLIENTS = Math.min(64, Number(values.clients));
const ENTITIES = Math.min(50_000, Number(values.entities));

await withSyntheticDatabase(ENTITIES, async ({ db, config, bundles }) => {
  // The document curators cite: its one sentence supports every relation they add.
  const NOTE = 'These two work together, the analyst noted.';
  await loadBundle(db, { document: { id: 'document/load-notes', publisher: 'Load Desk', title: null, publishedOn: null, publisherEntity: null, url: null, restricted: false, text: NOTE }, entities: [], relations: [], statements: [] });
  const key = generateApiKey();
  await createApiKey(db, { id: key.id, name: 'load test', roles: ['ingest', 'editor'], hash: key.hash });
  const server = await startServer(db, config);
  const names = bundles.flatMap((b) => b.entities.map((e) => e.name));
  const entityIds = (await db.read((tx) => tx.run(cypher('loadEntityIds', 'MATCH (e:Entity) RETURN e.id AS id')))).map((r) => r.id as string);

  const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
  let written = 0;
  const curated: string[] = [];
  type Request = { query: string; variables: Record<string, unknown>; write?: boolean; onSuccess?: () => void };
  const operations: Array<[string, number, () => Request]> = [
    ['search', 25, () => ({ query: 'query($t: String!) { search(text: $t, first: 10) { score entity { id name } } }', variables: { t: pick(names).split(' ')[0]! } })],
    ['entity', 20, () => ({ query: 'query($id: ID!) { entity(id: $id) { name relations(first: 20) { totalCount edges { node { type other { name } evidence { quote } } } } } }', variables: { id: pick(entityIds) } })],
    ['neighborhood', 10, () => ({ query: 'query($id: ID!) { neighborhood(id: $id, depth: 2, limit: 100) { truncated nodes { id } edges { id } } }', variables: { id: pick(entityIds) } })],
    ['paths', 10, () => ({ query: 'query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxHops: 4, first: 3) { length } }', variables: { a: pick(entityIds), b: pick(entityIds) } })],
    ['timeline', 10, () => ({ query: 'query($id: ID) { timeline(entityId: $id, first: 50) { date kind } }', variables: { id: pick(entityIds) } })],
    [
      'curate',
      10,
      () => {
        const retract = curated.length > 0 && Math.random() < 0.3;
        if (retract) {
          const id = curated.splice(Math.floor(Math.random() * curated.length), 1)[0]!;
          return { write: true, query: 'mutation($id: ID!) { retractRelation(id: $id, reason: "load test") { id } }', variables: { id } };
        }
        const from = pick(entityIds);
        let to = pick(entityIds);
        while (to === from) to = pick(entityIds);
        return {
          write: true,
          // Only a relation that exists may be retracted later.
          onSuccess: () => curated.push(`partner-of:${from}:${to}`),
          query: 'mutation($input: AddRelationInput!) { addRelation(input: $input) { id } }',
          variables: { input: { type: 'PARTNER_OF', from, to, evidence: { documentId: 'document/load-notes', quotes: [NOTE] } } },
        };
      },
    ],
    [
      'ingest',
      15,
      () => {
        const n = written++;
        const text = `Load ${n} Group owns Load ${n} plant.`;
        return {
          write: true,
          query: 'mutation($b: JSONObject!) { ingestBundle(bundle: $b) { quotes } }',
          variables: {
            b: {
              document: { id: `document/load-${n}`, publisher: 'Load Wire', text },
              entities: [
                { kind: 'ORGANIZATION', name: `Load ${n} Group`, evidence: [`Load ${n} Group`] },
                { kind: 'PLANT', name: `Load ${n} plant`, evidence: [`Load ${n} plant`] },
              ],
              relations: [{ type: 'OWNS', from: `organization/load-${n}-group`, to: `plant/load-${n}-plant`, evidence: [text.slice(0, -1)] }],
            },
          },
        };
      },
    ],
  ];
  const totalWeight = operations.reduce((sum, [, weight]) => sum + weight, 0);
  const chooseOperation = () => {
    let roll = Math.random() * totalWeight;
    for (const operation of operations) if ((roll -= operation[1]) < 0) return operation;
    return operations[0]!;
  };

  const latencies = new Map<string, number[]>();
  const errors = new Map<string, number>();
  const memory: Array<{ second: number; rssMb: number; heapMb: number }> = [];
  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  // With --expose-gc (npm run bench:load passes it), each sample follows a full collection, so the
  // heap figure is what the API retains, not garbage waiting to be collected.
  const collect = (globalThis as { gc?: () => void }).gc;
  const sampler = setInterval(() => {
    collect?.();
    const usage = process.memoryUsage();
    memory.push({ second: Math.round((Date.now() - started) / 1000), rssMb: usage.rss / 2 ** 20, heapMb: usage.heapUsed / 2 ** 20 });
  }, 5000);

  const client = async () => {
    while (Date.now() < deadline) {
      const [name, , make] = chooseOperation();
      const { query, variables, write, onSuccess } = make();
      const t0 = performance.now();
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(write ? { authorization: `Bearer ${key.key}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      const ms = performance.now() - t0;
      if (body.errors) {
        const label = `${name}:${body.errors[0]?.extensions?.code}`;
        errors.set(label, (errors.get(label) ?? 0) + 1);
      } else {
        onSuccess?.();
        const list = latencies.get(name) ?? [];
        list.push(ms);
        latencies.set(name, list);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  clearInterval(sampler);
  await server.stop();

  const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  const elapsed = (Date.now() - started) / 1000;
  let total = 0;
  console.log(`\nload: ${CLIENTS} clients for ${SECONDS} s on a ${ENTITIES}-entity synthetic graph, production mode`);
  console.log('operation      count   p50 ms   p95 ms   p99 ms');
  for (const [name] of operations) {
    const sorted = (latencies.get(name) ?? []).sort((a, b) => a - b);
    total += sorted.length;
    if (sorted.length === 0) continue;
    console.log(`${name.padEnd(13)} ${String(sorted.length).padStart(6)} ${percentile(sorted, 50).toFixed(1).padStart(8)} ${percentile(sorted, 95).toFixed(1).padStart(8)} ${percentile(sorted, 99).toFixed(1).padStart(8)}`);
  }
  console.log(`throughput: ${(total / elapsed).toFixed(1)} successful requests/s; errors: ${errors.size === 0 ? 'none' : JSON.stringify(Object.fromEntries(errors))}`);
  const third = Math.max(1, Math.floor(memory.length / 3));
  const avg = (xs: typeof memory) => xs.reduce((s, m) => s + m.heapMb, 0) / Math.max(1, xs.length);
  console.log(
    `API memory${collect ? ' (after full GC)' : ''}: rss ${memory[0]?.rssMb.toFixed(0)} -> ${memory.at(-1)?.rssMb.toFixed(0)} MB; heap used, first third ${avg(memory.slice(0, third)).toFixed(0)} MB, last third ${avg(memory.slice(-third)).toFixed(0)} MB`,
  );
  console.log(`heap samples (MB, every 5 s): ${memory.map((m) => m.heapMb.toFixed(0)).join(' ')}`);
  console.log(
  );
});
