/** Reading bundles for an import: files, JSON lines and folders, with where each came from. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFiles, documentTextOf, readBundles } from '../../src/ingest/bundle-source.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bundle-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function all(files: string[]) {
  const read = [];
  for await (const sourced of readBundles(files)) read.push(sourced);
  return read;
}

describe('reading bundles for an import', () => {
  it('reads a JSON-lines file a line at a time, naming each bundle by its line, skipping blank lines and reporting what is not JSON', async () => {
    const file = path.join(dir, 'lines.jsonl');
    const lines = ['{"a":1}', '', '{not json', '  ', '{"a":2}'];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const read = await all([file]);
    expect(read.map((r) => r.origin)).toEqual([`${file}:1`, `${file}:3`, `${file}:5`]);
    expect(read.map((r) => r.json)).toEqual([{ a: 1 }, undefined, { a: 2 }]);
    expect(read[1]!.unreadable).toMatch(/^not JSON/);
    expect(read.at(-1)!.bytesRead).toBe(Buffer.byteLength(`${lines.join('\n')}\n`));
  });

  it('reads a folder of bundle files and JSON-lines files in name order, and nothing else in it', async () => {
    const folder = path.join(dir, 'folder');
    mkdirSync(path.join(folder, 'nested'), { recursive: true });
    writeFileSync(path.join(folder, 'b.jsonl'), '{"n":"b1"}\n{"n":"b2"}\n');
    writeFileSync(path.join(folder, 'a.json'), '{"n":"a"}');
    writeFileSync(path.join(folder, 'c.ndjson'), '{"n":"c"}\n');
    writeFileSync(path.join(folder, 'notes.txt'), 'not a bundle');
    writeFileSync(path.join(folder, 'nested', 'd.json'), '{"n":"d"}');
    const { files, totalBytes } = bundleFiles(folder);
    expect(files.map((f) => path.basename(f))).toEqual(['a.json', 'b.jsonl', 'c.ndjson']);
    expect(totalBytes).toBe(9 + 22 + 10);
    const read = await all(files);
    expect(read.map((r) => (r.json as { n: string }).n)).toEqual(['a', 'b1', 'b2', 'c']);
    expect(read[0]!.line).toBeNull();
    expect(read[2]!.origin).toBe(`${path.join(folder, 'b.jsonl')}:2`);
  });

  it('refuses a path where there is nothing', () => {
    expect(() => bundleFiles(path.join(dir, 'missing.jsonl'))).toThrow(/nothing at/);
  });

  it("reads a document's textFile beside its bundle's file", async () => {
    writeFileSync(path.join(dir, 'article.txt'), 'The text.');
    expect(await documentTextOf({ textFile: 'article.txt' }, path.join(dir, 'x.jsonl'))).toBe('The text.');
    expect(await documentTextOf({ text: 'Inline.' }, path.join(dir, 'x.jsonl'))).toBe('Inline.');
    await expect(documentTextOf({ textFile: 'absent.txt' }, path.join(dir, 'x.jsonl'))).rejects.toThrow(/cannot be read/);
  });
});
