/** Runs a command-line task: known failures print their message alone and exit 1. */
import { BundleError, WriteTimeoutError } from '../errors.js';
import { ConfigError } from '../config.js';
import { Neo4jSetupError } from '../local-neo4j/local-neo4j.js';

/** Wrong words on the command line; the message is the usage. */
export class UsageError extends Error {}

export async function runCli(task: () => Promise<void>): Promise<void> {
  try {
    await task();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof Neo4jSetupError || error instanceof BundleError || error instanceof UsageError || error instanceof WriteTimeoutError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exit(1);
  }
}
