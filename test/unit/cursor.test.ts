import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/domain/cursor.js';
import { afterKey, pageSize } from '../../src/graphql/arguments.js';

describe('cursors and page sizes', () => {
  it('round-trips a key through an opaque cursor', () => {
    const cursor = encodeCursor('owns:organization/a:plant/b');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toBe('owns:organization/a:plant/b');
  });

  it('refuses strings that are not its cursors with BAD_USER_INPUT', () => {
    for (const bad of ['', 'abc', Buffer.from('other:x').toString('base64url'), 'not a cursor!']) {
      expect(() => afterKey(bad)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    }
    expect(afterKey(null)).toBeNull();
  });

  it('bounds page sizes', () => {
    expect(pageSize(undefined, 20, 100)).toBe(20);
    expect(pageSize(100, 20, 100)).toBe(100);
    expect(() => pageSize(101, 20, 100)).toThrow('"first" must be from 0 to 100 (got 101); page through the rest with "after"');
    expect(() => pageSize(-1, 20, 100)).toThrow('"first" must be from 0 to 100 (got -1)');
  });
});
