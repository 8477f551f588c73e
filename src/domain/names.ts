/**
 * Name handling: readable ids from names, and the normalised spellings that search matches against
 * (any script, any case, with or without hyphens, spaces and diacritics).
 */
import slugify from '@sindresorhus/slugify';
import transliterate from '@sindresorhus/transliterate';

/**
 * Drops diacritics from Latin letters ("Zürich" -> "Zurich"), as analysts type them. Other scripts
 * keep their marks for the transliterator, which needs them (Cyrillic "й" is not "и").
 */
export function stripLatinMarks(text: string): string {
  return text.normalize('NFD').replace(/([A-Za-z])\p{M}+/gu, '$1').normalize('NFC');
}

/** A readable slug of a name in any script: "Денис Мантуров" -> "denis-manturov". */
export function slugOf(name: string): string {
  return slugify(stripLatinMarks(name));
}

/** Lower-case Latin words of a name: transliterated, diacritics gone, split on anything not a letter or digit. */
export function nameTokens(name: string): string[] {
  return transliterate(stripLatinMarks(name))
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
}

/**
 * The spellings of a set of names that the full-text index holds: each name transliterated and
 * split into words ("art finance"), and run together ("artfinance"), so that "Art-Finance",
 * "art finance", "ArtFinance" and "Арт-Финанс" all meet.
 */
export function searchSpellings(names: readonly string[]): string[] {
  const spellings = new Set<string>();
  for (const name of names) {
    const tokens = nameTokens(name);
    if (tokens.length === 0) continue;
    spellings.add(tokens.join(' '));
    if (tokens.length > 1) spellings.add(tokens.join(''));
  }
  return [...spellings];
}

/** The Lucene queries of a search (see luceneQueriesFor). */
export interface SearchQueries {
  /** Every word, or the words run together: what a search asks first. */
  allWords: string;
  /** Any of the words: asked only when no name has them all (null for a single word: the same query). */
  anyWord: string | null;
}

/**
 * Lucene queries for the full-text index from free text typed by an analyst. Only letters and
 * digits survive normalisation, so no Lucene syntax from the input reaches the index. Each word
 * matches exactly (boosted), as a prefix, or with one typo. Every word is required: a common first
 * name then costs what the rarest word of the query costs, not a score for every name holding it,
 * which is what keeps search an index lookup in a graph of millions.
 */
export function luceneQueriesFor(text: string): SearchQueries | null {
  const tokens = nameTokens(text);
  if (tokens.length === 0) return null;
  const words = tokens.map((t) => {
    const fuzzy = t.length >= 4 ? ` OR ${t}~1` : '';
    return `(${t}^4 OR ${t}*^2${fuzzy})`;
  });
  if (tokens.length === 1) return { allWords: words[0]!, anyWord: null };
  // The run-together form lets "artfinance" find "Art-Finance" and "art finance" find "ArtFinance".
  const runTogether = `${tokens.join('')}^2`;
  return { allWords: `(${words.map((w) => `+${w}`).join(' ')}) OR ${runTogether}`, anyWord: [...words, runTogether].join(' OR ') };
}
