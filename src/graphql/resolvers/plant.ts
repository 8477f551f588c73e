import type { PlantResolvers } from '../../generated/graphql.js';
import { heldOn } from '../../domain/as-of.js';
import type { GraphReader } from '../../data/graph-reader.js';
import type { RelationRecord } from '../../data/records.js';
import { entityFields } from './entity.js';

/**
 * OWNS relations of a plant not ruled out at the date: those known to hold first, then those the
 * sources leave open (current ones first, as listed).
 */
async function ownershipsAsOf(plantId: string, asOf: string, data: GraphReader): Promise<RelationRecord[]> {
  const ownerships = await data.relationList({ entityId: plantId, type: 'OWNS', direction: 'INCOMING' });
  return [...ownerships.filter((r) => heldOn(r, asOf) === 'YES'), ...ownerships.filter((r) => heldOn(r, asOf) === 'UNKNOWN')];
}

export const Plant: PlantResolvers = {
  ...entityFields,
  status: (plant) => plant.status ?? 'UNKNOWN',
  location: (plant, _, { data }) => data.relatedEntity({ entityId: plant.id, type: 'LOCATED_IN', direction: 'OUTGOING', kind: 'PLACE' }),
  owner: async (plant, { asOf }, { data }) => {
    if (!asOf) return data.relatedEntity({ entityId: plant.id, type: 'OWNS', direction: 'INCOMING', kind: 'ORGANIZATION' });
    const owners = await Promise.all((await ownershipsAsOf(plant.id, asOf, data)).map((r) => data.entity.load(r.fromId)));
    return owners.find((owner) => owner?.kind === 'ORGANIZATION') ?? null;
  },
  ownerships: (plant, { asOf }, { data }) => ownershipsAsOf(plant.id, asOf, data),
};
