/**
 * The processes a benchmark runs besides itself: servers compiled and started as `npm start` starts
 * the API (plain node on dist/), and the load generator (autocannon) in a process of its own, so
 * that neither takes CPU from the other inside one event loop.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.js';

/** Compiles what `tsconfig` includes into dist/ (TypeScript's emit, as `npm run build` does). */
export function buildServers(tsconfig = 'tsconfig.build.json'): void {
  const tsc = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', tsconfig, '--noCheck'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the servers do not compile:\n${build.stdout}${build.stderr}`);
}

/**
 * The V8 options `npm run <script>` gives node (package.json), so that a benchmark runs the compiled
 * command as users run it: `npm run ingest` caps its heap, without which V8 lets the garbage of the
 * batches grow past 1 GB on a big import before it collects.
 */
export function nodeOptionsOf(script: string): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return (scripts[script] ?? '').split(/\s+/).filter((word) => word.startsWith('--max-old-space-size='));
}

/** Starts a compiled server (a .js file under dist/) in a process of its own and waits for the URL it prints. */
export function startProcess(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...nodeArgs, path.join('dist', script)], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/[^\s)]+)/.exec(output);
      if (match) resolve({ url: match[1]!.replace(/\/$/, ''), child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before serving:\n${output}`)));
  });
}

/** Stops a started server and waits for it to exit (a profiled one writes its profile on the way out). */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM')));
}

export interface LoadResult {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  non2xx: number;
}

/** One timed run of POSTs of `bodies` in turn to `url`, in the load generator's own process. */
export function load(url: string, bodies: string[], { seconds, connections }: { seconds: number; connections: number }): Promise<LoadResult> {
  // The request bodies go through a file: they can be far more than a command line holds.
  const input = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-load-')), 'input.json');
  writeFileSync(input, JSON.stringify({ url, bodies, connections, seconds }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load-generator.ts', input], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      rmSync(path.dirname(input), { recursive: true, force: true });
      if (code === 0) resolve(JSON.parse(output.trim().split('\n').at(-1)!));
      else reject(new Error(`load exited ${code}`));
    }),
  );
}

/** Runs a node script in its own process, sampling its memory every second; resolves with its last stdout line as JSON. */
export async function runMeasured(args: string[], env: Record<string, string>): Promise<{ result: any; rssSamples: number[] }> {
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const rssSamples: number[] = [];
  const sampler = setInterval(() => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) rssSamples.push(Number(match[1]) * 1024);
    } catch {
      // The process has just exited.
    }
  }, 1000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(sampler);
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}:\n${stderr.slice(-3000)}`);
  return { result: JSON.parse(stdout.trim().split('\n').at(-1)!), rssSamples };
}
