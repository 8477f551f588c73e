/**
 * What each source says of an entity or a relation (domain/claims.ts), and whether they disagree:
 * only the claims the caller may see count, so that a restricted source's disagreement never shows.
 */
import type { EntityClaimResolvers, RelationClaimResolvers } from '../../generated/graphql.js';
import { disputedFields, RELATION_CLAIM_FIELDS } from '../../domain/claims.js';
import { ENTITY_FIELD_NAMES } from '../../domain/entity-fields.js';
import type { GraphReader } from '../../data/graph-reader.js';
import type { ClaimRecord } from '../../data/records.js';

/** The quotes of the claim's document that support the subject. */
const claimEvidence = async (claim: ClaimRecord, data: GraphReader) =>
  (await data.evidence.load(claim.values.subjectId as string)).filter((quote) => quote.documentId === claim.documentId);

const document = (claim: ClaimRecord, data: GraphReader) => data.documentOrFail(claim.documentId);
const value = <T>(claim: ClaimRecord, field: string) => (claim.values[field] ?? null) as T | null;

export const RelationClaim: RelationClaimResolvers = {
  document: (claim, _, { data }) => document(claim, data),
  validFrom: (claim) => value(claim, 'validFrom'),
  validTo: (claim) => value(claim, 'validTo'),
  current: (claim) => value(claim, 'current'),
  evidence: (claim, _, { data }) => claimEvidence(claim, data),
};

export const EntityClaim: EntityClaimResolvers = {
  document: (claim, _, { data }) => document(claim, data),
  name: (claim) => value<string>(claim, 'name') ?? '',
  aliases: (claim) => value<string[]>(claim, 'aliases') ?? [],
  namedAsMerged: (claim) => claim.values.keepName === true,
  unidentified: (claim) => claim.values.unidentified === true,
  description: (claim) => value(claim, 'description'),
  category: (claim) => value(claim, 'category'),
  status: (claim) => value(claim, 'status'),
  products: (claim) => value(claim, 'products'),
  placeType: (claim) => value(claim, 'placeType'),
  date: (claim) => value(claim, 'date'),
  evidence: (claim, _, { data }) => claimEvidence(claim, data),
};

/** The fields of an entity (`ENTITY`) or a relation on which the claims the caller may see disagree. */
export async function disputedFieldsOf(subjectId: string, subject: 'ENTITY' | 'RELATION', data: GraphReader): Promise<string[]> {
  const claims = (await data.claims.load(subjectId)).map((claim) => claim.values);
  return disputedFields(claims, subject === 'ENTITY' ? ENTITY_FIELD_NAMES : RELATION_CLAIM_FIELDS);
}
