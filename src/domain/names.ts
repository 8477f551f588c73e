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

/** The Lucene queries of a search (see luceneQueriesFor), asked in this order until one finds something. */
export interface SearchQueries {
  /**
   * Every word, the last whole or as the start of a word (the one still being typed), the others
   * whole; or the words run together: what a search asks first.
   */
  asTyped: string;
  /** Every word, whole or as the start of a word: asked when no name has the words as typed (null when that is what `asTyped` asks already: a single word, or initials before the last). */
  allWords: string | null;
  /** Every word as a prefix, each also with one typo: asked when no name has the words as typed nor as starts of words. */
  allWordsWithTypos: string;
  /** Any of the words, with a typo: asked only when no name has them all (null for a single word). */
  anyWord: string | null;
}

/**
 * Lucene queries for the full-text index from free text typed by an analyst. Only letters and
 * digits survive normalisation, so no Lucene syntax from the input reaches the index. Each word
 * matches exactly (boosted) or as a prefix, and every word is required: a page of names that share
 * a common first name with the query is not an answer. Words before the last are taken whole
 * first (see `asTyped`), then as prefixes too. Typos come next: expanding every word to
 * its one-letter variants costs more the more names the graph holds, and is only worth it when the
 * words as typed find nothing.
 */
export function luceneQueriesFor(text: string): SearchQueries | null {
  const tokens = nameTokens(text);
  if (tokens.length === 0) return null;
  const word = (t: string, typos: boolean) => `(${t}^4 OR ${t}*^2${typos && t.length >= 4 ? ` OR ${t}~1` : ''})`;
  // The run-together form lets "artfinance" find "Art-Finance" and "art finance" find "ArtFinance".
  const runTogether = tokens.length > 1 ? ` OR ${tokens.join('')}^2` : '';
  const every = (typos: boolean) =>
    tokens.length === 1 ? word(tokens[0]!, typos) : `(${tokens.map((t) => `+${word(t, typos)}`).join(' ')})${runTogether}`;
  // A word as the start of longer ones reads every name with such a word: a common first name is
  // the start of thousands of surnames in a large graph. Only the last word is taken so at first.
  // An initial before it ("D Manturov") stands for a first name: then every word is a prefix at once.
  const last = tokens.length - 1;
  const prefixesAtOnce = tokens.length === 1 || tokens.slice(0, last).some((t) => t.length === 1);
  const asTyped = prefixesAtOnce ? every(false) : `(${tokens.map((t, i) => `+${i === last ? word(t, false) : `${t}^4`}`).join(' ')})${runTogether}`;
  return {
    asTyped,
    allWords: prefixesAtOnce ? null : every(false),
    allWordsWithTypos: every(true),
    anyWord: tokens.length === 1 ? null : `${tokens.map((t) => word(t, true)).join(' OR ')}${runTogether}`,
  };
}

/**
 * A Lucene query for the names that hold every whole word of `name` (in any script, case and
 * order; initials left out, as a name is often given with or without them), or its words run
 * together: what possible duplicates are looked for with, before they are compared letter by
 * letter. Whole words only, no prefixes or typos: a few term lookups, cheap enough to ask for
 * every entity a bulk import creates, and the same names whatever else the index holds (a query
 * that any shared word satisfies ranks a near-miss among every name with that word, by chance).
 */
export function exactWordsQueryFor(name: string): string | null {
  const tokens = [...new Set(nameTokens(name))];
  if (tokens.length === 0) return null;
  const words = tokens.filter((t) => t.length > 1);
  const required = (words.length > 0 ? words : tokens).map((t) => `+${t}`).join(' ');
  return tokens.length === 1 ? tokens[0]! : `(${required}) OR ${tokens.join('')}`;
}
