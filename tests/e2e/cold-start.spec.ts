/**
 * A first start without index cache, seen from the window (browser mode): the library is on
 * screen at once, the search box says "Indexation… n %" while the index builds, a search asked
 * meanwhile says it is waiting for the index, and the results come as soon as it is ready.
 * To look at the screen mid-build without timing anything, the server's index worker is a
 * wrapper (SOCLE_INDEX_WORKER) around the built worker that holds the last step until the test
 * creates a gate file.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, expect, ROOT, signedUrl, startHubServer, stopHubServer } from './fixtures';
import { makeCorpus } from '../../bench/corpus';

test('the library shows at once and search says "Indexation… n %" until the index is ready', async ({ page }) => {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'socle-e2e-cold-'));
  const dataDir = path.join(tmp, 'data');
  const folder = path.join(dataDir, 'records', 'practice');
  await fs.mkdir(folder, { recursive: true });
  const records = makeCorpus(40, 11);
  records[7] = { ...records[7]!, title: `Zorbalinquette : ${records[7]!.title}` };
  await Promise.all(records.map((r) => fs.writeFile(path.join(folder, `${r.id}.json`), JSON.stringify({ record: r }))));
  const gate = path.join(tmp, 'gate');
  const wrapper = path.join(tmp, 'held-worker.mjs');
  await fs.writeFile(
    wrapper,
    `import { parentPort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
const on = parentPort.on.bind(parentPort);
parentPort.on = (event, fn) => on(event, event !== 'message' ? fn : (msg) => {
  if (msg.type !== 'finish') return fn(msg);
  const timer = setInterval(() => { if (existsSync(${JSON.stringify(gate)})) { clearInterval(timer); fn(msg); } }, 50);
});
await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'out', 'main', 'index-worker.js')).href)});
`,
  );
  const saved = process.env.SOCLE_INDEX_WORKER;
  process.env.SOCLE_INDEX_WORKER = wrapper;
  const server = await startHubServer(dataDir).finally(() => {
    if (saved === undefined) delete process.env.SOCLE_INDEX_WORKER;
    else process.env.SOCLE_INDEX_WORKER = saved;
  });
  try {
    await page.goto(signedUrl(server.url, server.token, '#/'));
    // The library is there, and the search box says the index is being built.
    const badge = page.getByRole('progressbar', { name: 'Indexation de la recherche' });
    await expect(badge).toBeVisible();
    await expect(badge).toHaveText(/^Indexation… \d+ %$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    // A search asked now waits for the index, and says so.
    await page.getByRole('searchbox').fill('zorbalinquette');
    await page.getByRole('searchbox').press('Enter');
    await expect(page.getByTestId('indexing-note')).toContainText(/Indexation… \d+ % : les résultats s’afficheront/);

    await fs.writeFile(gate, '');
    await expect(page.getByRole('link', { name: /Zorbalinquette/ })).toBeVisible({ timeout: 30_000 });
    await expect(badge).toHaveCount(0);
    await expect(page.getByTestId('indexing-note')).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'La recherche est prête.' })).toHaveCount(1);
  } finally {
    await stopHubServer(server.child);
    await fs.rm(tmp, { recursive: true, force: true, maxRetries: 3 });
  }
});
