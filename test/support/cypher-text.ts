import type { NamedQuery } from '../../src/data/database.js';

/** A statement's name and text with its whitespace made even, so that a snapshot shows the words that matter. */
export const cypherText = (query: NamedQuery) =>
  `${query.name}${query.stablePlan ? ' (stable plan)' : ''}:\n${query.text.replace(/[ \t]+/g, ' ').replace(/\n /g, '\n').trim()}`;
