/**
 * FtM records as bundles, so that they go through the same checks and the same bulk writes as
 * articles, and every fact they give cites its source word for word:
 * - a document's group (a Document with the records citing it) is one bundle of that document,
 *   its entities quoted by their Documentation's `summary`, its links by their own `summary`;
 * - records on their own (a dataset's) are gathered a few hundred to a document (dataset-records.ts).
 * Links need their ends in the graph. A link whose ends came before it in the file (or in its own
 * group) is written in the first pass, with the entities; the others in a second pass over the file
 * (import-ftm.ts), once every entity is in. Which pass writes a link is decided from the order of
 * the groups alone (FtmGroup.seq), so that both passes agree on it without remembering it.
 */
import type { EntityKind, RelationType } from '../generated/graphql.js';
import { relationIdFor } from '../domain/model.js';
import {
  currentOfStatus,
  ENTITY_SCHEMAS,
  ftmDateToOurs,
  LINK_SCHEMAS,
  ourIdOf,
  unknownLinkType,
  type FtmEntity,
} from './ftm-mapping.js';
import { recordsOf, type FtmGroup } from './ftm-records.js';

/**
 * What links need of the entities: each entity's kind (ids of ours start with it) and each Position,
 * with the group that first gave it (a link is ready in the first pass if its ends came no later).
 */
export interface FtmIndex {
  kinds: Map<string, { kind: EntityKind; seq: number }>;
  positions: Map<string, { name: string; organization: string | null; seq: number }>;
}

export const newFtmIndex = (): FtmIndex => ({ kinds: new Map(), positions: new Map() });

/** The bundle a group becomes in a pass (null: nothing to write in it), or the problem that stops it. */
export type GroupBundle = { bundle: Record<string, unknown> } | { problems: string[] } | null;

export const values = (r: FtmEntity, property: string) => (r.properties[property] ?? []).map((v) => v.trim()).filter((v) => v !== '');
const firstOf = (r: FtmEntity, property: string): string | null => values(r, property)[0] ?? null;
const unique = (items: string[]) => [...new Set(items)];
export const isLink = (r: FtmEntity) => r.schema in LINK_SCHEMAS || r.schema === 'Occupancy';

/** Notes the kinds and positions of a group's records, for the links of the second pass. */
export function indexGroup(group: FtmGroup, index: FtmIndex): void {
  for (const r of recordsOf(group)) {
    const mapped = ENTITY_SCHEMAS[r.schema];
    if (mapped && !index.kinds.has(r.id)) index.kinds.set(r.id, { kind: mapped(r.properties).kind, seq: group.seq });
    if (r.schema === 'Position' && !index.positions.has(r.id)) {
      index.positions.set(r.id, { name: firstOf(r, 'name') ?? r.id, organization: firstOf(r, 'organization'), seq: group.seq });
    }
  }
}

/** The FtM ids a link needs in the graph before it: its ends (and an Occupancy's Position). */
function needsOf(r: FtmEntity, index: FtmIndex): { kinds: string[]; positions: string[] } {
  if (r.schema === 'Occupancy') {
    const post = firstOf(r, 'post');
    const organization = post ? index.positions.get(post)?.organization : null;
    return { kinds: [firstOf(r, 'holder'), organization].filter((x): x is string => !!x), positions: post ? [post] : [] };
  }
  const link = LINK_SCHEMAS[r.schema]!;
  return { kinds: [firstOf(r, link.from), firstOf(r, link.to)].filter((x): x is string => !!x), positions: [] };
}

/** Whether every link of a group can be written with the group in the first pass: what it needs came no later. */
function linksReady(links: FtmEntity[], index: FtmIndex, seq: number): boolean {
  return links.every((r) => {
    const needs = needsOf(r, index);
    return needs.kinds.every((id) => (index.kinds.get(id)?.seq ?? Infinity) <= seq) && needs.positions.every((id) => (index.positions.get(id)?.seq ?? Infinity) <= seq);
  });
}

