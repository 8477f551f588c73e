/**
 * The layers of src/ and the direction their imports may take, checked by `npm run lint:layers`
 * (part of `npm test`). A layer may import from the layers below it, never from one above: so each
 * layer can be read, tested and changed knowing only what is under it, and nothing low (a rule, a
 * query) ends up depending on how the server is wired.
 *
 * From bottom to top:
 *   0. base        src/domain/, src/generated/ - pure rules and the schema's types; no I/O
 *   1. foundations src/errors.ts, src/config.ts - coded errors and the parsed environment
 *   2. data        src/data/ - the only code that speaks Cypher (and the only user of the driver)
 *   3. services    src/ingest/, src/curation/, src/auth/, src/synthetic/, src/ftm/ - what a write or a caller
 *                  is allowed and made to do, on top of the data layer
 *   4. graphql     src/graphql/, src/context.ts - schema, resolvers and what every resolver receives
 *   5. wiring      src/app.ts, src/http/, src/playground.ts, src/explorer.ts, src/bootstrap.ts, src/main.ts, src/cli/,
 *                  src/describe-failure.ts, src/local-neo4j/ - processes, HTTP and commands
 *
 * Where the less obvious ones sit, and why:
 * - src/context.ts is in the graphql layer, not with the wiring: it is the type every resolver
 *   receives (and codegen's resolver types name it), so resolvers must be able to import it; it
 *   depends only on the data, auth and config layers below.
 * - src/local-neo4j/ is wiring: it fetches and runs a Neo4j server process for `npm start`, the
 *   commands and the tests. It imports nothing of the project but config.ts (rule below), so it
 *   could be lifted out as it is; its one Cypher statement (`RETURN 1`) asks whether the server
 *   answers, not anything of the graph.
 * - src/synthetic/ is a service: it makes bundles (the ingest layer's format) from domain rules.
 *   It exists for tests and benchmarks, so nothing in src/ may import it (rule below).
 *
 * Each rule's comment says why it holds. Exceptions are named file by file, with the issue that
 * removes them.
 */

const BASE = '^src/(domain|generated)/';
const FOUNDATIONS = '^src/(errors|config)[.]ts$';
const DATA = '^src/data/';
const SERVICES = '^src/(ingest|curation|auth|synthetic|ftm)/';
const GRAPHQL = ['^src/graphql/', '^src/context[.]ts$'];
const WIRING = ['^src/(app|playground|explorer|bootstrap|main|describe-failure)[.]ts$', '^src/(cli|local-neo4j|http)/'];

