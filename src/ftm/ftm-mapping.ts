/**
 * The one table between FollowTheMoney (FtM, https://followthemoney.tech) and this graph: which
 * FtM schema each entity kind and relation type becomes, and back; how ids, dates and `current`
 * travel. The README's "FollowTheMoney" section shows the same table for people. Import reads more
 * schemas than export writes (Directorship, Family, LegalEntity ...); export always writes the
 * schema that import reads back to the same kind, type, role and fields, so that a graph survives
 * a round trip. Pure: no database, no files.
 */
import { createHash } from 'node:crypto';
import type { EntityKind, OrganizationCategory, PlaceType, PlantStatus, RelationType } from '../generated/graphql.js';
import { isPartialDate } from '../domain/partial-date.js';
import { RELATION_PHRASE } from '../domain/model.js';

/** An FtM entity as JSON lines carry it: every property a list of strings. */
export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
  /** OpenSanctions' datasets the record comes from, when the file says. */
  datasets?: string[];
}

/** An entity's kind and fields as an FtM schema and properties say them. */
export interface KindAndFields {
  kind: EntityKind;
  fields: Record<string, unknown>;
}

/** Organization categories that have no FtM schema of their own: Organization, with this `classification`. */
const CATEGORY_WORD: Partial<Record<OrganizationCategory, string>> = { DEALER_GROUP: 'dealer group', MEDIA: 'media', NON_PROFIT: 'non-profit' };
const PLANT_STATUSES: readonly PlantStatus[] = ['OPERATING', 'IDLE', 'RESTARTING', 'CLOSED', 'PLANNED'];
const PLACE_TYPES: readonly PlaceType[] = ['COUNTRY', 'REGION', 'CITY', 'VENUE'];

const first = (values: string[] | undefined): string | undefined => values?.find((v) => v.trim() !== '');
const wordOf = <T extends string>(values: string[] | undefined, options: readonly T[], word: (o: T) => string): T | undefined =>
  options.find((o) => values?.some((v) => v.trim().toLowerCase() === word(o)));

/**
 * FtM schema → kind and kind-specific fields, for the schemas import reads as entities. A plant is
 * an Asset (its status a `summary` word, its products `keywords`); a place an Address (its type a
 * `remarks` word); an event's date its `date`, else its `startDate`.
 */
export const ENTITY_SCHEMAS: Readonly<Record<string, (p: Record<string, string[]>) => KindAndFields>> = {
  Person: () => ({ kind: 'PERSON', fields: {} }),
  Company: () => ({ kind: 'ORGANIZATION', fields: { category: 'COMPANY' } }),
  PublicBody: () => ({ kind: 'ORGANIZATION', fields: { category: 'GOVERNMENT_BODY' } }),
  Organization: (p) => ({
    kind: 'ORGANIZATION',
    fields: { category: wordOf(p.classification, Object.keys(CATEGORY_WORD) as OrganizationCategory[], (c) => CATEGORY_WORD[c]!) ?? 'OTHER' },
  }),
  LegalEntity: () => ({ kind: 'ORGANIZATION', fields: { category: 'OTHER' } }),
  Asset: (p) => ({
    kind: 'PLANT',
    fields: { status: wordOf(p.summary, PLANT_STATUSES, (s) => s.toLowerCase()) ?? 'UNKNOWN', products: (p.keywords ?? []).slice(0, 50) },
  }),
  Address: (p) => ({ kind: 'PLACE', fields: { placeType: wordOf(p.remarks, PLACE_TYPES, (t) => t.toLowerCase()) ?? 'OTHER' } }),
  Event: (p) => ({ kind: 'EVENT', fields: { date: ftmDateToOurs(first(p.date) ?? first(p.startDate)) } }),
};

