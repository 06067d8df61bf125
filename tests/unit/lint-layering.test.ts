import { describe, it, expect } from 'vitest';
import { ESLint } from 'eslint';

// The layering rules in eslint.config.js are what keeps main/core pure and the renderer
// sandbox-safe; these tests prove the rules fire (a rule that never fires protects nothing).
const eslint = new ESLint({ cwd: process.cwd() });

async function layeringErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('layering lint rules', () => {
  it('stops main/core from importing electron', async () => {
    const errors = await layeringErrors(`import { app } from 'electron';\nexport const x = app;\n`, 'main/core/example.ts');
    expect(errors.join()).toMatch(/Electron belongs in main\/app/);
  });

  it('stops main/core from importing an adapter or the renderer', async () => {
    expect(await layeringErrors(`import { startServer } from '../server/server';\nexport const s = startServer;\n`, 'main/core/example.ts')).toHaveLength(1);
    expect(await layeringErrors(`import { runCli } from '../../cli/main';\nexport const s = runCli;\n`, 'main/core/store/example.ts')).toHaveLength(1);
    expect(await layeringErrors(`import App from '../../renderer/src/App';\nexport const s = App;\n`, 'main/core/example.ts')).toHaveLength(1);
  });

  it('lets main/core import its own modules', async () => {
    expect(await layeringErrors(`import { RecordStore } from './store/store';\nexport const s = RecordStore;\n`, 'main/core/example.ts')).toEqual([]);
  });

  it('stops the renderer from importing main/ at runtime but allows types and isomorphic helpers', async () => {
    const runtime = await layeringErrors(`import { Hub } from '../../main/core/hub';\nexport const h = Hub;\n`, 'renderer/src/example.ts');
    expect(runtime.join()).toMatch(/imports only types from main/);
    expect(await layeringErrors(`import type { Hub } from '../../main/core/hub';\nexport type H = Hub;\n`, 'renderer/src/example.ts')).toEqual([]);
    expect(await layeringErrors(`import { BRANCHES } from '../../main/core/model';\nexport const b = BRANCHES;\n`, 'renderer/src/example.ts')).toEqual([]);
    expect(await layeringErrors(`import fs from 'node:fs';\nexport const f = fs;\n`, 'renderer/src/example.ts')).toHaveLength(1);
  });

  it('lets the renderer run the pure workshop helpers (now, timer, text) but no other workshop module', async () => {
    for (const mod of ['now', 'timer', 'text']) {
      expect(await layeringErrors(`import * as m from '../../../main/core/workshops/${mod}';\nexport const x = m;\n`, 'renderer/src/screens/workshop/example.ts')).toEqual([]);
    }
    const service = await layeringErrors(`import { WorkshopService } from '../../../main/core/workshops/service';\nexport const s = WorkshopService;\n`, 'renderer/src/screens/workshop/example.ts');
    expect(service.join()).toMatch(/imports only types from main/);
    expect(await layeringErrors(`import { nowView } from '../../../main/core/workshops/now-extra';\nexport const n = nowView;\n`, 'renderer/src/example.ts')).toHaveLength(1);
    expect(await layeringErrors(`import type { UndoSummary } from '../../../main/core/workshops/service';\nexport type U = UndoSummary;\n`, 'renderer/src/example.ts')).toEqual([]);
  });

  it('lets the renderer run the pure clinic computations (coverage, compare, text) but not the exports or handlers', async () => {
    for (const mod of ['coverage', 'compare', 'text']) {
      expect(await layeringErrors(`import * as m from '../../../main/core/clinics/${mod}';\nexport const x = m;\n`, 'renderer/src/screens/clinics/example.ts')).toEqual([]);
    }
    for (const mod of ['export', 'api']) {
      expect((await layeringErrors(`import * as m from '../../../main/core/clinics/${mod}';\nexport const x = m;\n`, 'renderer/src/screens/clinics/example.ts')).join()).toMatch(/imports only types from main/);
    }
  });
});

// dependency-cruiser (.dependency-cruiser.cjs, run by `npm run lint`) checks the whole import
// graph. These tests cruise small throwaway trees with the project's own rules.
describe('import graph rules (dependency-cruiser)', () => {
  async function cruiseTree(files: Record<string, string>): Promise<string[]> {
    const { cruise } = await import('dependency-cruiser');
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const path = await import('node:path');
    const { createRequire } = await import('node:module');
    const root = await mkdtemp(path.join(process.cwd(), 'tests', '.cruise-'));
    try {
      for (const [name, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(root, name)), { recursive: true });
        await writeFile(path.join(root, name), text);
      }
      const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs');
      const rel = path.relative(process.cwd(), root);
      // The rules name repository paths (main/core/...): map the throwaway tree onto them.
      const rules = JSON.parse(JSON.stringify(config.forbidden).replaceAll('^main/', `^${rel}/main/`).replaceAll('^(main|preload|renderer)/', `^${rel}/(main|preload|renderer)/`).replaceAll('^(bench|tests)/', `^${rel}/(bench|tests)/`));
      const result = await cruise([rel], { validate: true, ruleSet: { forbidden: rules }, tsPreCompilationDeps: true });
      const output = result.output as { summary: { violations: { rule: { name: string } }[] } };
      return output.summary.violations.map((v) => v.rule.name);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }

  it('fails on a runtime import cycle between the hub and a feature', async () => {
    const violations = await cruiseTree({
      'main/core/hub.ts': `import { feature } from './feature/api';\nexport const VERSION = '1';\nexport const f = feature;\n`,
      'main/core/feature/api.ts': `import { VERSION } from '../hub';\nexport const feature = () => VERSION;\n`,
    });
    expect(violations).toContain('no-circular');
  });

  it('allows a type-only import back to the hub (it vanishes at build)', async () => {
    const violations = await cruiseTree({
      'main/core/hub.ts': `import { feature } from './feature/api';\nexport interface Hub { v: string }\nexport const f = feature;\n`,
      'main/core/feature/api.ts': `import type { Hub } from '../hub';\nexport const feature = (h: Hub) => h.v;\n`,
    });
    expect(violations).toEqual([]);
  });

  it('fails when product code imports benchmark code', async () => {
    const violations = await cruiseTree({
      'main/core/x.ts': `import { seed } from '../../bench/seed';\nexport const x = seed;\n`,
      'bench/seed.ts': `export const seed = 1;\n`,
    });
    expect(violations).toContain('product-not-on-bench-or-tests');
  });
});
