/**
 * The Cypher statements of claims (domain/claims.ts): what each document says of an entity or a
 * relation, kept as a Claim node beside the subject, and the rule that chooses the values the
 * subject shows from them. data/claim-store.ts runs them.
 */
import { STORED_PROPERTIES } from '../domain/entity-fields.js';
import { RELATION_CLAIM_GROUPS } from '../domain/claims.js';
import { RELATION_TYPES, relationTypePattern } from '../domain/model.js';
import { cypher } from './database.js';
import { visible } from './read-queries.js';
import { relationKeysSet } from './relation-keys.js';
import { callRelationByKey } from './relation-match.js';

/**
 * Claims as the rule orders them (domain/claims.ts): an editor's first, open before restricted,
 * the most recent publication, the last loaded, then by id. Each row is the claim's properties with
 * `restricted` (its document's): restriction is read from the document at the time, so that a
 * document whose restriction switches needs no claim rewritten.
 */
const RULE_ORDER = `coalesce(c.curated, false) DESC, restricted ASC, coalesce(c.publishedOnEnd, '') DESC,
       coalesce(c.publishedOnStart, '') DESC, c.loadedAt DESC, c.id DESC`;

const ORDERED_CLAIMS = (subjectId: string) => `COLLECT {
       MATCH (c:Claim {subjectId: ${subjectId}}) USING INDEX SEEK c:Claim(subjectId)
       MATCH (d:Document {id: c.documentId}) USING INDEX SEEK d:Document(id)
       WITH c, coalesce(d.restricted, false) AS restricted
       ORDER BY ${RULE_ORDER}
       RETURN c { .*, restricted: restricted }
     }`;

/**
 * The claims the rule may use: only open ones for a subject everyone sees (none: it is left as it
 * is, e.g. one an editor's quotes opened); for a restricted one, the open ones when any, else all.
 */
const USABLE_CLAIMS = (subject: string) =>
  `CASE WHEN NOT coalesce(${subject}.restricted, false) OR any(c IN claims WHERE NOT c.restricted) THEN [c IN claims WHERE NOT c.restricted] ELSE claims END`;

/** A claim is written whole each time its document is loaded; when it was first loaded stays (the rule's "last loaded"). */
export const WRITE_CLAIMS = cypher(
  'writeClaims',
  `UNWIND $rows AS row
   MERGE (c:Claim {id: row.id})
   ON CREATE SET c.loadedAt = $loadedAt
   SET c += row.values`,
  { stablePlan: true },
);

/** Claims about subjects the write creates: none can exist yet, so they are created without a search. */
export const CREATE_CLAIMS = cypher(
  'createClaims',
  `UNWIND $rows AS row
   CREATE (c:Claim {id: row.id})
   SET c += row.values, c.loadedAt = $loadedAt`,
  { stablePlan: true },
);

/**
 * The claim a subject holds on itself, in place of a Claim node: an entity or a relation that an
 * article created, while no other source or editor has spoken of it, carries `onlyClaimFrom` (the
 * article's document) and `onlyClaimLoadedAt`, and its values are the claim's. A bulk import of new
 * material writes most subjects once, and a Claim node beside each (with its two index entries) was
 * a quarter of the nodes it wrote. Before any write touches such a subject its claim is written out
 * as a node (claim-store.ts: writeOutOnlyClaims), so that writes and the rule see Claim nodes only.
 */
export const ONLY_CLAIM_PROPERTIES = ['onlyClaimFrom', 'onlyClaimLoadedAt'] as const;

/** What a held claim gives of an entity, and of a relation: the subject's own values (ONLY_CLAIMS, HOLD_ONLY_CLAIMS). */
export const ENTITY_HELD_FIELDS = ['name', 'aliases', 'unidentified', 'searchSpellings', ...STORED_PROPERTIES.map(({ property }) => property)];
export const RELATION_HELD_FIELDS = Object.values(RELATION_CLAIM_GROUPS).flat();
const projection = (variable: string, fields: readonly string[]) => `${variable} { ${fields.map((field) => `.${field}`).join(', ')} }`;
const fieldNames = (fields: readonly string[]) => `[${fields.map((field) => `'${field}'`).join(', ')}]`;

const ONLY_CLAIM_OF = (values: string) => `MATCH (d:Document {id: x.onlyClaimFrom}) USING INDEX SEEK d:Document(id)
     WHERE ${visible('d')}
     RETURN x.id AS subjectId, d.id AS documentId, d.publishedOn AS publishedOn, coalesce(d.restricted, false) AS restricted,
            x.onlyClaimLoadedAt AS loadedAt, ${values} AS values`;

