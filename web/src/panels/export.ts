/**
 * Researcher exports: the current view as PNG (sigma's canvases composited in their
 * stacking order onto the canvas background, read in the same task as sigma's render, so
 * the WebGL layers still hold their frame), the visible subgraph as GEXF 1.3 or CSV
 * (layers/subgraph.ts: exactly the nodes and ties the map draws), and the shareable link
 * of the view (state/url.ts), shown in a read-only field with a copy button.
 */
import { el } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { subgraphEdgesCsv, subgraphGexf, subgraphNodesCsv, subgraphOf, type MapView } from '../layers/index.ts';
import type { MapLayer } from '../render/index.ts';
import { encodeView } from '../state/url.ts';
import type { ViewerContext } from './context.ts';

/** The canvas background behind the exported PNG (styles.css --canvas). */
export const PNG_BACKGROUND = '#fbfbfc';

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = el('a', { attrs: { href: url, download: name, hidden: true } });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name stem from the dataset name: letters, digits, CJK kept; the rest → '-'. */
export function fileStem(name: string): string {
  const stem = name.normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return stem || 'xinlian';
}

/** The map's pictures (ties, nodes, labels, hovers…) in stacking order, each at its opacity, drawn onto one canvas. */
export function composeCanvases(layers: MapLayer[], background: string): HTMLCanvasElement {
  const width = Math.max(...layers.map((l) => l.image.width));
  const height = Math.max(...layers.map((l) => l.image.height));
  const out = el('canvas', { attrs: { width, height } });
  const g = out.getContext('2d');
  if (!g) throw new Error('the browser gave no 2D canvas context');
  g.fillStyle = background;
  g.fillRect(0, 0, width, height);
  for (const { image, opacity } of layers) {
    g.globalAlpha = opacity;
    g.drawImage(image, 0, 0, width, height);
  }
  return out;
}

export function mountExport(root: HTMLElement, ctx: ViewerContext, view: MapView): void {
  const { store, payload, renderer } = ctx;
  const stem = fileStem(payload.meta.name);
  const status = el('p', { class: 'legend-note', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'export-status' } });
  const fail = (err: unknown) => {
    status.textContent = t(store.get().lang, 'map.export.error', { message: err instanceof Error ? err.message : String(err) });
    status.classList.add('is-error');
  };
  const ok = (text = '') => {
    status.textContent = text;
    status.classList.remove('is-error');
  };
  const visible = () => {
    const d = view.current();
    return subgraphOf(d.visibility.nodes, d.edges);
  };

  const png = async () => {
    try {
      const canvas = await renderer.withLayers((layers) => composeCanvases(layers, PNG_BACKGROUND));
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (!blob) throw new Error('the canvas could not be encoded as PNG');
      download(`${stem}.png`, blob);
      ok();
    } catch (err) {
      fail(err);
    }
  };

  const gexf = () => {
    try {
      const description = `${payload.meta.name}: view exported from the xinlian viewer (${encodeView(store.get(), payload.parks) || 'whole graph'})`;
      download(`${stem}.gexf`, new Blob([subgraphGexf(payload, visible(), description)], { type: 'application/xml' }));
      ok();
    } catch (err) { fail(err); }
  };
  const csv = () => {
    try {
      const sub = visible();
      download(`${stem}-nodes.csv`, new Blob([subgraphNodesCsv(payload, sub)], { type: 'text/csv;charset=utf-8' }));
      download(`${stem}-edges.csv`, new Blob([subgraphEdgesCsv(payload, sub)], { type: 'text/csv;charset=utf-8' }));
      ok();
    } catch (err) { fail(err); }
  };

  const button = (testid: string, onClick: () => void) => el('button', { class: 'tool-button export-button', attrs: { type: 'button', 'data-testid': testid }, on: { click: onClick } });
  const pngButton = button('export-png', () => void png());
  const gexfButton = button('export-gexf', gexf);
  const csvButton = button('export-csv', csv);
  const title = el('h3');
  const hint = el('p', { class: 'legend-note' });
  const linkLabel = el('label', { attrs: { for: 'share-url' } });
  const link = el('input', { class: 'share-url', attrs: { id: 'share-url', type: 'text', readonly: true, 'data-testid': 'share-url' } });
  link.addEventListener('focus', () => link.select());
  const copy = el('button', {
    class: 'tool-button', attrs: { type: 'button', 'data-testid': 'share-copy' },
    on: {
      click: () => {
        link.select();
        navigator.clipboard.writeText(link.value).then(() => ok(t(store.get().lang, 'map.export.copied')), () => fail(new Error(t(store.get().lang, 'map.export.copyFailed'))));
      },
    },
  });
  root.append(title, el('div', { class: 'export-buttons' }, [pngButton, gexfButton, csvButton]), hint, linkLabel, el('div', { class: 'share-row' }, [link, copy]), status);

  const shareUrl = () => {
    const hash = encodeView(store.get(), payload.parks);
    return `${location.origin}${location.pathname}${location.search}${hash ? `#${hash}` : ''}`;
  };
  const render = () => {
    const { lang } = store.get();
    title.textContent = t(lang, 'map.export');
    pngButton.textContent = t(lang, 'map.export.png');
    gexfButton.textContent = t(lang, 'map.export.gexf');
    csvButton.textContent = t(lang, 'map.export.csv');
    hint.textContent = t(lang, 'map.export.hint');
    linkLabel.textContent = t(lang, 'map.export.link');
    copy.textContent = t(lang, 'map.export.copy');
    link.value = shareUrl();
  };
  render();
  store.subscribe(render);
}