/** Everything of src/ at or above a layer, for "may not import upward" rules. */
const ABOVE_BASE = [FOUNDATIONS, DATA, SERVICES, ...GRAPHQL, ...WIRING];
const ABOVE_FOUNDATIONS = [DATA, SERVICES, ...GRAPHQL, ...WIRING];
const ABOVE_DATA = [SERVICES, ...GRAPHQL, ...WIRING];
const ABOVE_SERVICES = [...GRAPHQL, ...WIRING];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules that import each other cannot be understood, tested or loaded one without the other (and in ESM one of them ' +
        'runs with the other half-initialised). Cycles through src/generated/ are left out: its resolver types name the ' +
        "records and the context by type only (codegen's mappers, see base-imports-nothing-above), erased when compiled.",
      from: {},
      to: { circular: true, viaOnly: { pathNot: '^src/generated/' } },
    },
    {
      name: 'base-imports-nothing-above',
      severity: 'error',
      comment:
        'Domain rules and schema types are the bottom: pure, testable without a database or a server, usable by every layer. ' +
        "One exception, by construction: codegen's resolver types (src/generated/graphql.ts) name the data layer's records " +
        '(the mappers, codegen.ts) and the GraphQL context, type-only (base-generated-types-only checks that).',
      from: { path: BASE },
      to: { path: ABOVE_BASE, pathNot: ['^src/data/records[.]ts$', '^src/context[.]ts$'] },
    },
    {
      name: 'base-generated-types-only',
      severity: 'error',
      comment: 'What the generated types import of higher layers must be types only: at run time the base depends on nothing.',
      from: { path: BASE },
      to: { path: ['^src/data/records[.]ts$', '^src/context[.]ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'base-does-no-io',
      severity: 'error',
      comment:
        'Domain rules do no I/O (files, network, processes), so they answer the same for the same input and are unit-tested ' +
        'without setting anything up. Hashing (node:crypto) is computation, not I/O.',
      from: { path: BASE },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    },
    {
      name: 'foundations-import-only-base',
      severity: 'error',
      comment: 'Errors and configuration are used by every layer above, so they may use nothing but the base.',
      from: { path: FOUNDATIONS },
      to: { path: ABOVE_FOUNDATIONS },
    },
    {
      name: 'data-imports-nothing-above',
      severity: 'error',
      comment:
        'The data layer answers what the layers above ask; if it imported them, a change to a service or a resolver could change ' +
        'a query. The rows a service hands it are its own types (src/data/bundle-rows.ts); rules it shares with a service ' +
        'belong in the base (src/domain/).',
      from: { path: DATA },
      to: { path: ABOVE_DATA },
    },
    {
      name: 'services-import-nothing-above',
      severity: 'error',
      comment:
        'Ingestion, curation and authorization are used by the API, the command-line tools and the tests alike; they must not ' +
        'depend on GraphQL or on how a process is wired. (Services may use one another, without cycles.)',
      from: { path: SERVICES },
      to: { path: ABOVE_SERVICES },
    },
    {
      name: 'graphql-imports-no-wiring',
      severity: 'error',
      comment: 'Schema and resolvers run the same under the HTTP server and under tests that execute operations directly.',
      from: { path: GRAPHQL },
      to: { path: WIRING },
    },
    {
      name: 'resolvers-reach-data-through-the-context',
      severity: 'error',
      comment:
        'Resolvers are thin: they call the data layer through the context (GraphReader, Database) and import only its types. ' +
        'Rules a resolver needs (cursors, date rules) belong in src/domain/ and limits in src/config.ts, where the data layer ' +
        'uses them too.',
      from: { path: '^src/graphql/' },
      to: { path: DATA, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-data-uses-the-driver',
      severity: 'error',
      comment:
        'The data layer is the one gateway to Neo4j: sessions, transactions, timeouts and what driver errors mean are decided ' +
        'there once. local-neo4j only asks its own server whether it answers yet.',
      from: { path: '^src/', pathNot: ['^src/data/', '^src/local-neo4j/'] },
      to: { path: '(^|/)node_modules/neo4j-driver/' },
    },
    {
      name: 'local-neo4j-stands-alone',
      severity: 'error',
      comment: 'Running a Neo4j server has nothing to do with the graph or the API; it takes only the project root from config.ts.',
      from: { path: '^src/local-neo4j/' },
      to: { path: '^src/', pathNot: ['^src/local-neo4j/', '^src/config[.]ts$'] },
    },
    {
      name: 'synthetic-is-for-tests',
      severity: 'error',
      comment: 'The synthetic graph generator is for tests and benchmarks; the API and the tools never make up data.',
      from: { path: '^src/', pathNot: '^src/synthetic/' },
      to: { path: '^src/synthetic/' },
    },
    {
      name: 'entry-points-are-not-imported',
      severity: 'error',
      comment: 'main.ts and the commands in src/cli/ start processes; importing one would run it. Shared code goes below them.',
      from: {},
      to: { path: ['^src/main[.]ts$', '^src/cli/(?!run-cli[.]ts$)[^/]+$'] },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment:
        'A module nothing imports is dead code, unless it is an entry point (main.ts, the commands) or is there for tests and ' +
        'benchmarks (synthetic/).',
      from: { orphan: true, pathNot: ['^src/main[.]ts$', '^src/cli/', '^src/synthetic/'] },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing fails at run time; tsc does not see every case (a missing .js file).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'Code in src/ runs in production, where devDependencies are not installed.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type imported from a higher layer couples the layers as much as a value does.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
