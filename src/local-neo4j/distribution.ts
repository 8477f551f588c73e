/**
 * The Neo4j server's files. Neo4j publishes no server tarball on Maven Central, but every jar of
 * the Community server is there: `mvn dependency:copy-dependencies` on neo4j/pom.xml (which pins
 * the version) assembles <home>/lib, once, the first time the local Neo4j is started.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { PROJECT_ROOT } from '../config.js';
import { Neo4jSetupError } from './prerequisites.js';

const POM = path.join(PROJECT_ROOT, 'neo4j', 'pom.xml');

/** The Neo4j version pinned in neo4j/pom.xml: the one place it is written. */
export function pinnedNeo4jVersion(): string {
  const match = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(readFileSync(POM, 'utf8'));
  if (!match) throw new Neo4jSetupError(`${POM} does not pin <neo4j.version>`);
  return match[1]!;
}

/** Where the server's jars are. */
export function libDirOf(home: string): string {
  return path.join(home, 'lib');
}

/** Whether the server's jars have been fetched (a half-fetched lib/ never has this name; see below). */
export function isInstalled(home: string): boolean {
  const libDir = libDirOf(home);
  return existsSync(libDir) && readdirSync(libDir).some((f) => f.startsWith('neo4j-kernel-'));
}

/** Fetches the jars of Neo4j `version` into <home>/lib with Maven, showing progress. */
export async function fetchDistribution(home: string, version: string, log: (line: string) => void): Promise<void> {
  const libDir = libDirOf(home);
  const staging = `${libDir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  log(`Fetching Neo4j ${version} Community from Maven Central (first run only) ...`);
  let fetched = 0;
  const child = spawn('mvn', ['-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`, '-DincludeScope=runtime'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
    const match = /^\[INFO\] Downloaded from \S+: \S+\/([^/]+\.jar)/.exec(line);
    if (match) {
      fetched += 1;
      if (fetched % 10 === 1) log(`  fetched ${fetched} jars (latest: ${match[1]})`);
    }
  };
  readline.createInterface({ input: child.stdout! }).on('line', onLine);
  readline.createInterface({ input: child.stderr! }).on('line', onLine);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) {
    throw new Neo4jSetupError(`Fetching Neo4j with Maven failed (exit ${code}). Last lines:\n${tail.join('\n')}`);
  }
  renameSync(staging, libDir); // atomic: a half-fetched lib/ is never mistaken for a whole one
  log(`Neo4j ${version} is in ${home} (${readdirSync(libDir).length} jars).`);
}
