/**
 * What a new user meets over HTTP in the first hour, besides starting the server (first-run.test.ts):
 * one rule for bad arguments, every problem of a bundle in one answer, the playground in production,
 * and a write that outlasts its timeout. Each leaves the graph as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '../../src/bootstrap.js';
import { makeApiKey } from '../support/api-keys.js';
import { bearer, codeOf, INGEST, messageOf } from '../support/requests.js';
import { snapshotGraph, startTestApi, testDatabase, type TestApi } from '../support/test-api.js';

describe('sizing arguments, literal or variable', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.close());

  it.each([
    ['paths', 'maxHops', 7, '"maxHops" must be from 1 to 6 (got 7)'],
    ['paths', 'maxHops', 0, '"maxHops" must be from 1 to 6 (got 0)'],
    ['paths', 'first', 11, '"first" must be from 1 to 10 (got 11)'],
    ['neighborhood', 'depth', 4, '"depth" must be from 1 to 3 (got 4)'],
    ['neighborhood', 'depth', 0, '"depth" must be from 1 to 3 (got 0)'],
    ['entities', 'first', 101, '"first" must be from 0 to 100 (got 101); page through the rest with "after"'],
  ] as const)('%s(%s: %i) is refused the same way either way: HTTP 400, BAD_USER_INPUT, one message', async (field, argument, value, message) => {
    const select = {
      paths: (args: string) => `paths(from: "person/denis-manturov", to: "organization/volkswagen", ${args}) { length }`,
      neighborhood: (args: string) => `neighborhood(id: "person/denis-manturov", ${args}) { truncated }`,
      entities: (args: string) => `entities(${args}) { totalCount }`,
    }[field];
    const literal = await api.gql(`{ ${select(`${argument}: ${value}`)} }`);
    const variable = await api.gql(`query($v: Int) { ${select(`${argument}: $v`)} }`, { v: value });
    for (const response of [literal, variable]) {
      expect(response.status).toBe(400);
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(messageOf(response)).toBe(message);
    }
  });
});

describe('a bundle with several kinds of problem', () => {
  let api: TestApi;
  let key: string;
  beforeAll(async () => {
    api = await startTestApi({ seed: false });
    key = await makeApiKey(api.db, ['ingest']);
  });
  afterAll(() => api?.close());

  it('is refused with every problem listed: a misquote and a reference to an entity the graph does not hold', async () => {
    const before = await snapshotGraph(api.db);
    const bundle = {
      document: { id: 'document/two-problems', publisher: 'Desk', text: 'Northwind Motors owns the Riverside plant.' },
      entities: [
        { kind: 'ORGANIZATION', name: 'Northwind Motors', evidence: ['Northwind Motors owns'] },
        { kind: 'PLANT', name: 'Riverside plant', evidence: ['the Riverside works'] },
      ],
      relations: [{ type: 'OWNS', from: 'organization/northwind-motors', to: 'plant/nowhere', evidence: ['owns the Riverside plant'] }],
    };
    const response = await api.gql(INGEST, { bundle }, bearer(key));
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    const problems = response.errors?.[0]?.extensions?.problems as string[];
    expect(problems.some((p) => /the Riverside works/.test(p) && /not in the document text/.test(p)), problems.join('\n')).toBe(true);
    expect(problems.some((p) => /plant\/nowhere is referred to but neither defined in the bundle nor in the graph/.test(p)), problems.join('\n')).toBe(true);
    expect(await snapshotGraph(api.db)).toBe(before);
  });

  it('that names its text by file is told, in problems, to carry it inline', async () => {
    const bundle = { document: { id: 'document/by-file', publisher: 'Desk', textFile: 'article.txt' }, entities: [] };
    const response = await api.gql(INGEST, { bundle }, bearer(key));
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.problems).toEqual([expect.stringMatching(/^document\.textFile: .*document\.text/)]);
  });
});

describe('production mode', () => {
  it('without the playground: a browser is told it is off, a script meets the CSRF rule, introspection names the setting', async () => {
    const api = await startTestApi({ env: { NODE_ENV: 'production' } });
    try {
      const page = await fetch(api.url, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toMatch(/The playground is off on this server[\s\S]*PLAYGROUND=true/);
      const script = await fetch(`${api.url}?query=${encodeURIComponent('{ documents { id } }')}`, { headers: { accept: 'application/json' } });
      expect(script.status).toBe(400);
      const introspection = await api.gql('{ __schema { queryType { name } } }');
      expect(introspection.status).toBe(400);
      expect(messageOf(introspection)).toMatch(/Introspection is off on this server .*PLAYGROUND=true/);
      expect(messageOf(introspection)).not.toMatch(/ApolloServer|pass introspection/);
    } finally {
      await api.close();
    }
  });

  it('with PLAYGROUND=true: the playground is served and can load the schema (the full introspection query passes the limits)', async () => {
    const api = await startTestApi({ env: { NODE_ENV: 'production', PLAYGROUND: 'true' } });
    try {
      const page = await fetch(api.url, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/playground/i);
      const { getIntrospectionQuery } = await import('graphql');
      const schema = await api.gql(getIntrospectionQuery());
      expect(schema.errors).toBeUndefined();
      expect(schema.data.__schema.queryType.name).toBe('Query');
      // The limits still hold for everything else.
      let deep = 'name';
      for (let i = 0; i < 13; i++) deep = `relations { edges { node { other { ${deep} } } } }`;
      const tooDeep = await api.gql(`{ entity(id: "x") { ${deep} } }`);
      expect(tooDeep.status).toBe(400);
    } finally {
      await api.close();
    }
  });
});

describe('a write that outlasts its timeout', () => {
  it('is WRITE_TIMEOUT naming the setting, and nothing of it is written', async () => {
    const api = await startTestApi({ seed: false, env: { NEO4J_WRITE_TIMEOUT_MS: '200', NEO4J_MAX_RETRY_MS: '0' } });
    // The seed and the key are written with the usual timeout (on a cold server the seed takes seconds).
    const setup = testDatabase();
    await loadSeed(setup, () => {});
    const key = await makeApiKey(setup, ['ingest']);
    await setup.close();
    // Another transaction holds the lock on an entity the bundle writes, for longer than Neo4j takes
    // to notice the timeout (it checks every couple of seconds): the write waits, and is stopped.
    const blocker = api.db.driver.session({ database: api.db.database });
    const lock = blocker.beginTransaction();
    try {
      const before = await snapshotGraph(api.db);
      await lock.run("MATCH (e:Entity {id: 'person/denis-manturov'}) SET e.heldByTest = true");
      const text = 'Denis Manturov spoke to the press.';
      const bundle = {
        document: { id: 'document/blocked-write', publisher: 'Desk', text },
        entities: [{ kind: 'PERSON', name: 'Denis Manturov', evidence: ['Denis Manturov spoke'] }],
      };
      const started = Date.now();
      const response = await api.gql(INGEST, { bundle }, bearer(key));
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(response.status).toBe(200);
      expect(codeOf(response)).toBe('WRITE_TIMEOUT');
      expect(messageOf(response)).toMatch(/NEO4J_WRITE_TIMEOUT_MS \(200 ms\).*nothing of it was written/);
      await lock.rollback();
      expect(await snapshotGraph(api.db)).toBe(before);
    } finally {
      if (lock.isOpen()) await lock.rollback();
      await blocker.close();
      await api.close();
    }
  }, 60_000);
});
