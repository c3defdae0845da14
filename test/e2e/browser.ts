/**
 * Chromium for the e2e suite: the Debian build driven by playwright-core (no
 * downloaded browsers here), one persistent headless context per test file,
 * and every page error or console error (a CSP violation is one) collected, so
 * each journey can assert that none happened.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './server.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
/** Screenshots of the journeys (gitignored test artefacts). */
export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');

export interface BrowserSession {
  context: BrowserContext;
  /** The context's first page. */
  page: Page;
  close(): Promise<void>;
}

/** Record the page's uncaught errors and console errors into `errors`. */
export function collectErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
}

/**
 * Launch Chromium at 1440×900 in `locale`. Builds the viewer first when this file runs
 * alone without dist/web (npm test builds it before the suite).
 */
export async function launchBrowser(options: { locale: string; errors: string[]; acceptDownloads?: boolean }): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (tools/test-setup.js does it)`);
  if (!existsSync(path.join(ROOT, 'dist/web/index.html'))) execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'ignore' });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'xinlian-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1440, height: 900 },
    locale: options.locale, acceptDownloads: options.acceptDownloads ?? false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  collectErrors(page, options.errors);
  return {
    context, page,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Open `url` and wait for the first frame; with `layout`, also until ForceAtlas2 stopped (still positions, quiet CPU). */
export async function openViewer(page: Page, url: string, options: { layout?: boolean } = {}): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 60_000 });
  if (options.layout ?? true) await page.waitForSelector('[data-testid="layout-toggle"][data-running="false"]', { timeout: 120_000 });
}
