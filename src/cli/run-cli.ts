/** Runs a command-line task: known failures print their message alone and exit 1. */
import { describeFailure, UserFacingError } from '../describe-failure.js';

/** Wrong words on the command line; the message is the usage. */
export class UsageError extends UserFacingError {}

export async function runCli(task: () => Promise<void>): Promise<void> {
  try {
    await task();
  } catch (error) {
    console.error(describeFailure(error, 'running the command'));
    process.exit(1);
  }
}
