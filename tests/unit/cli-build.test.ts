/**
 * The shipped command line: built JavaScript (out/cli, by scripts/build-cli.js) that loads only
 * the module of the command it runs, never tsx, and that is rebuilt when a source changes.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { COMMAND_MODULES, MODULE_NAMES, commandsOf } from '../../main/cli/commands/index';
import { helpText } from '../../main/cli/main';
import { cliBuildStale } from '../../scripts/build-cli.js';
import { tempDir } from './helpers';

/** Every bare specifier (package or node: built-in) a `socle` process resolves, via a module hook. */
function packagesLoadedBy(args: string[]): { status: number | null; stdout: string; loaded: Set<string> } {
  const hook = `export async function resolve(s, c, next) { if (!/^[./]|^file:|^data:/.test(s)) process.stderr.write('LOADED ' + s + '\\n'); return next(s, c); }`;
  const register = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`;
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, 'bin/socle.js', ...args], { encoding: 'utf8' });
  const loaded = new Set(r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7)));
  return { status: r.status, stdout: r.stdout, loaded };
}

describe('the built command line', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  it('a one-off search loads neither PouchDB, jsdom, React, the XLSX writer, the HTTP server nor tsx', () => {
    const r = packagesLoadedBy(['--data', dir, '--json', 'search', 'retraites']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).total).toBeGreaterThan(0);
    expect([...r.loaded].some((p) => p.startsWith('lunr'))).toBe(true); // the hook does see packages
    for (const heavy of ['pouchdb', 'jsdom', 'react', 'react-dom', 'react-dom/server', 'write-excel-file/universal', 'node:http', 'tsx', 'tsx/esm/api', 'esbuild']) {
      expect(r.loaded, heavy).not.toContain(heavy);
    }
  });

  it('`serve` still loads the HTTP server when it is asked for (lazily)', () => {
    const r = packagesLoadedBy(['serve', '--help']);
    expect(r.status).toBe(0);
    expect(r.loaded).toContain('node:http');
  });

  it('imports only run-time dependencies (never tsx, esbuild or another development dependency)', async () => {
    const pkg = JSON.parse(await fs.readFile('package.json', 'utf8')) as { dependencies: Record<string, string> };
    const { builtinModules } = await import('node:module');
    const files = ['out/cli/main.js', ...(await fs.readdir('out/cli/chunks')).filter((f) => f.endsWith('.js')).map((f) => `out/cli/chunks/${f}`)];
    const bare = new Set<string>();
    for (const f of files) {
      const code = await fs.readFile(f, 'utf8');
      for (const m of code.matchAll(/(?:\bfrom\s*|^\s*import\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"'./\s][^"'\s,]*)["']/gm)) bare.add(m[1]!);
    }
    const packageOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
    const strays = [...bare].filter((spec) => !spec.startsWith('node:') && !builtinModules.includes(spec) && !(packageOf(spec) in pkg.dependencies));
    expect(bare.size).toBeGreaterThan(5); // the scan does find the imports
    expect(strays).toEqual([]);
  });

  it('the one-off search fast path (out/cli/search.js) is one file that imports only Node built-ins: no zod, no hub, no chunk', async () => {
    const code = await fs.readFile('out/cli/search.js', 'utf8');
    const specs = [...code.matchAll(/(?:\bfrom\s*|^\s*import\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"'\s]+)["']/gm)].map((m) => m[1]!);
    expect(specs.length).toBeGreaterThan(3); // the scan does find the imports
    expect(specs.filter((s) => !s.startsWith('node:'))).toEqual([]);
    expect(code).toContain('main/core/search/warm-start.ts'); // esbuild's source comments: what is inside
    expect(code).not.toContain('main/core/hub.ts');
    expect(code).not.toContain('main/core/contract.ts');
  });

  it('lists every command of every module in help order, and loads each one by name', async () => {
    const exported = (await Promise.all(MODULE_NAMES.map(async (m) => (await commandsOf(m)).map((c) => [c.name, m] as const)))).flat();
    // A command added to a module but not to COMMAND_MODULES (or the reverse) would be unreachable.
    expect([...exported].sort()).toEqual([...COMMAND_MODULES].map(([n, m]) => [n, m] as const).sort());
    const help = await helpText();
    for (const [name] of COMMAND_MODULES) expect(help).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });
});

describe('build staleness (scripts/build-cli.js)', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir: root, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  it('asks for a build when the build is missing, a source the build read changed or was removed', async () => {
    expect(cliBuildStale(root)).toMatch(/build\.json is missing/);
    const started = Date.now();
    await fs.mkdir(path.join(root, 'out', 'cli'), { recursive: true });
    await fs.mkdir(path.join(root, 'main'), { recursive: true });
    await fs.mkdir(path.join(root, 'scripts'), { recursive: true });
    for (const f of ['main/a.ts', 'scripts/build-cli.js', 'out/cli/main.js']) await fs.writeFile(path.join(root, f), '');
    await fs.writeFile(path.join(root, 'out', 'cli', 'build.json'), JSON.stringify({ startedAt: started, inputs: ['main/a.ts'] }));
    expect(cliBuildStale(root)).toMatch(/search\.js is missing/);
    await fs.writeFile(path.join(root, 'out', 'cli', 'search.js'), '');
    const past = new Date(started - 60_000);
    for (const f of ['main/a.ts', 'scripts/build-cli.js']) await fs.utimes(path.join(root, f), past, past);
    await fs.writeFile(path.join(root, 'out', 'cli', 'build.json'), JSON.stringify({ startedAt: started, inputs: ['main/a.ts'] }));
    expect(cliBuildStale(root)).toBeUndefined();

    const future = new Date(started + 1000); // what `git pull` or an editor does to a source
    await fs.utimes(path.join(root, 'main', 'a.ts'), future, future);
    expect(cliBuildStale(root)).toBe('main/a.ts changed since the last build');

    await fs.rm(path.join(root, 'main', 'a.ts'));
    expect(cliBuildStale(root)).toBe('main/a.ts was removed since the last build');

    await fs.rm(path.join(root, 'out', 'cli', 'main.js'));
    expect(cliBuildStale(root)).toMatch(/main\.js is missing/);
  });

  it('the build under test is the current one', () => {
    expect(cliBuildStale()).toBeUndefined();
  });
});
