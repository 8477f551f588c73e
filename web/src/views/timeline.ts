/**
 * An entity's timeline: its events, the statements by or about it and its dated relations, in
 * time order; a revised claim is linked to the claim that revised it, and each item to its quotes.
 */
import { html, nothing, type TemplateResult } from 'lit-html';
import { request } from '../api';
import { quotes } from '../components';
import { graphql } from '../gql';
import type { ExplorerTimelineQuery } from '../gql/graphql';
import { hrefOf } from '../routes';
import type { Shown, ViewContext } from '../view';

const TIMELINE = graphql(`
  query ExplorerTimeline($id: ID!) {
    entity(id: $id) { id name }
    timeline(entityId: $id, first: 100) {
      date summary kind cursor
      subject {
        __typename
        ... on Statement { id supersedes { id summary } supersededBy { id summary } evidence { quote document { id title publisher } } }
        ... on Relation { id evidence { quote document { id title publisher } } }
        ... on Event { id name }
      }
    }
  }
`);

type Item = ExplorerTimelineQuery['timeline'][number];

const KIND_TEXT: Record<Item['kind'], string> = {
  EVENT: 'Event',
  STATEMENT: 'Statement',
  CLAIM_ABOUT_PERIOD: 'Claimed for this period',
  RELATION_START: 'Began',
  RELATION_END: 'Ended',
};

/** An anchor for a statement, so that a revision can point at the item it revises. */
const anchorOf = (id: string) => `item-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function item(entry: Item): TemplateResult {
  const subject = entry.subject;
  const statement = subject.__typename === 'Statement' ? subject : null;
  const link = (label: string, s: { id: string; summary: string } | null | undefined) =>
    s ? html`<p class="revision">${label}: <a href=${`#${anchorOf(s.id)}`}>${s.summary}</a></p>` : nothing;
  // A statement is listed where it was made and, if it speaks of a period, there too: revisions link to where it was made.
  return html`<li class="timeline-item" id=${statement && entry.kind === 'STATEMENT' ? anchorOf(statement.id) : nothing}>
    <div class="timeline-date">${entry.date ?? 'undated'}</div>
    <div>
      <span class="timeline-kind">${KIND_TEXT[entry.kind]}</span>
      ${subject.__typename === 'Event' ? html`<a href=${hrefOf({ view: 'entity', id: subject.id })}>${entry.summary}</a>` : entry.summary}
      ${statement ? html`${link('Revises', statement.supersedes)}${link('Revised by', statement.supersededBy)}` : nothing}
      ${subject.__typename === 'Event' ? nothing : quotes(subject.evidence)}
    </div>
  </li>`;
}

export async function timelineView(id: string, { signal }: ViewContext): Promise<Shown> {
  const { entity, timeline } = await request(TIMELINE, { id }, { signal });
  if (!entity) return { title: 'Not found', body: html`<div class="failure" role="alert"><h1>No entity ${id}</h1></div>` };
  return {
    title: `Timeline of ${entity.name}`,
    body: html`<section>
      <h1>Timeline of <a href=${hrefOf({ view: 'entity', id: entity.id })}>${entity.name}</a></h1>
      ${timeline.length === 0 ? html`<p>Nothing dated is known of it yet.</p>` : html`<ol class="timeline">${timeline.map(item)}</ol>`}
    </section>`,
  };
}
