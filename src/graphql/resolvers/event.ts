import type { EventResolvers } from '../../generated/graphql.js';
import { entityFields } from './entity.js';

export const Event: EventResolvers = {
  ...entityFields,
  venue: (event, _, { data }) => data.relatedEntity({ entityId: event.id, type: 'LOCATED_IN', direction: 'OUTGOING', kind: 'PLACE' }),
};
