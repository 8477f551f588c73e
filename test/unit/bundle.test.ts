/**
 * The bundle checks that need no database: format, quotes against the text, references and dates.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { BundleError } from '../../src/errors.js';
import { parseBundle } from '../../src/ingest/load-bundle.js';
import { prepareBundle } from '../../src/ingest/prepare-bundle.js';

const TEXT = 'Alice Example, chief executive of Acme Works, said the Acme plant would reopen in 2025.';

function bundle(overrides: Record<string, unknown> = {}) {
  return {
    document: { id: 'document/example', publisher: 'Example News', text: TEXT },
    entities: [
      { kind: 'PERSON', name: 'Alice Example', evidence: ['Alice Example'] },
      { kind: 'ORGANIZATION', name: 'Acme Works', category: 'COMPANY', evidence: ['Acme Works'] },
      { kind: 'PLANT', name: 'Acme plant', status: 'IDLE', evidence: ['the Acme plant would reopen'] },
    ],
    relations: [
      {
        type: 'HOLDS_POSITION',
        from: 'person/alice-example',
        to: 'organization/acme-works',
        role: 'chief executive',
        current: true,
        evidence: ['Alice Example, chief executive of Acme Works'],
      },
    ],
    statements: [
      {
        id: 'statement/acme-reopens-2025',
        speaker: 'person/alice-example',
        about: ['plant/acme-plant'],
        summary: 'The Acme plant will reopen in 2025.',
        concerns: '2025',
        evidence: ['said the Acme plant would reopen in 2025'],
      },
    ],
    ...overrides,
  };
}

const prepare = (raw: unknown) => prepareBundle(parseBundle(raw, 'test bundle'), TEXT);

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BundleError);
    return [...(error as BundleError).problems];
  }
  throw new Error('expected a BundleError');
}

describe('bundles', () => {
  it('prepares a good bundle with derived ids and one evidence row per quote', () => {
    const prepared = prepare(bundle());
    expect(prepared.entities.map((e) => e.id)).toEqual(['person/alice-example', 'organization/acme-works', 'plant/acme-plant']);
    expect(prepared.relations[0]!.id).toBe('holds-position:person/alice-example:organization/acme-works:chief-executive');
    // 5 quotes, plus the statement's quote again for the STATED_ABOUT relation derived from it.
    expect(prepared.evidence).toHaveLength(6);
    const statedAbout = prepared.relations.find((r) => r.type === 'STATED_ABOUT');
    expect(statedAbout).toMatchObject({ from: 'person/alice-example', to: 'plant/acme-plant', statementId: 'statement/acme-reopens-2025' });
    expect(prepared.evidence.filter((e) => e.subjectId === statedAbout!.id).map((e) => e.quote)).toEqual(['said the Acme plant would reopen in 2025']);
    expect(prepared.externalEntities).toEqual([]);
  });

  it('rejects a quote that is not in the text, naming it and where it stands', () => {
    const raw = bundle();
    raw.relations[0]!.evidence = ['Alice Example, chief executive of Acme Work'.replace('Work', 'Corp')];
    const [problem] = problemsOf(() => prepare(raw));
    expect(problem).toContain('Alice Example, chief executive of Acme Corp');
    expect(problem).toContain('relations[0] (person/alice-example HOLDS_POSITION organization/acme-works)');
  });

  it('keeps a quote given twice for one subject once, at its later place', () => {
    const raw = bundle();
    const [entity] = raw.entities as Array<{ evidence: string[] }>;
    const quote = entity!.evidence[0]!;
    entity!.evidence = [quote, quote];
    const rows = prepare(raw).evidence.filter((e) => e.quote === quote && e.subjectId.startsWith('person/'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ordinal).toBe(1);
  });

  it('takes a web address as the document url, and names any other', () => {
    const withUrl = (url: string) => ({ ...bundle(), document: { ...bundle().document, url } });
    expect(prepare(withUrl('https://tass.com/economy/1')).document.url).toBe('https://tass.com/economy/1');
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>x</script>', 'ftp://files.example/a']) {
      expect(problemsOf(() => prepare(withUrl(url))).join('\n'), url).toMatch(/document\.url.*http or https address/);
    }
  });

  it('matches quotes exactly: a straight apostrophe is not a curly one', () => {
    const text = 'the plant’s relaunch';
    const raw = { ...bundle(), entities: [{ kind: 'PLANT', name: 'P', evidence: ["the plant's relaunch"] }], relations: [], statements: [] };
    expect(() => prepareBundle(parseBundle(raw, 'x'), text)).toThrow(/not in the document text/);
  });

  it('lists every format problem with its path', () => {
    const problems = problemsOf(() =>
      prepare(bundle({ entities: [{ kind: 'ROBOT', name: '', evidence: [] }], relations: [{ type: 'LOVES', from: 'x', to: 'y', evidence: ['a'] }] })),
    );
    expect(problems.join('\n')).toMatch(/entities\.0\.kind/);
    expect(problems.join('\n')).toMatch(/entities\.0\.name/);
    expect(problems.join('\n')).toMatch(/entities\.0\.evidence/);
    expect(problems.join('\n')).toMatch(/relations\.0\.type/);
    expect(problems.join('\n')).toMatch(/relations\.0\.from/);
  });

  it('rejects malformed dates, reversed intervals and fields of the wrong kind', () => {
    const raw = bundle();
    (raw.relations[0] as Record<string, unknown>).validFrom = '2024-13';
    expect(problemsOf(() => prepare(raw)).join('\n')).toMatch(/relations\.0\.validFrom: a partial date/);

    const reversed = bundle();
    Object.assign(reversed.relations[0]!, { validFrom: '2024', validTo: '2023-H2', current: false });
    expect(problemsOf(() => prepare(reversed)).join('\n')).toMatch(/validFrom 2024 is after validTo 2023-H2/);

    const wrongKind = bundle();
    (wrongKind.entities[0] as Record<string, unknown>).status = 'IDLE';
    expect(problemsOf(() => prepare(wrongKind)).join('\n')).toMatch(/"status" applies to PLANT entities only/);
  });

  it('checks references: a speaker must be a person; unknown ids are left for the graph to resolve', () => {
    const raw = bundle();
    raw.statements[0]!.speaker = 'organization/acme-works';
    expect(problemsOf(() => prepare(raw)).join('\n')).toMatch(/organization\/acme-works is ORGANIZATION, but must be PERSON/);

    const external = bundle();
    external.relations[0]!.to = 'organization/elsewhere';
    expect(prepare(external).externalEntities).toEqual([{ id: 'organization/elsewhere', kinds: [] }]);

    const conflicting = bundle();
    conflicting.statements[0]!.speaker = 'person/somebody-else';
    (conflicting.statements[0] as Record<string, unknown>).madeAt = 'person/somebody-else';
    expect(problemsOf(() => prepare(conflicting)).join('\n')).toMatch(/person\/somebody-else is used as PERSON and as EVENT/);
  });

  it('the seed bundle parses and every one of its quotes is in its article', () => {
    const file = path.join(PROJECT_ROOT, 'seed', 'tass-kaluga-plant.bundle.json');
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    const parsed = parseBundle(raw, file);
    const text = readFileSync(path.join(PROJECT_ROOT, 'seed', parsed.document.textFile!), 'utf8');
    const prepared = prepareBundle(parsed, text);
    expect(prepared.externalEntities).toEqual([]);
    expect(prepared.evidence.length).toBeGreaterThan(0);
    for (const evidence of prepared.evidence) expect(text).toContain(evidence.quote);
  });

  // The project's shared material sits beside the checkout (and beside CI's clone); elsewhere there is nothing to compare.
  const sharedArticle = path.join(PROJECT_ROOT, '..', 'shared', 'sources', 'tass-kaluga-plant.txt');
  it.skipIf(!existsSync(sharedArticle))('the seed article is the TASS article the project was given, unchanged', () => {
    expect(readFileSync(path.join(PROJECT_ROOT, 'seed', 'tass-kaluga-plant.txt'), 'utf8')).toBe(readFileSync(sharedArticle, 'utf8'));
  });
});

describe('a bundle naming entities merged since', () => {
  const text = 'Alpha Corp, also written Alpha Corporation, owns the Beta plant. Alpha Corporation bought it.';
  const raw = (extra: Record<string, unknown> = {}) => ({
    document: { id: 'document/alpha', publisher: 'Wire', text },
    entities: [
      { id: 'organization/alpha-corp', kind: 'ORGANIZATION', name: 'Alpha Corp', evidence: ['Alpha Corp'] },
      { id: 'organization/alpha-corporation', kind: 'ORGANIZATION', name: 'Alpha Corporation', evidence: ['Alpha Corporation bought it'] },
      { id: 'plant/beta-plant', kind: 'PLANT', name: 'Beta plant', evidence: ['the Beta plant'] },
    ],
    relations: [
      { type: 'OWNS', from: 'organization/alpha-corp', to: 'plant/beta-plant', evidence: ['owns the Beta plant'] },
      { type: 'OWNS', from: 'organization/alpha-corporation', to: 'plant/beta-plant', evidence: ['Alpha Corporation bought it'] },
      { type: 'ASSOCIATED_WITH', from: 'organization/alpha-corporation', to: 'organization/alpha-corp', evidence: ['also written Alpha Corporation'] },
    ],
    ...extra,
  });
  // Alpha Corporation was merged into Alpha Corp.
  const redirects = new Map([['organization/alpha-corporation', 'organization/alpha-corp']]);

  it('defines one entity, the survivor leading, with the other entry\'s name and quotes', () => {
    const prepared = prepareBundle(parseBundle(raw(), 'x'), text, redirects);
    const alpha = prepared.entities.filter((e) => e.id === 'organization/alpha-corp');
    expect(alpha).toHaveLength(1);
    expect(alpha[0]).toMatchObject({ name: 'Alpha Corp', keepName: false, aliases: ['Alpha Corporation'] });
    expect(prepared.evidence.filter((e) => e.subjectId === 'organization/alpha-corp').map((e) => e.quote).sort()).toEqual(['Alpha Corp', 'Alpha Corporation bought it']);
  });

  it('joins relations that became one, with all their quotes, and drops those that would join an entity to itself', () => {
    const prepared = prepareBundle(parseBundle(raw(), 'x'), text, redirects);
    expect(prepared.relations.map((r) => r.id)).toEqual(['owns:organization/alpha-corp:plant/beta-plant']);
    expect(prepared.evidence.filter((e) => e.subjectId === prepared.relations[0]!.id).map((e) => e.quote)).toEqual(['owns the Beta plant', 'Alpha Corporation bought it']);
  });

  it('an entry under the merged id alone keeps the survivor\'s name (its own becomes an alias)', () => {
    const only = raw({ entities: [raw().entities[1], raw().entities[2]], relations: [raw().relations[1]] });
    const prepared = prepareBundle(parseBundle(only, 'x'), text, redirects);
    expect(prepared.entities[0]).toMatchObject({ id: 'organization/alpha-corp', name: 'Alpha Corporation', keepName: true });
  });

  it('still refuses duplicates that no merge explains', () => {
    const twice = raw({ entities: [...raw().entities, raw().entities[2]] });
    expect(() => prepareBundle(parseBundle(twice, 'x'), text, redirects)).toThrow(/defined twice/);
  });
});
