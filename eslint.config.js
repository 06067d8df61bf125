// ESLint: typescript-eslint's recommended rules plus the project's layering (see docs/architecture.md).
// The layering rules are the point: main/core stays pure (no Electron, no adapters, no UI), and the
// renderer reaches the core only through types and a short list of isomorphic helpers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';


export const coreLayering = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'main/core is pure TypeScript: Electron belongs in main/app.' },
    { regex: `^\\.\\.?/(\\.\\./)*(app|server|cli|platform)(/|$)`, message: 'main/core must not import an adapter (main/app, main/server, main/cli) or host paths; inject what it needs.' },
    { regex: '(^|/)renderer(/|$)', message: 'main/core must not import renderer code.' },
    { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'main/core has no UI.' },
  ],
};

/** Runtime imports the renderer may make from main/: isomorphic helpers only. */
export const rendererLayering = {
  patterns: [
    {
      // workshops/now, timer and text: pure functions the capture and "now" screens run locally
      // (the now view, the timer's ticking, #tag parsing), with no Node dependency.
      // clinics/coverage, compare and text: the coverage sheet computes its 1.3.1 series as figures
      // are typed, with the core's own formulas and warnings. browse/constants: fixed lists.
      regex: '(^|/)main/(?!core/(model|labels|markdown|contract-methods|workshops/(now|timer|text)|clinics/(coverage|compare|text)|browse/constants)$)',
      allowTypeImports: true,
      message:
        'The renderer imports only types from main/ (plus the isomorphic model, labels, markdown, contract-methods, workshops/now|timer|text, clinics/coverage|compare|text and browse/constants modules).',
    },
    { group: ['electron', 'electron/*', 'node:*', 'fs', 'path', 'child_process'], message: 'The renderer runs in a sandboxed page: no Node or Electron APIs; use window.socle.' },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'tests/fixtures/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', coreLayering] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { '@typescript-eslint/no-restricted-imports': ['error', rendererLayering] },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)main/(?!core/contract-methods$)',
              allowTypeImports: true,
              message: 'The sandboxed preload bundles only the contract-methods list; everything else is types.',
            },
          ],
        },
      ],
    },
  },
);
