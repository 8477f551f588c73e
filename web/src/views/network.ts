/**
 * The network around an entity (the API's `neighborhood`), drawn with cytoscape.js: nodes coloured
 * by kind, edges labelled by type, "N more" where the caps cut. A click (or Enter in the list below
 * the drawing, which says the same for keyboard and screen-reader users) expands a node or shows an
 * edge's quotes. The as-of date re-asks with `asOf`; relations whose dates leave that date open
 * (`heldOn` UNKNOWN) are drawn dashed.
 */
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { html, nothing, render, type TemplateResult } from 'lit-html';
import { request } from '../api';
import { entityLink, failure, kindBadge, quotes, type QuoteLike } from '../components';
import { edgeLabel, period } from '../format';
import { graphql } from '../gql';
import type { EntityKind, ExplorerNetworkQuery, RelationType } from '../gql/graphql';
import type { Route } from '../routes';
import type { Shown, ViewContext } from '../view';

const NETWORK = graphql(`
  query ExplorerNetwork($id: ID!, $asOf: PartialDate, $heldOn: PartialDate!, $dated: Boolean!) {
    neighborhood(id: $id, depth: 1, asOf: $asOf, limit: 40) {
      nodes { id name kind }
      edges {
        id type role validFrom validTo current
        heldOn(date: $heldOn) @include(if: $dated)
        from { id }
        to { id }
        evidence { quote document { id title publisher } }
      }
      omitted { entity { id } count }
    }
  }
`);

type Answer = ExplorerNetworkQuery['neighborhood'];
type Network = Extract<Route, { view: 'network' }>;

/** Node colours by kind: the same as the kind badges (style.css). */
const KIND_COLOUR: Record<EntityKind, string> = {
  PERSON: '#1f6feb',
  ORGANIZATION: '#8250df',
  PLANT: '#bf3989',
  PLACE: '#1a7f37',
  EVENT: '#9a6700',
};

interface EdgeInfo {
  id: string;
  type: RelationType;
  role: string | null | undefined;
  from: string;
  to: string;
  dates: string | null;
  open: boolean;
  evidence: QuoteLike[];
}

/** The drawing's elements and the list beside it, grown as nodes are expanded. */
class NetworkModel {
  readonly nodes = new Map<string, { id: string; name: string; kind: EntityKind }>();
  readonly edges = new Map<string, EdgeInfo>();
  readonly more = new Map<string, number>();
  readonly expanded = new Set<string>();

  /** Adds an answer; returns the elements new to the drawing. */
  add(answer: Answer, centre: string): ElementDefinition[] {
    const added: ElementDefinition[] = [];
    this.expanded.add(centre);
    for (const node of answer.nodes) {
      if (this.nodes.has(node.id)) continue;
      this.nodes.set(node.id, node);
      added.push({ group: 'nodes', data: { id: node.id, label: node.name, colour: KIND_COLOUR[node.kind] } });
    }
    for (const edge of answer.edges) {
      if (this.edges.has(edge.id)) continue;
      const info: EdgeInfo = {
        id: edge.id, type: edge.type, role: edge.role, from: edge.from.id, to: edge.to.id,
        dates: period(edge.validFrom, edge.validTo), open: edge.heldOn === 'UNKNOWN', evidence: edge.evidence,
      };
      this.edges.set(edge.id, info);
      added.push({ group: 'edges', data: { id: edge.id, source: info.from, target: info.to, label: edgeLabel(info.type) }, classes: info.open ? 'open' : '' });
    }
    for (const { entity, count } of answer.omitted) {
      const moreId = `more:${entity.id}`;
      const had = this.more.has(entity.id);
      this.more.set(entity.id, count);
      if (this.expanded.has(entity.id) && entity.id !== centre) continue;
      if (!had) {
        added.push({ group: 'nodes', data: { id: moreId, label: `${count} more`, of: entity.id }, classes: 'more' });
        added.push({ group: 'edges', data: { id: `${moreId}:edge`, source: entity.id, target: moreId }, classes: 'more' });
      }
    }
    return added;
  }
}

