/**
 * The GraphQL playground: GraphiQL served entirely from this server (Apollo's default landing page
 * loads its IDE from a CDN, which fails offline and sends queries to a third party), with saved
 * example operations. Browsers asking GET /graphql for HTML get it; every asset is an allowlisted file.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import express from 'express';
import { PROJECT_ROOT } from './config.js';

const require = createRequire(import.meta.url);
const PLAYGROUND_DIR = path.join(PROJECT_ROOT, 'playground');

/** A file of an installed package, found from the package's entry point (its exports hide the UMD builds). */
function packageFile(name: string, file: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') dir = path.dirname(dir);
  return path.join(dir, file);
}

/** The only files the playground serves, by the name it serves them under. */
const ASSETS: ReadonlyMap<string, string> = new Map([
  ['graphiql.min.js', packageFile('graphiql', 'graphiql.min.js')],
  ['graphiql.min.css', packageFile('graphiql', 'graphiql.min.css')],
  ['react.production.min.js', packageFile('react', 'umd/react.production.min.js')],
  ['react-dom.production.min.js', packageFile('react-dom', 'umd/react-dom.production.min.js')],
]);

/** True for a browser navigating to the endpoint (as opposed to a GraphQL client's GET query). */
export function wantsPlayground(req: express.Request): boolean {
  return req.method === 'GET' && req.query.query === undefined && (req.accepts(['application/json', 'text/html']) === 'text/html');
}

/**
 * Where the playground is off (production): a browser opening the endpoint is told so in a page of
 * its own, instead of meeting the CSRF refusal meant for scripts.
 */
export function playgroundOffRouter(): express.Router {
  const router = express.Router();
  router.get(['/graphql', '/playground'], (req, res, next) => {
    if (!wantsPlayground(req)) return next();
    res
      .status(404)
      .type('html')
      .send(
        '<!doctype html><meta charset="utf-8"><title>industry-graph</title>' +
          '<h1>The playground is off on this server</h1>' +
          '<p>This is the GraphQL API of industry-graph; it runs in production mode, where the in-browser playground is not served. ' +
          'Send GraphQL requests to this address with POST (<code>content-type: application/json</code>).</p>' +
          '<p>Operators can serve the playground with <code>PLAYGROUND=true</code>.</p>',
      );
  });
  return router;
}

export function playgroundRouter(): express.Router {
  const router = express.Router();
  const cacheFor = { maxAge: '1d', immutable: true };
  router.get('/playground/assets/:file', (req, res, next) => {
    const file = ASSETS.get(req.params.file);
    if (file === undefined) return next();
    res.sendFile(file, cacheFor);
  });
  router.get('/playground/playground.js', (_req, res) => res.sendFile(path.join(PLAYGROUND_DIR, 'playground.js')));
  router.get('/playground/examples.json', (_req, res) => res.sendFile(path.join(PLAYGROUND_DIR, 'examples.json')));
  router.get(['/graphql', '/playground'], (req, res, next) => {
    if (!wantsPlayground(req)) return next();
    res.sendFile(path.join(PLAYGROUND_DIR, 'index.html'));
  });
  return router;
}
