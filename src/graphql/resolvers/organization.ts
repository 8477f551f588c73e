import type { OrganizationResolvers } from '../../generated/graphql.js';
import { entityFields } from './entity.js';

export const Organization: OrganizationResolvers = {
  ...entityFields,
};
