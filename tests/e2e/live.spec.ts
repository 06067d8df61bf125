/**
 * One data folder, many processes, seen from the screen: while the browser mode runs, the
 * command line (a separate process on the same data folder) adds, deletes and restores a
 * practice; the open search results and reader follow without a reload.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { test, expect, ROOT } from './fixtures';

function socle(dataDir: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'socle.js'), '--data', dataDir, '--json', ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`socle ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

test('search results and the reader follow what the command line writes to the same data folder', async ({ page, hub }) => {
  await hub.goto(page, '#/search?q=tontinière');
  await expect(page.locator('.screen.search[data-ready="true"][data-query="tontinière"]')).toBeVisible();
  const results = page.getByRole('list', { name: 'Résultats' }).getByRole('link', { name: /Tontine tontinière de Bafoussam/ });
  await expect(results).toHaveCount(0);

  const file = path.join(hub.dataDir, '..', `${path.basename(hub.dataDir)}-pratique.json`);
  await fs.writeFile(
    file,
    JSON.stringify({ type: 'practice', title: 'Tontine tontinière de Bafoussam', country: 'CM', body: 'Une tontine tontinière finance les cotisations de santé.', sources: [{ title: 'Note de terrain' }] }),
  );
  const { id } = JSON.parse(socle(hub.dataDir, 'add', file)) as { id: string };
  await fs.rm(file);
  // No reload: the screen learns of it from the hub's change feed.
  await expect(results).toHaveCount(1);

  await results.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tontine tontinière de Bafoussam' })).toBeVisible();
  socle(hub.dataDir, 'delete', id);
  await expect(page.getByRole('heading', { level: 1, name: 'Fiche indisponible' })).toBeVisible();
  socle(hub.dataDir, 'restore', id);
  await expect(page.getByRole('heading', { level: 1, name: 'Tontine tontinière de Bafoussam' })).toBeVisible();
});
