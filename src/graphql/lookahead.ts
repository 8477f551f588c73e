/**
 * Reading ahead: when a client asks for an entity (`entity`, or the nodes of `entities`) and for a
 * page of its relations below it, both are read in one statement instead of one round trip after
 * the other (issue #10). The resolver of the outer field asks here which page the `relations`
 * field below will want, builds it exactly as that field's resolver does (relationPageShape), and
 * the data layer remembers the page under that request, so the `relations` resolver reads nothing.
 */
import { Kind, valueFromASTUntyped, type FieldNode, type GraphQLInterfaceType, type GraphQLResolveInfo } from 'graphql';
import type { Config } from '../config.js';
import type { EntityDetail, RelationPageShape } from '../data/read-requests.js';
import type { EntityRelationsArgs } from '../generated/graphql.js';
import { afterKey, asOfInterval, pageSize } from './arguments.js';
import { fieldNamesBelow, fieldNodesBelow, scopeOf, selects, selectsPath, type SelectionScope } from './selection.js';

/**
 * The fields of an entity that its names alone answer (EntityDetail 'names'): the names themselves,
 * and the fields whose resolvers need only the id (resolvers/entity.ts's entityFields).
 */
export const ENTITY_FIELDS_ANSWERED_BY_NAMES: ReadonlySet<string> = new Set(
  ['__typename', 'id', 'kind', 'name', 'aliases', 'unidentified', 'evidence', 'statements', 'relations', 'history', 'mergedIds'],
);

/** How much of the entities at the end of these paths below the scope the selection shows. */
export function entityDetailAt(below: SelectionScope, paths: ReadonlyArray<readonly string[]>): EntityDetail {
  const shown = paths.flatMap((path) => [...fieldNamesBelow(below, path)]);
  return shown.every((field) => ENTITY_FIELDS_ANSWERED_BY_NAMES.has(field)) ? 'names' : 'all';
}

/**
 * The page of relations an entity's `relations` field asks for: its arguments checked (a bad one
 * is BAD_USER_INPUT), the types in one order (the same question in another order would be planned
 * anew), whether quotes and the total are selected below it, and how much of the entities at the
 * relations' other ends.
 */
export function relationPageShape(
  { types, direction, asOf, first, after }: EntityRelationsArgs,
  config: Pick<Config, 'maxPageSize'>,
  below: SelectionScope,
): RelationPageShape {
  return {
    types: types && types.length > 0 ? [...new Set(types)].sort() : null,
    direction: direction ?? 'BOTH',
    asOf: asOfInterval(asOf),
    first: pageSize(first, 20, config.maxPageSize),
    afterId: afterKey(after),
    ...pageSelection(below),
  };
}

/**
 * How much of the entities of a neighbourhood its selection shows: their names, when nothing more
 * is asked of its nodes and no edge's or omission's entity is asked for (those are found by id, and
 * only whole entities are remembered for that).
 */
export function neighborhoodNodeDetail(info: GraphQLResolveInfo): EntityDetail {
  const scope = scopeOf(info);
  const endsAsked = [['edges', 'from'], ['edges', 'to'], ['edges', 'other'], ['omitted', 'entity']].some((path) => selectsPath(scope, path));
  return endsAsked ? 'all' : entityDetailAt(scope, [['nodes']]);
}

/**
 * What a page's selection asks of it, remembered per selection: the `relations` field of every
 * entity of a list has the very same field nodes (graphql-js collects them once per list), and
 * walking them again for each entity cost more than reading the page's rows.
 */
const pageSelections = new WeakMap<readonly FieldNode[], Pick<RelationPageShape, 'withEvidence' | 'withTotal' | 'otherDetail'>>();
function pageSelection(below: SelectionScope): Pick<RelationPageShape, 'withEvidence' | 'withTotal' | 'otherDetail'> {
  let selection = pageSelections.get(below.nodes);
  if (!selection) {
    selection = {
      withEvidence: selectsPath(below, ['edges', 'node', 'evidence']),
      withTotal: selects(below, 'totalCount'),
      otherDetail: entityDetailAt(below, [['edges', 'node', 'from'], ['edges', 'node', 'to'], ['edges', 'node', 'other']]),
    };
    pageSelections.set(below.nodes, selection);
  }
  return selection;
}

/**
 * A field's arguments as its resolver will receive them, defaults filled in. (graphql-js's own
 * getArgumentValues checks types by class, and the schema Apollo builds may come from the other
 * copy of graphql-js, ESM or CommonJS: so values are read without their types, enum values being
 * their names in this schema.) Validation has already checked the document against the schema;
 * what a scalar would refuse, the shape refuses.
 */
function argumentValues(definitions: ReadonlyArray<{ name: string; type: unknown; defaultValue: unknown }>, node: FieldNode, variables: Record<string, unknown>) {
  const given = new Map((node.arguments ?? []).map((argument) => [argument.name.value, argument.value]));
  return Object.fromEntries(
    definitions.map(({ name, type, defaultValue }) => {
      const value = given.get(name);
      // A variable left out of the request is as if the argument were not given.
      const missing = value === undefined || (value.kind === Kind.VARIABLE && !(value.name.value in variables));
      const read = missing ? (defaultValue ?? null) : valueFromASTUntyped(value, variables);
      // GraphQL takes one value where a list is expected as a list of one.
      return [name, String(type).startsWith('[') && read !== null && !Array.isArray(read) ? [read] : read];
    }),
  );
}

/**
 * The one page of relations the client asks for at `path` below the field being resolved (`[]`:
 * on the entity it returns; `['edges', 'node']`: on each entity of a connection), or null when it
 * asks for none or for several (aliases), or when an argument is bad: the `relations` field then
 * reads for itself and reports the error at its own path.
 */
export function relationPageAhead(info: GraphQLResolveInfo, path: readonly string[], config: Pick<Config, 'maxPageSize'>): RelationPageShape | null {
  const nodes = fieldNodesBelow(scopeOf(info), [...path, 'relations']);
  if (nodes.length === 0) return null;
  // Selections under one response name are one field to GraphQL; two names would be two pages.
  const responseNames = new Set(nodes.map((node) => node.alias?.value ?? node.name.value));
  if (responseNames.size > 1) return null;
  const definition = (info.schema.getType('Entity') as GraphQLInterfaceType).getFields().relations!;
  try {
    const args = argumentValues(definition.args, nodes[0]!, info.variableValues) as EntityRelationsArgs;
    // Every selection of the one field must ask with the same arguments, or GraphQL would have refused the document.
    return relationPageShape(args, config, { nodes, fragments: info.fragments });
  } catch {
    return null;
  }
}
