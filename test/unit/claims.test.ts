import { describe, expect, it } from 'vitest';
import { claimIdFor, disputedFields } from '../../src/domain/claims.js';

describe('disputedFields', () => {
  it('names the fields two claims give different values for', () => {
    const claims = [
      { validFrom: '2018', validTo: null, current: true },
      { validFrom: '2018', validTo: '2023-03', current: false },
    ];
    expect(disputedFields(claims, ['validFrom', 'validTo', 'current'])).toEqual(['current']);
  });

  it('does not count a field a claim leaves out as a disagreement', () => {
    expect(disputedFields([{ description: 'A carmaker.' }, { description: null }, {}], ['description'])).toEqual([]);
  });

  it('compares lists by their items', () => {
    expect(disputedFields([{ products: ['cars'] }, { products: ['cars'] }], ['products'])).toEqual([]);
    expect(disputedFields([{ products: ['cars'] }, { products: ['cars', 'engines'] }], ['products'])).toEqual(['products']);
  });
});

describe('claimIdFor', () => {
  it('gives a document one claim per subject, and an editor citing it one more', () => {
    expect(claimIdFor('doc/a', 'person/x', false)).not.toBe(claimIdFor('doc/a', 'person/x', true));
    expect(claimIdFor('doc/a', 'person/x', false)).not.toBe(claimIdFor('doc/b', 'person/x', false));
  });
});
