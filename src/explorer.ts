/**
 * The explorer: a page for analysts at /explore (web/, built into dist/explorer by `npm run build`),
 * which talks to nothing but this server's public /graphql. Every path under /explore is the same
 * page (it reads its view from the address, so that a shared link opens the same view); its
 * assets are an allowlist of the built files, served from this server only.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { PROJECT_ROOT } from './config.js';

export const EXPLORER_DIR = path.join(PROJECT_ROOT, 'dist', 'explorer');

/** The only files the explorer serves besides its page. */
const ASSETS = new Set(['explorer.js', 'explorer.css']);

/**
 * What the page may load and where it may send requests: this server only. Styles allow inline
 * attributes, which the graph drawing sets on its canvas.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

export function explorerRouter(): express.Router {
  const router = express.Router();
  router.get('/explore/assets/:file', (req, res) => {
    if (!ASSETS.has(req.params.file)) {
      res.status(404).type('text').send('No such file.');
      return;
    }
    // Not fingerprinted: the browser asks again (a 304 when unchanged), so a new build is seen at once.
    res.sendFile(path.join(EXPLORER_DIR, req.params.file), { headers: { 'cache-control': 'no-cache' } });
  });
  router.get(['/explore', '/explore/{*view}'], (_req, res) => {
    const page = path.join(EXPLORER_DIR, 'index.html');
    if (!existsSync(page)) {
      res
        .status(503)
        .type('text')
        .send('The explorer is not built on this server: run `npm run build` (npm start does it), then reload.');
      return;
    }
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(page);
  });
  return router;
}
