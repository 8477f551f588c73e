/** What every resolver receives: the per-request data access and the configuration. */
import { seesRestricted, type Principal } from './auth/roles.js';
import type { Config } from './config.js';
import type { Database } from './data/database.js';
import { GraphReader } from './data/graph-reader.js';

export interface GraphQLContext {
  /** Per-request reads, batched and cached by DataLoaders for this request only. */
  data: GraphReader;
  config: Config;
  /** The database, for writes; reads go through `data`. */
  db: Database;
  /** Who is calling; null when anonymous. */
  principal: Principal | null;
}

export function createContext(db: Database, config: Config, principal: Principal | null): GraphQLContext {
  return { data: new GraphReader(db, { seesRestricted: principal !== null && seesRestricted(principal.roles) }), config, db, principal };
}
