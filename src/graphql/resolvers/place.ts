import type { PlaceResolvers } from '../../generated/graphql.js';
import { entityFields } from './entity.js';

export const Place: PlaceResolvers = {
  ...entityFields,
};
