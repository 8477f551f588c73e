/**
 * The layering check (.dependency-cruiser.cjs, run by `npm test` as `npm run lint:layers`) must
 * refuse what it is there to refuse: these tests cruise small made-up trees with its rules, so a
 * rule that stopped matching (a renamed folder, a wrong pattern) fails here rather than passing
 * silently.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The rules broken by a tree of files (path -> source), by rule name and edge. */
async function violations(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ig-layers-'));
  dirs.push(dir);
  // The project's packages, so that imports of them resolve as they do in src/.
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }
  const { tsConfig: _tsConfig, ...options } = config.options ?? {};
  const result = await cruise(['src'], { ...options, ruleSet: { forbidden: config.forbidden ?? [] }, validate: true, baseDir: dir });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

describe('the layering check', () => {
  it('passes imports that point down', async () => {
    expect(
      await violations({
        'src/domain/rule.ts': 'export const rule = 1;\n',
        'src/data/store.ts': "import { rule } from '../domain/rule.js';\nexport const store = rule;\n",
        'src/auth/policy.ts': "import { store } from '../data/store.js';\nexport const policy = store;\n",
        'src/main.ts': "import { policy } from './auth/policy.js';\nconsole.log(policy);\n",
      }),
    ).toEqual([]);
  });

  it('refuses an import from a lower layer to a higher one, types included', async () => {
    expect(
      await violations({
        'src/auth/roles.ts': 'export type Role = string;\n',
        'src/data/key-store.ts': "import type { Role } from '../auth/roles.js';\nexport const roles: Role[] = [];\n",
        'src/main.ts': "import { roles } from './data/key-store.js';\nconsole.log(roles);\n",
      }),
    ).toContain('data-imports-nothing-above: src/data/key-store.ts -> src/auth/roles.ts');
  });

  it('refuses a cycle', async () => {
    const found = await violations({
      'src/auth/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/auth/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      'src/main.ts': "import { a } from './auth/a.js';\nconsole.log(a);\n",
    });
    expect(found.some((v) => v.startsWith('no-circular:'))).toBe(true);
  });

  it('refuses the driver outside the data layer', async () => {
    expect(
      await violations({
        'src/app.ts': "import neo4j from 'neo4j-driver';\nexport const driver = neo4j;\n",
        'src/main.ts': "import { driver } from './app.js';\nconsole.log(driver);\n",
      }),
    ).toEqual([expect.stringMatching(/^only-data-uses-the-driver: src\/app\.ts -> .*node_modules\/neo4j-driver\//)]);
  });
});
