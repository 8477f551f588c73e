/**
 * The one description of the fields an entity's sources give beyond its names: the description
 * every kind has, and each kind's own fields (an organization's category, a plant's status ...).
 * Everything else is derived from this list: the bundle's zod schema (and so its JSON Schema), the
 * Cypher projections of the reader and of history, what a bundle's write sets, what a merge fills
 * in, what updateEntity may set and which kinds may have which field. The SDL declares the same
 * fields for clients; test/unit/entity-fields.test.ts fails when the two part ways.
 *
 * To add a field: declare it on its GraphQL type (schema/entity-kinds*.graphql), in the curation
 * inputs (schema/curation.graphql) and on EntityClaim (schema/claims.graphql), add it here, and run `npm run codegen` (see the README's recipe).
 * The names, the kind and `unidentified` are not listed: their rules are their own (names are only
 * ever added, `unidentified` stays false once any source names the entity).
 */
import { z } from 'zod';
import type { EntityKind, OrganizationCategory, PlaceType, PlantStatus } from '../generated/graphql.js';
import { isPartialDate, parsePartialDate } from './partial-date.js';

/** A text a source gives: trimmed, not empty, at most `max` characters. */
export const sourceText = (max: number) => z.string().trim().min(1).max(max);

/** A date to the precision a source gives it. */
export const partialDateSchema = z
  .string()
  .refine(isPartialDate, { message: 'a partial date: YYYY, YYYY-H1, YYYY-Q3, YYYY-MM or YYYY-MM-DD' })
  .describe('A date to the precision the source gives: "2024", "2024-H1", "2024-Q3", "2024-06" or "2024-06-15".');

export interface EntityFieldSpec<S extends z.ZodType = z.ZodType> {
  /** The kinds of entity that have the field; a bundle or an update giving it for another kind is refused. */
  readonly kinds: readonly EntityKind[] | 'ALL';
  /** How a bundle gives the value: its type and limits, which updateEntity meets too. */
  readonly bundle: S;
  /**
   * 'VALUE': stored as it is. 'PARTIAL_DATE': stored as its text, with the first and last day it
   * covers beside it (`<field>Start`, `<field>End`), so that queries can compare dates.
   */
  readonly storage: 'VALUE' | 'PARTIAL_DATE';
  /** What the API shows, for a kind that has the field, when no source gives it. */
  readonly unset: NonNullable<z.output<S>> | null;
  /** Two different values a source could give, for the tests that carry every field through the API. */
  readonly examples: readonly [NonNullable<z.output<S>>, NonNullable<z.output<S>>];
}

const field = <S extends z.ZodType>(spec: EntityFieldSpec<S>) => spec;
const oneOf = <T extends string>(values: readonly [T, ...T[]]) => z.enum(values);

/** Every field the sources give, in the order the bundle format lists them. */
export const ENTITY_FIELDS = {
  description: field({ kinds: 'ALL', bundle: sourceText(2000).nullable().default(null), storage: 'VALUE', unset: null, examples: ['A carmaker.', 'A former carmaker.'] }),
  category: field({
    kinds: ['ORGANIZATION'],
    bundle: oneOf<OrganizationCategory>(['COMPANY', 'GOVERNMENT_BODY', 'DEALER_GROUP', 'MEDIA', 'NON_PROFIT', 'OTHER']).optional().describe('ORGANIZATION only.'),
    storage: 'VALUE',
    unset: 'OTHER',
    examples: ['COMPANY', 'MEDIA'],
  }),
  status: field({
    kinds: ['PLANT'],
    bundle: oneOf<PlantStatus>(['OPERATING', 'IDLE', 'RESTARTING', 'CLOSED', 'PLANNED', 'UNKNOWN']).optional().describe('PLANT only.'),
    storage: 'VALUE',
    unset: 'UNKNOWN',
    examples: ['IDLE', 'OPERATING'],
  }),
  products: field({
    kinds: ['PLANT'],
    bundle: z.array(sourceText(200)).max(50).optional().describe('PLANT only: what it makes.'),
    storage: 'VALUE',
    unset: [],
    examples: [['cars'], ['cars', 'engines']],
  }),
  placeType: field({
    kinds: ['PLACE'],
    bundle: oneOf<PlaceType>(['COUNTRY', 'REGION', 'CITY', 'VENUE', 'OTHER']).optional().describe('PLACE only.'),
    storage: 'VALUE',
    unset: 'OTHER',
    examples: ['CITY', 'REGION'],
  }),
  date: field({
    kinds: ['EVENT'],
    bundle: partialDateSchema.nullable().optional().describe('EVENT only: when it took place.'),
    storage: 'PARTIAL_DATE',
    unset: null,
    examples: ['2024-06', '2023-H2'],
  }),
} as const;

