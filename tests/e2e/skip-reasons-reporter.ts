/**
 * Prints why each skipped end-to-end test was skipped (the list reporter shows only that it was),
 * so a CI log says, for instance, that the desktop-shell spec needs the Electron binary.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasons implements Reporter {
  private readonly reasons = new Map<string, string[]>();

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = [...test.annotations, ...result.annotations].find((a) => a.type === 'skip')?.description ?? 'no reason given';
    const titles = this.reasons.get(reason) ?? [];
    titles.push(test.titlePath().slice(1).join(' › '));
    this.reasons.set(reason, titles);
  }

  onEnd(): void {
    for (const [reason, titles] of this.reasons) {
      process.stdout.write(`skipped ${titles.length} test${titles.length === 1 ? '' : 's'}: ${reason}\n`);
    }
  }

  printsToStdio(): boolean {
    return false;
  }
}
