/**
 * Import rules checked by dependency-cruiser in `npm run lint` (script `lint:deps`). They
 * complement the ESLint layering rules (eslint.config.js): ESLint says which modules a folder may
 * name; this file checks the whole graph, which ESLint cannot: no import cycle at run time, and
 * no product code reaching into the benchmark or the tests. tests/unit/lint-layering.test.ts
 * proves each rule fires.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A runtime import cycle (type-only imports excluded: they vanish at build). Features get what they need from modules below the hub, never from hub.ts itself.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'product-not-on-bench-or-tests',
      severity: 'error',
      comment: 'The product never ships benchmark or test code.',
      from: { path: '^(main|preload|renderer)/' },
      to: { path: '^(bench|tests)/' },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'main/core knows nothing of Electron, HTTP, the terminal or React (see docs/architecture.md).',
      from: { path: '^main/core/' },
      to: { path: '^(main/(app|server|cli|platform)|renderer|preload)/|^node_modules/(electron|react|react-dom)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|node_modules|tests/fixtures)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
