/**
 * Browse benchmark (called from bench/run.ts, phase "browse"): the country page, theme page,
 * C102 matrix and browse index over the hub's N practices, and a bookmark save, timed through the
 * contract handlers. Reference in the same run: the core's `list` filtered by country (the same
 * one pass over every visible record, without aggregation).
 *
 * Goals at 10,000 practices, judged against references timed in the same run (the machine is
 * shared, so absolute times swing tenfold with its load): each view's median within 3x the
 * reference pass (`list` by country: the same walk over every record, summaries included), and a
 * bookmark save within 2x a RecordStore.save (both validate, write a temp file, fsync, rename).
 * The absolute medians are printed too; unloaded, the goal for a view is 100 ms.
 */
import type { Hub } from '../main/core/hub';
import { dispatch } from '../main/core/dispatch';
import type { MethodName } from '../main/core/contract';
import { summarize, type Summary } from './stats';

export const VIEW_RATIO_BUDGET = 3;
export const BOOKMARK_RATIO_BUDGET = 2;
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

/** `storeSaveMedianMs`: RecordStore.save's median from the same run (the bookmark's reference). */
export async function runBrowseBenchmark(hub: Hub, size: number, storeSaveMedianMs?: number): Promise<BrowseBench> {
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
  const checks: BrowseBench['checks'] = [];
  if (size >= 10_000) {
    for (const [k, s] of Object.entries(views)) {
      const ratio = s.median / reference.median;
      checks.push({ metric: `browse ${k} median / list({country}) median`, value: ratio, limit: VIEW_RATIO_BUDGET, pass: ratio <= VIEW_RATIO_BUDGET });
    }
    if (storeSaveMedianMs) {
      const ratio = bookmark.median / storeSaveMedianMs;
      checks.push({ metric: 'browse bookmarkAdd median / RecordStore.save median', value: ratio, limit: BOOKMARK_RATIO_BUDGET, pass: ratio <= BOOKMARK_RATIO_BUDGET });
    }
  }
  return { views, reference, bookmark, checks };
}
