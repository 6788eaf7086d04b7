import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const ROOT = join(__dirname, '../../../..');
// Debian's chromium (.ci/run installs it): browser downloads are not possible here.
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// As root on a closed network: no sandbox, and nothing that calls hosts outside this machine.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOTS = join(ROOT, 'tmp/console-screenshots');

// One headless Chromium per spec file; each person is a context of its own
// (its own cookies), as two browsers would be.
export class TestBrowser {
  private constructor(private readonly browser: Browser) {}

  // Playwright starts it on a new, empty profile of its own.
  static async launch(): Promise<TestBrowser> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
    return new TestBrowser(browser);
  }

  async person(baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await this.browser.newContext({ baseURL });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return { context, page };
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

// axe-core on the page as it is now: the serious and critical violations,
// by rule and the elements hit (empty when the page passes).
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
