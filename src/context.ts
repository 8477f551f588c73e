/** What every resolver receives: the per-request data access and the configuration. */
import type { Config } from './config.js';
import type { Database } from './data/database.js';
import { GraphReader } from './data/graph-reader.js';

export interface GraphQLContext {
  /** Per-request reads, batched and cached by DataLoaders for this request only. */
  data: GraphReader;
  config: Config;
}

export function createContext(db: Database, config: Config): GraphQLContext {
  return { data: new GraphReader(db), config };
}
