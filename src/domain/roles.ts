/**
 * The roles a credential can carry. They are stored with each API key (src/data/key-store.ts) and
 * decide what a caller may do (src/auth/roles.ts), so the names live here, below both.
 */

/**
 * reader: reads (when reads need a key); editor: curates; ingest: loads articles; confidential: also
 * reads restricted documents and what only they support; admin: everything.
 */
export const ROLES = ['reader', 'editor', 'ingest', 'confidential', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
