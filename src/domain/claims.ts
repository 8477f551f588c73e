/**
 * Claims: what each source says of an entity or a relation, kept apart, so that sources can
 * disagree and loading order does not decide what the graph knows.
 *
 * A document that supports a subject (an entity or a relation) makes one claim about it: the
 * values it gives for the fields sources can disagree on. An editor's addition citing a document
 * makes a claim of its own, marked `curated`. The value a field shows is chosen by one rule:
 *
 * 1. An editor's value first: a field set by updateEntity (curatedFields) keeps it, and a curated
 *    claim comes before any article's.
 * 2. Open sources before restricted ones: when any open document supports the subject, only open
 *    documents' claims are considered (a confidential source never shows through an open fact,
 *    and opening one shows nothing the restricted ones said).
 * 3. Then the most recent document by publication date (the later end of its date, then the
 *    later start: "2024-05-30" after "2024-05"); undated documents come after dated ones.
 * 4. Then the claim loaded last (the first time its document spoke of the subject), then the
 *    claim id, so that the choice never depends on chance.
 *
 * Fields are chosen in groups that belong together, each from the first claim in that order that
 * gives any of the group: a relation's start (`validFrom`), its end (`validTo` with `current`, so
 * that "ended in 2023-03" and "current" never mix), and each entity field by itself. The shown
 * name is the first claim's that named the subject by its own id; every other name any claim gives
 * stays as an alias. data/claim-queries.ts applies the rule in the write that changes a claim.
 */
/** The relation fields sources can disagree on, in groups chosen together (see the rule above). */
export const RELATION_CLAIM_GROUPS = {
  start: ['validFrom', 'validFromStart', 'validFromEnd'],
  end: ['validTo', 'validToStart', 'validToEnd', 'current'],
} as const;

/** The fields a relation's claim gives, as the API shows them. */
export const RELATION_CLAIM_FIELDS = ['validFrom', 'validTo', 'current'] as const;

/** The id of the claim a document makes about a subject: one per document, and one more for an editor's addition citing it. */
export function claimIdFor(documentId: string, subjectId: string, curated: boolean): string {
  return `${documentId}|${subjectId}${curated ? '|curated' : ''}`;
}

/** A value as claims are compared: lists in order, everything else as it is. */
const comparable = (value: unknown) => (Array.isArray(value) ? JSON.stringify(value) : value);

/**
 * The fields on which claims disagree: two of them give different values (a field a claim leaves
 * out disagrees with nothing). Only the claims the reader may see are passed, so that a restricted
 * source's disagreement does not show.
 */
export function disputedFields(claims: ReadonlyArray<Readonly<Record<string, unknown>>>, fields: readonly string[]): string[] {
  return fields.filter((field) => {
    const values = new Set(claims.map((claim) => comparable(claim[field] ?? null)).filter((value) => value !== null));
    return values.size > 1;
  });
}
