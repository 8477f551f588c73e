import { describe, expect, it } from 'vitest';
import { changeCursor, decodeCursor, encodeCursor, entityCursor, timelineCursor } from '../../src/domain/cursor.js';
import { afterChange, afterKey, afterKeyset, afterTimelineItem, pageSize } from '../../src/graphql/arguments.js';

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

  it("each list reads back its own cursors and refuses another list's with BAD_USER_INPUT", () => {
    const order = entityCursor.order('NAME', 'ASC');
    const cursors = {
      entity: entityCursor.encode(order, 'kaluga', 'plant/x'),
      change: changeCursor.encode('2026-01-01T00:00:00Z', 'change/1'),
      timeline: timelineCursor.encode('2024-01-01|x'),
    };
    expect(afterKeyset(cursors.entity, order)).toEqual({ key: 'kaluga', id: 'plant/x' });
    expect(afterChange(cursors.change)).toEqual({ at: '2026-01-01T00:00:00Z', id: 'change/1' });
    expect(afterTimelineItem(cursors.timeline)).toBe('2024-01-01|x');
    const refused = expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'after' }) });
    expect(() => afterKeyset(cursors.entity, entityCursor.order('NAME', 'DESC'))).toThrow(refused);
    for (const other of [cursors.change, cursors.timeline]) expect(() => afterKeyset(other, order)).toThrow(refused);
    for (const other of [cursors.entity, cursors.timeline]) expect(() => afterChange(other)).toThrow(refused);
    for (const other of [cursors.entity, cursors.change]) expect(() => afterTimelineItem(other)).toThrow(refused);
  });
});
