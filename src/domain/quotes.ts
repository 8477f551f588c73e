/**
 * Quote checking: every fact carries the verbatim words of its source, and a quote that is not
 * in the document's text is an error, never silently kept.
 */

export interface QuoteProblem {
  /** Where the quote stands in the bundle, e.g. "relations[3] (organization/a OWNS plant/b)". */
  readonly location: string;
  readonly quote: string;
  readonly reason: string;
}

/**
 * Checks that a quote appears, character for character, in the text. Quotes are matched exactly:
 * a curly apostrophe is not a straight one, because the point is to cite what the source says.
 */
export function checkQuote(text: string, quote: string, location: string): QuoteProblem | null {
  if (quote.trim().length === 0) return { location, quote, reason: 'the quote is empty' };
  if (!text.includes(quote)) return { location, quote, reason: 'the quote is not in the document text' };
  return null;
}

/** Formats quote problems as one message naming each bad quote. */
export function describeQuoteProblems(documentId: string, problems: readonly QuoteProblem[]): string {
  const lines = problems.map((p) => `- ${p.location}: ${p.reason}: "${p.quote}"`);
  return `${problems.length} quote(s) do not match document ${documentId}:\n${lines.join('\n')}`;
}
