/**
 * The bundle: one source document with the entities, relations and statements it supports, each
 * with the verbatim words that support it. The seed is a bundle, and so is every article ingested
 * later. This zod schema is the single definition; seed/bundle.schema.json is generated from it
 * (`npm run codegen`) so that editors can check a bundle while it is written.
 */
import { z } from 'zod';
import type { EntityKind } from '../generated/graphql.js';
import { DERIVED_RELATION_TYPES, ENTITY_ID_PATTERN, ENTITY_KINDS, RELATION_TYPES } from '../domain/model.js';
import { ENTITY_FIELDS, KIND_ONLY_FIELDS, partialDateSchema as partialDate, sourceText as text, wrongKindMessage } from '../domain/entity-fields.js';

const entityId = z.string().regex(ENTITY_ID_PATTERN, 'an entity id such as "person/denis-manturov"').describe('Id of an entity: its kind, a slash, and a lower-case slug.');

/** Each field's schema from the one description of entity fields (domain/entity-fields.ts). */
const entityFieldShape = Object.fromEntries(Object.entries(ENTITY_FIELDS).map(([name, spec]) => [name, spec.bundle])) as {
  [F in keyof typeof ENTITY_FIELDS]: (typeof ENTITY_FIELDS)[F]['bundle'];
};

const quotes = z
  .array(text(2000).describe('Words copied character for character from the document text.'))
  .min(1)
  .describe('The verbatim passages of the document that support this; each must appear in its text exactly.');

export const BundleEntitySchema = z
  .object({
    id: entityId.optional().describe('Defaults to the kind and a slug of the name, e.g. "person/denis-manturov".'),
    kind: z.enum(ENTITY_KINDS as [string, ...string[]]),
    name: text(300).describe('The name the source uses; for an unnamed entity, a descriptive placeholder.'),
    aliases: z.array(text(300)).max(50).default([]).describe('Other names and spellings, in any script.'),
    unidentified: z.boolean().default(false).describe('True when the source mentions the entity without naming it.'),
    ...entityFieldShape,
    evidence: quotes,
  })
  .strict()
  .superRefine((entity, ctx) => {
    for (const [field, kinds] of KIND_ONLY_FIELDS) {
      if (entity[field] !== undefined && !kinds.includes(entity.kind as EntityKind)) {
        ctx.addIssue({ code: 'custom', path: [field], message: wrongKindMessage(field, kinds) });
      }
    }
  });

export const BundleRelationSchema = z
  .object({
    type: z
      .enum(RELATION_TYPES.filter((t) => !DERIVED_RELATION_TYPES.includes(t)) as [string, ...string[]])
      .describe('STATED_ABOUT is not listed here: it is derived from the statements.'),
    from: entityId.describe('The subject: "from OWNS to" reads "from owns to".'),
    to: entityId,
    role: text(300).nullable().default(null).describe('The role or title, in the source\'s words.'),
    validFrom: partialDate.nullable().default(null),
    validTo: partialDate.nullable().default(null),
    current: z.boolean().nullable().default(null).describe('True if the source presents it as holding now, false if ended, null if it does not say.'),
    evidence: quotes,
  })
  .strict();

export const BundleStatementSchema = z
  .object({
    id: z.string().regex(/^statement\/[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a statement id such as "statement/manturov-restart-2024-h1"'),
    speaker: entityId.describe('The person who made the claim.'),
    about: z.array(entityId).min(1).describe('The entities the claim is about.'),
    summary: text(2000).describe('What was claimed, in plain words.'),
    madeOn: partialDate.nullable().default(null).describe('When the claim was made, if the source says.'),
    madeAt: entityId.nullable().default(null).describe('The event at which it was made.'),
    concerns: partialDate.nullable().default(null).describe('The date the claim is about, e.g. a promised start.'),
    supersedes: z.string().nullable().default(null).describe('Id of an earlier statement that this one revises.'),
    evidence: quotes,
  })
  .strict();

export const BundleDocumentSchema = z
  .object({
    id: z.string().regex(/^document\/[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a document id such as "document/tass-kaluga-plant"'),
    title: text(500).nullable().default(null),
    publisher: text(300),
    publisherEntity: entityId.nullable().default(null).describe('The organization in the graph that published it.'),
    publishedOn: partialDate.nullable().default(null),
    restricted: z
      .boolean()
      .default(false)
      .describe('True for a confidential source: it, and whatever only it supports, is shown only to callers with the confidential role.'),
    // A web address only: clients show it as a link, and a javascript: or data: one must not reach them.
    url: z
      .url({ protocol: /^https?$/, error: 'an http or https address' })
      .max(2000)
      .nullable()
      .default(null),
    text: z.string().min(1).max(1_000_000).optional().describe('The full text; or give textFile.'),
    textFile: z.string().min(1).optional().describe('Path of a file holding the full text, relative to the bundle file.'),
  })
  .strict()
  .refine((d) => (d.text === undefined) !== (d.textFile === undefined), { message: 'give exactly one of "text" and "textFile"' });

export const BundleSchema = z
  .object({
    $schema: z.string().optional(),
    document: BundleDocumentSchema,
    entities: z.array(BundleEntitySchema).max(10_000).default([]),
    relations: z.array(BundleRelationSchema).max(50_000).default([]),
    statements: z.array(BundleStatementSchema).max(10_000).default([]),
  })
  .strict();

export type Bundle = z.infer<typeof BundleSchema>;
export type BundleEntity = z.infer<typeof BundleEntitySchema>;
export type BundleRelation = z.infer<typeof BundleRelationSchema>;
export type BundleStatement = z.infer<typeof BundleStatementSchema>;

/** The JSON Schema of the bundle format, for editors. */
export function bundleJsonSchema(): unknown {
  return z.toJSONSchema(BundleSchema, { io: 'input', unrepresentable: 'any' });
}
