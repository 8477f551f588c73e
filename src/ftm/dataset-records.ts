/**
 * A dataset's records (FtM entities that cite no document: as OpenSanctions publishes them) as
 * bundles. Each record is its own source, but a document per record would make every record a
 * bundle of its own, and a bulk import of a dataset a fraction of the bulk rate; so records are
 * gathered a few hundred to a document, whose text lists each record's properties, a line each, the
 * record's id first:
 *
 *     Person Q7747 (ru_officials)
 *     Q7747 name: Denis Manturov
 *     Q7747 alias: Денис Мантуров
 *
 * A fact quotes its own record's lines ("Q7747 name: Denis Manturov"), so it still cites its dataset
 * (the document's publisher) and its record word for word. The document's id is a hash of its text:
 * read again, the same records make the same document (an interrupted import skips it).
 */
import { createHash } from 'node:crypto';
import { ENTITY_SCHEMAS, type FtmEntity } from './ftm-mapping.js';
import { entityOf, oneEntryEach, relationOf, values, type FtmIndex } from './ftm-to-bundles.js';

/** At most this many records to a document, and about this many characters of text. */
export const RECORDS_PER_DOCUMENT = 300;
export const CHARACTERS_PER_DOCUMENT = 200_000;

/** A record's line for one value: what its text holds and its facts quote. */
const lineOf = (r: FtmEntity, property: string, value: string) => `${r.id} ${property}: ${value.replace(/\s+/g, ' ')}`;

const datasetsOf = (r: FtmEntity, dataset: string) => (r.datasets?.length ? r.datasets : [dataset]);

/** A record's block of the document's text. */
export function recordBlock(r: FtmEntity, dataset: string): string {
  const lines = [`${r.schema} ${r.id} (${datasetsOf(r, dataset).join(', ')})`];
  for (const [property, list] of Object.entries(r.properties)) for (const v of list) if (v.trim()) lines.push(lineOf(r, property, v));
  return lines.join('\n');
}

/** A record of the gathered ones, with where it was read (for its problems). */
export interface GatheredRecord {
  record: FtmEntity;
  line: number;
}

/**
 * The bundle of gathered records: their document and the facts each gives, each quoting its own
 * lines; a record that cannot be a fact (a link to an entity the file does not hold) is left out,
 * with its problem, so that the others are written.
 */
export function bundleOfRecords(gathered: readonly GatheredRecord[], index: FtmIndex, dataset: string): { bundle: Record<string, unknown> | null; problems: Array<GatheredRecord & { problem: string }> } {
  const text = gathered.map(({ record }) => recordBlock(record, dataset)).join('\n\n');
  const records = gathered.map((g) => g.record);
  const publishers = [...new Set(records.flatMap((r) => datasetsOf(r, dataset)))];
  const document = {
    id: `document/ftm-${createHash('sha1').update(text).digest('hex').slice(0, 20)}`,
    title: `${publishers.join(', ')}: ${records.length} FollowTheMoney records, ${records[0]!.id} to ${records.at(-1)!.id}`.slice(0, 500),
    publisher: publishers.join(', ').slice(0, 300),
    text,
  };
  const entities: Array<ReturnType<typeof entityOf>> = [];
  const relations: Array<Record<string, unknown>> = [];
  const problems: Array<GatheredRecord & { problem: string }> = [];
  for (const g of gathered) {
    const r = g.record;
    const quotesOf = (properties: string[]) => properties.flatMap((p) => values(r, p).map((v) => lineOf(r, p, v)));
    if (r.schema in ENTITY_SCHEMAS) {
      const named = quotesOf(['name', 'full']);
      entities.push(entityOf(r, named.length ? named : [recordBlock(r, dataset).split('\n')[0]!]));
      continue;
    }
    // A link is quoted by its whole record (one quote, cheaper to check than a line each) when it fits.
    const block = recordBlock(r, dataset);
    const relation = relationOf(r, index, (properties) => (block.length <= 2000 ? [block] : quotesOf(properties)));
    if (typeof relation === 'string') {
      problems.push({ ...g, problem: relation });
      continue;
    }
    relations.push(relation);
  }
  const bundle = entities.length + relations.length > 0 ? { document, ...oneEntryEach(entities, relations) } : null;
  return { bundle, problems };
}
