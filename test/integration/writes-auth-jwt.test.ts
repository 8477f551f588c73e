/**
 * Writes with JWTs instead of API keys: from an issuer configured with a shared secret, and
 * checked against an issuer's key set (JWKS); forged, expired or foreign tokens are refused.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { bearer, codeOf, INGEST } from '../support/requests.js';
import { wireStory as bundle } from '../support/seed-builders.js';
import { snapshotGraph, startTestApi } from '../support/test-api.js';

describe('JWTs from a configured issuer', () => {
  const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
  const sign = (
    claims: Record<string, unknown>,
    { issuer = 'https://issuer.test', secret = SECRET, expiresIn = '5m' as string | null, audience = 'industry-graph' } = {},
  ) => {
    const token = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer).setAudience(audience).setSubject('analyst-7').setIssuedAt();
    if (expiresIn) token.setExpirationTime(expiresIn);
    return token.sign(new TextEncoder().encode(secret));
  };
  const unsigned = (claims: Record<string, unknown>) =>
    `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
      JSON.stringify({ ...claims, iss: 'https://issuer.test', aud: 'industry-graph', sub: 'x', exp: Math.floor(Date.now() / 1000) + 300 }),
    ).toString('base64url')}.`;

  it('a valid token with the ingest role may ingest; a wrong issuer, secret, role or an expired one may not', async () => {
    const withJwt = await startTestApi({ seed: false, env: { JWT_ISSUER: 'https://issuer.test', JWT_AUDIENCE: 'industry-graph', JWT_SECRET: SECRET } });
    try {
      const before = await snapshotGraph(withJwt.db);
      const refusals: Array<[string, string, string]> = [
        ['wrong issuer', await sign({ roles: ['ingest'] }, { issuer: 'https://elsewhere.test' }), 'UNAUTHENTICATED'],
        ['wrong secret', await sign({ roles: ['ingest'] }, { secret: 'another-secret-of-at-least-thirty-two-chars' }), 'UNAUTHENTICATED'],
        ['expired', await sign({ roles: ['ingest'] }, { expiresIn: '-1m' }), 'UNAUTHENTICATED'],
        ['no expiry', await sign({ roles: ['ingest'] }, { expiresIn: null }), 'UNAUTHENTICATED'],
        ['another audience', await sign({ roles: ['ingest'] }, { audience: 'another-app' }), 'UNAUTHENTICATED'],
        ['alg none', unsigned({ roles: ['ingest'] }), 'UNAUTHENTICATED'],
        ['reader role', await sign({ roles: ['reader'] }), 'FORBIDDEN'],
      ];
      for (const [why, token, code] of refusals) {
        const response = await withJwt.gql(INGEST, { bundle: bundle() }, bearer(token));
        expect(response.errors?.[0]?.extensions?.code, why).toBe(code);
      }
      expect(await snapshotGraph(withJwt.db)).toBe(before);
      const accepted = await withJwt.gql(INGEST, { bundle: bundle() }, bearer(await sign({ roles: ['ingest'] })));
      expect(accepted.errors).toBeUndefined();
      expect(accepted.data.ingestBundle.entitiesCreated).toBe(bundle().entities.length);
    } finally {
      await withJwt.close();
    }
  });
});

describe('JWTs checked against an issuer\'s key set (JWKS)', () => {
  /** A key set served over real HTTP on localhost, as an identity provider would serve it. */
  async function keySetServer() {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    const sign = (roles: string[]) =>
      new SignJWT({ roles })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer('https://idp.test')
        .setAudience('industry-graph')
        .setSubject('analyst-9')
        .setExpirationTime('5m')
        .sign(privateKey);
    return { url, sign, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('accepts a token signed with a published key; when the key set cannot be fetched the answer is 503, not 401', async () => {
    const keySet = await keySetServer();
    // The key set is fetched on first use; the second server points at a port where nothing listens.
    const withJwks = await startTestApi({ seed: false, env: { JWT_ISSUER: 'https://idp.test', JWT_AUDIENCE: 'industry-graph', JWT_JWKS_URL: keySet.url } });
    const unreachable = await startTestApi({ seed: false, env: { JWT_ISSUER: 'https://idp.test', JWT_AUDIENCE: 'industry-graph', JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json' } });
    try {
      const token = await keySet.sign(['ingest']);
      const accepted = await withJwks.gql(INGEST, { bundle: bundle() }, bearer(token));
      expect(accepted.errors).toBeUndefined();
      const history = await withJwks.gql('{ history(subjectId: "plant/riverside-plant") { edges { node { actor { id kind } } } } }');
      expect(history.data.history.edges[0].node.actor).toEqual({ id: 'analyst-9', kind: 'JWT' });

      const before = await snapshotGraph(unreachable.db);
      const refused = await unreachable.gql(INGEST, { bundle: bundle() }, bearer(token));
      expect(refused.status).toBe(503);
      expect(codeOf(refused)).toBe('AUTHENTICATION_UNAVAILABLE');
      expect(await snapshotGraph(unreachable.db)).toBe(before);

      // A token this key set did not sign is still a 401, whatever the key set's state.
      const { privateKey: otherKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer('https://idp.test')
        .setAudience('industry-graph')
        .setSubject('mallory')
        .setExpirationTime('5m')
        .sign(otherKey);
      const forgedResponse = await withJwks.gql(INGEST, { bundle: bundle() }, bearer(forged));
      expect(forgedResponse.status).toBe(401);
      expect(codeOf(forgedResponse)).toBe('UNAUTHENTICATED');
    } finally {
      await Promise.all([withJwks.close(), unreachable.close(), keySet.close()]);
    }
  });
});
