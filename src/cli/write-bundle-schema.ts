/** Part of `npm run codegen`: writes seed/bundle.schema.json from the bundle's zod schema. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { bundleJsonSchema } from '../ingest/bundle.js';

export const BUNDLE_SCHEMA_FILE = path.join(PROJECT_ROOT, 'seed', 'bundle.schema.json');

export function renderBundleSchema(): string {
  return `${JSON.stringify(bundleJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  writeFileSync(BUNDLE_SCHEMA_FILE, renderBundleSchema());
  console.log(`Wrote ${path.relative(PROJECT_ROOT, BUNDLE_SCHEMA_FILE)}`);
}
