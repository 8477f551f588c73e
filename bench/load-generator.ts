/**
 * The load generator of the benchmarks (bench/processes.ts starts it), in a process of its own so that it takes no CPU
 * from the server it measures inside one event loop: autocannon POSTs the given bodies in turn
 * (one per request, each connection keeping one request in flight) for a number of seconds and
 * prints one JSON line: latency percentiles, requests per second, errors and non-2xx answers.
 * Input: the path of a JSON file { url, bodies, connections, seconds }.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const { url, bodies, connections, seconds } = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { url: string; bodies: string[]; connections: number; seconds: number };
let next = 0;
const result = await autocannon({
  url,
  method: 'POST',
  connections,
  duration: seconds,
  // Longer than any server-side timeout: a slow answer is measured, not cut off here.
  timeout: 60,
  headers: { 'content-type': 'application/json' },
  requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }) }],
});
console.log(
  JSON.stringify({
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.total / seconds,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }),
);
