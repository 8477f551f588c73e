/**
 * Search as you type, in the page's header on every view: the API's `search` (any script, typos
 * tolerated), results with their kind. A combobox in the WAI-ARIA sense: arrow keys move through
 * the results, Enter opens one, Escape closes the list.
 */
import { html, nothing, render } from 'lit-html';
import { ApiError, request } from './api';
import { kindBadge } from './components';
import { graphql } from './gql';
import type { ExplorerSearchQuery } from './gql/graphql';
import type { Route } from './routes';

const SEARCH = graphql(`
  query ExplorerSearch($text: String!) {
    search(text: $text, first: 8) { score entity { id kind name aliases } }
  }
`);

type Hit = ExplorerSearchQuery['search'][number];

/** Waits this long after the last key before asking: one request per pause, not per key. */
const PAUSE_MS = 200;

export interface SearchBoxOptions {
  /** Where an entity chosen goes. */
  open(route: Route): void;
  label?: string;
  id: string;
}

/** A search box rendered into `container`; `onPick` (default: open the entity) gets the chosen entity. */
export function searchBox(container: HTMLElement, options: SearchBoxOptions & { onPick?: (entity: Hit['entity']) => void }): void {
  let hits: Hit[] = [];
  let active = -1;
  let open = false;
  let message: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | null = null;
  const listId = `${options.id}-results`;
  const pick = (entity: Hit['entity']) => {
    open = false;
    draw();
    if (options.onPick) options.onPick(entity);
    else options.open({ view: 'entity', id: entity.id });
  };

  const ask = async (text: string) => {
    inFlight?.abort();
    if (text.trim() === '') {
      hits = [];
      message = null;
      open = false;
      return draw();
    }
    const controller = new AbortController();
    inFlight = controller;
    try {
      const data = await request(SEARCH, { text: text.slice(0, 200) }, { signal: controller.signal });
      hits = data.search;
      message = hits.length === 0 ? `Nothing found for “${text}”.` : null;
    } catch (error) {
      if (controller.signal.aborted) return;
      hits = [];
      message = error instanceof ApiError ? error.message : 'The search failed.';
    }
    active = -1;
    open = true;
    draw();
  };

  const onInput = (event: Event) => {
    const text = (event.target as HTMLInputElement).value;
    clearTimeout(timer);
    timer = setTimeout(() => void ask(text), PAUSE_MS);
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' && hits.length > 0) {
      open = true;
      active = (active + 1) % hits.length;
    } else if (event.key === 'ArrowUp' && hits.length > 0) {
      active = active <= 0 ? hits.length - 1 : active - 1;
    } else if (event.key === 'Enter' && open && hits.length > 0) {
      pick(hits[Math.max(active, 0)]!.entity);
    } else if (event.key === 'Escape') {
      open = false;
    } else return;
    event.preventDefault();
    draw();
  };

  const draw = () => {
    const showList = open && (hits.length > 0 || message !== null);
    render(
      html`<div class="search">
        <label for=${options.id}>${options.label ?? 'Search'}</label>
        <input
          id=${options.id}
          type="search"
          role="combobox"
          autocomplete="off"
          spellcheck="false"
          placeholder="A name, in any script"
          aria-autocomplete="list"
          aria-controls=${listId}
          aria-expanded=${showList ? 'true' : 'false'}
          aria-activedescendant=${active >= 0 ? `${listId}-${active}` : nothing}
          @input=${onInput}
          @keydown=${onKey}
        />
        <ul id=${listId} role="listbox" class="search-results" ?hidden=${!showList} aria-label="Results">
          ${hits.map(
            (hit, i) => html`<li
              id=${`${listId}-${i}`}
              role="option"
              aria-selected=${i === active ? 'true' : 'false'}
              class=${i === active ? 'active' : ''}
              @mousedown=${(e: Event) => e.preventDefault()}
              @click=${() => pick(hit.entity)}
            >
              <span class="hit-name">${hit.entity.name}</span> ${kindBadge(hit.entity.kind)}
              ${hit.entity.aliases.length > 0 ? html`<span class="muted hit-aliases">${hit.entity.aliases.slice(0, 3).join(' · ')}</span>` : nothing}
            </li>`,
          )}
          ${message ? html`<li class="search-message" role="option" aria-disabled="true" aria-selected="false">${message}</li>` : nothing}
        </ul>
      </div>`,
      container,
    );
  };
  draw();
}
