/** What `npm start` and the command-line tools print when they fail. */
import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { describeFailure } from '../../src/describe-failure.js';
import { AlreadyExistsError, WriteTimeoutError } from '../../src/errors.js';

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('a failed command says what to do', () => {
  it('a write past its timeout names the setting to raise, and that nothing was written', () => {
    const text = describeFailure(new WriteTimeoutError(120000), 'starting');
    expect(text).toMatch(/NEO4J_WRITE_TIMEOUT_MS \(120000 ms\)/);
    expect(text).toMatch(/nothing of it was written/);
    expect(text).toMatch(/Raise NEO4J_WRITE_TIMEOUT_MS, or split the bundle/);
    noStack(text);
  });

  it('an error from Neo4j is one line with its code and where to look, not a driver stack trace', () => {
    const error = new Neo4jError('The transaction has been terminated.\nmore detail', 'Neo.ClientError.Transaction.Terminated', 'x', 'y');
    const text = describeFailure(error, 'starting');
    expect(text).toMatch(/^Neo4j refused the work \(Neo\.ClientError\.Transaction\.Terminated\): The transaction has been terminated\.\n/);
    expect(text).toMatch(/Nothing was half-written/);
    expect(text).toMatch(/\.neo4j\/instance\/logs/);
    noStack(text);
  });

  it('a write that found its record already made (a uniqueness constraint) says what exists', () => {
    const text = describeFailure(new AlreadyExistsError({ label: 'ApiKey', property: 'id', value: 'abc' }), 'creating a key');
    expect(text).toBe('An ApiKey with id "abc" already exists; nothing of the write was written.');
  });

  it('settings are reported as they are; a bug keeps its trace', () => {
    expect(describeFailure(new ConfigError(['PORT: too big']), 'starting')).toBe('Invalid configuration:\n  - PORT: too big');
    expect(describeFailure(new TypeError('x is undefined'), 'starting')).toMatch(/^Unexpected failure while starting \(a bug[\s\S]*TypeError: x is undefined\n\s+at /);
  });
});
