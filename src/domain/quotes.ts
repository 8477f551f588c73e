/**
 * Quote checking: every fact carries the verbatim words of its source, and a quote that is not
 * in the document's text is an error, never silently kept.
 */
import { createHash } from 'node:crypto';

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

/** The id of a quote supporting a subject: the same quote of the same document for the same subject is one Evidence. */
export function evidenceIdFor(subjectId: string, documentId: string, quote: string): string {
  return `evidence/${createHash('sha256').update(`${subjectId}\u0000${documentId}\u0000${quote}`).digest('hex').slice(0, 24)}`;
}
