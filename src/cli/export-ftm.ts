/**
 * `npm run export:ftm -- [--entity ID [--depth N]] [--include-restricted] [--out FILE]`: writes the
 * graph, or the neighbourhood of one entity (the entities within N steps, 1 by default, and the
 * relations between them, as the API's neighborhood caps it), as FollowTheMoney JSON lines: to FILE,
 * or to standard output. Streamed a page of documents at a time. Restricted documents and what only
 * they support are left out unless --include-restricted is given (for an operator who may see them).
 */
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { withDatabase } from '../bootstrap.js';
import { LIMITS, loadConfig } from '../config.js';
import { GraphReader } from '../data/graph-reader.js';
import { documentsSupporting, factsBySource } from '../data/source-facts.js';
import { ftmRecordsOfSource } from '../ftm/export-ftm.js';
import { runCli, UsageError } from './run-cli.js';

const USAGE = 'usage: npm run export:ftm -- [--entity ID [--depth 1-3]] [--include-restricted] [--out FILE]';

await runCli(async () => {
  const config = loadConfig();
  const { values, positionals } = parseArgs({
    options: { entity: { type: 'string' }, depth: { type: 'string' }, 'include-restricted': { type: 'boolean', default: false }, out: { type: 'string' } },
    allowPositionals: true,
  });
  const depth = Number(values.depth ?? 1);
  if (positionals.length > 0 || !Number.isInteger(depth) || depth < 1 || depth > LIMITS.neighborhoodDepth || (values.depth && !values.entity)) throw new UsageError(USAGE);
  const seesRestricted = values['include-restricted'];
  const out = values.out ? createWriteStream(path.resolve(config.invocationDir, values.out)) : process.stdout;
  let written = 0;
  await withDatabase(config, async (db) => {
    let scope: { documentIds: string[]; inScope: (id: string) => boolean } | null = null;
    if (values.entity) {
      const subgraph = await new GraphReader(db, { seesRestricted }).neighborhood({
        id: values.entity, depth, types: null, asOf: null, limit: LIMITS.neighborhoodEntities, nodeDetail: 'names',
      });
      if (!subgraph) throw new UsageError(`No entity has the id ${values.entity}.`);
      const ids = new Set([...subgraph.nodes.map((n) => n.id), ...subgraph.edges.map((e) => e.id)]);
      scope = { documentIds: await documentsSupporting(db, [...ids], seesRestricted), inScope: (id) => ids.has(id) };
    }
    for await (const source of factsBySource(db, { seesRestricted, ...scope })) {
      for (const record of ftmRecordsOfSource(source)) {
        // Waits for the stream to drain when it is full: memory stays at a page however large the graph.
        if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
        written += 1;
      }
    }
  });
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  console.error(`Exported ${written} FollowTheMoney entities${values.out ? ` to ${values.out}` : ''}.`);
});
