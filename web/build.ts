/**
 * Builds the explorer (`npm run build:explorer`, part of `npm run build`, which `npm start` and
 * `npm test` run):
 *   1. GraphQL Code Generator's client preset types every operation in web/src from the API's own
 *      schema/*.graphql into web/src/gql/ (not committed). An operation that asks for a field the
 *      schema no longer has, or passes a wrong argument, fails here, and a result used wrongly fails
 *      the type check (`tsc -p web`) that `npm test` runs.
 *   2. esbuild bundles web/src/main.ts, its styles and its libraries (lit-html, cytoscape) into
 *      dist/explorer/, with the page: nothing is loaded from anywhere else.
 *   3. Prints the bundle's size, raw and gzipped, and fails above the budget (500 kB gzipped).
 * This is how a front-end team would build its own typed client of the API: see the README.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { generate } from '@graphql-codegen/cli';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'dist', 'explorer');
const BUDGET_GZIPPED = 500 * 1024;

async function generateTypes(): Promise<void> {
  await generate(
    {
      cwd: ROOT,
      schema: 'schema/*.graphql',
      documents: ['web/src/**/*.ts', '!web/src/gql/**'],
      silent: true,
      errorsOnly: true,
      generates: {
        'web/src/gql/': {
          preset: 'client',
          // Results are used as the server returns them: no fragment masking.
          presetConfig: { fragmentMasking: false },
          config: {
            // Documents as typed strings: the page sends them as they are, without graphql-js.
            documentMode: 'string',
            enumsAsTypes: true,
            useTypeImports: true,
            strictScalars: true,
            scalars: { PartialDate: 'string', JSONObject: 'Record<string, unknown>', DateTime: 'string', JSON: 'unknown' },
          },
        },
      },
    },
    true,
  );
}

async function bundle(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { explorer: 'web/src/main.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    outdir: OUT,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(path.join(ROOT, 'web', 'index.html'), path.join(OUT, 'index.html'));
}

function reportSize(): void {
  const files = ['explorer.js', 'explorer.css'];
  const raw = files.reduce((sum, file) => sum + readFileSync(path.join(OUT, file)).length, 0);
  const gzipped = files.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(OUT, file))).length, 0);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  console.log(`explorer built in dist/explorer: ${kb(raw)}, ${kb(gzipped)} gzipped (budget ${kb(BUDGET_GZIPPED)})`);
  if (gzipped > BUDGET_GZIPPED) throw new Error(`the explorer's bundle is ${kb(gzipped)} gzipped, over its budget of ${kb(BUDGET_GZIPPED)}`);
}

try {
  await generateTypes();
  await bundle();
  reportSize();
} catch (error) {
  console.error(`Building the explorer failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
