/**
 * `npm run bench:vs-library -- [--entities 2000] [--runs 200] [--seconds 10] [--clients 8]`: this API
 * against the Neo4j GraphQL Library (@neo4j/graphql 7) on the same database. Starts a throwaway
 * Neo4j on loopback, loads the synthetic graph, serves it both ways over HTTP from this process, and
 * asks both the same questions, for the same data, with the same ids:
 *   person   — a person and their positions (role and organization), first 20, with the total
 *   fanout   — 25 organizations by name (what this API's cost limit lets through with 10 plants each), each with the plants it owns (first 10, with the total)
 *   plant    — a plant, its owners and where it is
 *   baseline — { __typename }: each server's own overhead, without the database
 * Prints, per question and server, latency percentiles asked one at a time, then throughput with
 * concurrent clients. A measurement, not a test: it asserts only that both answer alike.
 */
import { parseArgs } from 'node:util';
import { withSyntheticDatabase } from './synthetic-database.js';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { startServer } from '../src/app.js';
import { cypher } from '../src/data/database.js';

const { values } = parseArgs({
  options: {
    entities: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '8' },
  },
});
const ENTITIES = Math.min(50_000, Number(values.entities));
const RUNS = Math.min(5000, Number(values.runs));
const SECONDS = Math.min(120, Number(values.seconds));
const CLIENTS = Math.min(32, Number(values.clients));

/** The library's view of the same graph: the labels and relationship types this API writes. */
const LIBRARY_TYPE_DEFS = /* GraphQL */ `
  type Person @node {
    id: ID!
    name: String!
    positions: [Organization!]! @relationship(type: "HOLDS_POSITION", direction: OUT, properties: "Position")
  }
  type Position @relationshipProperties {
    role: String
  }
  type Organization @node {
    id: ID!
    name: String!
    owns: [Plant!]! @relationship(type: "OWNS", direction: OUT)
  }
  type Plant @node {
    id: ID!
    name: String!
    owners: [Organization!]! @relationship(type: "OWNS", direction: IN)
    locatedIn: [Place!]! @relationship(type: "LOCATED_IN", direction: OUT)
  }
  type Place @node {
    id: ID!
    name: String!
  }
`;

interface Question {
  name: string;
  ours: string;
  library: string;
  /** Ids to ask about, one per request (null: the question takes none). */
  ids: string[] | null;
  /** The answer reduced to what both must agree on. */
  normalize: (server: 'ours' | 'library', data: any) => unknown;
}

const sorted = (xs: string[]) => [...xs].sort();

