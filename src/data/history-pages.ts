/**
 * Reading history: a page of one subject's changes (batched: the pages a request asks for that
 * differ only in the subject are one statement, after one that finds the records of their creations,
 * creation-records.ts) and a page of every change. Methods of the
 * request's GraphReader, like relation pages.
 */
import { batchByShape } from './batching.js';
import { creationRecordsOf } from './creation-records.js';
import { int } from './database.js';
import * as q from './read-queries.js';
import type { HistoryPageRequest } from './read-requests.js';
import type { ReadSession } from './read-session.js';
import type { ChangeConnectionRecord } from './records.js';
import { toChangeEdge, toChangeRecord, type Row } from './row-mappers.js';

/** One page of changes from rows of one more change than asked for, to tell whether more follow. */
function toChangePage(rows: Row[], first: number, totalCount: number): ChangeConnectionRecord {
  const changes = rows.map(toChangeRecord);
  return { edges: changes.slice(0, first).map(toChangeEdge), hasNextPage: changes.length > first, totalCount };
}

export function historyPages(reader: ReadSession, requests: readonly HistoryPageRequest[]): Promise<ChangeConnectionRecord[]> {
  return batchByShape('subjectId', requests, { edges: [], hasNextPage: false, totalCount: 0 }, async ({ first, after }, ids) => {
    const records = await creationRecordsOf(reader, ids);
    const subjects = ids.map((subjectId) => ({ subjectId, recordId: records.get(subjectId) ?? null }));
    const rows = await reader.read(q.HISTORY_PAGES, { rows: subjects, afterAt: after?.at ?? null, afterId: after?.id ?? null, limit: int(first + 1) });
    return new Map(rows.map((r) => [r.subjectId as string, toChangePage(r.page as Row[], first, r.total as number)]));
  });
}

export async function changesPage(reader: ReadSession, first: number, after: { at: string; id: string } | null): Promise<ChangeConnectionRecord> {
  const [rows, [count]] = await Promise.all([
    reader.read(q.CHANGES_PAGE, { afterAt: after?.at ?? null, afterId: after?.id ?? null, limit: int(first + 1) }),
    reader.read(q.COUNT_CHANGES),
  ]);
  return toChangePage(rows.map((r) => r.change as Row), first, (count?.total as number) ?? 0);
}
