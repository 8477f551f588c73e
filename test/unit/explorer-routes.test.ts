/** The explorer's addresses: every view has one, and the address gives the view back (shared links). */
import { describe, expect, it } from 'vitest';
import { hrefOf, routeOf, type Route } from '../../web/src/routes.js';

const at = (href: string) => {
  const url = new URL(href, 'http://localhost');
  return routeOf({ pathname: url.pathname, search: url.search });
};

describe('explorer routes', () => {
  const routes: Route[] = [
    { view: 'home' },
    { view: 'entity', id: 'person/denis-manturov' },
    { view: 'entity', id: 'organization/a b?c#d&e' },
    { view: 'network', id: 'plant/x', asOf: '2023-05' },
    { view: 'network', id: 'plant/x', asOf: null },
    { view: 'connect', from: 'person/a', to: 'organization/b' },
    { view: 'connect', from: null, to: null },
    { view: 'timeline', id: 'event/forum-2024' },
    { view: 'document', id: 'document/tass-1', quote: 'Denis Manturov, Russia’s “Deputy” & co' },
  ];
  it.each(routes)('opens $view at its own address', (route) => {
    expect(at(hrefOf(route))).toEqual(route);
  });

  it('keeps slashes of ids readable in the path', () => {
    expect(hrefOf({ view: 'entity', id: 'person/denis-manturov' })).toBe('/explore/entity/person/denis-manturov');
  });

  it('names an address it does not know, rather than guess', () => {
    expect(at('/explore/nothing/here')).toEqual({ view: 'unknown', path: '/explore/nothing/here' });
    expect(at('/explore/entity/')).toEqual({ view: 'unknown', path: '/explore/entity/' });
    expect(at('/explore/entity/%E0%A4%A')).toEqual({ view: 'unknown', path: '/explore/entity/%E0%A4%A' });
  });
});
