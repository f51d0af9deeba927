// Browser helpers for the e2e tests: Debian's Chromium driven by playwright-core.
// scripts/test.mjs provisions Chromium and exports its path as BRIGADE_CHROMIUM.
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';

/** Flags that work as root on these machines; the networking ones stop Chromium calling home. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  return process.env.BRIGADE_CHROMIUM ?? '/usr/bin/chromium';
}

/**
 * Launches headless Chromium. Throws (never skips) when the executable is missing.
 * Make pages with `browser.newContext()` then `context.newPage()` (needed by axeScan).
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Run the tests through \`npm test\` (it installs ` +
        'Debian\'s chromium), or `apt-get install -y --no-install-recommends chromium`, or set ' +
        'BRIGADE_CHROMIUM to a Chromium executable.',
    );
  }
  return chromium.launch({
    ...options,
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

export interface A11yViolation {
  id: string;
  impact: 'serious' | 'critical';
  help: string;
  /** CSS selectors of the offending elements (frames joined by ' | ', shadow roots by ' >>> '). */
  nodes: string[];
}

/**
 * Runs axe (WCAG 2.0/2.1 A and AA rules) on the page and returns its serious and critical
 * violations, in a shape that reads well in an assertion failure:
 *   expect(await axeScan(page)).toEqual([])
 * The page must come from a `browser.newContext()`.
 */
export async function axeScan(page: Page): Promise<A11yViolation[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact as 'serious' | 'critical',
      help: v.help,
      nodes: v.nodes.map((n) => n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' | ')),
    }));
}
