/** History is the difference between snapshots: what changed is recorded, and nothing else. */
import { describe, expect, it } from 'vitest';
import { changesBetween, diffSnapshots, type SubjectSnapshot } from '../../src/data/history-store.js';

const actor = { id: 'k1', kind: 'API_KEY' as const };
const snapshot = (fields: Record<string, unknown>, quotes: string[] = [], restricted = false): SubjectSnapshot => ({
  id: 'organization/a',
  type: 'ENTITY',
  fields,
  evidence: quotes.map((quote) => ({ quote, documentId: 'document/d' })),
  restricted,
});

describe('diffSnapshots', () => {
  it('finds nothing when nothing changed, whatever the order of keys', () => {
    expect(diffSnapshots(snapshot({ name: 'A', aliases: ['x'] }, ['q']), snapshot({ aliases: ['x'], name: 'A' }, ['q']))).toBeNull();
  });

  it('records a creation with the fields it was created with (not the empty ones) and its quotes', () => {
    const change = diffSnapshots(undefined, snapshot({ name: 'A', description: null }, ['q']))!;
    expect(change).toMatchObject({ action: 'CREATED', fields: [{ field: 'name', before: null, after: 'A' }], quotesAdded: [{ quote: 'q', documentId: 'document/d' }], documentIds: ['document/d'] });
  });

  it('records an update field by field, and quotes gained and lost', () => {
    const change = diffSnapshots(snapshot({ name: 'A', description: 'old' }, ['q1']), snapshot({ name: 'A', description: 'new' }, ['q2']))!;
    expect(change.action).toBe('UPDATED');
    expect(change.fields).toEqual([{ field: 'description', before: 'old', after: 'new' }]);
    expect(change.quotesAdded.map((q) => q.quote)).toEqual(['q2']);
    expect(change.quotesRemoved.map((q) => q.quote)).toEqual(['q1']);
  });

  it('names retraction and reinstatement as such', () => {
    expect(diffSnapshots(snapshot({ retracted: null }), snapshot({ retracted: 'wrong' }))!.action).toBe('RETRACTED');
    expect(diffSnapshots(snapshot({ retracted: 'wrong' }), snapshot({ retracted: null }))!.action).toBe('REINSTATED');
  });

  it('marks a change restricted when the subject was restricted before or after', () => {
    expect(diffSnapshots(snapshot({ name: 'A' }, [], true), snapshot({ name: 'B' }))!.restricted).toBe(true);
    expect(diffSnapshots(snapshot({ name: 'A' }), snapshot({ name: 'B' }))!.restricted).toBe(false);
  });
});

describe('changesBetween', () => {
  it('attributes changes to the actor, the document and the reason, and takes a retraction\'s reason when none is given', () => {
    const before = new Map([['organization/a', snapshot({ retracted: null })]]);
    const after = new Map([['organization/a', snapshot({ retracted: 'not in the source' })]]);
    const [change] = changesBetween(before, after, { actor, documentId: 'document/x' });
    expect(change).toMatchObject({ actor, reason: 'not in the source', documentIds: ['document/x'] });
  });

  it('records a subject given extra fields under the given action even when its snapshot did not change', () => {
    const same = new Map([['organization/a', snapshot({ name: 'A' })]]);
    const changes = changesBetween(same, same, { actor, reason: 'one company' }, { action: 'MERGED', extraFields: { 'organization/a': [{ field: 'absorbed', before: null, after: 'organization/b' }] } });
    expect(changes).toEqual([expect.objectContaining({ action: 'MERGED', fields: [{ field: 'absorbed', before: null, after: 'organization/b' }], reason: 'one company' })]);
    expect(changesBetween(same, same, { actor })).toEqual([]);
  });
});
