/**
 * The yardstick of `npm run bench:scale`: the same rows as `npm run ingest` writes (entities,
 * relations, statements, quotes, documents, read from the same JSON-lines file and built by the same
 * code), written with plain UNWIND ... CREATE statements, no checks against the graph and no
 * history, in transactions of the same number of rows. In a process of its own; prints one line of
 * JSON: seconds, its CPU seconds and counts. Usage: node --import tsx bench/scale-raw-load.ts <file.jsonl> (with
 * NEO4J_URI and the rest of the configuration in the environment).
 */
import { loadConfig } from '../src/config.js';
import { cypher, Database } from '../src/data/database.js';
import type { PreparedBundle } from '../src/data/bundle-rows.js';
import { KIND_LABEL } from '../src/domain/model.js';
import { readBundles } from '../src/ingest/bundle-source.js';
import { parseBundle } from '../src/ingest/load-bundle.js';
import { checkBundle } from '../src/ingest/prepare-bundle.js';

const CREATE_ENTITIES = cypher(
  'rawEntities',
  `UNWIND $rows AS row
   CREATE (e:Entity {id: row.id})
   SET e:$(row.label), e.kind = row.kind, e.name = row.name, e.aliases = row.aliases,
       e.searchSpellings = row.searchSpellings, e.unidentified = row.unidentified, e += row.fields`,
);
const CREATE_DOCUMENTS = cypher('rawDocuments', 'UNWIND $rows AS row CREATE (d:Document) SET d = row');
const CREATE_RELATIONS = cypher(
  'rawRelations',
  `UNWIND $rows AS row
   MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to})
   CREATE (a)-[r:$(row.type)]->(b)
   SET r.id = row.id, r.role = row.role, r.validFrom = row.validFrom, r.validFromStart = row.validFromStart,
       r.validFromEnd = row.validFromEnd, r.validTo = row.validTo, r.validToStart = row.validToStart,
       r.validToEnd = row.validToEnd, r.current = row.current, r.statementId = row.statementId`,
);
const CREATE_STATEMENTS = cypher(
  'rawStatements',
  `UNWIND $rows AS row
   CREATE (s:Statement {id: row.id})
   SET s.summary = row.summary, s.madeOn = row.madeOn, s.madeOnStart = row.madeOnStart, s.madeOnEnd = row.madeOnEnd, s.concerns = row.concerns
   WITH s, row
   MATCH (speaker:Entity {id: row.speaker})
   CREATE (speaker)-[:MADE]->(s)
   WITH s, row
   UNWIND row.about AS aboutId
   MATCH (a:Entity {id: aboutId})
   CREATE (s)-[:ABOUT]->(a)`,
);
const CREATE_EVIDENCE = cypher(
  'rawEvidence',
  `UNWIND $rows AS row
   MATCH (d:Document {id: row.documentId})
   CREATE (ev:Evidence {id: row.id, subjectId: row.subjectId, quote: row.quote, ordinal: row.ordinal})-[:FROM]->(d)`,
);

const config = loadConfig();
const db = new Database({ ...config.neo4j, uri: config.neo4j.uri! });

/** Writes one batch's rows in one transaction, in the order the import writes them. */
async function writeBatch(batch: PreparedBundle[]): Promise<void> {
  await db.write(async (tx) => {
    await tx.run(CREATE_ENTITIES, { rows: batch.flatMap((b) => b.entities.map((e) => ({ ...e, label: KIND_LABEL[e.kind] }))) });
    await tx.run(CREATE_DOCUMENTS, { rows: batch.map((b) => b.document) });
    await tx.run(CREATE_RELATIONS, { rows: batch.flatMap((b) => b.relations) });
    await tx.run(CREATE_STATEMENTS, { rows: batch.flatMap((b) => b.statements) });
    await tx.run(CREATE_EVIDENCE, { rows: batch.flatMap((b) => b.evidence.map((e) => ({ ...e, documentId: b.document.id }))) });
  });
}

const started = performance.now();
const counts = { entities: 0, relations: 0, statements: 0, quotes: 0 };
let batch: PreparedBundle[] = [];
let rows = 0;
for await (const sourced of readBundles([process.argv[2]!])) {
  const bundle = parseBundle(sourced.json, sourced.origin);
  const { prepared } = checkBundle(bundle, bundle.document.text!);
  batch.push(prepared);
  counts.entities += prepared.entities.length;
  counts.relations += prepared.relations.length;
  counts.statements += prepared.statements.length;
  counts.quotes += prepared.evidence.length;
  rows += prepared.entities.length + prepared.relations.length + prepared.statements.length + prepared.evidence.length;
  if (rows >= config.ingestBatchRows) {
    await writeBatch(batch);
    batch = [];
    rows = 0;
  }
}
if (batch.length > 0) await writeBatch(batch);
const cpu = process.cpuUsage();
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, ...counts }));
await db.close();
