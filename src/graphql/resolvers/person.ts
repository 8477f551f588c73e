import type { PersonResolvers } from '../../generated/graphql.js';
import { entityFields } from './entity.js';

export const Person: PersonResolvers = {
  ...entityFields,
  // Current first, then unknown, then ended: what an analyst reads first is what holds now.
  positions: (person, _, { data }) => data.relationList({ entityId: person.id, type: 'HOLDS_POSITION', direction: 'OUTGOING' }),
};