/** The claims these entities and relations hold on themselves (those that hold one), as far as the caller may see them. */
export const ONLY_CLAIMS = cypher(
  'onlyClaims',
  `CALL () {
     UNWIND $entityIds AS id
     MATCH (x:Entity {id: id}) USING INDEX SEEK x:Entity(id)
     WHERE x.onlyClaimFrom IS NOT NULL
     ${ONLY_CLAIM_OF(projection('x', ENTITY_HELD_FIELDS))}
     UNION ALL
     UNWIND $relationKeys AS key
     ${callRelationByKey('key')}
     WITH r AS x WHERE x.onlyClaimFrom IS NOT NULL
     ${ONLY_CLAIM_OF(projection('x', RELATION_HELD_FIELDS))}
   }
   RETURN subjectId, documentId, publishedOn, restricted, loadedAt, values`,
  { stablePlan: true },
);

/**
 * Claims written out of the subjects that held them (claim-store.ts: writeOutOnlyClaims). MERGE,
 * not CREATE: two writes touching one subject at once both see it hold its claim; the second
 * waits for the first and finds the node there.
 */
export const WRITE_OUT_CLAIMS = cypher(
  'writeOutClaims',
  `UNWIND $rows AS row
   MERGE (c:Claim {id: row.id})
   ON CREATE SET c += row.values, c.loadedAt = row.loadedAt`,
  { stablePlan: true },
);

/**
 * Subjects whose one claim is an article's node, saying exactly what they show, hold it on
 * themselves again: what undoing a merge does for the claims the merge wrote out. One an editor
 * changed since (curated fields, removed aliases), or that shows anything else, keeps the node.
 */
export const HOLD_ONLY_CLAIMS = cypher(
  'holdOnlyClaims',
  `CALL () {
     UNWIND $entityIds AS id
     MATCH (x:Entity {id: id}) USING INDEX SEEK x:Entity(id)
     WHERE x.curatedFields IS NULL AND x.removedAliases IS NULL
     RETURN x, ${projection('x', ENTITY_HELD_FIELDS)} AS shown, ${fieldNames(ENTITY_HELD_FIELDS)} AS fields
     UNION ALL
     UNWIND $relationKeys AS key
     ${callRelationByKey('key')}
     RETURN r AS x, ${projection('r', RELATION_HELD_FIELDS)} AS shown, ${fieldNames(RELATION_HELD_FIELDS)} AS fields
   }
   WITH x, shown, fields, COLLECT { MATCH (c:Claim {subjectId: x.id}) USING INDEX SEEK c:Claim(subjectId) RETURN c } AS claims
   WHERE size(claims) = 1 AND NOT coalesce(claims[0].curated, false) AND NOT coalesce(claims[0].inherited, false)
     AND NOT coalesce(claims[0].keepName, false)
     AND all(field IN fields WHERE shown[field] = claims[0][field] OR (shown[field] IS NULL AND claims[0][field] IS NULL))
   WITH x, claims[0] AS c
   SET x.onlyClaimFrom = c.documentId, x.onlyClaimLoadedAt = c.loadedAt
   DELETE c`,
);

/** The subjects no longer hold their claims (written out as nodes just before). */
export const FORGET_ONLY_CLAIMS = cypher(
  'forgetOnlyClaims',
  `CALL () {
     UNWIND $entityIds AS id
     MATCH (x:Entity {id: id}) USING INDEX SEEK x:Entity(id)
     REMOVE x.onlyClaimFrom, x.onlyClaimLoadedAt
   }
   CALL () {
     UNWIND $relationKeys AS key
     ${callRelationByKey('key')}
     REMOVE r.onlyClaimFrom, r.onlyClaimLoadedAt
   }`,
);

export const DELETE_CLAIMS = cypher(
  'deleteClaims',
  `UNWIND $ids AS id
   MATCH (c:Claim {id: id}) USING INDEX SEEK c:Claim(id)
   DELETE c`,
);

const CURATED = (field: string) => `'${field}' IN curated`;

/**
 * Sets what each entity shows from its claims by the rule. A field an editor set keeps the
 * editor's value. Names are only ever added (but for those an editor took out of the aliases): the shown name is the first claim's that named the
 * entity by its own id (not one merged into it), and every other name stays an alias, unless the
 * entity was known only from restricted sources and an open one now speaks of it (then what the
 * restricted ones said goes). An entity no claim speaks of is left as it is.
 */
