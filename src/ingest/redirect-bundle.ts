/**
 * What an entity merge means for a bundle written later: ids merged into other entities are
 * replaced by their survivors' before the bundle is checked, so that facts about a merged id land
 * on the survivor (ingest/load-bundle.ts looks the redirects up; prepare-bundle.ts applies them).
 */
import type { EntityKind, RelationType } from '../generated/graphql.js';
import { entityIdFor, relationIdFor } from '../domain/model.js';
import type { Bundle } from './bundle.js';

/**
 * The bundle with every entity id that was merged into another replaced by its survivor's, and the
 * ids so replaced among the entities it defines. What the merge made one becomes one here too: an
 * article defining both a merged entity and its survivor defines one entity (the survivor's entry,
 * with the other's names as aliases and both entries' quotes); relations that now join an entity to
 * itself are dropped; relations that became the same relation are one, with all their quotes.
 * Duplicates that no merge explains are left for the checks to report.
 */
export function redirectBundle(bundle: Bundle, redirects: ReadonlyMap<string, string>): { bundle: Bundle; renamed: Set<string> } {
  if (redirects.size === 0) return { bundle, renamed: new Set() };
  const to = (id: string) => redirects.get(id) ?? id;
  const renamed = new Set<string>();

  const entities: Bundle['entities'] = [];
  const entityAt = new Map<string, { index: number; redirected: boolean }>();
  for (const entity of bundle.entities) {
    const original = entity.id ?? entityIdFor(entity.kind as EntityKind, entity.name);
    const id = to(original);
    const redirected = redirects.has(original);
    const seen = entityAt.get(id);
    if (seen && (seen.redirected || redirected)) {
      // The survivor's own entry leads; the merged one's names and quotes join it.
      const [lead, other] = seen.redirected && !redirected ? [{ ...entity, id }, entities[seen.index]!] : [entities[seen.index]!, entity];
      entities[seen.index] = {
        ...lead,
        aliases: [...new Set([...lead.aliases, other.name, ...other.aliases])].filter((alias) => alias !== lead.name),
        evidence: [...new Set([...lead.evidence, ...other.evidence])],
      };
      entityAt.set(id, { index: seen.index, redirected: seen.redirected && redirected });
      continue;
    }
    entityAt.set(id, { index: entities.length, redirected });
    entities.push({ ...entity, id });
  }
  for (const [id, { redirected }] of entityAt) if (redirected) renamed.add(id);

  const relations: Bundle['relations'] = [];
  const relationAt = new Map<string, number>();
  for (const relation of bundle.relations) {
    const moved = redirects.has(relation.from) || redirects.has(relation.to);
    const redirected = { ...relation, from: to(relation.from), to: to(relation.to) };
    if (moved && redirected.from === redirected.to) continue;
    const key = relationIdFor(redirected.type as RelationType, redirected.from, redirected.to, redirected.role);
    const seen = relationAt.get(key);
    if (seen !== undefined && moved) {
      const lead = relations[seen]!;
      relations[seen] = { ...lead, evidence: [...new Set([...lead.evidence, ...redirected.evidence])] };
      continue;
    }
    relationAt.set(key, relations.length);
    relations.push(redirected);
  }

  return {
    renamed,
    bundle: {
      ...bundle,
      document: { ...bundle.document, publisherEntity: bundle.document.publisherEntity ? to(bundle.document.publisherEntity) : null },
      entities,
      relations,
      statements: bundle.statements.map((statement) => ({
        ...statement,
        speaker: to(statement.speaker),
        about: statement.about.map(to),
        madeAt: statement.madeAt ? to(statement.madeAt) : null,
      })),
    },
  };
}

/** Every entity id a bundle refers to, defined or not: what must be looked up for merges. */
export function entityIdsOf(bundle: Bundle): string[] {
  const ids = new Set<string>();
  for (const entity of bundle.entities) ids.add(entity.id ?? entityIdFor(entity.kind as EntityKind, entity.name));
  for (const relation of bundle.relations) ids.add(relation.from).add(relation.to);
  for (const statement of bundle.statements) {
    ids.add(statement.speaker);
    statement.about.forEach((id) => ids.add(id));
    if (statement.madeAt) ids.add(statement.madeAt);
  }
  if (bundle.document.publisherEntity) ids.add(bundle.document.publisherEntity);
  return [...ids];
}
