import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has defaults that start a local Neo4j and serve on port 4000', () => {
    const config = loadConfig({});
    expect(config.neo4j.uri).toBeNull();
    expect(config.http).toEqual({ host: 'localhost', port: 4000 });
    expect(config.neo4j.database).toBe('neo4j');
    expect(config.maxPageSize).toBe(100);
    expect(config.seedOnEmpty).toBe(true);
  });

  it('uses an external Neo4j when NEO4J_URI is set', () => {
    const config = loadConfig({ NEO4J_URI: 'neo4j+s://example.databases.neo4j.io', NEO4J_PASSWORD: 'secret', NEO4J_DATABASE: 'graph' });
    expect(config.neo4j).toMatchObject({ uri: 'neo4j+s://example.databases.neo4j.io', password: 'secret', database: 'graph' });
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', SEED_ON_EMPTY: 'maybe', LOCAL_NEO4J_HEAP: 'lots', NODE_ENV: 'staging' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      for (const name of ['PORT', 'SEED_ON_EMPTY', 'LOCAL_NEO4J_HEAP', 'NODE_ENV']) expect(message).toContain(name);
    }
  });

  it('lets pages of any origin call the API unless CORS_ORIGINS lists some, each an origin alone', () => {
    expect(loadConfig({}).corsOrigins).toBeNull();
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toBeNull();
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.org, http://localhost:5173' }).corsOrigins).toEqual(['https://app.example.org', 'http://localhost:5173']);
    for (const bad of ['app.example.org', 'https://app.example.org/path', 'https://app.example.org/']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS/);
    }
  });

  it('serves the explorer unless EXPLORER=false, in production too', () => {
    expect(loadConfig({}).explorer).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).explorer).toBe(true);
    expect(loadConfig({ EXPLORER: 'false' }).explorer).toBe(false);
  });
});
