import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalNeo4j, Neo4jSetupError, pinnedNeo4jVersion } from '../../src/local-neo4j/local-neo4j.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function localNeo4j(javaHome: string | null) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ig-local-neo4j-'));
  dirs.push(dir);
  return new LocalNeo4j({ dir, boltPort: 1, heap: '64m', pageCache: '16m', javaHome, log: () => {} });
}

describe('the local Neo4j', () => {
  it('is pinned to a 5.26 LTS release in neo4j/pom.xml', () => {
    expect(pinnedNeo4jVersion()).toMatch(/^5\.26\.\d+$/);
  });

  it('says in one line what to install, or to set NEO4J_URI, when Java is missing', () => {
    const local = localNeo4j('/nonexistent-jdk');
    expect(() => local.checkPrerequisites()).toThrow(Neo4jSetupError);
    try {
      local.checkPrerequisites();
    } catch (error) {
      const message = (error as Error).message;
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toMatch(/Java 17\+/);
      expect(message).toMatch(/apt-get install/);
      expect(message).toMatch(/NEO4J_URI/);
    }
  });

  it('says so when Maven is missing and the server still has to be fetched', () => {
    const local = localNeo4j(null);
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent-bin';
    try {
      expect(() => local.checkPrerequisites()).toThrow(/Maven/);
    } finally {
      process.env.PATH = path;
    }
  });
});
