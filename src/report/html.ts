/**
 * Self-contained HTML reports (one file, no scripts, no external resources) for
 * people who get results by e-mail rather than through the viewer. Every piece of
 * text — firm names come straight from user data — is HTML-escaped; the page's
 * own Content-Security-Policy forbids scripts, so even a missed escape could
 * not execute anything.
 */

export interface HtmlTable {
  columns: readonly string[];
  /** Cells in column order; numbers are right-aligned and formatted with separators. */
  rows: readonly (readonly unknown[])[];
}

export interface HtmlSection {
  heading: string;
  /** Paragraphs of plain text. */
  paragraphs?: readonly string[];
  table?: HtmlTable;
}

export interface HtmlReport {
  title: string;
  /** One line under the title (dataset, date …). */
  subtitle?: string;
  sections: readonly HtmlSection[];
  /** `lang` attribute (default zh-CN: the users' language; the report mixes both). */
  lang?: string;
}

/** Text made safe for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function cell(value: unknown): { text: string; numeric: boolean } {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return { text: '–', numeric: false };
  if (typeof value === 'number') return { text: value.toLocaleString('en-US', { maximumFractionDigits: 4 }), numeric: true };
  if (Array.isArray(value)) return { text: value.join('; '), numeric: false };
  return { text: String(value), numeric: false };
}

function table(t: HtmlTable): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((v) => {
    const c = cell(v);
    return c.numeric ? `<td class="n">${escapeHtml(c.text)}</td>` : `<td>${escapeHtml(c.text)}</td>`;
  }).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const STYLE = `body{font:14px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}
h1{font-size:1.5em;margin-bottom:0}.sub{color:#666;margin-top:.2em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}th,td{padding:.2em .7em;border-bottom:1px solid #eee;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f6f6f6}`;

export function htmlReport(r: HtmlReport): string {
  const sections = r.sections.map((s) => [
    `<section>\n<h2>${escapeHtml(s.heading)}</h2>`,
    ...(s.paragraphs ?? []).map((p) => `<p>${escapeHtml(p)}</p>`),
    s.table ? table(s.table) : '',
    '</section>',
  ].filter((x) => x !== '').join('\n'));
  return `<!doctype html>
<html lang="${escapeHtml(r.lang ?? 'zh-CN')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(r.title)}</h1>
${r.subtitle ? `<p class="sub">${escapeHtml(r.subtitle)}</p>\n` : ''}${sections.join('\n')}
</body>
</html>
`;
}
