/**
 * An entity's page, from one request: its names and description, its relations grouped by type
 * (with role, dates, whether current, what each source says where they disagree, and the quotes
 * behind each), the statements by it or about
 * it (with what they revise and what revised them), the documents that speak of it, and its history.
 */
import { html, nothing, type TemplateResult } from 'lit-html';
import { request } from '../api';
import { entityLink, kindBadge, quotes } from '../components';
import { currentness, moment, period, RELATION_LABEL } from '../format';
import { graphql } from '../gql';
import type { ExplorerEntityQuery } from '../gql/graphql';
import { hrefOf } from '../routes';
import type { Shown, ViewContext } from '../view';

const ENTITY = graphql(`
  query ExplorerEntity($id: ID!) {
    entity(id: $id) {
      id
      kind
      name
      aliases
      description
      unidentified
      disputedFields
      claims { document { id title publisher publishedOn } description category status products placeType date }
      evidence { quote document { id title publisher } }
      relations(first: 50) {
        totalCount
        edges {
          node {
            id type role validFrom validTo current disputedFields
            claims { document { id title publisher publishedOn } validFrom validTo current }
            from { id name kind }
            to { id name kind }
            evidence { quote document { id title publisher } }
          }
        }
      }
      statements {
        id summary madeOn concerns
        speaker { id name }
        supersedes { id summary madeOn }
        supersededBy { id summary madeOn }
        evidence { quote document { id title publisher } }
      }
      sources(first: 20) { document { id title publisher publishedOn } facts quotes }
      history(first: 10) {
        totalCount
        edges { node { id at action subjectType actor { id kind } reason documents { id title } fields { field before after } } }
      }
    }
  }
`);

type Entity = NonNullable<ExplorerEntityQuery['entity']>;
type Relation = Entity['relations']['edges'][number]['node'];