export const SETTLE_ENTITIES = cypher(
  'settleEntities',
  `UNWIND $ids AS id
   MATCH (e:Entity {id: id}) USING INDEX SEEK e:Entity(id)
   WITH e, ${ORDERED_CLAIMS('e.id')} AS claims
   WITH e, ${USABLE_CLAIMS('e')} AS cs
   WHERE size(cs) > 0
   WITH e, cs, coalesce(e.curatedFields, []) AS curated,
        coalesce(e.restricted, false) AND NOT cs[0].restricted AS opened
   WITH e, cs, curated, opened,
        CASE WHEN ${CURATED('name')} THEN e.name ELSE coalesce(head([c IN cs WHERE NOT coalesce(c.keepName, false) | c.name]), cs[0].name) END AS name
   WITH e, cs, curated, opened, name,
        reduce(names = [], c IN cs | names + [c.name] + coalesce(c.aliases, [])) + CASE WHEN opened THEN [] ELSE coalesce(e.aliases, []) + [e.name] END AS named
   SET e.name = name,
       e.aliases = reduce(kept = [], n IN named | CASE WHEN n IS NULL OR n = name OR n IN kept OR n IN coalesce(e.removedAliases, []) THEN kept ELSE kept + n END),
       e.searchSpellings = reduce(kept = [], s IN reduce(spellings = [], c IN cs | spellings + coalesce(c.searchSpellings, [])) + CASE WHEN opened THEN [] ELSE coalesce(e.searchSpellings, []) END |
                             CASE WHEN s IN kept THEN kept ELSE kept + s END),
       e.unidentified = CASE WHEN ${CURATED('unidentified')} THEN e.unidentified ELSE all(c IN cs WHERE coalesce(c.unidentified, false)) END,
       ${STORED_PROPERTIES.map(
         ({ property, governedBy }) =>
           `e.${property} = CASE WHEN ${CURATED(governedBy)} THEN e.${property} ELSE head([c IN cs WHERE c.${governedBy} IS NOT NULL | c.${property}]) END`,
       ).join(',\n       ')}`,
  { stablePlan: true },
);

/**
 * Sets what each relation shows from its claims by the rule: its start from the first claim that
 * dates it, its end and `current` together from the first that says either, and the days dated
 * sources called it current (heldSince: the earliest, as its last possible day; heldUntil: the
 * latest, as its first). A relation no claim speaks of is left as it is.
 */
export const SETTLE_RELATIONS = cypher(
  'settleRelations',
  `UNWIND $keys AS key
   ${callRelationByKey('key')}
   WITH r, ${ORDERED_CLAIMS('r.id')} AS claims
   WITH r, ${USABLE_CLAIMS('r')} AS cs
   WHERE size(cs) > 0
   WITH r, head([c IN cs WHERE c.validFrom IS NOT NULL]) AS start, head([c IN cs WHERE c.validTo IS NOT NULL OR c.current IS NOT NULL]) AS end,
        [c IN cs WHERE c.current = true AND c.publishedOnStart IS NOT NULL] AS currentOn
   SET r.validFrom = start.validFrom, r.validFromStart = start.validFromStart, r.validFromEnd = start.validFromEnd,
       r.validTo = end.validTo, r.validToStart = end.validToStart, r.validToEnd = end.validToEnd, r.current = end.current,
       r.heldSince = reduce(m = null, c IN currentOn | CASE WHEN m IS NULL OR c.publishedOnEnd < m THEN c.publishedOnEnd ELSE m END),
       r.heldUntil = reduce(m = null, c IN currentOn | CASE WHEN m IS NULL OR c.publishedOnStart > m THEN c.publishedOnStart ELSE m END)
   SET ${relationKeysSet('r')}`,
  { stablePlan: true },
);

/** The claims about each subject that the caller may see, in the rule's order (the one that decides first). */
export const CLAIMS_BY_SUBJECTS = cypher(
  'claimsBySubjects',
  `UNWIND $ids AS subjectId
   MATCH (c:Claim {subjectId: subjectId}) USING INDEX SEEK c:Claim(subjectId)
   MATCH (d:Document {id: c.documentId}) USING INDEX SEEK d:Document(id)
   WHERE ${visible('d')}
   WITH subjectId, c, coalesce(d.restricted, false) AS restricted
   ORDER BY ${RULE_ORDER}
   RETURN subjectId, collect(c { .*, restricted: restricted }) AS claims`,
);

