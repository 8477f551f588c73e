/**
 * Reading an FtM JSON-lines file (one entity a line), streamed, and putting its records in the
 * groups that become bundles: a source document with the records that cite it (as export:ftm
 * writes them: the Document, then every record whose `proof` is it, and its Documentation), or a
 * record on its own (a dataset's record, which is its own source).
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import split2 from 'split2';
import { DOCUMENT_SCHEMAS, type FtmEntity } from './ftm-mapping.js';

/** A line of the file: its record, or why it has none. */
export interface FtmLine {
  line: number;
  record?: FtmEntity;
  unreadable?: string;
  /** Bytes of the file read so far, this line included. */
  bytesRead: number;
}

function recordOf(text: string): { record?: FtmEntity; unreadable?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { unreadable: `not JSON: ${(error as Error).message}` };
  }
  const r = json as Partial<FtmEntity> | null;
  if (!r || typeof r.id !== 'string' || typeof r.schema !== 'string' || typeof r.properties !== 'object' || r.properties === null) {
    return { unreadable: 'not an FtM entity: it needs "id", "schema" and "properties"' };
  }
  const properties: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(r.properties)) {
    if (!Array.isArray(values)) return { unreadable: `property "${name}" is not a list of values` };
    properties[name] = values.map(String);
  }
  return { record: { id: r.id, schema: r.schema, properties, datasets: Array.isArray(r.datasets) ? r.datasets.map(String) : undefined } };
}

/** The lines of an FtM JSON-lines file, one at a time (split2 reads no further than is taken). */
export async function* ftmLines(file: string): AsyncGenerator<FtmLine> {
  const lines = pipeline(createReadStream(file), split2(), () => {}) as AsyncIterable<string>;
  let line = 0;
  let bytesRead = 0;
  for await (const text of lines) {
    line += 1;
    bytesRead += Buffer.byteLength(text) + 1;
    if (text.trim() === '') continue;
    yield { line, bytesRead, ...recordOf(text) };
  }
}

/** Records that become one bundle: a document and what cites it, or one record. */
export type FtmGroup = { seq: number; line: number; bytesRead: number } & (
  | { kind: 'DOCUMENT'; document: FtmEntity; records: FtmEntity[] }
  | { kind: 'RECORD'; record: FtmEntity }
  | { kind: 'UNREADABLE'; problem: string }
);

/** Whether a record belongs to the document `documentId`: it cites it as proof, or documents it. */
const citesDocument = (record: FtmEntity, documentId: string) =>
  record.properties.proof?.includes(documentId) || (record.schema === 'Documentation' && record.properties.document?.includes(documentId));

/**
 * The groups of a file's lines, in order. A document's group holds the records after it that cite
 * it, up to the next document; a record that cites no document just before it (or none) stands
 * alone, its own source. A group is yielded once complete, so only one document's records are held.
 * `seq` numbers the groups in the order they are yielded: the same on every read of the file.
 */
export async function* ftmGroups(lines: AsyncIterable<FtmLine>): AsyncGenerator<FtmGroup> {
  let open: Omit<Extract<FtmGroup, { kind: 'DOCUMENT' }>, 'seq'> | null = null;
  let seq = 0;
  for await (const { line, bytesRead, record, unreadable } of lines) {
    if (!record) {
      yield { kind: 'UNREADABLE', seq: seq++, line, bytesRead, problem: unreadable! };
      continue;
    }
    if (DOCUMENT_SCHEMAS.has(record.schema)) {
      if (open) yield { ...open, seq: seq++ };
      open = { kind: 'DOCUMENT', line, bytesRead, document: record, records: [] };
    } else if (open && citesDocument(record, open.document.id)) {
      open.records.push(record);
      open.bytesRead = bytesRead;
    } else if (record.schema !== 'Documentation') {
      yield { kind: 'RECORD', seq: seq++, line, bytesRead, record };
    }
  }
  if (open) yield { ...open, seq: seq++ };
}

/** The records of a group: a document's (not the document itself), or the one record. */
export const recordsOf = (group: FtmGroup): FtmEntity[] => (group.kind === 'DOCUMENT' ? group.records : group.kind === 'RECORD' ? [group.record] : []);
