import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Builds out/cli once, so tests that spawn bin/socle.js run the shipped JavaScript.
    globalSetup: ['tests/unit/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here and on CI: keep file-level parallelism modest so timing-sensitive tests stay honest.
    maxWorkers: 2,
  },
});