/** The claims about these subjects, as plain values (what a merge moves, and its undo puts back). */
export const CLAIMS_OF_SUBJECTS = cypher(
  'claimsOfSubjects',
  `UNWIND $ids AS subjectId
   MATCH (c:Claim {subjectId: subjectId}) USING INDEX SEEK c:Claim(subjectId)
   RETURN c { .* } AS claim`,
);

/** What a document said of the merged side that its claim about the survivor leaves unsaid (one document, one claim per subject). */
const MOVED_CLAIM_FIELDS = [
  ...STORED_PROPERTIES.map(({ property }) => property),
  ...Object.values(RELATION_CLAIM_GROUPS).flat(),
];

/**
 * Claims a merge gives the survivor: copies of the merged entity's (and of its relations'), under
 * the survivor's ids. Where the survivor has a claim from the same document already, that one
 * stands, takes the other's names as aliases (names are only ever added) and what else the other
 * says that it does not.
 */
export const MOVE_CLAIMS = cypher(
  'moveClaims',
  `UNWIND $rows AS row
   MERGE (c:Claim {id: row.id})
   ON CREATE SET c += row.values
   ON MATCH SET c.aliases = CASE WHEN row.values.name IS NULL THEN c.aliases
     ELSE reduce(kept = coalesce(c.aliases, []), n IN [row.values.name] + coalesce(row.values.aliases, []) |
       CASE WHEN n = c.name OR n IN kept THEN kept ELSE kept + n END) END,
     c.searchSpellings = CASE WHEN row.values.name IS NULL THEN c.searchSpellings
       ELSE coalesce(c.searchSpellings, []) + [s IN coalesce(row.values.searchSpellings, []) WHERE NOT s IN coalesce(c.searchSpellings, [])] END,
     ${MOVED_CLAIM_FIELDS.map((field) => `c.${field} = coalesce(c.${field}, row.values.${field})`).join(',\n     ')}`,
);

export const EXISTING_CLAIMS = cypher('existingClaims', 'UNWIND $ids AS id MATCH (c:Claim {id: id}) RETURN c.id AS id');

/** Claims put back as a snapshot had them (an undone merge). */
export const RESTORE_CLAIMS = cypher(
  'restoreClaims',
  `UNWIND $rows AS row
   MERGE (c:Claim {id: row.id})
   SET c += row.values`,
);

const SUBJECTS_WITHOUT_CLAIMS = `WHERE x.onlyClaimFrom IS NULL AND NOT EXISTS { MATCH (:Claim {subjectId: x.id}) }`;
const CLAIM_FROM_GRAPH = `MATCH (ev:Evidence {subjectId: x.id})-[:FROM]->(d:Document)
       // The document's own claim, never an editor's: which values an editor chose is not known.
       WITH DISTINCT x, d
       MERGE (c:Claim {id: d.id + '|' + x.id})
       SET c.subjectId = x.id, c.documentId = d.id, c.curated = false, c.inherited = true, c.loadedAt = 0,
           c.publishedOn = d.publishedOn, c.publishedOnStart = $spans[d.id].start, c.publishedOnEnd = $spans[d.id].end`;

/**
 * Claims for what was written before claims were kept: one per supporting document, each with the
 * values the subject shows (which of its sources said what is not known any more; `inherited`
 * marks them). `$spans` maps each dated document's id to the days its date covers (parsed in domain/).
 */
export const MIGRATE_ENTITY_CLAIMS = cypher(
  'migrateEntityClaims',
  `MATCH (x:Entity) ${SUBJECTS_WITHOUT_CLAIMS}
   CALL (x) {
     ${CLAIM_FROM_GRAPH}, c.name = x.name, c.aliases = x.aliases, c.searchSpellings = x.searchSpellings,
           c.unidentified = x.unidentified, c.keepName = false,
           ${STORED_PROPERTIES.map(({ property }) => `c.${property} = x.${property}`).join(', ')}
   } IN TRANSACTIONS OF 1000 ROWS`,
);

export const MIGRATE_RELATION_CLAIMS = cypher(
  'migrateRelationClaims',
  `MATCH ()-[x${relationTypePattern(RELATION_TYPES)}]->() ${SUBJECTS_WITHOUT_CLAIMS}
   CALL (x) {
     ${CLAIM_FROM_GRAPH}, c.validFrom = x.validFrom, c.validFromStart = x.validFromStart, c.validFromEnd = x.validFromEnd,
           c.validTo = x.validTo, c.validToStart = x.validToStart, c.validToEnd = x.validToEnd, c.current = x.current
   } IN TRANSACTIONS OF 1000 ROWS`,
);
