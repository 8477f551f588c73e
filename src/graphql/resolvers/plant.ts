import type { PlantResolvers } from '../../generated/graphql.js';
import { heldOn } from '../../domain/as-of.js';
import { entityFields } from './entity.js';

export const Plant: PlantResolvers = {
  ...entityFields,
  status: (plant) => plant.status ?? 'UNKNOWN',
  location: (plant, _, { data }) => data.relatedEntity({ entityId: plant.id, type: 'LOCATED_IN', direction: 'OUTGOING', kind: 'PLACE' }),
  owner: async (plant, { asOf }, { data }) => {
    if (!asOf) return data.relatedEntity({ entityId: plant.id, type: 'OWNS', direction: 'INCOMING', kind: 'ORGANIZATION' });
    // Ownerships known to hold at the date first, then those the sources leave open (current ones
    // first, as listed); one ruled out by its dates never answers.
    const ownerships = await data.relationList({ entityId: plant.id, type: 'OWNS', direction: 'INCOMING' });
    const candidates = [...ownerships.filter((r) => heldOn(r, asOf) === 'YES'), ...ownerships.filter((r) => heldOn(r, asOf) === 'UNKNOWN')];
    const owners = await Promise.all(candidates.map((r) => data.entity.load(r.fromId)));
    return owners.find((owner) => owner?.kind === 'ORGANIZATION') ?? null;
  },
};
