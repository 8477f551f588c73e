/**
 * What history's snapshot of a subject reads back after a bundle created it, derived from the
 * bundle's rows instead of read: for a subject that did not exist before the write, the write sets
 * exactly the row's values (bundle-queries.ts, with no earlier value to keep). Reading every new
 * subject back was a fifth of a bulk import's time. Only while the graph holds no restricted
 * document: otherwise a flag may come from elsewhere (an end of a relation), and the snapshot is read.
 * test/integration/created-snapshots.test.ts holds these to what the database reads back.
 * The rows that create those subjects are made here too, beside the snapshots that must match them,
 * and the test of an article loaded again against what its subjects hold (saysAgain).
 */
import { ENTITY_FIELD_NAMES, STORED_PROPERTIES } from '../domain/entity-fields.js';
import { KIND_LABEL, presentValues } from '../domain/model.js';
import type { PreparedBundle } from './bundle-rows.js';
import type { HeldClaim } from './claim-store.js';
import { ENTITY_HELD_FIELDS, RELATION_HELD_FIELDS } from './claim-queries.js';
import type { SubjectSnapshot } from './history-store.js';
import type { EvidenceRecord } from './records.js';

/** Compares as Cypher orders strings. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The other names of an entity a write creates, as settling its one claim leaves them and CREATE_ENTITIES is given them: each once, without its name. */
export function aliasesOfNewEntity(row: { name: string; aliases: readonly string[] }): string[] {
  return [...new Set(row.aliases)].filter((alias) => alias !== row.name);
}

/**
 * The claim a subject a write creates holds on itself (claim-queries.ts: ONLY_CLAIM_PROPERTIES), and the
 * record of its creation (creation-records.ts), or null when its claim is a node.
 */
export type OnlyClaim = (subjectId: string) => { onlyClaimFrom: string; onlyClaimLoadedAt: number; createdIn?: string } | null;

/** The rows CREATE_ENTITIES creates entities from: the values a new entity holds, the absent ones left out. */
export function newEntityRows(entities: PreparedBundle['entities'], onlyClaim: OnlyClaim = () => null): Array<{ id: string; label: string; properties: Record<string, unknown> }> {
  return entities.map((e) => ({
    id: e.id,
    label: KIND_LABEL[e.kind],
    properties: presentValues({
      kind: e.kind,
      name: e.name,
      unidentified: e.unidentified,
      ...Object.fromEntries(STORED_PROPERTIES.map(({ property }) => [property, e.fields[property]])),
      aliases: aliasesOfNewEntity(e),
      searchSpellings: e.searchSpellings,
      ...onlyClaim(e.id),
    }),
  }));
}

/**
 * The rows CREATE_RELATIONS creates relations from. A dated source calling a relation current says
 * it held on the days its publication date covers (`held`, domain/claims.ts).
 */
export function newRelationRows(
  relations: PreparedBundle['relations'],
  held: { start: string | null; end: string | null },
  onlyClaim: OnlyClaim = () => null,
): Array<{ id: string; type: string; from: string; to: string; properties: Record<string, unknown> }> {
  return relations.map((r) => ({
    id: r.id,
    type: r.type,
    from: r.from,
    to: r.to,
    properties: presentValues({
      role: r.role,
      validFrom: r.validFrom, validFromStart: r.validFromStart, validFromEnd: r.validFromEnd,
      validTo: r.validTo, validToStart: r.validToStart, validToEnd: r.validToEnd,
      current: r.current,
      statementId: r.statementId,
      heldSince: r.current ? held.end : null,
      heldUntil: r.current ? held.start : null,
      ...onlyClaim(r.id),
    }),
  }));
}

/** A value as two subjects' values are compared: maps with their keys in order. */
const canonical = (values: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(presentValues(values)).sort(([a], [b]) => byText(a, b))));

const pick = (values: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, values[key]]));

/**
 * Whether the bundle says of a subject, word for word, what the claim the subject holds on itself
 * says (a claim of the bundle's document: the same article loaded again), every field a held claim
 * gives compared, even those the bundle leaves out. Then the subject shows
 * it already, and writing the bundle again leaves it, and where its claim is, as they are.
 */
export function saysAgain(held: HeldClaim, bundle: PreparedBundle): boolean {
  const subjectId = held.values.subjectId as string;
  if (held.values.documentId !== bundle.document.id || (held.values.publishedOn ?? null) !== bundle.document.publishedOn) return false;
  const entity = bundle.entities.find((e) => e.id === subjectId);
  if (entity) {
    const { kind: _kind, ...shown } = newEntityRows([entity])[0]!.properties;
    return canonical(shown) === canonical(pick(held.values, [...Object.keys(shown), ...ENTITY_HELD_FIELDS]));
  }
  const relation = bundle.relations.find((r) => r.id === subjectId);
  if (!relation) return false;
  const { role: _role, statementId: _statementId, heldSince: _since, heldUntil: _until, ...shown } = newRelationRows([relation], { start: null, end: null })[0]!.properties;
  return canonical(shown) === canonical(pick(held.values, [...Object.keys(shown), ...RELATION_HELD_FIELDS]));
}

/** Snapshots of every subject of the bundle as it stands once created by it (only valid for those absent before). */
export function createdSnapshots(bundle: PreparedBundle): Map<string, SubjectSnapshot> {
  const documentId = bundle.document.id;
  const quotes = new Map<string, Map<string, EvidenceRecord>>();
  for (const evidence of bundle.evidence) {
    const bySubject = quotes.get(evidence.subjectId) ?? new Map<string, EvidenceRecord>();
    bySubject.set(evidence.quote, { quote: evidence.quote, documentId });
    quotes.set(evidence.subjectId, bySubject);
  }
  const evidenceOf = (id: string) => [...(quotes.get(id)?.values() ?? [])].sort((a, b) => byText(a.quote, b.quote));
  const snapshots = new Map<string, SubjectSnapshot>();
  const add = (id: string, type: SubjectSnapshot['type'], fields: Record<string, unknown>) =>
    snapshots.set(id, { id, type, fields, evidence: evidenceOf(id), restricted: false });

  for (const row of bundle.entities) {
    const fields: Record<string, unknown> = { kind: row.kind, name: row.name, aliases: aliasesOfNewEntity(row), unidentified: row.unidentified };
    for (const name of ENTITY_FIELD_NAMES) fields[name] = row.fields[name] ?? null;
    add(row.id, 'ENTITY', fields);
  }
  for (const row of bundle.relations) {
    add(row.id, 'RELATION', {
      type: row.type, from: row.from, to: row.to, role: row.role,
      validFrom: row.validFrom, validTo: row.validTo, current: row.current, retracted: null,
    });
  }
  for (const row of bundle.statements) {
    add(row.id, 'STATEMENT', {
      summary: row.summary, madeOn: row.madeOn, concerns: row.concerns, retracted: null,
      speaker: row.speaker, about: [...new Set(row.about)].sort(byText), madeAt: row.madeAt, supersedes: row.supersedes,
    });
  }
  return snapshots;
}
