import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints why each skipped spec was skipped (an API not on this backend yet), after the run. */
export default class SkipReasons implements Reporter {
  private skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((annotation) => annotation.type === 'skip')?.description ?? 'no reason given';
    this.skipped.push(`  skipped: ${test.titlePath().slice(1).join(' › ')}\n           ${reason}`);
  }

  onEnd() {
    if (this.skipped.length) console.log(`\nSkipped specs and why:\n${this.skipped.join('\n')}`);
  }
}
