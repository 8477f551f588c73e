import type { EventResolvers } from '../../generated/graphql.js';
import { entityFields } from './entity.js';

export const Event: EventResolvers = {
  ...entityFields,
  venue: (event, _, { data }) => data.relatedEntity(event.id, 'LOCATED_IN', 'OUTGOING', 'PLACE'),
};
