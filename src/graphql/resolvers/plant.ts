import type { PlantResolvers } from '../../generated/graphql.js';
import { entityFields } from './entity.js';

export const Plant: PlantResolvers = {
  ...entityFields,
  status: (plant) => plant.status ?? 'UNKNOWN',
  location: (plant, _, { data }) => data.relatedEntity({ entityId: plant.id, type: 'LOCATED_IN', direction: 'OUTGOING', kind: 'PLACE' }),
  owner: (plant, _, { data }) => data.relatedEntity({ entityId: plant.id, type: 'OWNS', direction: 'INCOMING', kind: 'ORGANIZATION' }),
};
