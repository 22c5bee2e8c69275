/**
 * Accessibility in the browser tests: axe-core (WCAG 2.0/2.1 A and AA rules) over the page as
 * it stands, failing on any `serious` or `critical` violation and listing each (rule, impact,
 * elements, summary). Every check adds a line to a per-page report, printed by
 * `printAccessibilityReport` at the end of the file that ran it.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const WCAG_21_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const BLOCKING = new Set(['serious', 'critical']);

export interface AccessibilityLine {
  page: string;
  critical: number;
  serious: number;
  moderate: number;
  minor: number;
  passes: number;
}

const report: AccessibilityLine[] = [];

/** The axe results for the page, counted by impact (in elements, not rules). */
export async function checkAccessibility(page: Page, name: string) {
  // Colours mid-transition (a button fading from disabled to enabled as its data arrives) are
  // neither the before nor the after: wait until no finite animation is running.
  // (A string: the project's type-checking has no DOM library.)
  const settled = `document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)`;
  const deadline = Date.now() + 10_000;
  while (!(await page.evaluate(settled)) && Date.now() < deadline) await page.waitForTimeout(50);
  const results = await new AxeBuilder({ page: page as never }).withTags(WCAG_21_AA_TAGS).analyze();
  const line: AccessibilityLine = {
    page: name,
    critical: 0,
    serious: 0,
    moderate: 0,
    minor: 0,
    passes: results.passes.length,
  };
  const blocking: string[] = [];
  for (const violation of results.violations) {
    const impact = (violation.impact ?? 'minor') as 'critical' | 'serious' | 'moderate' | 'minor';
    line[impact] += violation.nodes.length;
    if (!BLOCKING.has(impact)) continue;
    for (const node of violation.nodes) {
      const summary = (node.failureSummary ?? violation.help).replace(/\s+/g, ' ').slice(0, 200);
      blocking.push(`${name}: ${violation.id} [${impact}] ${node.target.join(' ')} — ${summary}`);
    }
  }
  report.push(line);
  return { line, blocking };
}

/** Fails when axe finds a serious or critical violation on the page; records its report line. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const { blocking } = await checkAccessibility(page, name);
  if (blocking.length > 0) {
    throw new Error(
      `${name}: ${blocking.length} serious/critical accessibility violation(s)\n  ${blocking.join('\n  ')}`,
    );
  }
}

/** The per-page report: page → violations by impact (elements), rules passed. */
export function printAccessibilityReport(): void {
  if (report.length === 0) return;
  const rows = report.map(
    (line) =>
      `${line.page.padEnd(48)} critical ${line.critical}  serious ${line.serious}  moderate ${line.moderate}  minor ${line.minor}  (rules passed ${line.passes})`,
  );
  console.log(`axe (WCAG 2.1 A/AA), ${report.length} pages:\n${rows.join('\n')}`);
}