/** Kind and fields → FtM schema and the properties that carry the fields (the inverse of ENTITY_SCHEMAS). */
export function schemaOfEntity(entity: { kind: EntityKind } & Record<string, unknown>): { schema: string; properties: Record<string, string[]> } {
  switch (entity.kind) {
    case 'PERSON':
      return { schema: 'Person', properties: {} };
    case 'ORGANIZATION': {
      const category = entity.category as OrganizationCategory | null;
      if (category === 'COMPANY') return { schema: 'Company', properties: {} };
      if (category === 'GOVERNMENT_BODY') return { schema: 'PublicBody', properties: {} };
      const word = category ? CATEGORY_WORD[category] : undefined;
      return { schema: 'Organization', properties: word ? { classification: [word] } : {} };
    }
    case 'PLANT': {
      const status = entity.status as PlantStatus | null;
      const products = (entity.products as string[] | null) ?? [];
      return {
        schema: 'Asset',
        properties: { ...(status && status !== 'UNKNOWN' ? { summary: [status.toLowerCase()] } : {}), ...(products.length ? { keywords: products } : {}) },
      };
    }
    case 'PLACE': {
      const placeType = entity.placeType as PlaceType | null;
      return { schema: 'Address', properties: { full: [entity.name as string], ...(placeType && placeType !== 'OTHER' ? { remarks: [placeType.toLowerCase()] } : {}) } };
    }
    case 'EVENT': {
      const date = ourDateToFtm(entity.date as string | null);
      return { schema: 'Event', properties: date ? { date: [date] } : {} };
    }
  }
}

/** How an FtM link schema names its two ends, its role, and the relation type it becomes. */
export interface LinkSchema {
  schema: string;
  from: string;
  to: string;
  /** The property holding the role (the relation's `role`), if the schema has one. */
  role?: string;
  /** The role when the record gives none (Directorship: "director"). */
  defaultRole?: string;
  type: RelationType;
}

/** FtM link schemas import reads as relations. Occupancy is read through its Position (see importedOccupancy). */
export const LINK_SCHEMAS: Readonly<Record<string, LinkSchema>> = {
  Ownership: { schema: 'Ownership', from: 'owner', to: 'asset', role: 'role', type: 'OWNS' },
  Directorship: { schema: 'Directorship', from: 'director', to: 'organization', role: 'role', defaultRole: 'director', type: 'HOLDS_POSITION' },
  Employment: { schema: 'Employment', from: 'employee', to: 'employer', role: 'role', type: 'HOLDS_POSITION' },
  Membership: { schema: 'Membership', from: 'member', to: 'organization', role: 'role', type: 'AFFILIATED_WITH' },
  Associate: { schema: 'Associate', from: 'person', to: 'associate', role: 'relationship', type: 'ASSOCIATED_WITH' },
  Family: { schema: 'Family', from: 'person', to: 'relative', role: 'relationship', defaultRole: 'relative', type: 'ASSOCIATED_WITH' },
  UnknownLink: { schema: 'UnknownLink', from: 'subject', to: 'object', role: 'role', type: 'ASSOCIATED_WITH' },
};

/** An UnknownLink's type: the phrase in its `description` ("is a partner of"), else ASSOCIATED_WITH. */
export function unknownLinkType(description: string[] | undefined): RelationType {
  const phrase = first(description)?.trim();
  const match = (Object.entries(RELATION_PHRASE) as [RelationType, string][]).find(([, p]) => p === phrase);
  return match ? match[0] : 'ASSOCIATED_WITH';
}

const LEGAL_ENTITY_KINDS: readonly EntityKind[] = ['PERSON', 'ORGANIZATION'];

/** An end of a relation, as much of it as decides the schema. */
export interface LinkEnd {
  kind: EntityKind;
  category?: OrganizationCategory | null;
}

/** Whether FtM's Asset range takes the entity (an Ownership's `asset`): a plant, or a company. */
const isFtmAsset = (end: LinkEnd) => end.kind === 'PLANT' || (end.kind === 'ORGANIZATION' && end.category === 'COMPANY');

