/** The FollowTheMoney mapping's rules that a round trip depends on: ids, dates, status and link types. */
import { describe, expect, it } from 'vitest';
import { currentOfStatus, ftmDateToOurs, ftmIdOf, linkSchemaFor, ourDateToFtm, ourIdOf, unknownLinkType } from '../../src/ftm/ftm-mapping.js';

describe('the FtM mapping', () => {
  it('writes our ids in the characters FtM allows, and reads them back as they were', () => {
    for (const id of ['person/denis-manturov', 'plant/kaluga-automotive-plant', 'document/tass-kaluga-plant']) {
      const ftmId = ftmIdOf(id);
      expect(ftmId).toMatch(/^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$/);
      expect(ourIdOf(ftmId, id.split('/')[0]!.toUpperCase())).toBe(id);
    }
  });

  it('gives a dataset\'s ids the kind, and a short hash where the slug changed them, so that two never become one', () => {
    expect(ourIdOf('ofac-1234', 'PERSON')).toBe('person/ofac-1234');
    expect(ourIdOf('Q1', 'PERSON')).not.toBe(ourIdOf('q1', 'PERSON'));
    expect(ourIdOf('NK-a.b_C', 'ORGANIZATION')).toMatch(/^organization\/nk-a-b-c-[0-9a-f]{12}$/);
    expect(ourIdOf('rec-1', 'DOCUMENT', 'ftm-')).toBe('document/ftm-rec-1');
  });

  it('reads FtM dates to the precision they give, and writes halves and quarters as their year', () => {
    expect(['2023', '2023-05', '2023-05-01', '2023-05-01T12:00:00', 'May 2023', ''].map((d) => ftmDateToOurs(d))).toEqual(['2023', '2023-05', '2023-05-01', '2023-05-01', null, null]);
    expect(['2024-H1', '2024-Q3', '2024-06', null].map(ourDateToFtm)).toEqual(['2024', '2024', '2024-06', null]);
  });

  it('says current as OpenSanctions does, and reads its words back', () => {
    expect([['current'], ['Active'], ['ended'], ['former'], ['unknown'], undefined].map(currentOfStatus)).toEqual([true, true, false, false, null, null]);
  });

  it('chooses a schema whose ranges take both ends, and reads any other type back from an UnknownLink', () => {
    const person = { kind: 'PERSON' as const };
    const company = { kind: 'ORGANIZATION' as const, category: 'COMPANY' as const };
    const ministry = { kind: 'ORGANIZATION' as const, category: 'GOVERNMENT_BODY' as const };
    expect(linkSchemaFor('HOLDS_POSITION', person, ministry, 'minister', null)).toBe('OCCUPANCY');
    expect(linkSchemaFor('OWNS', person, company, null, null)).toMatchObject({ schema: 'Ownership' });
    // FtM's Ownership takes only assets: a ministry owned is said by an UnknownLink.
    const owned = linkSchemaFor('OWNS', company, ministry, null, null);
    expect(owned).toMatchObject({ schema: 'UnknownLink', type: 'OWNS' });
    expect(linkSchemaFor('ASSOCIATED_WITH', person, person, null, true)).toMatchObject({ schema: 'UnknownLink' });
    expect(unknownLinkType(['owns'])).toBe('OWNS');
    expect(unknownLinkType(['is a partner of'])).toBe('PARTNER_OF');
    expect(unknownLinkType(['met at a party'])).toBe('ASSOCIATED_WITH');
  });
});
