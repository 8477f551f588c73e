/**
 * Shutdown drains requests in flight: a request that has started before stop() is answered in
 * full, and only then does the server finish stopping; new connections are refused meanwhile.
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { postRaw } from '../support/requests.js';
import { startTestApi } from '../support/test-api.js';

describe('shutdown', () => {
  it('answers a request in flight before it stops', async () => {
    const api = await startTestApi();
    const body = JSON.stringify({ query: '{ entity(id: "person/denis-manturov") { name } }' });
    const url = new URL(api.url);
    let stopped = false;

    // Send the headers and half the body, so the request is in flight, then stop the server.
    const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on('error', reject);
    });
    request.write(body.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopping = api.server.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopped).toBe(false); // still waiting for the request in flight

    request.end(body.slice(10));
    const { status, text } = await answered;
    expect(status).toBe(200);
    expect(JSON.parse(text).data.entity.name).toBe('Denis Manturov');
    await stopping;
    expect(stopped).toBe(true);

    await expect(postRaw(api.url, body)).rejects.toThrow();
    await api.db.close();
  });
});
