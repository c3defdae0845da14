/**
 * Journey "language" (issue 7): the language switch changes every visible label. On the
 * demo cluster in Chromium, with the map's controls, a categorical and a ramp legend, the
 * filters and the export shown, no label of the other language may remain on the page
 * (checked against every map label of web/src/i18n/messages-map.ts, both ways), and in
 * English the left column and the top bar hold no Chinese except the dataset's own names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { GraphPayload } from '../../web/src/api/index.ts';
import { LANG_NAMES } from '../../web/src/i18n/index.ts';
import { enMap, zhMap } from '../../web/src/i18n/messages-map.ts';
import { launchBrowser, SCREENSHOTS, type BrowserSession } from './browser.ts';
import { startViewerServer, type RunningServer } from './server.ts';

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

let server: RunningServer;
let context: BrowserContext;
let page: Page;
let browser: BrowserSession;
let graph: GraphPayload;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startViewerServer();
  const res = await fetch(new URL('/api/graph', server.url));
  graph = (await res.json()) as GraphPayload;
  browser = await launchBrowser({ locale: 'zh-CN', errors: pageErrors });
  ({ context, page } = browser);
  // Screening colours (a categorical legend whose every category is a label) on the parks
  // layer (its tie legend).
  await page.goto(`${server.url}#layer=parks&color=screening`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid="legend-color"][data-state="ready"]', { timeout: 60_000 });
  await page.click('[data-testid="filter-industry-summary"]');
  await page.click('[data-testid="filter-park-summary"]');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The visible text of the page plus the options of its selects (what a user can read). */
async function visibleText(p: Page, selector = 'body'): Promise<string> {
  return p.evaluate((sel) => {
    const root = document.querySelector<HTMLElement>(sel)!;
    const options = [...root.querySelectorAll('select option')].map((o) => o.textContent ?? '');
    return `${root.innerText}\n${options.join('\n')}`;
  }, selector);
}

/** Static labels (no placeholder) of one language that the other language words differently. */
function labels(table: Record<string, string>, other: Record<string, string>): string[] {
  return Object.entries(table).filter(([k, v]) => !v.includes('{') && v !== other[k]).map(([, v]) => v);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * An ASCII label as a whole phrase (so "to" does not match inside a word), in any case
 * (innerText applies CSS text-transform: headings read "MAP"); a Chinese one as a substring.
 */
const found = (text: string, label: string) =>
  CJK.test(label) ? text.includes(label) : new RegExp(`(^|[^A-Za-z])${escape(label)}([^A-Za-z]|$)`, 'i').test(text);

/**
 * Page text without the dataset's own strings (firm, bank and park names, the dataset name)
 * and the language switch, which names the other language in that language (中文 / English).
 */
function withoutData(text: string): string {
  const names = [...graph.nodes.name, ...graph.parks.map((p) => p.name), graph.meta.name, ...Object.values(LANG_NAMES)].filter((x) => x.length > 0).sort((a, b) => b.length - a.length);
  let out = text;
  for (const name of names) out = out.split(name).join(' ');
  return out;
}

async function checkLanguage(lang: 'zh-CN' | 'en'): Promise<void> {
  const text = await visibleText(page);
  const [own, foreign] = lang === 'en' ? [enMap, zhMap] : [zhMap, enMap];
  const leftovers = labels(foreign, own).filter((label) => (CJK.test(label) ? label.length >= 2 : label.length >= 3)).filter((label) => found(withoutData(text), label));
  expect(leftovers, `labels of the other language on the ${lang} page`).toEqual([]);
  // The labels of this language that the page must show in this view.
  for (const key of ['map.title', 'map.layer', 'map.colorBy', 'map.sizeBy', 'map.filters', 'map.export', 'map.screen.passed', 'map.filter.clear', 'map.export.link', 'map.legend.layerTies', 'map.legend.tieAcrossParks'] as const) {
    expect(found(text, own[key]), `${lang} label ${key}`).toBe(true);
  }
}

describe('journey: language', () => {
  it('shows only Chinese map labels in zh-CN', async () => {
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await checkLanguage('zh-CN');
    await page.evaluate(() => document.getElementById('legend')!.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'language-zh.png') });
  });

  it('switches every label to English, including the ramp legend', async () => {
    await page.click('[data-testid="lang-switch"]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await checkLanguage('en');
    // The left column and the top bar: no Chinese but the dataset's names.
    for (const region of ['#legend', '.topbar', '#status']) {
      const rest = withoutData(await visibleText(page, region));
      expect(rest.match(new RegExp(CJK.source, 'g')) ?? [], region).toEqual([]);
    }
    await page.selectOption('[data-testid="map-color"]', 'chainStrength');
    await page.waitForSelector('[data-testid="legend-color"][data-color-by="chainStrength"][data-state="ready"]', { timeout: 60_000 });
    const ramp = await visibleText(page, '[data-testid="legend-color"]');
    expect(ramp).toContain(enMap['map.legend.linearScale']);
    expect(ramp).toContain('Colour: Chain strength');
    expect(CJK.test(withoutData(await visibleText(page, '#legend')))).toBe(false);
    await page.evaluate(() => document.getElementById('legend')!.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'language-en.png') });
  });

  it('switches back to Chinese with nothing English left of the map labels', async () => {
    await page.click('[data-testid="lang-switch"]');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const text = await visibleText(page);
    expect(text).toContain(zhMap['map.legend.linearScale']);
    expect(labels(enMap, zhMap).filter((l) => l.length >= 3 && found(withoutData(text), l))).toEqual([]);
  });

  it('raised no page error', () => {
    expect(pageErrors).toEqual([]);
  });
});
