/** How the explorer words the API's values for people. */
import type { EntityKind, RelationType } from './gql/graphql';

export const KIND_LABEL: Record<EntityKind, string> = {
  PERSON: 'Person',
  ORGANIZATION: 'Organization',
  PLANT: 'Plant',
  PLACE: 'Place',
  EVENT: 'Event',
};

/** Each relation type read from its subject's side, and from its object's. */
export const RELATION_LABEL: Record<RelationType, { outgoing: string; incoming: string }> = {
  HOLDS_POSITION: { outgoing: 'Holds a position at', incoming: 'Positions held by' },
  OWNS: { outgoing: 'Owns', incoming: 'Owned by' },
  AFFILIATED_WITH: { outgoing: 'Affiliated with', incoming: 'Has affiliated' },
  PARTNER_OF: { outgoing: 'Partner of', incoming: 'Partner of' },
  LOCATED_IN: { outgoing: 'Located in', incoming: 'Location of' },
  ASSOCIATED_WITH: { outgoing: 'Associated with', incoming: 'Associated with' },
  PART_OF: { outgoing: 'Part of', incoming: 'Has part' },
  PARTICIPATED_IN: { outgoing: 'Took part in', incoming: 'Participants' },
  STATED_ABOUT: { outgoing: 'Made statements about', incoming: 'Statements about it by' },
};

/** A relation type as a short edge label. */
export const edgeLabel = (type: RelationType) => type.toLowerCase().replaceAll('_', ' ');

/** "2022-05 – 2023-03", "since 2024", "until 2023", or null when no date is known. */
export function period(from: string | null | undefined, to: string | null | undefined): string | null {
  if (from && to) return from === to ? from : `${from} – ${to}`;
  if (from) return `since ${from}`;
  if (to) return `until ${to}`;
  return null;
}

/** What the sources say of whether a relation still holds. */
export function currentness(current: boolean | null | undefined): { label: string; tone: 'current' | 'ended' | 'unknown' } {
  if (current === true) return { label: 'current', tone: 'current' };
  if (current === false) return { label: 'ended', tone: 'ended' };
  return { label: 'current or not: not said', tone: 'unknown' };
}

/** A timestamp as a person reads it, in UTC. */
export const moment = (at: string) => at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
