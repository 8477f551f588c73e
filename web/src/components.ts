/** Pieces of page the views share: a quote with the link into its document, a kind badge, a failure. */
import { html, nothing, type TemplateResult } from 'lit-html';
import { ApiError } from './api';
import { KIND_LABEL } from './format';
import type { EntityKind } from './gql/graphql';
import { hrefOf } from './routes';

export interface QuoteLike {
  quote: string;
  document: { id: string; title?: string | null; publisher?: string | null };
}

/** A kind as a coloured label (the same colours as in the network). */
export const kindBadge = (kind: EntityKind) => html`<span class="kind kind-${kind.toLowerCase()}">${KIND_LABEL[kind]}</span>`;

/** An entity's name, linked to its page. */
export const entityLink = (entity: { id: string; name: string }) =>
  html`<a href=${hrefOf({ view: 'entity', id: entity.id })}>${entity.name}</a>`;

/** The quotes behind a fact, each opening its document at the quote. */
export function quotes(evidence: readonly QuoteLike[]): TemplateResult | typeof nothing {
  if (evidence.length === 0) return nothing;
  return html`<ul class="quotes">
    ${evidence.map(
      (e) => html`<li>
        <blockquote>${e.quote}</blockquote>
        <a class="source" href=${hrefOf({ view: 'document', id: e.document.id, quote: e.quote })}
          
          >Open in ${e.document.title ?? e.document.publisher ?? e.document.id}</a
        >
      </li>`,
    )}
  </ul>`;
}

/** A failure, said plainly with what to do and the API's code; never a blank page. */
export function failure(error: unknown): TemplateResult {
  const message = error instanceof ApiError ? error.message : 'Something went wrong in the page itself. Reload it to try again.';
  const code = error instanceof ApiError ? error.code : 'CLIENT_ERROR';
  if (!(error instanceof ApiError)) console.error(error);
  return html`<div class="failure" role="alert">
    <h2>Could not show this</h2>
    <p>${message}</p>
    <p class="code">Code: <code>${code}</code></p>
  </div>`;
}

/** What a view shows while its answer is on the way. */
export const loading = (what: string) => html`<p class="loading" role="status">Loading ${what}…</p>`;
