/**
 * Server C of `npm run bench:vs-library`, the limit: node:http, the driver, and one hand-written Cypher
 * statement per question, with this API's visibility conditions (nothing restricted or retracted)
 * and its answer shape. POST /<question> with `{ "variables": { "id": … } }`. No GraphQL at all.
 * Run by the benchmark in a process of its own: NEO4J_URI and PORT from the environment.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import neo4j from 'neo4j-driver';

const OPEN = (v: string) => `NOT coalesce(${v}.restricted, false)`;
const ACTIVE = (r: string) => `${r}.retractedAt IS NULL AND ${OPEN(r)}`;

const STATEMENTS: Record<string, string> = {
  'Q1-entity': `MATCH (e:Entity {id: $id}) WHERE ${OPEN('e')}
    RETURN { entity: e { .id, .name, aliases: coalesce(e.aliases, []) } } AS data`,
  'Q2-positions': `MATCH (e:Entity {id: $id}) WHERE ${OPEN('e')}
    CALL (e) {
      MATCH (e)-[r:HOLDS_POSITION]->(o:Entity) WHERE ${ACTIVE('r')} AND ${OPEN('o')}
      WITH r, o ORDER BY r.id LIMIT 20
      RETURN collect({ node: { role: r.role, to: { name: o.name },
        evidence: COLLECT { MATCH (ev:Evidence {subjectId: r.id})-[:FROM]->(d:Document) WHERE ${OPEN('d')} RETURN { quote: ev.quote } } } }) AS edges
    }
    RETURN { entity: { name: e.name, relations: {
      totalCount: COUNT { MATCH (e)-[r:HOLDS_POSITION]->(o:Entity) WHERE ${ACTIVE('r')} AND ${OPEN('o')} }, edges: edges } } } AS data`,
  // The (kind, name) index read in order: the page is read, not every organization sorted.
  'Q3-fanout': `MATCH (e:Entity) WHERE e.kind = 'ORGANIZATION' AND e.name IS NOT NULL AND ${OPEN('e')}
    WITH e ORDER BY e.kind, e.name, e.id LIMIT 25
    CALL (e) {
      MATCH (e)-[r:OWNS]->(o:Entity) WHERE ${ACTIVE('r')} AND ${OPEN('o')}
      WITH r, o ORDER BY r.id LIMIT 10
      RETURN collect({ node: { to: { name: o.name } } }) AS plants
    }
    WITH e, plants, COUNT { MATCH (e)-[r:OWNS]->(o:Entity) WHERE ${ACTIVE('r')} AND ${OPEN('o')} } AS total
    RETURN { entities: { edges: collect({ node: { name: e.name, relations: { totalCount: total, edges: plants } } }) } } AS data`,
  'Q4-hub-page-10': `MATCH (e:Entity {id: $id}) WHERE ${OPEN('e')}
    CALL (e) {
      MATCH (e)-[r:OWNS]->(o:Entity) WHERE ${ACTIVE('r')} AND ${OPEN('o')} AND r.id > $after
      WITH r, o ORDER BY r.id LIMIT 20
      RETURN collect({ node: { to: { name: o.name } } }) AS edges
    }
    RETURN { entity: { relations: { edges: edges } } } AS data`,
  'Q5-depth-2': `MATCH (c:Entity {id: $id}) WHERE ${OPEN('c')}
    CALL (c) {
      MATCH (c)-[r:HOLDS_POSITION|OWNS]-(o:Entity) WHERE ${ACTIVE('r')} AND ${OPEN('o')}
      WITH r, o ORDER BY r.id LIMIT 50
      RETURN collect(DISTINCT o) AS level1
    }
    CALL (c, level1) {
      UNWIND level1 AS n
      CALL (n) {
        MATCH (n)-[r:HOLDS_POSITION|OWNS]-(o:Entity) WHERE ${ACTIVE('r')} AND ${OPEN('o')}
        WITH r, o ORDER BY r.id LIMIT 50
        RETURN collect(o) AS reached
      }
      UNWIND reached AS o
      WITH DISTINCT o WHERE o <> c AND NOT o IN level1
      RETURN collect(o) AS level2
    }
    RETURN { neighborhood: { nodes: [n IN ([c] + level1 + level2)[..500] | n { .id }] } } AS data`,
  'Q6-search': `CALL db.index.fulltext.queryNodes('entity_spellings', $phrase, {limit: 50}) YIELD node, score
    WHERE node.kind = 'PERSON' AND ${OPEN('node')}
    WITH node, score ORDER BY score DESC, node.id LIMIT 10
    RETURN { search: collect({ entity: { id: node.id } }) } AS data`,
};

const driver = neo4j.driver(process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687', undefined, { disableLosslessIntegers: true });

async function answer(question: string, body: string): Promise<unknown> {
  // Every server answers `{ __typename }` without the database: here, without parsing anything.
  if (question === 'Q7-typename') return { data: { __typename: 'Query' } };
  const statement = STATEMENTS[question];
  if (!statement) throw new Error(`no question ${question}`);
  const { variables = {} } = JSON.parse(body) as { variables?: Record<string, unknown> };
  const { records } = await driver.executeQuery(statement, variables, { routing: neo4j.routing.READ });
  return { data: records[0]?.get('data') ?? null };
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    answer((req.url ?? '/').slice(1), body || '{}').then(
      (result) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      },
      (error: Error) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: error.message }] }));
      },
    );
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
