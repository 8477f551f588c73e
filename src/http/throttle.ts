/**
 * Throttling per client and operation, plus a total per client three times as large, so that
 * renaming operations does not lift the limit. Counted in express-rate-limit's in-memory stores,
 * called directly rather than as two Express middlewares: the middlewares' promise chains and the
 * key hashing of their headers cost about a sixth of the throughput of a request that does no other
 * work (`npm run bench:vs-library`, Q7).
 */
import type { IncomingMessage } from 'node:http';
import { ipKeyGenerator, MemoryStore, type Options } from 'express-rate-limit';
import proxyAddr from 'proxy-addr';

export interface ThrottleVerdict {
  allowed: boolean;
  /** IETF draft-8 RateLimit-Policy and RateLimit headers, for both counters. */
  headers: Array<[name: string, value: string]>;
}

export class Throttle {
  private readonly perOperation = new MemoryStore();
  private readonly perClient = new MemoryStore();
  private readonly windowSeconds: number;
  /** Behind a reverse proxy, the client's address comes from X-Forwarded-For, trusted this many hops. */
  private readonly trust: (address: string, hop: number) => boolean;

  constructor(
    private readonly limitPerWindow: number,
    trustProxyHops: number,
    windowMs = 60_000,
  ) {
    this.windowSeconds = Math.ceil(windowMs / 1000);
    for (const store of [this.perOperation, this.perClient]) store.init({ windowMs } as Options);
    this.trust = (_address, hop) => hop < trustProxyHops;
  }

  /**
   * A client is its address. Not the API key it presents: throttling runs before the key is
   * checked, and a key id is no secret, so keying on it would let anyone mint fresh buckets or
   * drain another's. IPv6 addresses count by their /56 network, as one client can hold all of it.
   */
  clientOf(req: IncomingMessage): string {
    return `ip:${ipKeyGenerator(proxyAddr(req, this.trust))}`;
  }

  /** Counts one request of `client` for `operation` (its operationName, or '') and says whether it may go on. */
  async take(client: string, operation: string): Promise<ThrottleVerdict> {
    const [op, all] = await Promise.all([this.perOperation.increment(`${client}|${operation.slice(0, 100)}`), this.perClient.increment(client)]);
    const counters = [
      { name: 'per-operation', limit: this.limitPerWindow, hits: op.totalHits, reset: op.resetTime },
      { name: 'per-client', limit: this.limitPerWindow * 3, hits: all.totalHits, reset: all.resetTime },
    ];
    const now = Date.now();
    const resetIn = (reset: Date | undefined) => Math.max(0, Math.ceil(((reset?.getTime() ?? now) - now) / 1000));
    return {
      allowed: counters.every((c) => c.hits <= c.limit),
      headers: [
        ['RateLimit-Policy', counters.map((c) => `"${c.name}";q=${c.limit};w=${this.windowSeconds}`).join(', ')],
        ['RateLimit', counters.map((c) => `"${c.name}";r=${Math.max(0, c.limit - c.hits)};t=${resetIn(c.reset)}`).join(', ')],
      ],
    };
  }

  /** Stops the stores' cleanup timers. */
  shutdown(): void {
    this.perOperation.shutdown();
    this.perClient.shutdown();
  }
}
