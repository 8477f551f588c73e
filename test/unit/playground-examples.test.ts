/** The playground's saved examples must stay valid as the schema changes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildASTSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadTypeDefs } from '../../src/graphql/schema.js';

const schema = buildASTSchema(parse(loadTypeDefs().join('\n')));
const examples = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'playground/examples.json'), 'utf8')) as Array<{ title: string; query: string }>;

describe('playground examples', () => {
  it.each(examples.map((e) => [e.title, e.query]))('"%s" is valid against the schema', (_, query) => {
    expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
  });
});
