/**
 * Graphs for tests to start from: the seed article (read from seed/, so no test restates what the
 * article says) and small articles built to order, each loaded through the ingestion path.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadSeed } from '../../src/bootstrap.js';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Database } from '../../src/data/database.js';
import { loadBundle, parseBundle } from '../../src/ingest/load-bundle.js';
import { wipe } from './test-api.js';

/** The seed bundle file, as `npm run seed` loads it. */
export const SEED_BUNDLE_FILE = path.join(PROJECT_ROOT, 'seed', 'tass-kaluga-plant.bundle.json');

/** The seed bundle's JSON with its article inline (`document.text`), as a client would send it to ingestBundle. */
export function seedBundleJson(): any {
  const raw = JSON.parse(readFileSync(SEED_BUNDLE_FILE, 'utf8'));
  raw.document.text = readFileSync(path.join(path.dirname(SEED_BUNDLE_FILE), raw.document.textFile), 'utf8');
  delete raw.document.textFile;
  return raw;
}

/** The seed article's text, against which its quotes are checked. */
export const seedText = (): string => seedBundleJson().document.text;

/** The seed as a parsed bundle, after `edit` (if any) has changed its JSON. */
export function seedBundle(edit: (raw: any) => void = () => {}) {
  const raw = seedBundleJson();
  edit(raw);
  return parseBundle(raw, 'seed');
}

/** A small article: one document with its text and the facts it supports, in the bundle format. */
export interface Article {
  document: { id: string; title?: string; publisher?: string; publisherEntity?: string; publishedOn?: string; url?: string; restricted?: boolean; text: string };
  entities?: unknown[];
  relations?: unknown[];
  statements?: unknown[];
}

/** An article's bundle JSON, with a publisher when none is given. */
export function articleJson({ document, entities = [], relations = [], statements = [] }: Article) {
  return { document: { publisher: 'Test Wire', ...document }, entities, relations, statements };
}

/** Loads a small article through the ingestion path (as the system actor), returning its summary. */
export function loadArticle(db: Database, article: Article) {
  return loadBundle(db, parseBundle(articleJson(article), article.document.id));
}

/**
 * Puts the test database back to a known graph without restarting the API: everything deleted
 * (constraints and indexes stay), then the seed loaded unless `seed: false`. Keys go too.
 */
export async function resetGraph(db: Database, { seed = true } = {}): Promise<void> {
  await wipe(db);
  if (seed) await loadSeed(db, () => {});
}

const kebab = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
/**
 * A wire story: a plant changes hands and the buyer's chief says what comes next. Other names give
 * a second story that shares nothing with the first; `quote` replaces the buyer's quote.
 */
export function wireStory({ quote = '', buyer = 'Northwind Motors', seller = 'Southgate Holding', town = 'Riverside', chief = 'Anna Berg' } = {}) {
  const plant = `${town} plant`;
  const [buyerId, sellerId, plantId, chiefId] = [`organization/${kebab(buyer)}`, `organization/${kebab(seller)}`, `plant/${kebab(plant)}`, `person/${kebab(chief)}`];
  const text = `${buyer} bought the ${plant} from ${seller} in March 2025, Reuters reported. ${plant} makes trucks. ${chief}, who runs ${buyer}, said output would double.`;
  return {
    document: { id: `document/reuters-${kebab(town)}`, publisher: 'Reuters', publishedOn: '2025-03', text },
    entities: [
      { id: buyerId, kind: 'ORGANIZATION', name: buyer, category: 'COMPANY', evidence: [buyer] },
      { id: sellerId, kind: 'ORGANIZATION', name: seller, category: 'COMPANY', evidence: [seller] },
      { id: plantId, kind: 'PLANT', name: plant, status: 'OPERATING', products: ['trucks'], evidence: [`${plant} makes trucks`] },
      { id: chiefId, kind: 'PERSON', name: chief, evidence: [`${chief}, who runs ${buyer}`] },
    ],
    relations: [
      { type: 'OWNS', from: buyerId, to: plantId, role: 'owner', validFrom: '2025-03', current: true, evidence: [quote || `${buyer} bought the ${plant}`] },
      { type: 'OWNS', from: sellerId, to: plantId, role: 'former owner', validTo: '2025-03', current: false, evidence: [`bought the ${plant} from ${seller} in March 2025`] },
    ],
    statements: [
      { id: `statement/${kebab(chief)}-output-doubles`, speaker: chiefId, about: [plantId], summary: 'Output at the plant will double.', evidence: [`${chief}, who runs ${buyer}, said output would double`] },
    ],
  };
}
