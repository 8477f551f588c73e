/**
 * Whether an article loaded again says of a subject what the claim the subject holds says
 * (created-snapshots.ts: saysAgain): only then is the subject, and where its claim is, left as it is.
 */
import { describe, expect, it } from 'vitest';
import { newEntityRows, newRelationRows, saysAgain } from '../../src/data/created-snapshots.js';
import type { HeldClaim } from '../../src/data/claim-store.js';
import { parseBundle } from '../../src/ingest/load-bundle.js';
import { prepareBundle } from '../../src/ingest/prepare-bundle.js';
import { EARLIER, POSITION } from '../support/disagreeing-articles.js';
import { articleJson } from '../support/seed-builders.js';

const prepared = (article = EARLIER) => {
  const bundle = parseBundle(articleJson(article), 'test');
  return prepareBundle(bundle, bundle.document.text!);
};

/** The claim a subject created by `bundle` holds, as ONLY_CLAIMS reads it back (the values it shows). */
function heldAfter(bundle: ReturnType<typeof prepared>, subjectId: string, change: Record<string, unknown> = {}): HeldClaim {
  const entity = bundle.entities.find((e) => e.id === subjectId);
  const shown = entity
    ? newEntityRows([entity])[0]!.properties
    : newRelationRows(bundle.relations.filter((r) => r.id === subjectId), { start: null, end: null })[0]!.properties;
  const values = { subjectId, documentId: bundle.document.id, publishedOn: bundle.document.publishedOn, ...shown, ...change };
  return { id: `${bundle.document.id}|${subjectId}`, loadedAt: 1, restricted: false, values };
}

describe('an article said again', () => {
  const bundle = prepared();

  it('says again what an entity and a relation it created hold', () => {
    expect(saysAgain(heldAfter(bundle, 'person/olga-varga'), bundle)).toBe(true);
    expect(saysAgain(heldAfter(bundle, POSITION), bundle)).toBe(true);
  });

  it('does not when a value differs, one is missing, or the claim is another document\'s', () => {
    expect(saysAgain(heldAfter(bundle, 'person/olga-varga', { description: 'Another description.' }), bundle)).toBe(false);
    expect(saysAgain(heldAfter(bundle, POSITION, { validFrom: '2018' }), bundle)).toBe(false);
    expect(saysAgain(heldAfter(bundle, POSITION, { validFrom: null }), bundle)).toBe(false);
    expect(saysAgain(heldAfter(bundle, 'person/olga-varga', { documentId: 'document/another' }), bundle)).toBe(false);
  });

  it('does not when the article now gives another publication date (its claims are dated by it)', () => {
    const redated = prepared({ ...EARLIER, document: { ...EARLIER.document, publishedOn: '2022-07-01' } });
    expect(saysAgain(heldAfter(bundle, POSITION), redated)).toBe(false);
  });
});