export type EntityFieldName = keyof typeof ENTITY_FIELDS;
export const ENTITY_FIELD_NAMES = Object.keys(ENTITY_FIELDS) as EntityFieldName[];

/** The value of each field as the API shows it (null where a kind does not have the field). */
export type EntityFieldValues = {
  [F in EntityFieldName]: NonNullable<z.output<(typeof ENTITY_FIELDS)[F]['bundle']>> | null;
};

/** Whether entities of `kind` have the field. */
export function kindHasField(kind: EntityKind, name: EntityFieldName): boolean {
  const { kinds } = ENTITY_FIELDS[name];
  return kinds === 'ALL' || kinds.includes(kind);
}

/** The fields that only some kinds have, each with those kinds. */
export const KIND_ONLY_FIELDS: ReadonlyArray<readonly [EntityFieldName, readonly EntityKind[]]> = ENTITY_FIELD_NAMES.flatMap((name) => {
  const { kinds } = ENTITY_FIELDS[name];
  return kinds === 'ALL' ? [] : [[name, kinds] as const];
});

/** The message that refuses a field given for a kind that does not have it. */
export function wrongKindMessage(name: string, kinds: readonly EntityKind[]): string {
  return `"${name}" applies to ${kinds.join(' and ')} entities only`;
}

/**
 * The node properties that store each field: the field itself, and for a partial date its
 * interval's first and last day. `governedBy` is the field an editor sets to set the property.
 */
export const STORED_PROPERTIES: ReadonlyArray<{ property: string; governedBy: EntityFieldName }> = ENTITY_FIELD_NAMES.flatMap((name) =>
  ENTITY_FIELDS[name].storage === 'PARTIAL_DATE'
    ? [{ property: name, governedBy: name }, { property: `${name}Start`, governedBy: name }, { property: `${name}End`, governedBy: name }]
    : [{ property: name, governedBy: name }],
);

/** The shown value of each field from a node's properties: `unset` for a kind that has the field and no value. */
export function entityFieldValues(kind: EntityKind, props: Record<string, unknown>): EntityFieldValues {
  const values: Record<string, unknown> = {};
  for (const name of ENTITY_FIELD_NAMES) {
    const value = props[name] ?? null;
    values[name] = value === null && kindHasField(kind, name) ? ENTITY_FIELDS[name].unset : value;
  }
  return values as EntityFieldValues;
}

/**
 * The node properties that store the given fields' values (see STORED_PROPERTIES): null clears a
 * field, a field left out (undefined) is not among them. Dates must already be valid partial dates.
 */
export function storedFieldProperties(values: Partial<Record<EntityFieldName, unknown>>): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const name of ENTITY_FIELD_NAMES) {
    const value = values[name];
    if (value === undefined) continue;
    if (ENTITY_FIELDS[name].storage === 'PARTIAL_DATE') {
      const date = value === null ? null : parsePartialDate(value as string);
      Object.assign(props, { [name]: date?.text ?? null, [`${name}Start`]: date?.start ?? null, [`${name}End`]: date?.end ?? null });
    } else {
      props[name] = value;
    }
  }
  return props;
}

/** The same, with every field a bundle entity leaves out stored as null ("keep what the graph has", to the writer). */
export function allStoredFieldProperties(values: Partial<Record<EntityFieldName, unknown>>): Record<string, unknown> {
  return storedFieldProperties(Object.fromEntries(ENTITY_FIELD_NAMES.map((name) => [name, values[name] ?? null])));
}
