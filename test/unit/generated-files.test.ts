/**
 * Generated files must match their sources: the resolver types the schema gives, and the bundle's
 * JSON Schema its zod definition gives. `npm run codegen` brings both up to date.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import codegenConfig from '../../codegen.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { BUNDLE_SCHEMA_FILE, renderBundleSchema } from '../../src/cli/write-bundle-schema.js';
import { RELATION_TYPES } from '../../src/domain/model.js';

describe('generated files', () => {
  it('src/generated/graphql.ts is what codegen makes of schema/*.graphql', async () => {
    const outputs = await generate({ ...codegenConfig, cwd: PROJECT_ROOT, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const onDisk = readFileSync(path.resolve(PROJECT_ROOT, output.filename), 'utf8');
      expect(onDisk, `${output.filename} is stale: run npm run codegen`).toBe(output.content);
    }
  }, 60_000);

  it('seed/bundle.schema.json is what the bundle schema makes', () => {
    expect(readFileSync(BUNDLE_SCHEMA_FILE, 'utf8'), 'seed/bundle.schema.json is stale: run npm run codegen').toBe(renderBundleSchema());
  });

  it('the relation-type allowlist is exactly the schema enum', () => {
    const sdl = readFileSync(path.join(PROJECT_ROOT, 'schema', 'relations.graphql'), 'utf8');
    const body = /enum RelationType \{([\s\S]*?)\}/.exec(sdl)![1]!;
    const values = body.split('\n').map((line) => line.trim()).filter((line) => /^[A-Z_]+$/.test(line));
    expect([...RELATION_TYPES].sort()).toEqual(values.sort());
  });
});
