/**
 * A seeded generator of synthetic articles: people, companies, plants, places and events, with
 * power-law degrees (preferential attachment, plus a few mega-hubs) and dated relations, written as
 * ordinary bundles so that they load through the same path as real articles. The same seed always
 * gives the same graph. For tests and benchmarks at a scale the seed article cannot reach.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { EntityKind, RelationType } from '../generated/graphql.js';
import { entityIdFor } from '../domain/model.js';
import type { Bundle } from '../ingest/bundle.js';

export interface SyntheticOptions {
  entities: number;
  seed: number;
  /** How many documents (bundles) the graph is spread over; each is loaded in one transaction. */
  documents?: number;
  /** How many relations each new entity attaches with, at most. */
  attachments?: number;
}

const SYLLABLES = ['ka', 'lu', 'ga', 'man', 'tur', 'ov', 'vi', 'lon', 'sha', 'pa', 'ren', 'dor', 'mi', 'sel', 'tro', 'ne', 'bar', 'ko', 'lin', 'zu', 'ta', 'ris', 'em', 'vol'];
const ORG_SUFFIX = ['Holding', 'Motors', 'Group', 'Industries', 'Capital', 'Works'];
const ROLES = ['director', 'chairman', 'deputy minister', 'board member', 'adviser'];
const PRECISIONS = ['YEAR', 'HALF', 'QUARTER', 'MONTH', 'DAY'] as const;

type Rng = ReturnType<typeof xoroshiro128plus>;

interface Node {
  id: string;
  kind: EntityKind;
  name: string;
  document: number;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[uniformInt(rng, 0, items.length - 1)]!;
}

