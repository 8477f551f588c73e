/**
 * "How are these connected?": two entities picked by search, and the shortest paths between them
 * (the API's `paths`), each drawn as its chain of steps with the relation and the quote of each.
 * The address holds both ends, so the question can be shared.
 */
import { html, nothing, type TemplateResult } from 'lit-html';
import { request } from '../api';
import { entityLink, kindBadge, quotes } from '../components';
import { edgeLabel } from '../format';
import { graphql } from '../gql';
import type { ExplorerPathsQuery } from '../gql/graphql';
import type { Route } from '../routes';
import { searchBox } from '../search-box';
import type { Shown, ViewContext } from '../view';

const ENDS = graphql(`
  query ExplorerPathEnds($from: ID!, $to: ID!, $both: Boolean!) {
    from: entity(id: $from) { id name kind }
    to: entity(id: $to) @include(if: $both) { id name kind }
  }
`);

const PATHS = graphql(`
  query ExplorerPaths($from: ID!, $to: ID!) {
    paths(from: $from, to: $to, maxHops: 4, first: 3) {
      length
      steps {
        direction
        from { id name kind }
        to { id name kind }
        relation { id type role evidence { quote document { id title publisher } } }
      }
    }
  }
`);

type Path = ExplorerPathsQuery['paths'][number];
type Connect = Extract<Route, { view: 'connect' }>;

function pathFigure(path: Path, index: number): TemplateResult {
  return html`<figure class="path">
    <figcaption>Path ${index + 1}: ${path.length} step${path.length === 1 ? '' : 's'}</figcaption>
    <ol class="steps">
      ${path.steps.map(
        (step) => html`<li class="step">
          <div class="step-line">
            ${entityLink(step.from)} ${kindBadge(step.from.kind)}
            <span class="step-relation">${step.direction === 'FORWARD' ? '→' : '←'} ${edgeLabel(step.relation.type)}${step.relation.role ? ` (${step.relation.role})` : ''} ${step.direction === 'FORWARD' ? '→' : '←'}</span>
            ${entityLink(step.to)} ${kindBadge(step.to.kind)}
          </div>
          ${quotes(step.relation.evidence)}
        </li>`,
      )}
    </ol>
  </figure>`;
}

export async function connectView(route: Connect, { signal, navigate }: ViewContext): Promise<Shown> {
  const ends = route.from ? await request(ENDS, { from: route.from, to: route.to ?? route.from, both: route.to !== null }, { signal }) : null;
  const from = ends?.from ?? null;
  const to = route.to ? (ends?.to ?? null) : null;
  const paths = from && to ? (await request(PATHS, { from: from.id, to: to.id }, { signal })).paths : null;
  const end = (label: string, entity: { id: string; name: string; kind: Path['steps'][number]['from']['kind'] } | null, missing: string | null) =>
    html`<p class="path-end">${label}: ${entity ? html`${entityLink(entity)} ${kindBadge(entity.kind)}` : missing ? html`<span class="failure">no entity ${missing}</span>` : html`<span class="muted">not chosen yet</span>`}</p>`;
  return {
    title: from && to ? `${from.name} and ${to.name}` : 'How are these connected?',
    body: html`<section>
      <h1>How are these connected?</h1>
      <div class="path-pickers">
        <div>${end('From', from, route.from && !from ? route.from : null)}<div id="pick-from"></div></div>
        <div>${end('To', to, route.to && !to ? route.to : null)}<div id="pick-to"></div></div>
      </div>
      ${paths === null
        ? nothing
        : paths.length === 0
          ? html`<p role="status">No connection of up to 4 steps between them in the graph.</p>`
          : html`<p role="status">${paths.length} shortest path${paths.length === 1 ? '' : 's'} of ${paths[0]!.length} step${paths[0]!.length === 1 ? '' : 's'}.</p>
              ${paths.map(pathFigure)}`}
    </section>`,
    mounted: () => {
      const set = (which: 'from' | 'to') => (entity: { id: string }) =>
        navigate({ view: 'connect', from: which === 'from' ? entity.id : route.from, to: which === 'to' ? entity.id : route.to });
      searchBox(document.getElementById('pick-from')!, { id: 'pick-from-input', label: 'Choose the first entity', open: navigate, onPick: set('from') });
      searchBox(document.getElementById('pick-to')!, { id: 'pick-to-input', label: 'Choose the second entity', open: navigate, onPick: set('to') });
    },
  };
}
