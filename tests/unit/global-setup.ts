/**
 * Vitest global setup: builds the command line (out/cli, scripts/build-cli.js) once, if a source
 * changed, before any test file runs. The tests that spawn `bin/socle.js` then run the built
 * JavaScript that ships, and parallel test files never race to build it.
 */
import { buildCli, cliBuildStale } from '../../scripts/build-cli.js';

export default async function setup(): Promise<void> {
  if (cliBuildStale()) await buildCli();
}
