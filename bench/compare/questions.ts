/**
 * The questions of `npm run bench:vs-library`, each as the three servers ask it: (A) this API, (B) the
 * Neo4j GraphQL Library, (C) one hand-written Cypher statement behind node:http. Each answer is
 * reduced (`normalize`) to what all must agree on before anything is timed. C answers in this API's
 * shape, so A's normalizer reads both.
 */
import { relationCursor } from '../../src/domain/cursor.js';
import { luceneQueriesFor } from '../../src/domain/names.js';

export type ServerName = 'api' | 'library' | 'cypher';

export interface Question {
  name: string;
  /** What it asks, for the table. */
  about: string;
  /** Cypher returning `id` rows: the ids the question is asked about, one per request (none: null). */
  idsQuery: string | null;
  /** The GraphQL operation for A and B (with `$id` when the question takes one). */
  api: string;
  library: string;
  /** Variables beyond `$id`, per server (a cursor is each server's own), given the id asked about. */
  variables?: (server: ServerName, id: string | null) => Record<string, unknown>;
  normalize: (server: ServerName, data: any) => unknown;
}

/** The hub the benchmark adds to the synthetic graph: an organization owning HUB_PLANTS plants. */
export const HUB_ID = 'organization/bench-hub';
export const HUB_PLANTS = 3200;
const pad = (i: number) => String(i).padStart(4, '0');
/** The hub's relations in id order (its plants' ids sort as their numbers). */
export const hubRelationId = (i: number) => `owns:${HUB_ID}:plant/hub-plant-${pad(i)}`;

/** The bundle that adds the hub: one article naming every plant it owns. */
export function hubBundle() {
  const text = 'Bench Hub owns a great many plants.';
  return {
    document: { id: 'document/bench-hub', publisher: 'Bench', text },
    entities: [
      { id: HUB_ID, kind: 'ORGANIZATION', name: 'Bench Hub', evidence: [text] },
      ...Array.from({ length: HUB_PLANTS }, (_, i) => ({ id: `plant/hub-plant-${pad(i)}`, kind: 'PLANT', name: `Hub plant ${pad(i)}`, evidence: [text] })),
    ],
    relations: Array.from({ length: HUB_PLANTS }, (_, i) => ({ type: 'OWNS', from: HUB_ID, to: `plant/hub-plant-${pad(i)}`, evidence: [text] })),
  };
}

/** Page 10 of 20 starts after the 180th relation: how each server names that place. */
const PAGE_10_AFTER = 179;

const sorted = (xs: string[]) => [...xs].sort();

/** The library's view of the graph: the labels, properties and relationship types this API writes. */
export const LIBRARY_TYPE_DEFS = /* GraphQL */ `
  type Person @node @fulltext(indexes: [{ indexName: "bench_person_fulltext", queryName: "peopleByName", fields: ["name"] }]) {
    id: ID!
    name: String!
    aliases: [String!]
    positions: [Organization!]! @relationship(type: "HOLDS_POSITION", direction: OUT, properties: "Position")
  }
  type Position @relationshipProperties {
    role: String
  }
  type Organization @node {
    id: ID!
    name: String!
    owns: [Plant!]! @relationship(type: "OWNS", direction: OUT)
    people: [Person!]! @relationship(type: "HOLDS_POSITION", direction: IN)
  }
  type Plant @node {
    id: ID!
    name: String!
  }
`;

/** The indexes the library needs for these questions (this API's own are on Entity). */
export const LIBRARY_INDEXES = [
  ...['Person', 'Organization', 'Plant'].flatMap((label) => [
    `CREATE INDEX bench_${label.toLowerCase()}_id IF NOT EXISTS FOR (n:${label}) ON (n.id)`,
    `CREATE INDEX bench_${label.toLowerCase()}_name IF NOT EXISTS FOR (n:${label}) ON (n.name)`,
  ]),
  // The index its @fulltext query reads (the name only; this API's also holds transliterated spellings).
  'CREATE FULLTEXT INDEX bench_person_fulltext IF NOT EXISTS FOR (n:Person) ON EACH [n.name]',
];

/** The depth-2 question's caps: relations per entity expanded, and entities in all (this API's neighbourhood rule). */
export const NEIGHBOURHOOD_PER_ENTITY = 50;
export const NEIGHBOURHOOD_LIMIT = 500;

