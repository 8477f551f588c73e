/**
 * The one place where access is decided: before an operation executes, every root field of a
 * mutation is checked against MUTATION_POLICY, and (when reads require a credential) every query
 * against the caller's roles. A refused operation never starts, so it cannot change anything.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { forbidden, unauthenticated } from '../errors.js';
import { mayRead, mayRunMutation, type Principal } from './roles.js';

/** Names of the root fields an operation selects, through fragments too. */
function rootFields(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    const fragment = fragments[name];
    if (!fragment || seen.has(name)) return [];
    seen.add(name);
    return rootFields(fragment.selectionSet, fragments, seen);
  });
}

/**
 * The plugin, for any server whose context says who is calling. It asks only for the principal, so
 * that authorization does not depend on the rest of the GraphQL context (which is built above it).
 */
export function authorizationPlugin<Context extends { principal: Principal | null }>(options: { requireReadKey: boolean }): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (!operation) return; // Apollo refuses an unknown operation itself
          const roles = contextValue.principal?.roles ?? [];
          if (operation.operation === 'query') {
            if (options.requireReadKey && !mayRead(roles)) {
              throw contextValue.principal ? forbidden('This key may not read.') : unauthenticated('Reading requires an API key.');
            }
            return;
          }
          const fragments = Object.fromEntries(
            document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
          );
          for (const field of rootFields(operation.selectionSet, fragments)) {
            if (field === '__typename' || mayRunMutation(field, roles)) continue;
            if (!contextValue.principal) throw unauthenticated(`"${field}" requires an API key with a role that may run it.`);
            throw forbidden(`This key's roles (${roles.join(', ') || 'none'}) may not run "${field}".`);
          }
        },
      };
    },
  };
}
