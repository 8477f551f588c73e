import type { PersonResolvers } from '../../generated/graphql.js';
import { entityFields } from './entity.js';

export const Person: PersonResolvers = {
  ...entityFields,
  positions: async (person, _, { data, config }) => {
    const page = await data.relationsOf({
      entityId: person.id,
      types: ['HOLDS_POSITION'],
      direction: 'OUTGOING',
      asOf: null,
      first: config.maxPageSize,
      afterId: null,
    });
    // Current first, then unknown, then ended: what an analyst reads first is what holds now.
    const rank = (current: boolean | null) => (current === true ? 0 : current === null ? 1 : 2);
    return page.edges.map((edge) => edge.node).sort((a, b) => rank(a.current) - rank(b.current));
  },
};
