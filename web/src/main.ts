/**
 * The explorer's page: a header with the search, and one view at a time in <main>, chosen by the
 * address (routes.ts). Links within /explore move between views without reloading; the browser's
 * back and forward buttons work; focus moves to the new view for keyboard and screen-reader users.
 */
import { html, render } from 'lit-html';
import { failure, loading } from './components';
import { hrefOf, routeOf, type Route } from './routes';
import { searchBox } from './search-box';
import './style.css';
import type { Shown, ViewContext } from './view';
import { connectView } from './views/connect';
import { documentView } from './views/document';
import { entityView } from './views/entity';
import { homeView } from './views/home';
import { networkView } from './views/network';
import { timelineView } from './views/timeline';

const main = document.getElementById('main')!;
const header = document.getElementById('header')!;
let current: AbortController | null = null;

function showView(route: Route, context: ViewContext): Promise<Shown> {
  switch (route.view) {
    case 'home':
      return homeView(context);
    case 'entity':
      return entityView(route.id, context);
    case 'document':
      return documentView(route.id, route.quote, context);
    case 'network':
      return networkView(route, context);
    case 'connect':
      return connectView(route, context);
    case 'timeline':
      return timelineView(route.id, context);
    case 'unknown':
      return Promise.resolve({
        title: 'Not found',
        body: html`<div class="failure" role="alert"><h1>No such view</h1><p>${route.path} is not an address of the explorer. <a href=${hrefOf({ view: 'home' })}>Start again</a>.</p></div>`,
      });
  }
}

async function show(route: Route, { focus }: { focus: boolean }): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const context: ViewContext = { signal: controller.signal, navigate };
  main.setAttribute('aria-busy', 'true');
  render(loading('the view'), main);
  let shown: Shown;
  try {
    shown = await showView(route, context);
  } catch (error) {
    if (controller.signal.aborted) return;
    shown = { title: 'Failed', body: failure(error) };
  }
  if (controller.signal.aborted) return;
  document.title = `${shown.title} · industry-graph explorer`;
  render(shown.body, main);
  main.removeAttribute('aria-busy');
  shown.mounted?.();
  if (focus && !main.contains(document.activeElement)) main.focus({ preventScroll: false });
}

function navigate(route: Route, { replace = false }: { replace?: boolean } = {}): void {
  const href = hrefOf(route);
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  void show(route, { focus: !replace });
}

// Links inside the explorer change the view in place; others (and modified clicks) behave as links do.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.('a');
  if (!link || link.target || link.origin !== location.origin || !link.pathname.startsWith('/explore')) return;
  event.preventDefault();
  navigate(routeOf(link));
});
window.addEventListener('popstate', () => void show(routeOf(location), { focus: true }));

render(
  html`<a class="brand" href=${hrefOf({ view: 'home' })}>industry-graph <span>explorer</span></a>
    <div id="header-search"></div>
    <a class="playground-link" href="/graphql">GraphQL</a>`,
  header,
);
searchBox(document.getElementById('header-search')!, { id: 'search', label: 'Search the graph', open: (route) => navigate(route) });
void show(routeOf(location), { focus: false });
