/**
 * Who may do what. Every write is denied unless the caller's credential carries a role that the
 * operation's policy names; the policy of every mutation is written here, in one place.
 */

import type { Role } from '../domain/roles.js';

// The role names are the data layer's too (stored with each key); auth's importers find them here as well.
export { ROLES, isRole, type Role } from '../domain/roles.js';

/** The caller, as established from its credential; null for an anonymous caller. */
export interface Principal {
  /** The API key's id, or the JWT's subject. */
  id: string;
  kind: 'api-key' | 'jwt';
  roles: readonly Role[];
}

/**
 * The roles that may run each mutation. A mutation missing here is refused to everyone: adding a
 * mutation to the schema without deciding who may run it cannot open it up by accident.
 * admin may run everything.
 */
export const MUTATION_POLICY: Readonly<Record<string, readonly Role[]>> = {
  ingestBundle: ['ingest'],
  // Curation: editors correct and extend the graph by hand.
  createEntity: ['editor'],
  updateEntity: ['editor'],
  addRelation: ['editor'],
  addStatement: ['editor'],
  retractRelation: ['editor'],
  retractStatement: ['editor'],
  mergeEntities: ['editor'],
  undoMerge: ['editor'],
  markDistinct: ['editor'],
};

/** Whether a principal holding these roles may run the mutation. */
export function mayRunMutation(field: string, roles: readonly Role[]): boolean {
  if (roles.includes('admin')) return true;
  const allowed = MUTATION_POLICY[field];
  return allowed !== undefined && allowed.some((role) => roles.includes(role));
}

/** Whether a principal may see restricted documents and the facts only they support. */
export function seesRestricted(roles: readonly Role[]): boolean {
  return roles.includes('confidential') || roles.includes('admin');
}

/** Whether a principal may read (when reads require a credential): any role reads. */
export function mayRead(roles: readonly Role[]): boolean {
  return roles.length > 0;
}