export async function networkView(route: Network, { signal, navigate }: ViewContext): Promise<Shown> {
  // `heldOn` needs a date even when skipped (@include false without one): any valid one does then.
  const ask = (id: string) =>
    request(NETWORK, { id, asOf: route.asOf, heldOn: route.asOf ?? '2000', dated: route.asOf !== null }, { signal }).then((d) => d.neighborhood);
  const first = await ask(route.id);
  const centre = first.nodes.find((n) => n.id === route.id);
  if (!centre) return { title: 'Not found', body: html`<div class="failure" role="alert"><h1>No entity ${route.id}</h1></div>` };
  const model = new NetworkModel();
  const initial = model.add(first, route.id);
  let cy: Core | null = null;
  let selected: EdgeInfo | null = null;
  let problem: unknown = null;

  const expand = async (id: string) => {
    if (model.expanded.has(id)) return;
    try {
      const answer = await ask(id);
      cy?.remove(`[id = "more:${CSS.escape(id)}"]`);
      model.more.delete(id);
      cy?.add(model.add(answer, id));
      cy?.layout({ name: 'cose', animate: false, randomize: false }).run();
    } catch (error) {
      problem = error;
    }
    drawPanel();
  };
  const select = (id: string) => {
    selected = model.edges.get(id) ?? null;
    drawPanel();
    document.getElementById('edge-panel')?.focus();
  };
  const name = (id: string) => model.nodes.get(id)?.name ?? id;

  const panel = (): TemplateResult => html`
    ${problem ? failure(problem) : nothing}
    <div id="edge-panel" class="edge-panel" tabindex="-1" aria-live="polite">
      ${selected
        ? html`<h2>${name(selected.from)} — ${edgeLabel(selected.type)}${selected.role ? ` (${selected.role})` : ''} — ${name(selected.to)}</h2>
            ${selected.dates ? html`<p class="dates">${selected.dates}</p>` : nothing}
            ${selected.open ? html`<p class="muted">Its dates leave ${route.asOf} open.</p>` : nothing}
            ${quotes(selected.evidence)}`
        : html`<p class="muted">Choose a relation, in the drawing or the list, to read its quotes.</p>`}
    </div>
    <h2>The network as a list</h2>
    <ul class="network-list">
      ${[...model.nodes.values()].map(
        (node) => html`<li>
          ${entityLink(node)} ${kindBadge(node.kind)}
          ${model.expanded.has(node.id) ? nothing : html`<button type="button" @click=${() => expand(node.id)}>Expand</button>`}
          ${model.more.has(node.id) ? html`<span class="muted">${model.more.get(node.id)} more not shown</span>` : nothing}
          <ul>
            ${[...model.edges.values()].filter((e) => e.from === node.id).map(
              (e) => html`<li><button type="button" class="link-button" @click=${() => select(e.id)}>${edgeLabel(e.type)} ${name(e.to)}</button>
                ${e.dates ? html`<span class="dates">${e.dates}</span>` : nothing} ${e.open ? html`<span class="state state-unknown">open on ${route.asOf}</span>` : nothing}</li>`,
            )}
          </ul>
        </li>`,
      )}
    </ul>`;
  const drawPanel = () => {
    const target = document.getElementById('network-panel');
    if (target) render(panel(), target);
  };

  const onDate = (event: SubmitEvent) => {
    event.preventDefault();
    const value = new FormData(event.target as HTMLFormElement).get('asOf')?.toString().trim() ?? '';
    navigate({ view: 'network', id: route.id, asOf: value === '' ? null : value });
  };

  return {
    title: `Network of ${centre.name}`,
    body: html`<section class="network">
      <h1>Network of ${entityLink(centre)}</h1>
      <form class="as-of" @submit=${onDate}>
        <label for="as-of">As of (a date such as 2023, 2023-05 or 2023-05-17)</label>
        <input id="as-of" name="asOf" .value=${route.asOf ?? ''} pattern="\\d{4}(-(\\d{2}|Q[1-4]|H[12])(-\\d{2})?)?" />
        <button type="submit">Show</button>
        ${route.asOf ? html`<button type="button" @click=${() => navigate({ view: 'network', id: route.id, asOf: null })}>Any date</button>` : nothing}
      </form>
      <div id="network-canvas" class="network-canvas" role="img" aria-label=${`Drawing of the network around ${centre.name}; the same is listed below.`}></div>
      <div id="network-panel"></div>
    </section>`,
    mounted: () => {
      cy = cytoscape({
        container: document.getElementById('network-canvas'),
        elements: initial,
        layout: { name: 'cose', animate: false, padding: 30, idealEdgeLength: () => 110, nodeRepulsion: () => 9000 },
        // A few nodes would otherwise be blown up to fill the canvas.
        maxZoom: 1.4,
        style: [
          { selector: 'node', style: { 'background-color': 'data(colour)', label: 'data(label)', 'font-size': 11, 'text-wrap': 'wrap', 'text-max-width': '120px', color: '#1f2328', 'text-background-color': '#ffffff', 'text-background-opacity': 0.8 } },
          { selector: 'node.more', style: { 'background-color': '#d0d7de', shape: 'round-rectangle', 'font-size': 10 } },
          { selector: 'edge', style: { label: 'data(label)', 'font-size': 9, width: 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': '#8c959f', 'target-arrow-color': '#8c959f', 'text-rotation': 'autorotate', 'text-background-color': '#ffffff', 'text-background-opacity': 0.8 } },
          { selector: 'edge.open', style: { 'line-style': 'dashed' } },
          { selector: 'edge.more', style: { 'line-style': 'dotted', 'target-arrow-shape': 'none', label: '' } },
          { selector: ':selected', style: { 'border-width': 3, 'border-color': '#1f2328', 'line-color': '#1f2328' } },
        ],
      });
      cy.on('tap', 'node', (event) => {
        const node = event.target;
        void expand((node.data('of') as string | undefined) ?? (node.id() as string));
      });
      cy.on('tap', 'edge', (event) => {
        if (!event.target.hasClass('more')) select(event.target.id());
      });
      signal.addEventListener('abort', () => cy?.destroy(), { once: true });
      drawPanel();
    },
  };
}
