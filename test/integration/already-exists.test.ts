/**
 * A write that breaks a uniqueness constraint (src/data/schema-setup.ts) fails as ALREADY_EXISTS
 * naming what exists, rolled back whole, instead of reaching the client as an internal error. The
 * violations here are real ones, from the real Neo4j, through the write wrapper every store uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher, type Database } from '../../src/data/database.js';
import { applySchema } from '../../src/data/schema-setup.js';
import { AlreadyExistsError, clientErrorOf } from '../../src/errors.js';
import { testDatabase, wipe } from '../support/test-api.js';

const CREATE_ENTITY = cypher('testCreateEntity', 'CREATE (:Entity {id: $id, name: $id})');
const CREATE_MARKER = cypher('testCreateMarker', 'CREATE (:TestMarker {id: $id})');
const COUNT = cypher('testCountById', 'MATCH (n) WHERE n.id = $id RETURN count(n) AS count');

let db: Database;
beforeAll(async () => {
  db = testDatabase();
  await wipe(db);
  await applySchema(db);
});
afterAll(() => db.close());

const count = async (id: string) => ((await db.read((tx) => tx.run(COUNT, { id })))[0]!.count as number);

/** The error a write failed with; fails the test if it did not fail. */
async function failureOf(write: Promise<unknown>): Promise<unknown> {
  return write.then(
    () => expect.fail('the write was expected to fail'),
    (error: unknown) => error,
  );
}

describe('a write that breaks a uniqueness constraint', () => {
  it('fails with AlreadyExistsError naming the label, property and value, and writes nothing', async () => {
    await db.write((tx) => tx.run(CREATE_ENTITY, { id: 'person/already-here' }));
    const error = await failureOf(
      db.write(async (tx) => {
        await tx.run(CREATE_MARKER, { id: 'marker/first-statement' });
        await tx.run(CREATE_ENTITY, { id: 'person/already-here' });
      }),
    );
    expect(error).toBeInstanceOf(AlreadyExistsError);
    expect((error as AlreadyExistsError).existing).toEqual({ label: 'Entity', property: 'id', value: 'person/already-here' });
    expect((error as Error).message).toBe('An Entity with id "person/already-here" already exists; nothing of the write was written.');
    // Rolled back whole: the statement before the violating one left nothing either.
    expect(await count('marker/first-statement')).toBe(0);
    expect(await count('person/already-here')).toBe(1);
  });

  it('is what the second of two concurrent writes of the same id gets; the client reads ALREADY_EXISTS', async () => {
    const id = 'organization/made-twice-at-once';
    const outcomes = await Promise.allSettled([0, 1].map(() => db.write((tx) => tx.run(CREATE_ENTITY, { id }))));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const error = (outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(AlreadyExistsError);
    const graphQLError = clientErrorOf(error, 'input');
    expect(graphQLError?.extensions).toEqual({ code: 'ALREADY_EXISTS' });
    expect(graphQLError?.message).toBe(`An Entity with id "${id}" already exists; nothing of the write was written.`);
    expect(await count(id)).toBe(1);
  });

  it('does not repeat a value it should not show', async () => {
    const id = 'person/with\na-newline';
    await db.write((tx) => tx.run(CREATE_ENTITY, { id }));
    const error = await failureOf(db.write((tx) => tx.run(CREATE_ENTITY, { id })));
    expect((error as Error).message).toBe('An Entity with this id already exists; nothing of the write was written.');
  });
});
