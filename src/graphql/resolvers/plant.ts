import type { PlantResolvers } from '../../generated/graphql.js';
import { entityFields } from './entity.js';

export const Plant: PlantResolvers = {
  ...entityFields,
  status: (plant) => plant.status ?? 'UNKNOWN',
  location: (plant, _, { data }) => data.relatedEntity(plant.id, 'LOCATED_IN', 'OUTGOING', 'PLACE'),
  owner: (plant, _, { data }) => data.relatedEntity(plant.id, 'OWNS', 'INCOMING', 'ORGANIZATION'),
};