function word(rng: Rng, syllables: number): string {
  let text = '';
  for (let i = 0; i < syllables; i++) text += pick(rng, SYLLABLES);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function partialDate(rng: Rng, fromYear: number, toYear: number): string {
  const year = uniformInt(rng, fromYear, toYear);
  switch (pick(rng, PRECISIONS)) {
    case 'YEAR':
      return `${year}`;
    case 'HALF':
      return `${year}-H${uniformInt(rng, 1, 2)}`;
    case 'QUARTER':
      return `${year}-Q${uniformInt(rng, 1, 4)}`;
    case 'MONTH':
      return `${year}-${String(uniformInt(rng, 1, 12)).padStart(2, '0')}`;
    default:
      return `${year}-${String(uniformInt(rng, 1, 12)).padStart(2, '0')}-${String(uniformInt(rng, 1, 28)).padStart(2, '0')}`;
  }
}

const KIND_WEIGHTS: Array<[EntityKind, number]> = [
  ['PERSON', 35],
  ['ORGANIZATION', 35],
  ['PLANT', 15],
  ['PLACE', 10],
  ['EVENT', 5],
];

function pickKind(rng: Rng): EntityKind {
  let roll = uniformInt(rng, 1, 100);
  for (const [kind, weight] of KIND_WEIGHTS) {
    roll -= weight;
    if (roll <= 0) return kind;
  }
  return 'ORGANIZATION';
}

/** The relation a new entity makes with an older one, oriented as the model reads it. */
function relationBetween(rng: Rng, a: Node, b: Node): { type: RelationType; from: Node; to: Node; role: string | null } {
  const kinds = `${a.kind}>${b.kind}`;
  if (b.kind === 'PLACE' && a.kind !== 'PLACE') return { type: 'LOCATED_IN', from: a, to: b, role: null };
  if (a.kind === 'PLACE' && b.kind !== 'PLACE') return { type: 'LOCATED_IN', from: b, to: a, role: null };
  if (kinds === 'PERSON>ORGANIZATION') return { type: 'HOLDS_POSITION', from: a, to: b, role: pick(rng, ROLES) };
  if (kinds === 'ORGANIZATION>PERSON') return { type: 'HOLDS_POSITION', from: b, to: a, role: pick(rng, ROLES) };
  if (kinds === 'ORGANIZATION>PLANT') return { type: 'OWNS', from: a, to: b, role: null };
  if (kinds === 'PLANT>ORGANIZATION') return { type: 'OWNS', from: b, to: a, role: null };
  if (b.kind === 'EVENT' && a.kind !== 'EVENT') return { type: 'PARTICIPATED_IN', from: a, to: b, role: null };
  if (a.kind === 'EVENT' && b.kind !== 'EVENT') return { type: 'PARTICIPATED_IN', from: b, to: a, role: null };
  if (kinds === 'ORGANIZATION>ORGANIZATION') return { type: pick(rng, ['PARTNER_OF', 'AFFILIATED_WITH', 'PART_OF'] as const), from: a, to: b, role: null };
  return { type: 'ASSOCIATED_WITH', from: a, to: b, role: null };
}

/** Generates the synthetic graph as bundles, to be loaded in order (later ones refer to earlier ones). */
export function generateSyntheticBundles(options: SyntheticOptions): Bundle[] {
  return [...syntheticBundles(options)];
}

/**
 * The same bundles one at a time, each as soon as it is complete, so that a graph of millions can
 * be written to a file without holding its bundles in memory (only what the generator needs to
 * pick relations: each entity's id, kind, name and degree).
 */
export function* syntheticBundles(options: SyntheticOptions): Generator<Bundle> {
  const rng = xoroshiro128plus(options.seed);
  const documentCount = options.documents ?? Math.max(1, Math.ceil(options.entities / 500));
  const attachments = options.attachments ?? 3;
  const perDocument = Math.ceil(options.entities / documentCount);
  const nodes: Node[] = [];
  const names = new Set<string>();
  // Preferential attachment: an entity appears in `targets` once per relation it has, plus once,
  // so a uniform pick from it favours the well connected.
  const targets: number[] = [];
  const megaHubs: number[] = [];

  const newDocument = (i: number) => ({
    index: i,
    id: `document/synthetic-${options.seed}-${String(i).padStart(4, '0')}`,
    sentences: [] as string[],
    bundle: { entities: [] as Bundle['entities'], relations: [] as Bundle['relations'], statements: [] as Bundle['statements'] },
  });
  const bundleOf = (doc: ReturnType<typeof newDocument>): Bundle => ({
    document: { id: doc.id, title: `Synthetic report ${doc.id}`, publisher: 'Synthetic Wire', publisherEntity: null, publishedOn: null, url: null, restricted: false, text: doc.sentences.join('\n') },
    ...doc.bundle,
  });
  // Entities fill the documents in order, and an entity's relations and claims go into its own
  // document: a document is complete once the next one starts.
  let doc = newDocument(0);
  const seenRelations = new Set<string>();

  for (let i = 0; i < options.entities; i++) {
    const kind = i < 3 ? 'ORGANIZATION' : pickKind(rng);
    let name = '';
    for (let attempt = 0; name === '' || names.has(name); attempt++) {
      const stem =
        kind === 'PERSON'
          ? `${word(rng, 2)} ${word(rng, 3)}`
          : kind === 'ORGANIZATION'
            ? `${word(rng, 3)} ${pick(rng, ORG_SUFFIX)}`
            : kind === 'PLANT'
              ? `${word(rng, 3)} plant`
              : kind === 'PLACE'
                ? word(rng, 3)
                : `${word(rng, 3)} forum`;
      // Past a few clashes, a number keeps names unique however large the graph.
      name = attempt < 5 ? stem : `${stem} ${i}`;
    }
    names.add(name);
    const document = Math.min(documentCount - 1, Math.floor(i / perDocument));
    const node: Node = { id: entityIdFor(kind, name), kind, name, document };
    nodes.push(node);
    if (document !== doc.index) {
      yield bundleOf(doc);
      doc = newDocument(document);
    }
    const mention = `${name} is named in this report.`;
    doc.sentences.push(mention);
    doc.bundle.entities.push({
      kind,
      name,
      aliases: [],
      description: null,
      unidentified: false,
      ...(kind === 'EVENT' ? { date: partialDate(rng, 2000, 2024) } : {}),
      ...(kind === 'ORGANIZATION' ? { category: pick(rng, ['COMPANY', 'COMPANY', 'GOVERNMENT_BODY', 'DEALER_GROUP', 'MEDIA'] as const) } : {}),
      ...(kind === 'PLANT' ? { status: pick(rng, ['OPERATING', 'IDLE', 'RESTARTING', 'CLOSED'] as const), products: ['cars'] } : {}),
      ...(kind === 'PLACE' ? { placeType: pick(rng, ['COUNTRY', 'REGION', 'CITY'] as const) } : {}),
      evidence: [mention],
    });
    if (i < 3) megaHubs.push(i);

    if (i > 0) {
      const count = uniformInt(rng, 1, Math.min(attachments, i));
      for (let k = 0; k < count; k++) {
        const j = uniformInt(rng, 1, 10) === 1 && i > 3 ? pick(rng, megaHubs) : targets.length > 0 ? pick(rng, targets) : 0;
        if (j === i) continue;
        const { type, from, to, role } = relationBetween(rng, node, nodes[j]!);
        const key = `${type}|${from.id}|${to.id}|${role}`;
        if (seenRelations.has(key)) continue;
        seenRelations.add(key);
        const dated = uniformInt(rng, 1, 10) <= 6;
        const validFrom = dated ? partialDate(rng, 1995, 2020) : null;
        const ended = dated && uniformInt(rng, 1, 10) <= 3;
        const validTo = ended ? partialDate(rng, Number(validFrom!.slice(0, 4)) + 1, 2024) : null;
        const sentence = `${from.name} and ${to.name} are linked (${type.toLowerCase()} ${seenRelations.size}).`;
        doc.sentences.push(sentence);
        doc.bundle.relations.push({ type, from: from.id, to: to.id, role, validFrom, validTo, current: ended ? false : dated ? true : null, evidence: [sentence] });
        targets.push(i, j);
      }
    }
    targets.push(i);

    // Now and then a person says something about something they are linked to; sometimes revising an earlier claim.
    if (kind === 'PERSON' && uniformInt(rng, 1, 20) === 1 && i > 0) {
      const about = nodes[pick(rng, targets)]!;
      if (about.id !== node.id) {
        const statementId = `statement/synthetic-${options.seed}-${i}`;
        const sentence = `${name} said that ${about.name} will grow (claim ${i}).`;
        doc.sentences.push(sentence);
        const earlier = doc.bundle.statements.at(-1);
        doc.bundle.statements.push({
          id: statementId,
          speaker: node.id,
          about: [about.id],
          summary: `${about.name} will grow.`,
          madeOn: uniformInt(rng, 1, 2) === 1 ? partialDate(rng, 2015, 2024) : null,
          madeAt: null,
          concerns: null,
          supersedes: earlier && uniformInt(rng, 1, 3) === 1 ? earlier.id : null,
          evidence: [sentence],
        });
      }
    }
  }

  yield bundleOf(doc);
}
