/**
 * What a merge does, worked out without the database: where each relation of the merged entity
 * goes, which names and fields it lends the survivor, and the history the merge (or its undo)
 * records. Pure, and unit-tested; data/merge-store.ts carries it out.
 */
import type { RelationType } from '../generated/graphql.js';
import { STORED_PROPERTIES } from '../domain/entity-fields.js';
import { relationIdWithEnds } from '../domain/model.js';
import type { MovedClaims } from './claim-store.js';
import { changesBetween, explicitChange, type ChangeContext, type NewChange, type SubjectSnapshot } from './history-store.js';

export interface RelationSnapshot {
  id: string;
  type: RelationType;
  outgoing: boolean;
  otherId: string;
  props: Record<string, unknown>;
}
export interface EvidenceSnapshot {
  id: string;
  subjectId: string;
  quote: string;
  ordinal: number;
  curated: boolean | null;
  documentId: string;
}
export interface MergedSnapshot {
  props: Record<string, unknown>;
  relations: RelationSnapshot[];
  made: string[];
  about: string[];
  madeAt: string[];
  published: string[];
  evidence: EvidenceSnapshot[];
}

/** What the Merge record keeps so that the merge can be undone. */
export interface MergePlan {
  snapshot: MergedSnapshot;
  /** The claims moved to the survivor and those created there (absent from merges made before claims were kept). */
  claims?: MovedClaims;
  /** The subjects that held their claims on themselves before the merge wrote them out (claim-queries.ts: ONLY_CLAIM_PROPERTIES); an undo gives them back. */
  heldClaims?: string[];
  /** Old relation id → its id on the survivor, or null when it would have related the survivor to itself. */
  moved: Record<string, string | null>;
  /** Relations and quotes the merge created on the survivor (those it found there already stay on undo). */
  createdRelationIds: string[];
  createdEvidenceIds: string[];
  /** Statement and publisher links the merge created on the survivor. */
  createdLinks: { made: string[]; about: string[]; madeAt: string[]; published: string[] };
  addedAliases: string[];
  /** Survivor fields the merge filled from the merged entity because the survivor had none. */
  filledFields: Record<string, unknown>;
  /** Of those, the fields an editor had set on the merged entity: they stay as set on the survivor (curatedFields). */
  addedCuratedFields?: string[];
}

/** Survivor fields a merge may fill from the merged entity when the survivor has none: every field the sources give. */
export const FILLABLE_FIELDS = STORED_PROPERTIES.map(({ property }) => property);


/**
 * Where each of the merged entity's relations goes: the same type and role, the merged end
 * replaced by the survivor (`moved`: old id → new id); one that joined the two becomes null, since
 * it would relate the survivor to itself. Pure, and unit-tested.
 */
export function relocateRelations(relations: readonly RelationSnapshot[], survivorId: string) {
  const moved: Record<string, string | null> = {};
  const toCreate: Array<{ id: string; type: RelationType; fromId: string; toId: string; props: Record<string, unknown> }> = [];
  for (const relation of relations) {
    if (relation.otherId === survivorId) {
      moved[relation.id] = null;
      continue;
    }
    const [fromId, toId] = relation.outgoing ? [survivorId, relation.otherId] : [relation.otherId, survivorId];
    const id = relationIdWithEnds(relation.id, fromId, toId);
    moved[relation.id] = id;
    // The record of its creation names the relation by its old id (creation-records.ts): the moved one has none.
    const { createdIn: _createdIn, ...props } = relation.props;
    toCreate.push({ id, type: relation.type, fromId, toId, props });
  }
  return { moved, toCreate };
}

/**
 * What the merged entity lends the survivor: its names as aliases, and the fields the survivor
 * lacks. Nothing when only restricted sources support the merged entity and the survivor is open.
 * Pure, and unit-tested.
 */
export function namesAndFieldsLent(merged: Record<string, unknown>, survivor: Record<string, unknown>) {
  const filledFields: Record<string, unknown> = {};
  if (merged.restricted === true && survivor.restricted !== true) return { addedAliases: [] as string[], filledFields, addedCuratedFields: [] as string[] };
  const survivorAliases = (survivor.aliases as string[] | null) ?? [];
  const mergedNames = [merged.name as string, ...((merged.aliases as string[] | null) ?? [])];
  const addedAliases = [...new Set(mergedNames)].filter((n) => n !== survivor.name && !survivorAliases.includes(n));
  for (const field of FILLABLE_FIELDS) {
    if ((survivor[field] ?? null) === null && (merged[field] ?? null) !== null) filledFields[field] = merged[field];
  }
  // An editor's value lent to the survivor is still an editor's value: the survivor's sources do not replace it.
  const survivorCurated = (survivor.curatedFields as string[] | null) ?? [];
  const addedCuratedFields = ((merged.curatedFields as string[] | null) ?? []).filter((field) => field in filledFields && !survivorCurated.includes(field));
  return { addedAliases, filledFields, addedCuratedFields };
}

/**
 * The history of a merge or of its undo: the merged entity (merged into the survivor, or back), the
 * id each of its relations moved to (or back from), and, from snapshots, what changed on the
 * survivor and on the relations the merge created or added to.
 */
export function mergeChanges(
  action: 'MERGED' | 'MERGE_UNDONE',
  { mergedId, survivorId, snapshot, moved, before, after, context }: {
    mergedId: string;
    survivorId: string;
    snapshot: MergedSnapshot;
    moved: Record<string, string | null>;
    before: Map<string, SubjectSnapshot>;
    after: Map<string, SubjectSnapshot>;
    context: ChangeContext;
  },
): NewChange[] {
  // An undo records the merge's changes the other way round.
  const change = (from: string | null, to: string | null) => (action === 'MERGED' ? { before: from, after: to } : { before: to, after: from });
  const restrictedRelations = new Set(snapshot.relations.filter((r) => r.props.restricted === true).map((r) => r.id));
  return [
    explicitChange(
      { action, subjectId: mergedId, subjectType: 'ENTITY', fields: [{ field: 'mergedInto', ...change(null, survivorId) }], restricted: snapshot.props.restricted === true },
      context,
    ),
    ...Object.entries(moved).map(([oldId, newId]) =>
      explicitChange({ action, subjectId: oldId, subjectType: 'RELATION', fields: [{ field: 'id', ...change(oldId, newId) }], restricted: restrictedRelations.has(oldId) }, context),
    ),
    ...changesBetween(before, after, context, { action, extraFields: { [survivorId]: [{ field: 'absorbed', ...change(null, mergedId) }] } }),
  ];
}
