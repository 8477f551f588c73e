/**
 * What the local Neo4j needs on the machine (Java 17+, and Maven the first time, to fetch the
 * server), and the one error every setup problem is reported with: a line saying what to install,
 * or to use a Neo4j of one's own instead.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** A problem setting up or running the local Neo4j; its message is what the user should read. */
export class Neo4jSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Neo4jSetupError';
  }
}

const INSTALL_HINT = 'install them (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless maven), or set NEO4J_URI to use a Neo4j you already run';

/** The java to run Neo4j with: JAVA_HOME's when set, else the one on the PATH. */
export function javaBinary(javaHome: string | null): string {
  return javaHome ? path.join(javaHome, 'bin', 'java') : 'java';
}

/** The major version of the Java that would run Neo4j, or null when there is none. */
export function javaMajorVersion(javaBin: string): number | null {
  const result = spawnSync(javaBin, ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr + result.stdout);
  if (!match) return null;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major; // "1.8" is Java 8
}

function hasMaven(): boolean {
  const result = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  return !result.error && result.status === 0;
}

/** Checks Java 17+ (and Maven, when the server still has to be fetched); throws one clear line if not. */
export function checkPrerequisites({ javaHome, needsMaven }: { javaHome: string | null; needsMaven: boolean }): void {
  const java = javaMajorVersion(javaBinary(javaHome));
  const missing: string[] = [];
  if (java === null) missing.push('Java 17+ (no `java` found)');
  else if (java < 17) missing.push(`Java 17+ (found Java ${java})`);
  if (needsMaven && !hasMaven()) missing.push('Maven (`mvn`, to fetch Neo4j the first time)');
  if (missing.length > 0) {
    throw new Neo4jSetupError(`The local Neo4j needs ${missing.join(' and ')}: ${INSTALL_HINT}.`);
  }
}
