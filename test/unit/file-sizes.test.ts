/**
 * Files with one job stay short: no source file passes 300 lines, generated ones aside. A file
 * that grows past it has taken on a second job; split it (README, "How it is built").
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

const MAX_LINES = 300;
const SOURCE_DIRS = ['src', 'schema', 'test', 'bench', 'playground', 'web'];
const SOURCE_FILE = /\.(ts|graphql|js|cjs|mjs|html|css)$/;
/** Written by tools, not by hand. */
const GENERATED = [/^src\/generated\//, /^web\/src\/gql\//];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(relative);
    return SOURCE_FILE.test(entry.name) ? [relative] : [];
  });
}

describe('file sizes', () => {
  it(`no source file passes ${MAX_LINES} lines`, () => {
    const files = SOURCE_DIRS.flatMap(sourceFiles).filter((file) => !GENERATED.some((pattern) => pattern.test(file)));
    expect(files.length).toBeGreaterThan(50);
    const long = files
      .map((file) => ({ file, lines: (readFileSync(path.join(PROJECT_ROOT, file), 'utf8').match(/\n/g) ?? []).length }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
