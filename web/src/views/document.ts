/**
 * A source document, paragraph by paragraph, with a quote highlighted where it stands and scrolled
 * into view: the sentence behind a fact, read in its context.
 */
import { html, nothing, type TemplateResult } from 'lit-html';
import { request } from '../api';
import { graphql } from '../gql';
import type { Shown, ViewContext } from '../view';

const DOCUMENT = graphql(`
  query ExplorerDocument($id: ID!) {
    document(id: $id) { id title publisher publishedOn url text }
  }
`);

/** Only a web address becomes a link: a document's `url` is data, and a `javascript:` one must not be clickable. */
const webAddress = (url: string | null | undefined): url is string => typeof url === 'string' && /^https?:\/\//i.test(url);

/** A paragraph with the quote marked, if the quote is in it. */
function paragraph(text: string, quote: string | null): { template: TemplateResult; marked: boolean } {
  const at = quote ? text.indexOf(quote) : -1;
  if (at < 0) return { template: html`<p>${text}</p>`, marked: false };
  return {
    template: html`<p>${text.slice(0, at)}<mark id="quote" tabindex="-1">${quote}</mark>${text.slice(at + quote!.length)}</p>`,
    marked: true,
  };
}

export async function documentView(id: string, quote: string | null, { signal }: ViewContext): Promise<Shown> {
  const { document: doc } = await request(DOCUMENT, { id }, { signal });
  if (!doc) return { title: 'Not found', body: html`<div class="failure" role="alert"><h1>No document ${id}</h1></div>` };
  const paragraphs = doc.text.split(/\n\s*\n|\n/).filter((p) => p.trim() !== '').map((p) => paragraph(p, quote));
  const found = paragraphs.some((p) => p.marked);
  const body = html`<article class="document">
    <h1>${doc.title ?? doc.id}</h1>
    <p class="muted">${doc.publisher}${doc.publishedOn ? `, ${doc.publishedOn}` : ''}${webAddress(doc.url) ? html` · <a href=${doc.url} rel="noreferrer noopener">original</a>` : nothing}</p>
    ${quote && !found ? html`<p class="failure" role="status">The quote was not found in this text as it stands.</p>` : nothing}
    <div class="document-text">${paragraphs.map((p) => p.template)}</div>
  </article>`;
  return {
    title: doc.title ?? doc.id,
    body,
    mounted: () => {
      const mark = window.document.getElementById('quote');
      mark?.scrollIntoView({ block: 'center' });
      mark?.focus({ preventScroll: true });
    },
  };
}