await withSyntheticDatabase(ENTITIES, async ({ db, config }) => {
  const idsOf = async (query: string) => (await db.read((tx) => tx.run(cypher('benchIds', query)))).map((r) => r.id as string);
  const people = await idsOf('MATCH (p:Person) WHERE EXISTS { (p)-[:HOLDS_POSITION]->(:Organization) } RETURN p.id AS id ORDER BY id');
  const plants = await idsOf('MATCH (p:Plant) RETURN p.id AS id ORDER BY id');

  const ours = await startServer(db, config);
  const library = new ApolloServer({ schema: await new Neo4jGraphQL({ typeDefs: LIBRARY_TYPE_DEFS, driver: db.driver }).getSchema() });
  const { url: libraryUrl } = await startStandaloneServer(library, { listen: { port: 0, host: '127.0.0.1' } });

  const questions: Question[] = [
    // No dataconfig at all: what each server spends on HTTP, parsing, validation and its plugins.
    { name: 'configline', ids: null, ours: '{ __typename }', library: '{ __typename }', normalize: (_, data) => data },
    {
      name: 'person',
      ids: people,
      ours: `query($id: ID!) { entity(id: $id) { name relations(types: [HOLDS_POSITION], direction: OUTGOING, first: 20) {
        totalCount edges { node { role to { name } } } } } }`,
      library: `query($id: ID!) { people(where: { id: { eq: $id } }) { name positionsConnection(first: 20) {
        totalCount edges { properties { role } node { name } } } } }`,
      normalize: (server, data) => {
        const person = server === 'ours' ? data.entity : data.people[0];
        const connection = server === 'ours' ? person.relations : person.positionsConnection;
        const positions = connection.edges.map((e: any) => (server === 'ours' ? `${e.node.role}@${e.node.to.name}` : `${e.properties.role}@${e.node.name}`));
        return { name: person.name, total: connection.totalCount, positions: sorted(positions) };
      },
    },
    {
      name: 'fanout',
      ids: null,
      ours: `{ entities(kinds: [ORGANIZATION], orderBy: { field: NAME, direction: ASC }, first: 25) { edges { node { name
        relations(types: [OWNS], direction: OUTGOING, first: 10) { totalCount edges { node { to { name } } } } } } } }`,
      library: `{ organizations(limit: 25, sort: [{ name: ASC }]) { name ownsConnection(first: 10) { totalCount edges { node { name } } } } }`,
      // Which ten of an organization's plants come first differs (the library has no default order): compare totals.
      normalize: (server, data) =>
        server === 'ours'
          ? data.entities.edges.map((e: any) => [e.node.name, e.node.relations.totalCount])
          : data.organizations.map((o: any) => [o.name, o.ownsConnection.totalCount]),
    },
    {
      name: 'plant',
      ids: plants,
      ours: `query($id: ID!) { entity(id: $id) { name
        owners: relations(types: [OWNS], direction: INCOMING, first: 50) { edges { node { from { name } } } }
        places: relations(types: [LOCATED_IN], direction: OUTGOING, first: 50) { edges { node { to { name } } } } } }`,
      library: `query($id: ID!) { plants(where: { id: { eq: $id } }) { name owners { name } locatedIn { name } } }`,
      normalize: (server, data) => {
        if (server === 'library') {
          const plant = data.plants[0];
          return { name: plant.name, owners: sorted(plant.owners.map((o: any) => o.name)), places: sorted(plant.locatedIn.map((p: any) => p.name)) };
        }
        const plant = data.entity;
        return {
          name: plant.name,
          owners: sorted(plant.owners.edges.map((e: any) => e.node.from.name)),
          places: sorted(plant.places.edges.map((e: any) => e.node.to.name)),
        };
      },
    },
  ];

  const endpoints = { ours: ours.url, library: libraryUrl };
  const ask = async (server: 'ours' | 'library', question: Question, id: string | null) => {
    const started = performance.now();
    const response = await fetch(endpoints[server], {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ query: question[server], variables: id === null ? {} : { id } }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: unknown };
    if (body.errors) throw new Error(`${server} ${question.name}: ${JSON.stringify(body.errors)}`);
    return { ms: performance.now() - started, data: body.data };
  };
  const pickId = (question: Question, i: number) => (question.ids ? question.ids[(i * 7919) % question.ids.length]! : null);

  console.log(`\nthis API vs @neo4j/graphql 7 on one Neo4j 5.26 with a ${ENTITIES}-entity synthetic graph (${people.length} people with positions, ${plants.length} plants)`);
  console.log('question  server    agree   p50 ms   p95 ms   p99 ms   req/s (concurrent)');
  for (const question of questions) {
    // The same answer first: a faster wrong answer would prove nothing.
    let agree = 0;
    for (let i = 0; i < 20; i++) {
      const id = pickId(question, i);
      const [a, b] = await Promise.all([ask('ours', question, id), ask('library', question, id)]);
      if (JSON.stringify(question.normalize('ours', a.data)) === JSON.stringify(question.normalize('library', b.data))) agree++;
    }
    for (const server of ['ours', 'library'] as const) {
      for (let i = 0; i < 10; i++) await ask(server, question, pickId(question, i)); // warm-up
      const latencies: number[] = [];
      for (let i = 0; i < RUNS; i++) latencies.push((await ask(server, question, pickId(question, i))).ms);
      latencies.sort((x, y) => x - y);
      const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
      let done = 0;
      const deadline = Date.now() + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          for (let i = client; Date.now() < deadline; i += CLIENTS) {
            await ask(server, question, pickId(question, i));
            done++;
          }
        }),
      );
      console.log(
        `${question.name.padEnd(9)} ${server.padEnd(8)} ${`${agree}/20`.padStart(6)} ${at(50).padStart(8)} ${at(95).padStart(8)} ${at(99).padStart(8)} ${(done / SECONDS).toFixed(1).padStart(10)}`,
      );
    }
  }
  await library.stop();
  await ours.stop();
});