/**
 * The schema export writes for a relation, chosen so that import reads it back as the same type
 * and role, and FtM's ranges take its ends: HOLDS_POSITION of a person in an organization is an
 * Occupancy of a Position named by the role (an Employment when there is no role); OWNS of a plant
 * or company by a person or organization an Ownership; AFFILIATED_WITH an organization a
 * Membership; ASSOCIATED_WITH between people, saying nothing of `current`, an Associate (which has
 * no status); any other an UnknownLink whose `description` is the type's phrase.
 */
export function linkSchemaFor(type: RelationType, from: LinkEnd, to: LinkEnd, role: string | null, current: boolean | null): LinkSchema | 'OCCUPANCY' {
  if (type === 'HOLDS_POSITION' && from.kind === 'PERSON' && to.kind === 'ORGANIZATION') return role ? 'OCCUPANCY' : LINK_SCHEMAS.Employment!;
  if (type === 'OWNS' && LEGAL_ENTITY_KINDS.includes(from.kind) && isFtmAsset(to)) return LINK_SCHEMAS.Ownership!;
  if (type === 'AFFILIATED_WITH' && LEGAL_ENTITY_KINDS.includes(from.kind) && to.kind === 'ORGANIZATION') return LINK_SCHEMAS.Membership!;
  if (type === 'ASSOCIATED_WITH' && from.kind === 'PERSON' && to.kind === 'PERSON' && current === null) return LINK_SCHEMAS.Associate!;
  return { ...LINK_SCHEMAS.UnknownLink!, type };
}

/** `current` as an FtM `status` ("current", "ended"), and back (OpenSanctions' words, and a few more). */
export const statusOfCurrent = (current: boolean | null): string[] => (current === null ? [] : [current ? 'current' : 'ended']);
export function currentOfStatus(status: string[] | undefined): boolean | null {
  const word = first(status)?.trim().toLowerCase();
  if (word === 'current' || word === 'active') return true;
  if (word === 'ended' || word === 'former' || word === 'inactive' || word === 'past') return false;
  return null;
}

/** An FtM date ("2023", "2023-05", "2023-05-01", perhaps with a time) as a partial date of ours, or null. */
export function ftmDateToOurs(value: string | undefined): string | null {
  const match = value?.trim().match(/^(\d{4})(-\d{2})?(-\d{2})?/);
  if (!match) return null;
  const date = match.slice(1).filter(Boolean).join('');
  return isPartialDate(date) ? date : null;
}

/** A partial date of ours in FtM's form: a half or a quarter, which FtM cannot say, becomes its year. */
export function ourDateToFtm(value: string | null): string | null {
  if (value === null) return null;
  return /-(H|Q)\d$/.test(value) ? value.slice(0, 4) : value;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const shortHash = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 12);

/** Our id ("person/denis-manturov") as an FtM id, which may not hold a slash: "person.denis-manturov". */
export const ftmIdOf = (id: string): string => id.replace('/', '.');

/**
 * An FtM id as an id of ours for an entity of `kind` (or a document: kind 'document'): one export
 * wrote ("person.denis-manturov") back as it was; any other as the kind and a slug of it, with a
 * short hash when the slug had to change it, so that two FtM ids never become one.
 */
export function ourIdOf(ftmId: string, kind: string, prefix = ''): string {
  const lower = kind.toLowerCase();
  const dot = ftmId.indexOf('.');
  if (dot > 0 && ftmId.slice(0, dot) === lower && SLUG.test(ftmId.slice(dot + 1))) return `${lower}/${ftmId.slice(dot + 1)}`;
  if (SLUG.test(ftmId)) return `${lower}/${prefix}${ftmId}`;
  const slug = ftmId.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${lower}/${prefix}${slug ? `${slug}-` : ''}${shortHash(ftmId)}`;
}

/** An FtM id made from the parts that identify a record export writes (a relation's claim, a position). */
export const derivedFtmId = (prefix: string, ...parts: string[]): string => `${prefix}.${shortHash(parts.join('|'))}`;

/** FtM schemas that hold a source document's text (`bodyText`). */
export const DOCUMENT_SCHEMAS = new Set(['Document', 'PlainText', 'HyperText', 'Article', 'Pages']);
