/**
 * Finding relations by id in one statement, whatever their types. Each relationship type has its
 * own uniqueness constraint on `id` (schema-setup.ts), so a lookup is a seek in that type's index:
 * the statement holds one branch per allowlisted type, and each row takes the branch of its type
 * (the type is in the id, see relationKeyOf). Each lookup is hinted to seek (`USING INDEX SEEK`):
 * left to the statistics, the planner may scan a type's whole index while it is small, and keep
 * doing so once it is not. One query text serves every type, which keeps a write to a handful of
 * statements.
 */
import { RELATION_TYPES, relationTypePattern } from '../domain/model.js';

/**
 * A `CALL` that, for the row variable `key` (a map with `id` and `type`), yields the relation as
 * `r` with its ends `a` and `b`; rows whose relation is not there yield nothing.
 */
export function callRelationByKey(key: string): string {
  const branches = RELATION_TYPES.map(
    (type) => `WITH ${key} WHERE ${key}.type = '${type}'
       MATCH (a)-[r${relationTypePattern([type])} {id: ${key}.id}]->(b) USING INDEX SEEK r:${type}(id)
       RETURN a, r, b`,
  );
  return `CALL (${key}) {
       ${branches.join('\n       UNION ALL\n       ')}
     }`;
}

/**
 * A `CALL` that merges, for the row variable `row` (with `id` and `type`) between the bound
 * entities `a` and `b`, the relationship of the row's type, and yields it as `r`, with `old`: the
 * relationship as it was before (null when the merge created it).
 */
export function callMergeRelation(row: string): string {
  const branches = RELATION_TYPES.map((type) => {
    const pattern = relationTypePattern([type]);
    return `WITH ${row}, a, b WHERE ${row}.type = '${type}'
       OPTIONAL MATCH ()-[old${pattern} {id: ${row}.id}]->() USING INDEX SEEK old:${type}(id)
       MERGE (a)-[r${pattern} {id: ${row}.id}]->(b)
       RETURN r, old`;
  });
  return `CALL (${row}, a, b) {
       ${branches.join('\n       UNION ALL\n       ')}
     }`;
}
