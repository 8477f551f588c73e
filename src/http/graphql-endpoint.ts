/**
 * The /graphql endpoint as a plain node:http handler: CORS, the JSON body, throttling, then Apollo
 * Server's own HTTP entry point (`executeHTTPGraphQLRequest`), as Apollo's standalone server does.
 * app.ts hands it POST /graphql before Express sees the request, and mounts it in Express for the
 * rest (GET queries, CORS preflights), so both ways run this one handler. Why not only Express: its
 * router and the request and response objects it decorates cost a third of the throughput of a
 * request that does no other work (`npm run bench:vs-library`, Q7), and POST /graphql needs none of
 * them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import cors from 'cors';
import express from 'express';
import { rateLimitedBody, requestBodyErrorBody } from '../errors.js';
import type { Throttle } from './throttle.js';

/** Largest request body accepted; an ingested article with its bundle fits well within it. */
export const BODY_LIMIT = '2mb';

type Next = (error?: unknown) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

export interface GraphQLEndpointOptions<Context extends object> {
  apollo: ApolloServer<Context>;
  throttle: Throttle;
  /** Builds the context of one request (who is calling); may throw a GraphQL error. */
  context: (req: IncomingMessage) => Promise<Context>;
  /** Origins whose pages may call the API from a browser; null: any. */
  corsOrigins: readonly string[] | null;
}

/** A request carrying a parsed JSON body (set by the body parser; absent for other content types). */
type RequestWithBody = IncomingMessage & { body?: unknown };

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/**
 * Bodies that never reach Apollo (malformed JSON, over the size limit) still get a GraphQL-shaped
 * error with a code, never an HTML page with a stack trace.
 */
export function refuseBody(res: ServerResponse, error: { status?: number; type?: string }): void {
  const tooLarge = error.type === 'entity.too.large';
  const status = tooLarge ? 413 : error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
  if (status === 500) console.error('Unexpected error outside GraphQL', error);
  sendJson(res, status, requestBodyErrorBody(status, tooLarge));
}

export function graphqlEndpoint<Context extends object>({ apollo, throttle, context, corsOrigins }: GraphQLEndpointOptions<Context>) {
  // Another origin not listed gets no CORS headers: its browser withholds the answer (and, as the
  // API takes only JSON bodies or the preflight header, never sends it a write unasked).
  const allowedOrigins = corsOrigins === null ? '*' : [...corsOrigins];
  const steps: Middleware[] = [cors({ origin: allowedOrigins }), express.json({ limit: BODY_LIMIT }) as unknown as Middleware];

  async function answer(req: RequestWithBody, res: ServerResponse): Promise<void> {
    const body = req.body as { operationName?: unknown } | undefined;
    const verdict = await throttle.take(throttle.clientOf(req), typeof body?.operationName === 'string' ? body.operationName : '');
    for (const [name, value] of verdict.headers) res.setHeader(name, value);
    if (!verdict.allowed) return sendJson(res, 429, rateLimitedBody());

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: query < 0 ? '' : url.slice(query), body: req.body },
      context: () => context(req),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    let step = 0;
    const next: Next = (error) => {
      if (error) return refuseBody(res, error as { status?: number; type?: string });
      const middleware = steps[step++];
      if (middleware) return middleware(req, res, next);
      answer(req, res).catch((failure: unknown) => {
        // Apollo answers every GraphQL error itself: what arrives here is a bug.
        console.error('Unexpected error outside GraphQL', failure);
        if (!res.headersSent) sendJson(res, 500, requestBodyErrorBody(500, false));
        else res.end();
      });
    };
    next();
  };
}
