/**
 * The worker thread that builds the user search index (started by ./index-builder.ts). It runs
 * the core's chunked build (main/core/search/build-user-index.ts) on the records it is sent, one
 * chunk per message, reports progress after each, and sends the segments back as typed arrays
 * (transferred, so the main thread neither copies nor decodes them).
 *
 * Messages in:  { type: 'chunk', records } ... { type: 'finish' }, then possibly { type: 'merge', segments }
 * Messages out: { type: 'progress', done } ... { type: 'done', result } | { type: 'error', message },
 *               then { type: 'merged', segments } for a merge
 *
 * A merge (asked of the first worker once every worker is done): the segments of one language
 * that several workers built, merged into one here rather than on the main thread, where merging
 * the French postings of 10,000 practices was one step of ~60 ms when the index cache is written.
 *
 * Built as its own entry next to the code that starts it (out/main/index-worker.js for Electron;
 * see electron.vite.config.ts), and run from source under tsx.
 */
import { parentPort } from 'node:worker_threads';
import { ChunkedUserIndexBuild, mergeTransfers, toParts, transferablesOf } from '../core/search/build-user-index';
import { SegmentIndex, type SegmentTransfer } from '../core/search/segment';
import type { HubRecord } from '../core/model';

export type WorkerIn = { type: 'chunk'; records: HubRecord[] } | { type: 'finish' } | { type: 'merge'; segments: SegmentTransfer[][] };

const port = parentPort;
if (port) {
  const build = new ChunkedUserIndexBuild();
  let done = 0;
  port.on('message', (msg: WorkerIn) => {
    try {
      if (msg.type === 'chunk') {
        build.add(msg.records);
        done += msg.records.length;
        port.postMessage({ type: 'progress', done });
      } else if (msg.type === 'finish') {
        const parts = toParts(build.finish());
        port.postMessage({ type: 'done', result: parts }, transferablesOf(parts));
      } else if (msg.type === 'merge') {
        const merged = msg.segments.map(mergeTransfers);
        port.postMessage({ type: 'merged', segments: merged }, merged.flatMap((m) => SegmentIndex.transferables(m)));
      }
    } catch (e) {
      port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  });
}
