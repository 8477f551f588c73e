/**
 * The explorer's only way to the data: the public GraphQL endpoint, with operations typed by
 * GraphQL Code Generator (web/build.ts). A failure becomes an ApiError with the API's own code
 * (DATABASE_UNAVAILABLE, QUERY_TIMEOUT, PATH_SEARCH_LIMIT, NOT_FOUND, ...) and a sentence a
 * person can act on; the views show it instead of a blank page.
 */
import type { TypedDocumentString } from './gql/graphql';

export const GRAPHQL_URL = '/graphql';

export class ApiError extends Error {
  constructor(
    message: string,
    /** The API's error code, or NETWORK when no answer came. */
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GraphQLAnswer<Result> {
  data?: Result | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** What to tell a person about a code, where the API's message alone would not say what to do. */
const ADVICE: Record<string, string> = {
  NETWORK: 'The server did not answer. Check that it is running and reachable, then try again.',
  DATABASE_UNAVAILABLE: 'The database is not available right now. Try again in a moment.',
  QUERY_TIMEOUT: 'The question took too long to answer. Try a narrower one (fewer steps, a type of relation).',
  RATE_LIMITED: 'Too many requests in a short time. Wait a minute, then try again.',
};

/** Sends one operation; resolves with its data, or rejects with an ApiError. */
export async function request<Result, Variables>(
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Result> {
  let response: Response;
  try {
    response = await fetch(GRAPHQL_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: document.toString(), variables }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(ADVICE.NETWORK!, 'NETWORK');
  }
  let answer: GraphQLAnswer<Result>;
  try {
    answer = (await response.json()) as GraphQLAnswer<Result>;
  } catch {
    throw new ApiError(`The server answered ${response.status} without a readable body. ${ADVICE.NETWORK}`, 'NETWORK');
  }
  const first = answer.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    throw new ApiError(ADVICE[code] ? `${ADVICE[code]} (${first.message})` : first.message, code);
  }
  if (!answer.data) throw new ApiError(`The server answered ${response.status} with no data.`, 'INTERNAL_SERVER_ERROR');
  return answer.data;
}
