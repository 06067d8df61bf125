/**
 * Browse benchmark (called from bench/run.ts, phase "browse"): the country page, theme page,
 * C102 matrix and browse index over the hub's N practices, and a bookmark save, timed through the
 * contract handlers. Reference in the same run: the core's `list` filtered by country (the same
 * one pass over every visible record, without aggregation).
 *
 * Goals at 10,000 practices: each view's median within 100 ms (a page opens without a visible
 * wait), and a bookmark saved (validated, fsync'ed) within 50 ms, like a record save.
 */
import type { Hub } from '../main/core/hub';
import { dispatch } from '../main/core/dispatch';
import type { MethodName } from '../main/core/contract';
import { summarize, type Summary } from './stats';

export const BROWSE_VIEW_BUDGET_MS = 100;
export const BOOKMARK_BUDGET_MS = 50;
const ROUNDS = 7;

export interface BrowseBench {
  views: Record<string, Summary>;
  reference: Summary;
  bookmark: Summary;
  checks: { metric: string; value: number; limit: number; pass: boolean }[];
}

async function timed(hub: Hub, method: MethodName, input: unknown, rounds = ROUNDS): Promise<Summary> {
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const r = await dispatch(hub.api, method, input);
    ms.push(performance.now() - t0);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  }
  return summarize(ms);
}

export async function runBrowseBenchmark(hub: Hub, size: number): Promise<BrowseBench> {
  // The busiest country of the corpus, so the country page is measured at its largest.
  const counts = new Map<string, number>();
  for (const r of hub.visible()) if (r.type === 'practice') counts.set(r.country, (counts.get(r.country) ?? 0) + 1);
  const country = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'SN';
  const views: Record<string, Summary> = {
    countryPage: await timed(hub, 'countryPage', { country, lang: 'fr' }),
    themePage: await timed(hub, 'themePage', { theme: 'social-health-protection', lang: 'fr' }),
    c102Matrix: await timed(hub, 'c102Matrix', { lang: 'fr' }),
    browseIndex: await timed(hub, 'browseIndex', { lang: 'fr' }),
  };
  const reference = await timed(hub, 'list', { type: 'practice', country, limit: 10_000 });
  const ids = [...hub.visible()].filter((r) => r.type === 'practice').slice(0, 20).map((r) => r.id);
  const saves: number[] = [];
  for (const id of ids) {
    const t0 = performance.now();
    const r = await dispatch(hub.api, 'bookmarkAdd', { id });
    saves.push(performance.now() - t0);
    if (!r.ok) throw new Error(`bookmarkAdd: ${r.error.message}`);
  }
  for (const id of ids) await dispatch(hub.api, 'bookmarkRemove', { id });
  const bookmark = summarize(saves);
  const checks =
    size >= 10_000
      ? [
          ...Object.entries(views).map(([k, s]) => ({ metric: `browse ${k} median`, value: s.median, limit: BROWSE_VIEW_BUDGET_MS, pass: s.median <= BROWSE_VIEW_BUDGET_MS })),
          { metric: 'browse bookmarkAdd median', value: bookmark.median, limit: BOOKMARK_BUDGET_MS, pass: bookmark.median <= BOOKMARK_BUDGET_MS },
        ]
      : [];
  return { views, reference, bookmark, checks };
}
