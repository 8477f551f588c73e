/**
 * A synthetic graph as a dataset publishes it, for bench:ftm: FollowTheMoney records, one per
 * entity and per relation, citing no document.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { RelationType } from '../src/generated/graphql.js';
import { entityIdFor, kindOfEntityId, RELATION_PHRASE, relationIdFor } from '../src/domain/model.js';
import { derivedFtmId, ftmIdOf, linkSchemaFor, ourDateToFtm, schemaOfEntity, statusOfCurrent } from '../src/ftm/ftm-mapping.js';
import type { Bundle } from '../src/ingest/bundle.js';

/**
 * The graph of a bundles file as a dataset's records: each entity once, each relation once (its
 * first source's dates), no proof. Links are written as their bundle gives them, so some come
 * before an end that a later bundle brings.
 */
export async function writeDatasetFile(bundlesFile: string, file: string): Promise<number> {
  const out = createWriteStream(file);
  const write = async (record: object) => {
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  };
  const categories = new Map<string, string | null>();
  const seenRelations = new Set<string>();
  let records = 0;
  for await (const line of createInterface({ input: createReadStream(bundlesFile), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const bundle = JSON.parse(line) as Bundle;
    for (const e of bundle.entities) {
      const id = e.id ?? entityIdFor(e.kind as never, e.name);
      if (categories.has(id)) continue;
      categories.set(id, (e as { category?: string }).category ?? null);
      const { schema, properties } = schemaOfEntity({ ...e, kind: e.kind as never });
      await write({ id: ftmIdOf(id), schema, properties: { name: [e.name], ...(e.aliases.length ? { alias: e.aliases } : {}), ...properties } });
      records += 1;
    }
    for (const r of bundle.relations) {
      const relationId = relationIdFor(r.type as never, r.from, r.to, r.role);
      if (seenRelations.has(relationId)) continue;
      seenRelations.add(relationId);
      const end = (id: string) => ({ kind: kindOfEntityId(id), category: (categories.get(id) ?? null) as never });
      const link = linkSchemaFor(r.type as never, end(r.from), end(r.to), r.role, r.current);
      const dates = { ...(r.validFrom ? { startDate: [ourDateToFtm(r.validFrom)] } : {}), ...(r.validTo ? { endDate: [ourDateToFtm(r.validTo)] } : {}) };
      const id = derivedFtmId('link', relationId);
      if (link === 'OCCUPANCY') {
        const post = derivedFtmId('position', r.to, r.role!);
        await write({ id: post, schema: 'Position', properties: { name: [r.role], organization: [ftmIdOf(r.to)] } });
        await write({ id, schema: 'Occupancy', properties: { holder: [ftmIdOf(r.from)], post: [post], status: statusOfCurrent(r.current), ...dates } });
      } else {
        const role = link.role && r.role ? { [link.role]: [r.role] } : {};
        const status = link.schema === 'Associate' ? {} : { status: statusOfCurrent(r.current) };
        const phrase = link.schema === 'UnknownLink' ? { description: [RELATION_PHRASE[r.type as RelationType]] } : {};
        await write({ id, schema: link.schema, properties: { [link.from]: [ftmIdOf(r.from)], [link.to]: [ftmIdOf(r.to)], ...role, ...status, ...phrase, ...dates } });
      }
    }
  }
  out.end();
  await once(out, 'finish');
  return records;
}

