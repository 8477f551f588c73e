/** The pure parts of curation: what an entity update sets, and the ids of added statements and merged relations. */
import { describe, expect, it } from 'vitest';
import { entityChange, statementIdFor } from '../../src/curation/curate.js';
import { namesAndFieldsLent, relocateRelations } from '../../src/data/merge-plan.js';
import { CurationError } from '../../src/errors.js';

const avilon = { kind: 'ORGANIZATION', name: 'Avilon', aliases: ['Авилон'], description: null };

describe('entityChange', () => {
  it('keeps the old name as an alias and follows the names with search spellings', () => {
    const props = entityChange(avilon, { name: 'Avilon Group' });
    expect(props).toMatchObject({ name: 'Avilon Group', aliases: ['Авилон', 'Avilon'], curatedFields: ['name'] });
    expect(props.searchSpellings).toEqual(expect.arrayContaining(['avilon group', 'avilon']));
  });

  it('clears a field set to null, and leaves out what the input leaves out', () => {
    const props = entityChange({ ...avilon, description: 'x' }, { description: null });
    expect(props.description).toBeNull();
    expect('category' in props).toBe(false);
  });

  it('refuses fields of another kind and a cleared name, naming each problem', () => {
    expect(() => entityChange(avilon, { status: 'IDLE' })).toThrow(/"status" applies to PLANT entities only/);
    expect(() => entityChange(avilon, { name: null })).toThrow(CurationError);
  });
});

describe('statementIdFor', () => {
  it('gives the same speaker and summary the same id, so a retried addition adds nothing twice', () => {
    const id = statementIdFor('person/denis-manturov', 'Production will start in the first half of 2024, he said.');
    expect(id).toBe('statement/denis-manturov-production-will-start-in-the-first-half-of');
    expect(statementIdFor('person/denis-manturov', 'Production will start in the first half of 2024, he said.')).toBe(id);
  });
});

describe('merging', () => {
  it('moves each relation to the survivor, keeping type and role, and drops one that would join the survivor to itself', () => {
    const { moved, toCreate } = relocateRelations(
      [
        { id: 'owns:organization/b:plant/p:owner', type: 'OWNS', outgoing: true, otherId: 'plant/p', props: {} },
        { id: 'part-of:organization/x:organization/b', type: 'PART_OF', outgoing: false, otherId: 'organization/x', props: {} },
        { id: 'partner-of:organization/b:organization/a', type: 'PARTNER_OF', outgoing: true, otherId: 'organization/a', props: {} },
      ],
      'organization/a',
    );
    expect(moved).toEqual({
      'owns:organization/b:plant/p:owner': 'owns:organization/a:plant/p:owner',
      'part-of:organization/x:organization/b': 'part-of:organization/x:organization/a',
      'partner-of:organization/b:organization/a': null,
    });
    expect(toCreate.map((r) => [r.fromId, r.toId])).toEqual([['organization/a', 'plant/p'], ['organization/x', 'organization/a']]);
  });

  it('lends names and missing fields, but nothing from a restricted entity to an open survivor', () => {
    const merged = { name: 'B Corp', aliases: ['Bee'], description: 'makes things', restricted: false };
    const survivor = { name: 'A Corp', aliases: ['Bee'], description: null };
    expect(namesAndFieldsLent(merged, survivor)).toEqual({ addedAliases: ['B Corp'], filledFields: { description: 'makes things' }, addedCuratedFields: [] });
    expect(namesAndFieldsLent({ ...merged, restricted: true }, survivor)).toEqual({ addedAliases: [], filledFields: {}, addedCuratedFields: [] });
    // An editor's value lent stays an editor's value on the survivor.
    expect(namesAndFieldsLent({ ...merged, curatedFields: ['description', 'name'] }, survivor).addedCuratedFields).toEqual(['description']);
  });
});
