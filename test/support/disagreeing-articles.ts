/**
 * Articles about one person's post that disagree (claims per source, domain/claims.ts): the earlier
 * says she holds it since 2020, the later that she held it from 2019 to 2023-03; each describes her
 * its own way. Any `positionArticle` makes another.
 */
import type { Article } from './seed-builders.js';

export const POSITION = 'holds-position:person/olga-varga:organization/ministry-of-transport:minister';

/** An article about Olga Varga's post: what it says of the dates, whether she holds it, and of her. */
export function positionArticle(id: string, publishedOn: string, says: { validFrom?: string; validTo?: string; current: boolean; description: string }, restricted = false): Article {
  const sentence = `Olga Varga, ${says.description.toLowerCase().replace(/\.$/, '')}, spoke on ${publishedOn}.`;
  return {
    document: { id, publishedOn, restricted, text: sentence },
    entities: [
      { kind: 'PERSON', name: 'Olga Varga', description: says.description, evidence: [`Olga Varga, ${says.description.toLowerCase().replace(/\.$/, '')}`] },
      { kind: 'ORGANIZATION', name: 'Ministry of Transport', category: 'GOVERNMENT_BODY', evidence: ['minister of transport'] },
    ],
    relations: [
      {
        type: 'HOLDS_POSITION',
        from: 'person/olga-varga',
        to: 'organization/ministry-of-transport',
        role: 'minister',
        ...(says.validFrom ? { validFrom: says.validFrom } : {}),
        ...(says.validTo ? { validTo: says.validTo } : {}),
        current: says.current,
        evidence: [`Olga Varga, ${says.description.toLowerCase().replace(/\.$/, '')}`],
      },
    ],
  };
}

export const EARLIER = positionArticle('document/wire-2022', '2022-06-15', { validFrom: '2020', current: true, description: 'The minister of transport.' });
export const LATER = positionArticle('document/wire-2023', '2023-05-01', { validFrom: '2019', validTo: '2023-03', current: false, description: 'The former minister of transport.' });
