/**
 * Where an import reads its bundles: a bundle file (`.json`), a JSON-lines file (`.jsonl` or
 * `.ndjson`, one bundle a line) or a folder of such files (read in name order, not descending into
 * subfolders). JSON-lines files are streamed a line at a time, so that memory stays flat whatever
 * their size (whatever the size of a line, too: only a few are read ahead); a bundle whose document names a `textFile` has it read from beside its file.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream';
import split2 from 'split2';
import { BundleError } from '../errors.js';

/** File name endings an import reads, and how. */
const BUNDLE_FILE = /\.json$/i;
const LINES_FILE = /\.(jsonl|ndjson)$/i;

/** One bundle as read, before any check: where it came from, and its JSON or why it has none. */
export interface SourcedBundle {
  /** The file and, in a JSON-lines file, the line (from 1): what messages name. */
  origin: string;
  file: string;
  line: number | null;
  /** The parsed JSON, or undefined when `unreadable` says why there is none. */
  json?: unknown;
  unreadable?: string;
  /** Bytes of the input read so far, this bundle included: the progress of the whole import. */
  bytesRead: number;
}

/** The files an import of `target` reads, in order, and their total size (for its progress). */
export function bundleFiles(target: string): { files: string[]; totalBytes: number } {
  if (!existsSync(target)) throw new Error(`nothing at ${target}`);
  const files = statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((name) => BUNDLE_FILE.test(name) || LINES_FILE.test(name))
        .sort()
        .map((name) => path.join(target, name))
        .filter((file) => statSync(file).isFile())
    : [target];
  return { files, totalBytes: files.reduce((sum, file) => sum + statSync(file).size, 0) };
}

function parse(text: string): { json?: unknown; unreadable?: string } {
  try {
    return { json: JSON.parse(text) };
  } catch (error) {
    return { unreadable: `not JSON: ${(error as Error).message}` };
  }
}

/**
 * The bundles of `files`, one at a time, in order. A file or line that is not JSON is yielded with
 * `unreadable` set (the import reports it and goes on); blank lines are skipped.
 */
export async function* readBundles(files: readonly string[]): AsyncGenerator<SourcedBundle> {
  let bytesRead = 0;
  for (const file of files) {
    if (!LINES_FILE.test(file)) {
      const text = await readFile(file, 'utf8');
      bytesRead += Buffer.byteLength(text);
      yield { origin: file, file, line: null, ...parse(text), bytesRead };
      continue;
    }
    // split2 hands on a few lines at a time and reads no further until they are taken (node's
    // readline queues up to 1,024 lines: with bundles of hundreds of kB, hundreds of MB).
    const lines = pipeline(createReadStream(file), split2(), () => {}) as AsyncIterable<string>;
    let line = 0;
    for await (const text of lines) {
      line += 1;
      // The line's bytes and its newline: exact for files with \n endings, close enough for \r\n.
      bytesRead += Buffer.byteLength(text) + 1;
      if (text.trim() === '') continue;
      yield { origin: `${file}:${line}`, file, line, ...parse(text), bytesRead };
    }
  }
}

/** The text of a bundle's document: inline, or read from its `textFile` beside the bundle's file. */
export async function documentTextOf(document: { text?: string; textFile?: string }, file: string): Promise<string> {
  if (document.text !== undefined) return document.text;
  const textPath = path.resolve(path.dirname(file), document.textFile!);
  try {
    return await readFile(textPath, 'utf8');
  } catch (error) {
    throw new BundleError(`the document text ${textPath} cannot be read: ${(error as Error).message}`);
  }
}
