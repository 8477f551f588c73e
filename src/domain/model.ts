/**
 * The allowlists that stand between GraphQL input and Cypher text: the only labels and
 * relationship types that may ever be written into a statement. Values never are; they travel
 * as parameters.
 */
import type { ChangeSubjectType, Direction, EntityKind, RelationType } from '../generated/graphql.js';
import { slugOf } from './names.js';

/** Node label of each entity kind. Every entity also carries the label Entity. */
export const KIND_LABEL: Readonly<Record<EntityKind, string>> = {
  PERSON: 'Person',
  ORGANIZATION: 'Organization',
  PLANT: 'Plant',
  PLACE: 'Place',
  EVENT: 'Event',
};
export const ENTITY_KINDS = Object.keys(KIND_LABEL) as EntityKind[];

/** An entity id: its kind in lower case, a slash, and a lower-case slug ("person/denis-manturov"). */
export const ENTITY_ID_PATTERN = new RegExp(`^(?:${ENTITY_KINDS.map((kind) => kind.toLowerCase()).join('|')})/[a-z0-9]+(?:-[a-z0-9]+)*$`);

/** Relationship type of each relation type: the same word, so profiles read like the schema. */
export const RELATION_TYPES: readonly RelationType[] = [
  'HOLDS_POSITION',
  'OWNS',
  'AFFILIATED_WITH',
  'PARTNER_OF',
  'LOCATED_IN',
  'ASSOCIATED_WITH',
  'PART_OF',
  'PARTICIPATED_IN',
  'STATED_ABOUT',
];

/** How a relation of each type reads in a sentence: "<from> owns <to>". */
export const RELATION_PHRASE: Readonly<Record<RelationType, string>> = {
  HOLDS_POSITION: 'holds a position in',
  OWNS: 'owns',
  AFFILIATED_WITH: 'is affiliated with',
  PARTNER_OF: 'is a partner of',
  LOCATED_IN: 'is located in',
  ASSOCIATED_WITH: 'is associated with',
  PART_OF: 'is part of',
  PARTICIPATED_IN: 'took part in',
  STATED_ABOUT: 'made a statement about',
};

/** Relation types that the graph derives from other facts; bundles may not state them directly. */
export const DERIVED_RELATION_TYPES: readonly RelationType[] = ['STATED_ABOUT'];
const RELATION_TYPE_SET = new Set<string>(RELATION_TYPES);

export function isRelationType(value: string): value is RelationType {
  return RELATION_TYPE_SET.has(value);
}

/** A Cypher relationship-type alternation (":OWNS|PART_OF") built only from allowlisted types. */
export function relationTypePattern(types: readonly RelationType[]): string {
  for (const type of types) {
    if (!isRelationType(type)) throw new Error(`not an allowlisted relation type: ${String(type)}`);
  }
  // Sorted, so that the same question with its types in another order is the same statement (one cached plan).
  return `:${[...new Set(types)].sort().join('|')}`;
}

/** The relationship pattern for each direction, seen from `e` towards `o`. */
export const DIRECTION_PATTERN: Readonly<Record<Direction, (types: string) => string>> = {
  OUTGOING: (types) => `(e)-[r${types}]->(o:Entity)`,
  INCOMING: (types) => `(e)<-[r${types}]-(o:Entity)`,
  BOTH: (types) => `(e)-[r${types}]-(o:Entity)`,
};

/** The kind an entity id names: "person/denis-manturov" is a PERSON's. */
export function kindOfEntityId(id: string): EntityKind {
  return id.slice(0, id.indexOf('/')).toUpperCase() as EntityKind;
}

/** An entity id from its kind and name: "person/denis-manturov". */
export function entityIdFor(kind: EntityKind, name: string): string {
  return `${kind.toLowerCase()}/${slugOf(name)}`;
}

/**
 * A relation id that says what the relation is and that the same fact always gets, whichever
 * article reports it: "owns:organization/art-finance:plant/kaluga-automotive-plant", with the
 * role's slug appended when there is one. The type comes first so a lookup by id can use the
 * index of that relationship type.
 */
export function relationIdFor(type: RelationType, fromId: string, toId: string, role: string | null | undefined): string {
  const base = `${relationIdPrefix(type, fromId)}${toId}`;
  return role ? `${base}:${slugOf(role)}` : base;
}

/**
 * How the ids of an entity's outgoing relations of one type begin ("owns:organization/art-finance:"):
 * entity ids hold no colon, so these ids are one range of the type's id index (relation-queries.ts
 * reads a page of them there). Without `fromId`, the type's part alone.
 */
export function relationIdPrefix(type: RelationType, fromId?: string): string {
  const typePart = `${type.toLowerCase().replaceAll('_', '-')}:`;
  return fromId === undefined ? typePart : `${typePart}${fromId}:`;
}

/** The relation type an id was made for, or null when the id is not one of ours. */
export function relationTypeOfId(id: string): RelationType | null {
  const prefix = id.split(':', 1)[0]?.toUpperCase().replaceAll('-', '_') ?? '';
  return isRelationType(prefix) ? prefix : null;
}

/** A relation id with the relationship type it names: what a lookup by id needs (see data/relation-match.ts). */
export interface RelationKey {
  id: string;
  type: RelationType;
}

/** The key of a relation id, or null when the id is not one of ours. */
export function relationKeyOf(id: string): RelationKey | null {
  const type = relationTypeOfId(id);
  return type === null ? null : { id, type };
}

/** The keys of those ids that are relation ids. */
export function relationKeysOf(ids: Iterable<string>): RelationKey[] {
  const keys: RelationKey[] = [];
  for (const id of ids) {
    const key = relationKeyOf(id);
    if (key) keys.push(key);
  }
  return keys;
}

/** What kind of subject (of history, of restriction) an id names, from its form alone. */
export function subjectTypeOf(id: string): ChangeSubjectType {
  if (id.startsWith('statement/')) return 'STATEMENT';
  if (relationTypeOfId(id) !== null) return 'RELATION';
  return 'ENTITY';
}

/**
 * A map without its null and undefined values: what is known of a thing (the bundle format leaves
 * out the rest), or the properties to SET on a node or relationship a write creates, where a null
 * would set nothing but still cost the server its work.
 */
export function presentValues(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined));
}

/** The items that pass the test, and those that do not, each in the items' order. */
export function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const pass: T[] = [];
  const fail: T[] = [];
  for (const item of items) (test(item) ? pass : fail).push(item);
  return [pass, fail];
}

/** Items grouped by a key, each group in the items' order: one statement per relationship type or label. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Relation ids grouped by their relationship type (ids that are not relation ids are left out). */
export function relationIdsByType(ids: Iterable<string>): Map<RelationType, string[]> {
  const groups = groupBy([...ids].filter((id) => relationTypeOfId(id) !== null), (id) => relationTypeOfId(id)!);
  return groups;
}

/** The id a relation gets when one of its ends is replaced (an entity merged into another): same type and role. */
export function relationIdWithEnds(id: string, fromId: string, toId: string): string {
  const [type, , , ...role] = id.split(':');
  return [type, fromId, toId, ...role].join(':');
}
