/** The first screen: what the explorer does, and the sources the graph holds (one request). */
import { html } from 'lit-html';
import { request } from '../api';
import { graphql } from '../gql';
import { hrefOf } from '../routes';
import type { Shown, ViewContext } from '../view';

/** Sources listed on the first screen; a big graph holds thousands. */
const SHOWN = 50;

// One more than is shown: whether there are more (documents are a page, not a count).
const SOURCES = graphql(`
  query ExplorerSources {
    documents(first: 51) { id title publisher publishedOn }
  }
`);

export async function homeView({ signal }: ViewContext): Promise<Shown> {
  const { documents } = await request(SOURCES, {}, { signal });
  return {
    title: 'Explorer',
    body: html`<section class="home">
      <h1>Explore the graph</h1>
      <p>Search a person, a company or a plant above, in any script, typos and all. Every fact comes with the sentence of the source behind it.</p>
      <p><a href=${hrefOf({ view: 'connect', from: null, to: null })}>How are two entities connected?</a></p>
      <h2>Sources${documents.length > SHOWN ? html` <span class="muted">(the first ${SHOWN})</span>` : html` <span class="muted">(${documents.length})</span>`}</h2>
      <ul class="sources">
        ${documents.slice(0, SHOWN).map(
          (d) => html`<li><a href=${hrefOf({ view: 'document', id: d.id, quote: null })}>${d.title ?? d.id}</a>
            <span class="muted">${d.publisher}${d.publishedOn ? `, ${d.publishedOn}` : ''}</span></li>`,
        )}
      </ul>
      ${documents.length > SHOWN ? html`<p class="muted">and more: search for an entity to see the sources that speak of it.</p>` : ''}
    </section>`,
  };
}
