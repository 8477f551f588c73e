/** A dataset's records gathered into documents: every fact quotes its own record, and a bad record is reported alone. */
import { describe, expect, it } from 'vitest';
import { checkQuote } from '../../src/domain/quotes.js';
import { bundleOfRecords, recordBlock } from '../../src/ftm/dataset-records.js';
import type { FtmEntity } from '../../src/ftm/ftm-mapping.js';
import { indexGroup, newFtmIndex } from '../../src/ftm/ftm-to-bundles.js';

const records: FtmEntity[] = [
  { id: 'p1', schema: 'Person', properties: { name: ['Anna Berg'], alias: ['A.  Berg'] }, datasets: ['registry'] },
  { id: 'c1', schema: 'Company', properties: { name: ['Northwind Motors'] } },
  { id: 'own1', schema: 'Ownership', properties: { owner: ['p1'], asset: ['c1'], role: ['shareholder'] } },
  { id: 'own2', schema: 'Ownership', properties: { owner: ['p1'], asset: ['nobody'] } },
];

function indexed() {
  const index = newFtmIndex();
  records.forEach((record, seq) => indexGroup({ kind: 'RECORD', seq, line: seq + 1, bytesRead: 0, record }, index));
  return index;
}

describe('records gathered into a document', () => {
  it('quotes each fact from its own record, word for word, and names its datasets as the publisher', () => {
    const { bundle, problems } = bundleOfRecords(records.slice(0, 3).map((record, i) => ({ record, line: i + 1 })), indexed(), 'file');
    const { document, entities, relations } = bundle as any;
    expect(document.publisher).toBe('registry, file');
    expect(document.id).toMatch(/^document\/ftm-[0-9a-f]{20}$/);
    for (const fact of [...entities, ...relations]) for (const quote of fact.evidence) expect(checkQuote(document.text, quote, 'x')).toBeNull();
    expect(entities[0].evidence).toEqual(['p1 name: Anna Berg']);
    expect(relations[0].evidence).toEqual([recordBlock(records[2]!, 'file')]);
    expect(problems).toEqual([]);
  });

  it('makes the same document from the same records, so that a run started again skips it', () => {
    const gathered = records.slice(0, 3).map((record, i) => ({ record, line: i + 1 }));
    expect((bundleOfRecords(gathered, indexed(), 'file').bundle as any).document).toEqual((bundleOfRecords(gathered, indexed(), 'file').bundle as any).document);
  });

  it('reports a link to an entity the file does not hold with its line, and keeps the others', () => {
    const { bundle, problems } = bundleOfRecords(records.map((record, i) => ({ record, line: i + 1 })), indexed(), 'file');
    expect(problems).toEqual([expect.objectContaining({ line: 4, problem: expect.stringContaining('"nobody" is not an entity this file holds') })]);
    expect((bundle as any).relations).toHaveLength(1);
  });

  it('makes two records of one relation, or of one entity, one entry with all their quotes (a bundle lists each once)', () => {
    const twice: FtmEntity[] = [
      ...records.slice(0, 2),
      { id: 'p1', schema: 'Person', properties: { name: ['Anna K. Berg'] } },
      { id: 'l1', schema: 'UnknownLink', properties: { subject: ['p1'], object: ['c1'], startDate: ['2020'] } },
      { id: 'l2', schema: 'UnknownLink', properties: { subject: ['p1'], object: ['c1'], startDate: ['2018'], endDate: ['2022'] } },
    ];
    const index = newFtmIndex();
    twice.forEach((record, seq) => indexGroup({ kind: 'RECORD', seq, line: seq + 1, bytesRead: 0, record }, index));
    const { bundle } = bundleOfRecords(twice.map((record, i) => ({ record, line: i + 1 })), index, 'file');
    const { entities, relations } = bundle as any;
    expect(entities.find((e: any) => e.id === 'person/p1')).toMatchObject({ name: 'Anna Berg', aliases: ['A.  Berg', 'Anna K. Berg'], evidence: ['p1 name: Anna Berg', 'p1 name: Anna K. Berg'] });
    expect(relations).toHaveLength(1);
    expect(relations[0]).toMatchObject({ type: 'ASSOCIATED_WITH', validFrom: '2018', validTo: '2022' });
    expect(relations[0].evidence).toHaveLength(2);
  });
});
