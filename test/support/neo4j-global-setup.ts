/**
 * Starts the test suite's own Neo4j: its own port and a throwaway data folder, so a run never
 * touches a developer's data. With NEO4J_TEST_URI set, that database is used instead (and wiped!).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.js';
import { LocalNeo4j } from '../../src/local-neo4j/local-neo4j.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
  }
}

const TEST_BOLT_PORT = 17687;

export default async function setup(project: TestProject) {
  const config = loadConfig();
  if (config.testNeo4jUri) {
    project.provide('neo4jUri', config.testNeo4jUri);
    return;
  }
  const instanceDir = mkdtempSync(path.join(os.tmpdir(), 'industry-graph-test-neo4j-'));
  const local = new LocalNeo4j({
    ...config.localNeo4j,
    boltPort: TEST_BOLT_PORT,
    heap: '768m',
    pageCache: '256m',
    instanceDir,
    log: (line) => console.log(`[test neo4j] ${line}`),
  });
  await local.start();
  project.provide('neo4jUri', local.boltUri);
  return async () => {
    await local.stop();
    rmSync(instanceDir, { recursive: true, force: true });
  };
}
