import type { PlantResolvers } from '../../generated/graphql.js';
import { relationsNotRuledOut } from '../../domain/as-of.js';
import { entityFields } from './entity.js';

export const Plant: PlantResolvers = {
  ...entityFields,
  location: (plant, _, { data }) => data.relatedEntity({ entityId: plant.id, type: 'LOCATED_IN', direction: 'OUTGOING', kind: 'PLACE' }),
  owner: (plant, { asOf }, { data }) =>
    data.relatedEntity({ entityId: plant.id, type: 'OWNS', direction: 'INCOMING', kind: 'ORGANIZATION', asOf: asOf ?? null }),
  ownerships: async (plant, { asOf }, { data }) =>
    relationsNotRuledOut(await data.relationList({ entityId: plant.id, type: 'OWNS', direction: 'INCOMING' }), asOf),
};