/** Relations under headings: each type, read from this entity's side. */
function groupRelations(entity: Entity): Array<{ heading: string; relations: Relation[] }> {
  const groups = new Map<string, { heading: string; relations: Relation[] }>();
  for (const { node } of entity.relations.edges) {
    const outgoing = node.from.id === entity.id;
    const key = `${node.type}:${outgoing ? 'out' : 'in'}`;
    const heading = RELATION_LABEL[node.type][outgoing ? 'outgoing' : 'incoming'];
    const group = groups.get(key) ?? { heading, relations: [] };
    group.relations.push(node);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function relationItem(entity: Entity, relation: Relation): TemplateResult {
  const other = relation.from.id === entity.id ? relation.to : relation.from;
  const when = period(relation.validFrom, relation.validTo);
  const state = currentness(relation.current);
  return html`<li class="fact">
    <div class="fact-line">
      ${entityLink(other)} ${kindBadge(other.kind)} ${relation.role ? html`<span class="role">${relation.role}</span>` : nothing}
      ${when ? html`<span class="dates">${when}</span>` : nothing}
      <span class="state state-${state.tone}">${state.label}</span>
    </div>
    ${relation.disputedFields.length > 0 ? disagreement(relation.disputedFields, relation.claims.map((c) => ({ document: c.document, says: claimWords(c) }))) : nothing}
    ${quotes(relation.evidence)}
  </li>`;
}

type ClaimDocument = Relation['claims'][number]['document'];

/** What one source says of a relation's dates and whether it holds, in words. */
function claimWords(claim: Relation['claims'][number]): string {
  const when = period(claim.validFrom, claim.validTo);
  return [when, claim.current === null ? null : currentness(claim.current).label].filter(Boolean).join(', ') || 'says nothing of when';
}

/** What one source says of an entity's disputed fields, in words. */
function fieldWords(fields: readonly string[], claim: Entity['claims'][number]): string {
  const values = claim as unknown as Record<string, unknown>;
  return fields.map((field) => {
    const value = values[field];
    return `${field}: ${value === null || value === undefined ? 'not said' : Array.isArray(value) ? value.join(', ') : String(value)}`;
  }).join('; ');
}

/** Where the sources disagree: the fields, then what each source says, the one shown first. */
function disagreement(fields: readonly string[], claims: ReadonlyArray<{ document: ClaimDocument; says: string }>): TemplateResult {
  return html`<details class="disagreement">
    <summary>Sources disagree on ${fields.join(', ')}</summary>
    <ul>${claims.map(
      ({ document, says }, i) => html`<li>
        <a href=${hrefOf({ view: 'document', id: document.id, quote: null })}>${document.title ?? document.id}</a>
        <span class="muted">${document.publisher}${document.publishedOn ? `, ${document.publishedOn}` : ''}${i === 0 ? ' (shown)' : ''}:</span> ${says}
      </li>`,
    )}</ul>
  </details>`;
}

function statementItem(statement: Entity['statements'][number]): TemplateResult {
  const revision = (label: string, s: { summary: string; madeOn?: string | null } | null | undefined) =>
    s ? html`<p class="revision">${label}: ${s.summary}${s.madeOn ? ` (${s.madeOn})` : ''}</p>` : nothing;
  return html`<li class="fact" id=${`statement-${statement.id}`}>
    <div class="fact-line">
      <strong>${statement.summary}</strong>
      ${statement.madeOn ? html`<span class="dates">said ${statement.madeOn}</span>` : nothing}
      ${statement.concerns ? html`<span class="dates">about ${statement.concerns}</span>` : nothing}
      — ${entityLink(statement.speaker)}
    </div>
    ${revision('Revises', statement.supersedes)} ${revision('Revised by', statement.supersededBy)} ${quotes(statement.evidence)}
  </li>`;
}

function historyItem(change: Entity['history']['edges'][number]['node']): TemplateResult {
  const fields = change.fields.map((f) => f.field).join(', ');
  return html`<li>
    <span class="dates">${moment(change.at)}</span> <strong>${change.action.toLowerCase()}</strong>
    by ${change.actor.id}${change.documents.length > 0 ? html` from ${change.documents.map((d) => html`<a href=${hrefOf({ view: 'document', id: d.id, quote: null })}>${d.title ?? d.id}</a> `)}` : nothing}
    ${fields ? html`<span class="muted">(${fields})</span>` : nothing} ${change.reason ? html`<q>${change.reason}</q>` : nothing}
  </li>`;
}

export async function entityView(id: string, { signal }: ViewContext): Promise<Shown> {
  const { entity } = await request(ENTITY, { id }, { signal });
  if (!entity) return { title: 'Not found', body: html`<div class="failure" role="alert"><h1>No entity ${id}</h1><p>Nothing in the graph has this id. Try the search above.</p></div>` };
  const shown = entity.relations.edges.length;
  const body = html`<article class="entity">
    <h1>${entity.name} ${kindBadge(entity.kind)}</h1>
    ${entity.unidentified ? html`<p class="muted">Mentioned by the sources without a name.</p>` : nothing}
    ${entity.aliases.length > 0 ? html`<p class="aliases">Also: ${entity.aliases.join(' · ')}</p>` : nothing}
    ${entity.description ? html`<p class="description">${entity.description}</p>` : nothing}
    ${entity.disputedFields.length > 0
      ? disagreement(entity.disputedFields, entity.claims.map((c) => ({ document: c.document, says: fieldWords(entity.disputedFields, c) })))
      : nothing}
    <nav class="entity-views" aria-label="Other views of this entity">
      <a href=${hrefOf({ view: 'network', id: entity.id, asOf: null })}>Network</a>
      <a href=${hrefOf({ view: 'timeline', id: entity.id })}>Timeline</a>
      <a href=${hrefOf({ view: 'connect', from: entity.id, to: null })}>How is it connected to…</a>
    </nav>
    ${quotes(entity.evidence)}
    <section aria-labelledby="relations-heading">
      <h2 id="relations-heading">Relations <span class="muted">(${entity.relations.totalCount})</span></h2>
      ${groupRelations(entity).map(
        (group) => html`<h3>${group.heading}</h3>
          <ul class="facts">${group.relations.map((r) => relationItem(entity, r))}</ul>`,
      )}
      ${entity.relations.totalCount > shown
        ? html`<p class="muted">${entity.relations.totalCount - shown} more relations are not listed here; the network shows them by type.</p>`
        : nothing}
    </section>
    ${entity.statements.length > 0
      ? html`<section aria-labelledby="statements-heading">
          <h2 id="statements-heading">Statements</h2>
          <ul class="facts">${entity.statements.map(statementItem)}</ul>
        </section>`
      : nothing}
    <section aria-labelledby="sources-heading">
      <h2 id="sources-heading">Sources</h2>
      <ul class="sources">${entity.sources.map(
        ({ document, facts, quotes: quoteCount }) => html`<li>
          <a href=${hrefOf({ view: 'document', id: document.id, quote: null })}>${document.title ?? document.id}</a>
          <span class="muted">${document.publisher}${document.publishedOn ? `, ${document.publishedOn}` : ''}: ${facts} ${facts === 1 ? 'fact' : 'facts'}, ${quoteCount} ${quoteCount === 1 ? 'quote' : 'quotes'}</span>
        </li>`,
      )}</ul>
    </section>
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History <span class="muted">(${entity.history.totalCount} changes)</span></h2>
      <ul class="history">${entity.history.edges.map(({ node }) => historyItem(node))}</ul>
    </section>
  </article>`;
  return { title: entity.name, body };
}
