/** What every view gets from the page, and gives back. */
import type { TemplateResult } from 'lit-html';
import type { Route } from './routes';

export interface ViewContext {
  /** Aborted when the reader moves to another view before this one has its answer. */
  signal: AbortSignal;
  /** Moves to another view (and records it in the browser's history). */
  navigate(route: Route, options?: { replace?: boolean }): void;
}

/** A view, ready to show: the page's title and its body. Set-up after it is on the page (a drawing) goes in `mounted`. */
export interface Shown {
  title: string;
  body: TemplateResult;
  mounted?: () => void;
}
