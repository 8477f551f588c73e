/**
 * FtM records as bundles, so that they go through the same checks and the same bulk writes as
 * articles, and every fact they give cites its source word for word:
 * - a document's group (a Document with the records citing it) is one bundle of that document,
 *   its entities quoted by their Documentation's `summary`, its links by their own `summary`;
 * - a record on its own (a dataset's) is one bundle of a document made from the record: its text
 *   lists the record's properties a line each ("name: Denis Manturov"), and facts quote those lines.
 * Links need their ends in the graph. A link whose ends came before it in the file (or in its own
 * group) is written in the first pass, with the entities; the others in a second pass over the file
 * (import-ftm.ts), once every entity is in. Which pass writes a link is decided from the order of
 * the groups alone (FtmGroup.seq), so that both passes agree on it without remembering it.
 */
import type { EntityKind } from '../generated/graphql.js';
import {
  currentOfStatus,
  ENTITY_SCHEMAS,
  ftmDateToOurs,
  LINK_SCHEMAS,
  ourIdOf,
  unknownLinkType,
  type FtmEntity,
} from './ftm-mapping.js';
import type { FtmGroup } from './ftm-records.js';

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

const values = (r: FtmEntity, property: string) => (r.properties[property] ?? []).map((v) => v.trim()).filter((v) => v !== '');
const firstOf = (r: FtmEntity, property: string): string | null => values(r, property)[0] ?? null;
const unique = (items: string[]) => [...new Set(items)];
const isLink = (r: FtmEntity) => r.schema in LINK_SCHEMAS || r.schema === 'Occupancy';

/** Notes the kinds and positions of a group's records, for the links of the second pass. */
export function indexGroup(group: FtmGroup, index: FtmIndex): void {
  const records = group.kind === 'DOCUMENT' ? group.records : group.kind === 'RECORD' ? [group.record] : [];
  for (const r of records) {
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

/** The property lines of a record: the text of the document made from it, and its quotes. */
const lineOf = (property: string, value: string) => `${property}: ${value.replace(/\s+/g, ' ')}`;

function recordDocument(r: FtmEntity, dataset: string) {
  const caption = firstOf(r, 'name') ?? firstOf(r, 'full') ?? r.id;
  const lines = [`FollowTheMoney ${r.schema} record ${r.id}`];
  for (const [property, list] of Object.entries(r.properties)) for (const v of list) if (v.trim()) lines.push(lineOf(property, v));
  const url = firstOf(r, 'sourceUrl');
  return {
    id: ourIdOf(r.id, 'document', 'ftm-'),
    title: `${r.schema}: ${caption}`.slice(0, 500),
    publisher: (r.datasets?.length ? r.datasets.join(', ') : dataset).slice(0, 300),
    url: url && /^https?:\/\//.test(url) ? url : null,
    text: lines.join('\n'),
  };
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

function entityOf(r: FtmEntity, evidence: string[]) {
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
function relationOf(r: FtmEntity, index: FtmIndex, evidence: (properties: string[]) => string[]): Record<string, unknown> | string {
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

/**
 * The bundle of a group in a pass. 'ENTITIES' writes every entity, and with them the links whose
 * ends came before them; 'LINKS' writes the rest: a link record on its own, or a document's group
 * whole again (a bundle is its document's whole account).
 */
export function bundleOfGroup(group: FtmGroup, pass: 'ENTITIES' | 'LINKS', index: FtmIndex, dataset: string): GroupBundle {
  if (group.kind === 'UNREADABLE') return pass === 'ENTITIES' ? { problems: [group.problem] } : null;
  const whole = writtenInFirstPass(group, index);
  if (group.kind === 'RECORD') {
    const r = group.record;
    const isEntity = r.schema in ENTITY_SCHEMAS;
    if ((!isEntity && !isLink(r)) || (pass === 'ENTITIES') !== whole) return null;
    const document = recordDocument(r, dataset);
    const quotesOf = (properties: string[]) =>
      properties.flatMap((p) => values(r, p).map((v) => lineOf(p, v))).filter((q) => document.text.includes(q));
    if (isEntity) {
      const named = quotesOf(['name', 'full']);
      return { bundle: { document, entities: [entityOf(r, named.length ? named : [document.text.split('\n')[0]!])] } };
    }
    const relation = relationOf(r, index, quotesOf);
    return typeof relation === 'string' ? { problems: [relation] } : { bundle: { document, relations: [relation] } };
  }
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
  if (pass === 'ENTITIES' && !whole) return { bundle: { document, entities } };
  const problems: string[] = [];
  const relations = links.flatMap((r) => {
    const relation = relationOf(r, index, () => values(r, 'summary'));
    if (typeof relation === 'string') problems.push(relation);
    return typeof relation === 'string' ? [] : [relation];
  });
  return problems.length ? { problems } : { bundle: { document, entities, relations } };
}
