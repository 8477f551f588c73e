/**
 * Every view has its own address under /explore, so that a link shared opens the same view:
 *   /explore                                   the start: search, and the sources in the graph
 *   /explore/entity/<id>                       an entity: names, facts with their quotes, statements, history
 *   /explore/network/<id>?asOf=<date>          the network around an entity, as of a date
 *   /explore/connect?from=<id>&to=<id>         how two entities are connected
 *   /explore/timeline/<id>                     an entity's timeline
 *   /explore/document/<id>?quote=<text>        a source, with a quote highlighted in its paragraph
 * Ids keep their slashes in the path (person/denis-manturov), each part escaped.
 */

export type Route =
  | { view: 'home' }
  | { view: 'entity'; id: string }
  | { view: 'network'; id: string; asOf: string | null }
  | { view: 'connect'; from: string | null; to: string | null }
  | { view: 'timeline'; id: string }
  | { view: 'document'; id: string; quote: string | null }
  | { view: 'unknown'; path: string };

export const BASE = '/explore';

const idPath = (id: string) => id.split('/').map(encodeURIComponent).join('/');

/** The address of a view. */
export function hrefOf(route: Route): string {
  const query = (params: Record<string, string | null>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== null && value !== '') search.set(key, value);
    const text = search.toString();
    return text === '' ? '' : `?${text}`;
  };
  switch (route.view) {
    case 'home':
      return BASE;
    case 'entity':
      return `${BASE}/entity/${idPath(route.id)}`;
    case 'network':
      return `${BASE}/network/${idPath(route.id)}${query({ asOf: route.asOf })}`;
    case 'connect':
      return `${BASE}/connect${query({ from: route.from, to: route.to })}`;
    case 'timeline':
      return `${BASE}/timeline/${idPath(route.id)}`;
    case 'document':
      return `${BASE}/document/${idPath(route.id)}${query({ quote: route.quote })}`;
    case 'unknown':
      return route.path;
  }
}

/** The view an address shows. */
export function routeOf(location: { pathname: string; search: string }): Route {
  const params = new URLSearchParams(location.search);
  const rest = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length).replace(/^\/+|\/+$/g, '') : null;
  if (rest === null) return { view: 'unknown', path: location.pathname };
  if (rest === '') return { view: 'home' };
  const [view, ...parts] = rest.split('/');
  let id: string;
  try {
    id = parts.map(decodeURIComponent).join('/');
  } catch {
    return { view: 'unknown', path: location.pathname };
  }
  if (view === 'connect' && id === '') return { view: 'connect', from: params.get('from'), to: params.get('to') };
  if (id === '') return { view: 'unknown', path: location.pathname };
  switch (view) {
    case 'entity':
      return { view: 'entity', id };
    case 'network':
      return { view: 'network', id, asOf: params.get('asOf') };
    case 'timeline':
      return { view: 'timeline', id };
    case 'document':
      return { view: 'document', id, quote: params.get('quote') };
    default:
      return { view: 'unknown', path: location.pathname };
  }
}
