/**
 * Where records come from (issue 10): the reader shows the provenance of every record, a bundle
 * that changes the bundled library is refused until its signer is trusted (the preview offers to
 * trust it), and a Markdown heading cannot take over a global name of the page.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { test, expect, ROOT } from './fixtures';
import { pickBundle } from './bundles-helpers';

const run = promisify(execFile);
const LIB_ID = 'br-cadastro-unico';

/** With the CLI (signing stays a desktop/CLI act): a signed bundle from another Socle whose copy of a bundled practice was changed. */
async function signedLibraryChange(dir: string): Promise<{ file: string; fingerprint: string }> {
  const data = path.join(dir, 'publisher');
  const socle = (...args: string[]) => run(process.execPath, [path.join(ROOT, 'bin', 'socle.js'), '--data', data, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  const { stdout } = await socle('--json', 'show', LIB_ID);
  const record = JSON.parse(stdout);
  await fs.mkdir(path.join(data, 'records', 'practice'), { recursive: true });
  await fs.writeFile(path.join(data, 'records', 'practice', `${LIB_ID}.json`), JSON.stringify({ record: { ...record, rev: 2, summary: 'Résumé revu par le ministère.' } }));
  const file = path.join(dir, 'revu.socle');
  await socle('export', '--type', 'practice', '--sign', '--publisher-name', 'Ministère de la Santé publique', '--organisation', 'MINSANTE', '--out', file);
  const id = JSON.parse((await socle('--json', 'identity')).stdout);
  return { file, fingerprint: id.fingerprint };
}

test('the reader shows provenance; a change to the bundled library comes in only once its signer is trusted', async ({ page, hub, api }) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'socle-e2e-trust-'));
  try {
    const { file, fingerprint } = await signedLibraryChange(dir);

    await hub.goto(page, `#/record/${LIB_ID}`);
    const provenance = page.getByRole('region', { name: 'Provenance' });
    await expect(provenance).toHaveAttribute('data-origin', 'library');
    await expect(provenance).toContainText('Bibliothèque de référence livrée avec Socle.');

    const created = await api('create', { record: { type: 'note', lang: 'fr', body: '# socle\n\n## socleHost\n\nUne note de Lomé.' } });
    if (!created.ok) throw new Error(created.error.message);
    await hub.goto(page, `#/record/${created.value.id}`);
    await expect(page.getByRole('region', { name: 'Provenance' })).toHaveAttribute('data-origin', 'local');
    // The headings render, under prefixed ids: nothing named "socle" or "socleHost" appears in the page.
    await expect(page.locator('#user-content-socle')).toBeVisible();
    expect(await page.locator('#socle, #socleHost, [name="socle"]').count()).toBe(0);

    await hub.goto(page, '#/import');
    await pickBundle(page, file);
    const item = page.locator(`[data-item="${LIB_ID}"]`);
    await expect(item).toHaveAttribute('data-status', 'rejected');
    await expect(page.locator('[data-trust="untrusted"]')).toBeVisible();
    const trust = page.getByRole('checkbox', { name: /Je fais confiance à cet éditeur/ });
    await expect(page.locator('[data-needs-trust="1"]')).toContainText('1 fiche de la bibliothèque de référence serait modifiée');
    await trust.check();
    await expect(page.locator('.screen.bundles-preview[data-ready="true"]')).toBeVisible();
    await expect(item).toHaveAttribute('data-status', 'updated');
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await expect(page.locator('[data-applied="true"]')).toBeVisible();

    await hub.goto(page, `#/record/${LIB_ID}`);
    const after = page.getByRole('region', { name: 'Provenance' });
    await expect(after).toHaveAttribute('data-origin', 'bundle');
    await expect(after).toContainText('Ministère de la Santé publique, MINSANTE');
    await expect(after.locator('[data-fingerprint]')).toHaveAttribute('data-fingerprint', fingerprint);
    await expect(page.locator('.lead')).toHaveText('Résumé revu par le ministère.');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
