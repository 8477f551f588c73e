/**
 * Server B of `npm run bench:vs-library`: the Neo4j GraphQL Library (@neo4j/graphql 7) over the same
 * graph, on Apollo Server's standalone HTTP server, with the indexes its queries need. Run by the
 * benchmark in a process of its own: NEO4J_URI and PORT from the environment.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import neo4j from 'neo4j-driver';
import { LIBRARY_INDEXES, LIBRARY_TYPE_DEFS } from './questions.js';

const driver = neo4j.driver(process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687');
for (const index of LIBRARY_INDEXES) await driver.executeQuery(index);
await driver.executeQuery('CALL db.awaitIndexes(120)');
const server = new ApolloServer({ schema: await new Neo4jGraphQL({ typeDefs: LIBRARY_TYPE_DEFS, driver }).getSchema() });
const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' } });
console.log(`listening ${url}`);
