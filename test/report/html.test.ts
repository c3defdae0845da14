/** HTML reports: everything from the data is escaped; the page cannot run scripts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlReport } from '../../src/report/index.ts';

describe('escapeHtml', () => {
  it('replaces the five HTML-significant characters by numeric references', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });

  it('leaves no raw < > " \' and decodes back to the input', () => {
    const decode = (s: string) => s.replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)));
    fc.assert(fc.property(fc.string(), (s) => {
      const e = escapeHtml(s);
      return !/[<>"']/.test(e) && decode(e) === s;
    }));
  });
});

describe('htmlReport', () => {
  const evil = '甲<script>alert(1)</script>"\'&';
  const page = htmlReport({
    title: `Report ${evil}`,
    subtitle: evil,
    sections: [{ heading: evil, paragraphs: [evil], table: { columns: ['name', 'amount'], rows: [[evil, 1234.5], [null, Number.NaN]] } }],
  });

  it('renders no markup from the data', () => {
    expect(page).not.toContain('<script>');
    expect(page.match(/<script/g)).toBeNull();
    expect(page).toContain('甲&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#39;&#38;');
  });

  it('forbids scripts through its own CSP and formats numbers right-aligned', () => {
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(page).toContain('<td class="n">1,234.5</td>');
    expect(page).toContain('<td>–</td>');
  });
});
