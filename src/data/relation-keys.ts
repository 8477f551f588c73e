/**
 * Index keys every relation carries so that a page of an entity's relations, and its count, touch
 * only what they return however many relations the entity has (relation-queries.ts):
 * - `toKey`: the id of the relation's end, a colon, then its id. An entity's incoming relations
 *   of a type are one range of the type's `toKey` index, in id order (outgoing ones are a range
 *   of its id index already: their ids begin with the type and the start's id).
 * - `hiddenFrom` / `hiddenTo`: the ids of its ends while it is retracted or restricted, absent
 *   otherwise. A count is the entity's degree (which Neo4j keeps) less these few, found by index.
 * Set by relationKeysSet after every write that creates a relation, moves its ends (a merge),
 * retracts or reinstates it, or changes its restriction; schema-setup.ts indexes them, per type,
 * and brings relations written before them up to date.
 */

/** SET items that bring the keys of relationship `r` up to date with its ends and state. */
export function relationKeysSet(r: string): string {
  const hidden = `${r}.retractedAt IS NOT NULL OR coalesce(${r}.restricted, false)`;
  return `${r}.toKey = endNode(${r}).id + ':' + ${r}.id,
       ${r}.hiddenFrom = CASE WHEN ${hidden} THEN startNode(${r}).id END,
       ${r}.hiddenTo = CASE WHEN ${hidden} THEN endNode(${r}).id END`;
}

/** The properties relationKeysSet sets, which schema-setup.ts indexes per relationship type. */
export const RELATION_KEY_PROPERTIES = ['toKey', 'hiddenFrom', 'hiddenTo'] as const;
