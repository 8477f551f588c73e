/**
 * What a uniqueness violation from Neo4j becomes: the record named when the message says it
 * plainly, nothing odd echoed back, and ALREADY_EXISTS for the client. The real violation, from a
 * real Neo4j, is provoked in test/integration/already-exists.test.ts.
 */
import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { existingRecordOf, uniquenessViolation } from '../../src/data/driver-errors.js';
import { AlreadyExistsError, clientErrorOf } from '../../src/errors.js';

const violation = (message: string) => new Neo4jError(message, 'Neo.ClientError.Schema.ConstraintValidationFailed', '50N42', 'x');

describe('a uniqueness violation', () => {
  it('names the label, property and value Neo4j gives (messages as Neo4j 5.26 words them)', () => {
    expect(existingRecordOf("Node(0) already exists with label `Entity` and property `id` = 'person/denis-manturov'")).toEqual({
      label: 'Entity',
      property: 'id',
      value: 'person/denis-manturov',
    });
    expect(existingRecordOf("Relationship(7) already exists with type `OWNS` and property `id` = 'owns:a:b'")).toEqual({ label: 'OWNS', property: 'id', value: 'owns:a:b' });
    expect(existingRecordOf('Node(2) already exists with label `Entity` and property `id` = 5')).toEqual({ label: 'Entity', property: 'id', value: '5' });
  });

  it('takes a quoted value whole, quotes and backticks in it included (Neo4j does not escape them)', () => {
    expect(existingRecordOf("Node(1) already exists with label `Entity` and property `id` = 'it's `x` = 'y''")?.value).toBe("it's `x` = 'y'");
  });

  it('does not echo a value that is long or has control characters, and names nothing it cannot parse', () => {
    expect(existingRecordOf("Node(1) already exists with label `Entity` and property `id` = 'a\nb'")).toEqual({ label: 'Entity', property: 'id', value: null });
    expect(existingRecordOf(`Node(1) already exists with label \`Entity\` and property \`id\` = '${'x'.repeat(201)}'`)?.value).toBeNull();
    expect(existingRecordOf("Node(1) already exists with label `Entity` and properties `a` = 1, `b` = 2")).toBeNull();
    expect(existingRecordOf("Node(1) already exists with label `Ent ity` and property `id` = 'x'")).toBeNull();
  });

  it('is told apart from other driver errors and other constraint failures', () => {
    expect(uniquenessViolation(violation("Node(0) already exists with label `Entity` and property `id` = 'x'"))).toEqual({ label: 'Entity', property: 'id', value: 'x' });
    expect(uniquenessViolation(violation('Node(0) already exists with label `Entity` and properties `a` = 1, `b` = 2'))).toBeNull();
    expect(uniquenessViolation(violation('Node(0) with label `Entity` must have the property `id`'))).toBeUndefined();
    expect(uniquenessViolation(new Neo4jError('x', 'Neo.ClientError.Statement.SyntaxError', '42000', 'x'))).toBeUndefined();
    expect(uniquenessViolation(new Error("Node(0) already exists with label `Entity` and property `id` = 'x'"))).toBeUndefined();
  });

  it('reaches the client as ALREADY_EXISTS, with a message naming what exists', () => {
    const named = clientErrorOf(new AlreadyExistsError({ label: 'Entity', property: 'id', value: 'person/x' }), 'input');
    expect(named?.message).toBe('An Entity with id "person/x" already exists; nothing of the write was written.');
    expect(named?.extensions).toEqual({ code: 'ALREADY_EXISTS' });
    expect(new AlreadyExistsError({ label: 'Document', property: 'id', value: null }).message).toBe('A Document with this id already exists; nothing of the write was written.');
    expect(new AlreadyExistsError(null).message).toBe('Something this write creates already exists; nothing of the write was written.');
  });
});
