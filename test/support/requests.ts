/**
 * How tests ask the API over HTTP, beside `api.gql`: credentials, the code and message of an
 * answer's first error, raw bodies, the ingestion mutation. One copy, so every file asks the same way.
 */

/** Anything with GraphQL errors: a parsed answer (`api.gql`) or a raw JSON body. */
type Answer = { errors?: Array<{ message?: string; extensions?: { code?: unknown } }> } | null | undefined;

/** The code (`extensions.code`) of the answer's first error; undefined when it has none. */
export const codeOf = (answer: Answer): string | undefined => answer?.errors?.[0]?.extensions?.code as string | undefined;

/** The message of the answer's first error; undefined when it has none. */
export const messageOf = (answer: Answer): string | undefined => answer?.errors?.[0]?.message;

/** Headers presenting an API key (or a JWT) as `Authorization: Bearer`, the way most clients do. */
export const bearer = (credential: string): Record<string, string> => ({ authorization: `Bearer ${credential}` });

/** POSTs a body as it is (any content type, not necessarily GraphQL): for probes `api.gql` cannot send. */
export const postRaw = (url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Response> =>
  fetch(url, { method: 'POST', headers, body });

/** The ingestion mutation, answering every count of an IngestResult. */
export const INGEST = /* GraphQL */ `mutation($bundle: JSONObject!) { ingestBundle(bundle: $bundle) {
  document { id publisher } entitiesCreated entitiesMatched relationsCreated relationsMatched statementsCreated statementsMatched quotes } }`;
