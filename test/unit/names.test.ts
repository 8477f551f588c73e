import { describe, expect, it } from 'vitest';
import { exactWordsQueryFor, luceneQueriesFor, nameTokens, searchSpellings, slugOf } from '../../src/domain/names.js';
import { entityIdFor, relationIdFor, relationTypeOfId, relationTypePattern } from '../../src/domain/model.js';

describe('names', () => {
  it('slugs names in any script into readable ids', () => {
    expect(entityIdFor('PERSON', 'Denis Manturov')).toBe('person/denis-manturov');
    expect(slugOf('Денис Мантуров')).toBe('denis-manturov');
    expect(slugOf('Ça va Ünïcode')).toBe('ca-va-unicode');
  });

  it('normalises case, hyphens, spaces, diacritics and script into the same tokens', () => {
    expect(nameTokens('Art-Finance')).toEqual(['art', 'finance']);
    expect(nameTokens('  art   FINANCE ')).toEqual(['art', 'finance']);
    expect(nameTokens('Мантуров')).toEqual(['manturov']);
    expect(nameTokens('Zürich')).toEqual(['zurich']);
  });

  it('indexes spaced and run-together spellings of every name', () => {
    expect(searchSpellings(['Art-Finance', 'Арт-Финанс'])).toEqual(['art finance', 'artfinance', 'art finans', 'artfinans']);
  });

  it('builds Lucene queries that carry no syntax from the input', () => {
    const queries = luceneQueriesFor('"}) DETACH DELETE n // AND *:* OR name:x~ \\ [a TO z] {b} +c -d !e &&f ||g ^h')!;
    // Without initials, the first question takes the words before the last whole: another form.
    const wholeWords = luceneQueriesFor('"}) DETACH DELETE nn // AND *:* OR name:xx~ &&ff ^hh')!;
    expect(wholeWords.allWords).not.toBeNull();
    for (const query of [queries.asTyped, queries.allWords, queries.allWordsWithTypos, queries.anyWord, wholeWords.asTyped, wholeWords.allWords, exactWordsQueryFor('"}) DETACH DELETE n // AND *:*')]) {
      if (query === null) continue;
      // Every term the input contributes is plain lower-case letters and digits; the rest is our own syntax.
      const terms = query.replace(/[()+]|\^\d+|~1|\*| OR /g, ' ').trim().split(/\s+/);
      for (const term of terms) expect(term).toMatch(/^[a-z0-9]+$/);
      expect(terms).toContain('detach');
    }
    expect(luceneQueriesFor('   ---  ')).toBeNull();
  });

  it('requires every word, or the words run together; earlier words as prefixes, typos, then any word, are later questions', () => {
    expect(luceneQueriesFor('Manturov')).toEqual({
      asTyped: '(manturov^4 OR manturov*^2)',
      allWords: null,
      allWordsWithTypos: '(manturov^4 OR manturov*^2 OR manturov~1)',
      anyWord: null,
    });
    expect(luceneQueriesFor('Art finance')).toEqual({
      asTyped: '(+art^4 +(finance^4 OR finance*^2)) OR artfinance^2',
      allWords: '(+(art^4 OR art*^2) +(finance^4 OR finance*^2)) OR artfinance^2',
      allWordsWithTypos: '(+(art^4 OR art*^2) +(finance^4 OR finance*^2 OR finance~1)) OR artfinance^2',
      anyWord: '(art^4 OR art*^2) OR (finance^4 OR finance*^2 OR finance~1) OR artfinance^2',
    });
    // An initial stands for a first name: every word as the start of a word from the first question.
    expect(luceneQueriesFor('D. Manturov')).toMatchObject({ asTyped: '(+(d^4 OR d*^2) +(manturov^4 OR manturov*^2)) OR dmanturov^2', allWords: null });
  });

  it('looks for possible duplicates by every whole word in any order, initials aside, or run together', () => {
    expect(exactWordsQueryFor('Денис Мантуров')).toBe('(+denis +manturov) OR denismanturov');
    expect(exactWordsQueryFor('Denis V. Manturov')).toBe('(+denis +manturov) OR denisvmanturov');
    expect(exactWordsQueryFor('Avilon')).toBe('avilon');
    expect(exactWordsQueryFor(' - ')).toBeNull();
  });
});

describe('relation ids and types', () => {
  it('give the same fact the same id, with the type readable from it', () => {
    const id = relationIdFor('OWNS', 'organization/a', 'plant/b', 'new owner');
    expect(id).toBe('owns:organization/a:plant/b:new-owner');
    expect(relationTypeOfId(id)).toBe('OWNS');
    expect(relationTypeOfId(relationIdFor('HOLDS_POSITION', 'person/a', 'place/b', null))).toBe('HOLDS_POSITION');
    expect(relationTypeOfId('detach-delete:x')).toBeNull();
  });

  it('only ever writes allowlisted relationship types into Cypher', () => {
    expect(relationTypePattern(['OWNS', 'PART_OF', 'OWNS'])).toBe(':OWNS|PART_OF');
    expect(() => relationTypePattern(['OWNS]->() DETACH DELETE n //' as never])).toThrow(/allowlisted/);
  });
});
