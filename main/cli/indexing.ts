/**
 * `socle search` on a data folder without an index cache (first use, after an import or an
 * index version bump): the index is built first (a few seconds at 10,000 records). Rather than
 * a silent wait, this says so on stderr, with the percentage as it moves (stdout stays the
 * results, so `--json` output is unaffected).
 */
import type { Hub } from '../core/hub';
import type { Io } from './context';

/** Waits until search is ready, reporting progress on stderr every 10% (nothing when it is ready already). */
export async function reportIndexing(hub: Hub, io: Io): Promise<void> {
  if (hub.indexReadiness.ready) return;
  const start = hub.indexReadiness.status();
  io.err(`socle: building the search index (${start.total} records, first use of this data folder)… ${start.percent}%`);
  let shown = start.percent;
  let since = hub.changeFeed.latest;
  while (!hub.indexReadiness.ready) {
    const { seq } = await hub.changeFeed.wait(since, 1000);
    since = seq;
    const { percent, ready } = hub.indexReadiness.status();
    if (!ready && percent >= shown + 10) {
      shown = percent - (percent % 10);
      io.err(`socle: indexing… ${shown}%`);
    }
  }
  io.err('socle: search index ready.');
}