export const QUESTIONS: Question[] = [
  {
    name: 'Q1-entity',
    about: 'an entity by id with its names',
    idsQuery: 'MATCH (p:Person) RETURN p.id AS id ORDER BY id',
    api: 'query($id: ID!) { entity(id: $id) { id name aliases } }',
    library: 'query($id: ID!) { people(where: { id: { eq: $id } }) { id name aliases } }',
    normalize: (server, data) => {
      const entity = server === 'library' ? data.people[0] : data.entity;
      return { id: entity.id, name: entity.name, aliases: sorted(entity.aliases ?? []) };
    },
  },
  {
    name: 'Q2-positions',
    about: 'a person and their positions (role, organization; A and C with quotes)',
    idsQuery: 'MATCH (p:Person) WHERE EXISTS { (p)-[:HOLDS_POSITION]->(:Organization) } RETURN p.id AS id ORDER BY id',
    api: `query($id: ID!) { entity(id: $id) { name relations(types: [HOLDS_POSITION], direction: OUTGOING, first: 20) {
      totalCount edges { node { role to { name } evidence { quote } } } } } }`,
    // The library cannot join a relation to its quotes (Evidence nodes keyed by the relation's id)
    // without a @cypher field: it answers without them, which can only flatter it.
    library: `query($id: ID!) { people(where: { id: { eq: $id } }) { name positionsConnection(first: 20) {
      totalCount edges { properties { role } node { name } } } } }`,
    normalize: (server, data) => {
      const person = server === 'library' ? data.people[0] : data.entity;
      const connection = server === 'library' ? person.positionsConnection : person.relations;
      const positions = connection.edges.map((e: any) => (server === 'library' ? `${e.properties.role}@${e.node.name}` : `${e.node.role}@${e.node.to.name}`));
      return { name: person.name, total: connection.totalCount, positions: sorted(positions) };
    },
  },
  {
    name: 'Q3-fanout',
    about: '25 organizations by name, each with its owned plants (first 10, with the total)',
    idsQuery: null,
    api: `{ entities(kinds: [ORGANIZATION], orderBy: { field: NAME, direction: ASC }, first: 25) { edges { node { name
      relations(types: [OWNS], direction: OUTGOING, first: 10) { totalCount edges { node { to { name } } } } } } } }`,
    library: '{ organizations(limit: 25, sort: [{ name: ASC }]) { name ownsConnection(first: 10) { totalCount edges { node { name } } } } }',
    // Which ten plants come first differs (the library has no default order): the totals are compared.
    normalize: (server, data) =>
      server === 'library'
        ? data.organizations.map((o: any) => [o.name, o.ownsConnection.totalCount])
        : data.entities.edges.map((e: any) => [e.node.name, e.node.relations.totalCount]),
  },
  {
    name: 'Q4-hub-page-10',
    about: `page 10 (20 a page) of a hub's ${HUB_PLANTS} relations, by cursor (the library's cursors are offsets)`,
    idsQuery: `MATCH (h:Organization {id: '${HUB_ID}'}) RETURN h.id AS id`,
    api: `query($id: ID!, $after: String) { entity(id: $id) { relations(types: [OWNS], direction: OUTGOING, first: 20, after: $after) {
      edges { node { to { name } } } } } }`,
    library: `query($id: ID!, $after: String) { organizations(where: { id: { eq: $id } }) {
      ownsConnection(first: 20, after: $after, sort: [{ node: { name: ASC } }]) { edges { node { name } } } } }`,
    variables: (server) => ({
      after:
        server === 'api'
          ? relationCursor.encode(hubRelationId(PAGE_10_AFTER))
          : server === 'library'
            ? Buffer.from(`arrayconnection:${PAGE_10_AFTER}`).toString('base64')
            : hubRelationId(PAGE_10_AFTER),
    }),
    normalize: (server, data) =>
      server === 'library'
        ? data.organizations[0].ownsConnection.edges.map((e: any) => e.node.name)
        : data.entity.relations.edges.map((e: any) => e.node.to.name),
  },
  {
    name: 'Q5-depth-2',
    about: 'the depth-2 neighbourhood of a person over positions and ownership, 50 relations an entity (compared as id sets)',
    // People whose neighbourhood the caps leave whole: each answer is then every entity within two steps.
    idsQuery: `MATCH (p:Person) WHERE EXISTS { (p)-[:HOLDS_POSITION]->(:Organization) }
      AND COUNT { (p)-[:HOLDS_POSITION|OWNS]-() } <= ${NEIGHBOURHOOD_PER_ENTITY}
      AND all(o IN [(p)-[:HOLDS_POSITION]->(o:Organization) | o] WHERE COUNT { (o)-[:HOLDS_POSITION|OWNS]-() } <= ${NEIGHBOURHOOD_PER_ENTITY})
      RETURN p.id AS id ORDER BY id`,
    api: `query($id: ID!) { neighborhood(id: $id, depth: 2, types: [HOLDS_POSITION, OWNS], limit: ${NEIGHBOURHOOD_LIMIT}) { nodes { id } } }`,
    library: `query($id: ID!) { people(where: { id: { eq: $id } }) { id positions(limit: ${NEIGHBOURHOOD_PER_ENTITY}) { id
      people(limit: ${NEIGHBOURHOOD_PER_ENTITY}) { id } owns(limit: ${NEIGHBOURHOOD_PER_ENTITY}) { id } } } }`,
    normalize: (server, data) => {
      if (server !== 'library') return sorted(data.neighborhood.nodes.map((n: any) => n.id));
      const person = data.people[0];
      return sorted([
        ...new Set<string>([person.id, ...person.positions.flatMap((o: any) => [o.id, ...o.people.map((p: any) => p.id), ...o.owns.map((p: any) => p.id)])]),
      ]);
    },
  },
  {
    name: 'Q6-search',
    about: "search people by a person's full name (A's full-text index holds spellings in every script; the library's the name)",
    idsQuery: 'MATCH (p:Person) WITH p.name AS name, collect(p) AS same WHERE size(same) = 1 RETURN name AS id ORDER BY id',
    api: 'query($id: String!) { search(text: $id, kinds: [PERSON], first: 10) { entity { id } } }',
    library: 'query($phrase: String!) { peopleByName(phrase: $phrase, first: 10) { edges { node { id } } } }',
    // The library and C are given the Lucene query this API asks first: the same question to the index (a full name has every word).
    variables: (server, text) => (server === 'api' ? {} : { phrase: luceneQueriesFor(text!)!.allWords }),
    normalize: (server, data) => (server === 'library' ? data.peopleByName.edges[0]?.node.id : data.search[0]?.entity.id) ?? null,
  },
  {
    name: 'Q7-typename',
    about: '{ __typename }: each server without the database',
    idsQuery: null,
    api: '{ __typename }',
    library: '{ __typename }',
    normalize: (_, data) => data,
  },
];