function documentOf(d: FtmEntity, dataset: string) {
  const text = firstOf(d, 'bodyText');
  if (text === null) return null;
  const url = firstOf(d, 'sourceUrl');
  return {
    id: ourIdOf(d.id, 'document', 'ftm-'),
    title: firstOf(d, 'title'),
    publisher: firstOf(d, 'publisher') ?? dataset,
    publishedOn: ftmDateToOurs(firstOf(d, 'publishedAt') ?? undefined),
    url: url && /^https?:\/\//.test(url) ? url : null,
    text: d.properties.bodyText![0]!,
  };
}

/** An entity record as a bundle's entity, quoted by `evidence`. */
export function entityOf(r: FtmEntity, evidence: string[]) {
  const { kind, fields } = ENTITY_SCHEMAS[r.schema]!(r.properties);
  const names = unique([...values(r, 'name'), ...(r.schema === 'Address' ? values(r, 'full') : [])]);
  const name = names[0] ?? r.id;
  const aliases = unique([...names.slice(1), ...values(r, 'alias'), ...values(r, 'previousName'), ...values(r, 'weakAlias')]).filter((a) => a !== name);
  // A dataset's long texts are cut to what a bundle holds, rather than the entity refused for them.
  return {
    id: ourIdOf(r.id, kind),
    kind,
    name,
    aliases: aliases.filter((a) => a.length <= 300).slice(0, 50),
    description: (firstOf(r, 'description') ?? firstOf(r, 'notes'))?.slice(0, 2000) ?? null,
    ...fields,
    evidence,
  };
}

/** A link's relation, with the ids of its ends; or why it cannot be one. */
export function relationOf(r: FtmEntity, index: FtmIndex, evidence: (properties: string[]) => string[]): Record<string, unknown> | string {
  let from: string | null;
  let to: string | null;
  let role: string | null;
  let type;
  const quoted: string[] = [];
  if (r.schema === 'Occupancy') {
    const post = firstOf(r, 'post');
    const position = post ? index.positions.get(post) : undefined;
    if (!position?.organization) return `${r.schema} ${r.id}: its Position names no organization this file holds`;
    from = firstOf(r, 'holder');
    to = position.organization;
    role = position.name;
    type = 'HOLDS_POSITION';
    quoted.push('holder', 'post');
  } else {
    const link = LINK_SCHEMAS[r.schema]!;
    from = firstOf(r, link.from);
    to = firstOf(r, link.to);
    role = (link.role ? firstOf(r, link.role) : null) ?? link.defaultRole ?? null;
    type = r.schema === 'UnknownLink' ? unknownLinkType(r.properties.description) : link.type;
    quoted.push(link.from, link.to, ...(link.role ? [link.role] : []));
  }
  const fromKind = from ? index.kinds.get(from)?.kind : undefined;
  const toKind = to ? index.kinds.get(to)?.kind : undefined;
  if (!fromKind || !toKind) return `${r.schema} ${r.id}: ${!fromKind ? `"${from}"` : `"${to}"`} is not an entity this file holds`;
  const starts = values(r, 'startDate').map((d) => ftmDateToOurs(d)).filter((d) => d !== null).sort();
  const ends = values(r, 'endDate').map((d) => ftmDateToOurs(d)).filter((d) => d !== null).sort();
  return {
    type,
    from: ourIdOf(from!, fromKind),
    to: ourIdOf(to!, toKind),
    role,
    validFrom: starts[0] ?? null,
    validTo: ends.at(-1) ?? null,
    current: currentOfStatus(r.properties.status),
    evidence: evidence([...quoted, 'startDate', 'endDate', 'status']),
  };
}

/** Whether the first pass writes all of a group (else the second writes its links, or its document whole). */
export function writtenInFirstPass(group: FtmGroup, index: FtmIndex): boolean {
  if (group.kind === 'UNREADABLE') return true;
  if (group.kind === 'RECORD') return !isLink(group.record) || linksReady([group.record], index, group.seq);
  return linksReady(group.records.filter(isLink), index, group.seq);
}

