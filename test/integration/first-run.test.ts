/**
 * A new user's first hour, as they meet it: `npm start` on an empty data folder (the first writes
 * meet a cold server), Ctrl-C and an immediate restart, and the command-line tools next to the
 * running server. Real processes, the real local Neo4j (on its own port and folder), over HTTP.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../src/config.js';
import { LocalNeo4j } from '../../src/local-neo4j/local-neo4j.js';
import { postGraphQL } from '../support/test-api.js';

const BOLT_PORT = 17693;
let dir: string;
let env: NodeJS.ProcessEnv;
const started: ChildProcess[] = [];

/** A running `npm start` (what the script runs once it has built: the compiled server), with what it has printed so far. */
interface Started {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the URL once it serves; rejects if it exits first. */
  serving: Promise<string>;
  exited: Promise<number | null>;
}

function npmStart(): Started {
  const child = spawn(process.execPath, ['dist/src/main.js'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const serving = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving GraphQL at (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`npm start exited (${code}) before serving:\n${output}`)));
  });
  serving.catch(() => {});
  return { child, output: () => output, serving, exited };
}

/** Runs a command-line tool as `npm run <tool>` would: in the project's root, with INIT_CWD the user's folder. */
function tool(script: string, args: string[], userFolder = PROJECT_ROOT) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...env, INIT_CWD: userFolder },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  // `npm start` builds first (npm run build) and then runs the compiled server, as here.
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  // The jars are fetched once for the whole suite (its global setup); this run gets its own folder for data.
  const config = loadConfig();
  const shared = new LocalNeo4j({ ...config.localNeo4j, log: () => {} });
  await shared.install();
  dir = mkdtempSync(path.join(os.tmpdir(), 'industry-graph-first-run-'));
  symlinkSync(shared.home, path.join(dir, path.basename(shared.home)));
  env = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    LOCAL_NEO4J_DIR: dir,
    LOCAL_NEO4J_BOLT_PORT: String(BOLT_PORT),
    LOCAL_NEO4J_HEAP: '512m',
    LOCAL_NEO4J_PAGECACHE: '128m',
  };
  delete env.NEO4J_URI;
}, 600_000);

afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGTERM');
  await new LocalNeo4j({ ...loadConfig(env).localNeo4j, log: () => {} }).stop();
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('a new user', () => {
  it('starts from an empty data folder, restarts right after Ctrl-C, and uses the tools beside the server', async () => {
    // First start: nothing in the data folder; the seed is the first write the new server sees.
    const first = npmStart();
    const url = await first.serving;
    expect(first.output()).toMatch(/Seeded document\//);
    const seeded = await postGraphQL(url, '{ entities(first: 1) { totalCount } documents { id } }');
    expect(seeded.errors).toBeUndefined();
    expect(seeded.data.entities.totalCount).toBeGreaterThan(0);
    const entityCount = seeded.data.entities.totalCount as number;

    // Ctrl-C, and at once a second start, while the first is still stopping its database.
    first.child.kill('SIGINT');
    const second = npmStart();
    expect(await first.exited).toBe(0);
    const restartedAt = Date.now();
    const url2 = await second.serving;
    expect(second.output()).toMatch(/still stopping after the last run; waiting for it to finish/);
    expect(second.output()).not.toMatch(/did not become ready|Seeded/);
    // It waited for the old server to go and started its own, well within the wait that used to run out (180 s).
    expect(Date.now() - restartedAt).toBeLessThan(120_000);
    const again = await postGraphQL(url2, '{ entities(first: 1) { totalCount } }');
    expect(again.data.entities.totalCount).toBe(entityCount);

    // The tools find the running server (on its own port: the tool is not told it) and say which it uses.
    delete env.LOCAL_NEO4J_BOLT_PORT;
    const created = tool('keys', ['create', '--name', 'first-run', '--roles', 'reader']);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stderr).toContain(`Using the local Neo4j that is already running`);
    expect(created.stderr).toContain(`bolt://127.0.0.1:${BOLT_PORT}`);
    expect(created.stdout).toMatch(/Created key \S+ \(reader\) for first-run/);
    expect(tool('keys', ['list']).stdout).toContain('first-run');

    // A relative path is taken from the folder the user ran npm in, not the project's root.
    const userFolder = path.join(dir, 'articles');
    mkdirSync(userFolder);
    const text = 'Acme Widgets opened a plant in Springfield.';
    const bundle = {
      document: { id: 'document/first-run-note', publisher: 'Test Desk', text },
      entities: [{ kind: 'ORGANIZATION', name: 'Acme Widgets', evidence: ['Acme Widgets opened a plant'] }],
    };
    writeFileSync(path.join(userFolder, 'note.json'), JSON.stringify(bundle));
    const ingested = tool('ingest', ['note.json'], userFolder);
    expect(ingested.status, ingested.stderr).toBe(0);
    expect(ingested.stdout).toMatch(/Ingested: bundles 1 written, 0 skipped .*; entities 1 new/);
    const found = await postGraphQL(url2, '{ entity(id: "organization/acme-widgets") { name } }');
    expect(found.data.entity.name).toBe('Acme Widgets');

    const missing = tool('ingest', ['nowhere.json'], userFolder);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`No bundle file at ${path.join(userFolder, 'nowhere.json')}`);
    expect(missing.stderr).toContain(`relative paths are taken from ${userFolder}`);
    expect(missing.stderr).not.toMatch(/\n\s+at /); // one message, no stack trace

    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('Stopped.');
  }, 400_000);
});