/** Whether a record on its own is written in this pass (dataset-records.ts gathers those that are). */
export function recordInPass(group: Extract<FtmGroup, { kind: 'RECORD' }>, pass: 'ENTITIES' | 'LINKS', index: FtmIndex): boolean {
  const r = group.record;
  if (!(r.schema in ENTITY_SCHEMAS) && !isLink(r)) return false;
  return (pass === 'ENTITIES') === writtenInFirstPass(group, index);
}

/**
 * The bundle of a document's group in a pass. 'ENTITIES' writes its entities, and its links with
 * them when their ends came before; 'LINKS' writes the group whole again when they did not (a
 * bundle is its document's whole account).
 */
export function bundleOfGroup(group: Exclude<FtmGroup, { kind: 'RECORD' }>, pass: 'ENTITIES' | 'LINKS', index: FtmIndex, dataset: string): GroupBundle {
  if (group.kind === 'UNREADABLE') return pass === 'ENTITIES' ? { problems: [group.problem] } : null;
  const whole = writtenInFirstPass(group, index);
  const links = group.records.filter(isLink);
  if (pass === 'LINKS' && whole) return null;
  const document = documentOf(group.document, dataset);
  if (!document) return pass === 'ENTITIES' ? { problems: [`${group.document.schema} ${group.document.id} has no bodyText: the facts citing it have no words to quote`] } : null;
  const documented = new Map<string, string[]>();
  for (const r of group.records.filter((x) => x.schema === 'Documentation')) {
    const entity = firstOf(r, 'entity');
    if (entity) documented.set(entity, [...(documented.get(entity) ?? []), ...values(r, 'summary')]);
  }
  const entities = group.records.filter((r) => r.schema in ENTITY_SCHEMAS).map((r) => entityOf(r, documented.get(r.id) ?? values(r, 'name').slice(0, 1)));
  if (pass === 'ENTITIES' && !whole) return { bundle: { document, entities: oneEntryEach(entities, []).entities } };
  const problems: string[] = [];
  const relations = links.flatMap((r) => {
    const relation = relationOf(r, index, () => values(r, 'summary'));
    if (typeof relation === 'string') problems.push(relation);
    return typeof relation === 'string' ? [] : [relation];
  });
  return problems.length ? { problems } : { bundle: { document, ...oneEntryEach(entities, relations) } };
}

/**
 * Records that are one entity (fragments of one id) or one relation (two links between the same
 * ends, of the same type and role) as one entry each, with all their names and quotes: a bundle
 * lists each once.
 */
export function oneEntryEach(entities: Array<ReturnType<typeof entityOf>>, relations: Array<Record<string, unknown>>) {
  const byId = new Map<string, ReturnType<typeof entityOf>>();
  for (const e of entities) byId.set(e.id, byId.has(e.id) ? mergeEntities(byId.get(e.id)!, e) : e);
  const byKey = new Map<string, Record<string, unknown>>();
  for (const r of relations) {
    const key = relationIdFor(r.type as RelationType, r.from as string, r.to as string, r.role as string | null);
    byKey.set(key, byKey.has(key) ? mergeRelations(byKey.get(key)!, r) : r);
  }
  return { entities: [...byId.values()], relations: [...byKey.values()] };
}

/** Two records of one entity: the first's name, every other name an alias, the first's fields. */
function mergeEntities(a: ReturnType<typeof entityOf>, b: ReturnType<typeof entityOf>): ReturnType<typeof entityOf> {
  const aliases = unique([...a.aliases, b.name, ...b.aliases]).filter((n) => n !== a.name);
  return { ...b, ...a, aliases: aliases.slice(0, 50), description: a.description ?? b.description, evidence: unique([...a.evidence, ...b.evidence]) };
}

/** Two links that are one relation: the earliest start, the latest end, the first word on `current`, every quote. */
function mergeRelations(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const earliest = [a.validFrom, b.validFrom].filter((d): d is string => typeof d === 'string').sort()[0] ?? null;
  const latest = [a.validTo, b.validTo].filter((d): d is string => typeof d === 'string').sort().at(-1) ?? null;
  return { ...a, validFrom: earliest, validTo: latest, current: a.current ?? b.current, evidence: unique([...(a.evidence as string[]), ...(b.evidence as string[])]) };
}
