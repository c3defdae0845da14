/**
 * The firm panel's analysis sections: screening verdict with its reasons (zh/en texts from
 * the API), systemic impact and vulnerability, chain strength with its path, and default
 * cost. The three answers are fetched in parallel as soon as a firm is selected and each
 * section fills in when its answer arrives (progressive rendering); a new selection aborts
 * the fetches of the old one. "Show path on map" sets `state.highlight` to the path's nodes
 * and graph edges (`path:<firm>`); the highlight is cleared when the selection moves on.
 * Every figure carries its raw API value in `data-value`, so tests compare page and API.
 */
import {
  fetchFirmImpact, fetchFirmReputation, fetchFirmScreening,
  type FirmImpactEntry, type FirmReputation, type FirmScreening,
} from '../api/firm-analysis.ts';
import { EDGE_KINDS, type GraphPayload } from '../api/index.ts';
import { el, replaceChildren } from '../dom.ts';
import { forEachTie, tieKey, tieOfKey, type CreditGraphBuild } from '../graph/index.ts';
import { formatNumber, formatShare, t, type Lang, type MessageKey } from '../i18n/index.ts';
import type { Highlight } from '../state/index.ts';
import type { ViewerContext } from './context.ts';

type Slot<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string };

interface Analysis {
  screening: Slot<FirmScreening>;
  impact: Slot<FirmImpactEntry>;
  reputation: Slot<FirmReputation | null>;
}

/** Fraction digits that keep about four significant digits of a small figure (DebtRank ~1e-5). */
export function smallDigits(value: number): number {
  const a = Math.abs(value);
  if (!(a > 0) || a >= 1) return 3;
  return Math.min(12, 3 - Math.floor(Math.log10(a)));
}

/** A figure: formatted text, raw value in data-value, test id. */
export function figure(lang: Lang, value: number | null, testid: string, kind: 'small' | 'amount' | 'share' | 'count' = 'small'): HTMLElement {
  const text = value === null ? '–'
    : kind === 'share' ? formatShare(lang, value)
      : kind === 'amount' ? formatNumber(lang, value, 2)
        : kind === 'count' ? formatNumber(lang, value, 0)
          : formatNumber(lang, value, smallDigits(value));
  return el('span', { class: 'figure', text, attrs: { 'data-testid': testid, 'data-value': value === null ? 'null' : String(value) } });
}

/**
 * Graph edge keys of a reputation path. Steps are undirected ties (a bank learns about a firm
 * from its customers and suppliers alike): the key `${kind}:${index}` of the tie's row is
 * tried first (payload edges come kind by kind in EDGE_KINDS order, each in table-row order),
 * then any edge of that kind between the two nodes in either direction.
 */
export function pathEdgeKeys(build: CreditGraphBuild, payload: GraphPayload, path: FirmReputation['path']): string[] {
  const offset: Record<string, number> = {};
  let o = 0;
  for (const kind of EDGE_KINDS) {
    offset[kind] = o;
    o += build.edgeCounts[kind];
  }
  const { graph } = build;
  const ids = payload.nodes.id;
  const keys: string[] = [];
  for (const step of path) {
    const row = offset[step.kind] + step.row;
    const joins = (e: number) => {
      const a = ids[payload.edges.source[e]], b = ids[payload.edges.target[e]];
      return (a === step.from && b === step.to) || (a === step.to && b === step.from);
    };
    if (tieOfKey(payload, `${step.kind}:${row}`) === row && joins(row)) {
      keys.push(tieKey(payload, row));
      continue;
    }
    if (!graph.hasNode(step.from) || !graph.hasNode(step.to)) continue;
    let found: number | null = null;
    forEachTie(payload, build.ties, graph.getNodeAttribute(step.from, 'index'), (e, other) => {
      if (found === null && ids[other] === step.to && payload.edges.kind[e] === step.kind) found = e;
    });
    if (found !== null) keys.push(tieKey(payload, found));
  }
  return keys;
}

export interface FirmAnalysis {
  /** The sections of firm `id` (starts its fetches unless cached or already running). */
  node(lang: Lang, id: string): HTMLElement;
  /** Abort running fetches and drop the sections (selection closed or not a firm). */
  reset(): void;
}

export function createFirmAnalysis(ctx: ViewerContext): FirmAnalysis {
  const { graph } = ctx.build;
  const cache = new Map<string, Analysis>();
  let current: { id: string; analysis: Analysis; controller: AbortController; root: HTMLElement } | null = null;

  const pathKey = (id: string) => `path:${id}`;
  const clearOwnHighlight = () => {
    const h = ctx.store.get().highlight;
    if (h !== null && h.key.startsWith('path:')) ctx.store.update({ highlight: null });
  };

  const load = <K extends keyof Analysis>(a: Analysis, key: K, promise: Promise<Analysis[K] extends Slot<infer T> ? T : never>, id: string, controller: AbortController) => {
    promise.then(
      (value) => { a[key] = { state: 'ready', value } as Analysis[K]; },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        a[key] = { state: 'error', message: error instanceof Error ? error.message : String(error) } as Analysis[K];
      },
    ).finally(() => {
      if (controller.signal.aborted) return;
      // Only complete answers are kept: a failed section is fetched again on the next visit.
      if (a.screening.state === 'ready' && a.impact.state === 'ready' && a.reputation.state === 'ready') cache.set(id, a);
      if (current?.id === id) render(ctx.store.get().lang);
    });
  };

  const status = (lang: Lang, slot: Slot<unknown>): HTMLElement | null => slot.state === 'loading'
    ? el('p', { class: 'empty is-loading', text: t(lang, 'firmx.loading'), attrs: { role: 'status' } })
    : slot.state === 'error' ? el('p', { class: 'empty is-error', text: t(lang, 'firmx.error', { message: slot.message }) }) : null;

  const section = (lang: Lang, key: string, title: MessageKey, slot: Slot<unknown>, body: () => (Node | null)[]): HTMLElement =>
    el('section', { class: 'panel-section firmx-section', attrs: { 'data-section': key, 'data-state': slot.state, 'data-testid': `firmx-${key}` } }, [
      el('h3', { text: t(lang, title) }),
      ...(slot.state === 'ready' ? body() : [status(lang, slot)]),
    ]);

  const dl = (lang: Lang, rows: [MessageKey, Node | string | null][]): HTMLElement =>
    el('dl', { class: 'attributes' }, rows.filter(([, v]) => v !== null).flatMap(([k, v]) => [el('dt', { text: t(lang, k) }), el('dd', {}, [v])]));

  const nodeName = (id: string) => (graph.hasNode(id) ? graph.getNodeAttribute(id, 'label') : id);
  const nodeLink = (id: string): Node => graph.hasNode(id)
    ? el('button', { class: 'link', text: nodeName(id), attrs: { type: 'button', title: id, 'data-node': id }, on: { click: () => ctx.focusNode(id) } })
    : document.createTextNode(id);

  const screeningBody = (lang: Lang, s: FirmScreening): (Node | null)[] => {
    const verdict = s.status === 'listed' && s.recommendation
      ? t(lang, 'firmx.screen.listed', { rank: formatNumber(lang, s.recommendation.rank, 0), listed: formatNumber(lang, s.listed, 0) })
      : t(lang, s.status === 'excluded' ? 'firmx.screen.excluded' : 'firmx.screen.notBorrower');
    const r = s.recommendation;
    return [
      el('p', { class: `verdict verdict-${s.status}`, text: verdict, attrs: { 'data-testid': 'screening-status', 'data-status': s.status } }),
      r ? dl(lang, [
        ['firmx.screen.score', figure(lang, r.score, 'screening-score')],
        ['firmx.screen.need', figure(lang, r.need, 'screening-need')],
        ['firmx.screen.credit', figure(lang, r.credit, 'screening-credit')],
        ['firmx.screen.chain', figure(lang, r.chain, 'screening-chain')],
      ]) : null,
      s.reasons.length > 0
        ? el('ul', { class: 'reasons' }, s.reasons.map((x) => el('li', {
          text: lang === 'zh-CN' ? x.zh : x.en, attrs: { 'data-testid': 'screening-reason', 'data-code': x.code },
        })))
        : null,
      s.renewal.length > 0
        ? el('p', { class: 'note', attrs: { 'data-testid': 'screening-renewal' } }, [t(lang, 'firmx.screen.renewal', {
          loans: s.renewal.map((c) => `${c.loan} (${c.maturity})`).join(', '), days: formatNumber(lang, s.withinDays, 0),
        })])
        : null,
    ];
  };

  const impactBody = (lang: Lang, r: FirmImpactEntry): (Node | null)[] => [
    dl(lang, [
      ['firmx.impact.impact', figure(lang, r.impact, 'impact-value')],
      ['firmx.impact.rank', r.rank === null ? null : el('span', { text: t(lang, 'firmx.impact.rankOf', { rank: formatNumber(lang, r.rank, 0), firms: formatNumber(lang, r.firms, 0) }), attrs: { 'data-testid': 'impact-rank', 'data-value': r.rank } })],
      ['firmx.impact.systemLoss', figure(lang, r.systemLoss, 'impact-loss', 'amount')],
      ['firmx.impact.reach', figure(lang, r.reach, 'impact-reach', 'count')],
      ['firmx.impact.vulnerability', figure(lang, r.vulnerability, 'vulnerability-value')],
    ]),
    r.sweep ? null : el('p', { class: 'note', text: t(lang, 'firmx.impact.noSweep', { firms: formatNumber(lang, r.firms, 0) }), attrs: { 'data-testid': 'impact-no-sweep' } }),
    el('p', { class: 'note', text: t(lang, 'firmx.impact.hint') }),
  ];

  const reputationBody = (lang: Lang, id: string, r: FirmReputation | null): (Node | null)[] => {
    if (r === null) return [el('p', { class: 'empty', text: t(lang, 'panel.none') })];
    const shown = ctx.store.get().highlight?.key === pathKey(id);
    const steps = r.path.map((step) => el('li', { attrs: { 'data-testid': 'path-step', 'data-from': step.from, 'data-to': step.to, 'data-kind': step.kind } }, [
      nodeLink(step.from), ' → ', nodeLink(step.to),
      el('span', { class: 'step-meta', text: ` ${t(lang, `edge.${step.kind}` as MessageKey)} · ${formatNumber(lang, step.strength, 3)}` }),
    ]));
    return [
      dl(lang, [
        ['firmx.rep.strength', figure(lang, r.chainStrength, 'chain-strength')],
        ['firmx.rep.bank', r.bank === null ? t(lang, 'firmx.rep.noBank') : nodeLink(r.bank)],
        ['firmx.rep.hops', figure(lang, r.hops, 'chain-hops', 'count')],
        ['firmx.rep.cost', figure(lang, r.defaultCost, 'default-cost', 'amount')],
        ['firmx.rep.costRatio', figure(lang, r.defaultCostRatio, 'default-cost-ratio')],
        ['firmx.rep.dependency', r.creditDependency === null ? '–' : figure(lang, r.creditDependency, 'credit-dependency', 'share')],
        ['firmx.rep.mainBank', r.mainBank === null ? '–' : nodeLink(r.mainBank)],
      ]),
      r.path.length > 0 ? el('ol', { class: 'path-steps', attrs: { 'aria-label': t(lang, 'firmx.rep.path') } }, steps) : null,
      r.path.length > 0 ? el('button', {
        class: `tool-button${shown ? ' is-active' : ''}`, text: t(lang, shown ? 'firmx.rep.hidePath' : 'firmx.rep.showPath'),
        attrs: { type: 'button', 'aria-pressed': shown ? 'true' : 'false', 'data-testid': 'path-show' },
        on: { click: () => togglePath(id, r) },
      }) : null,
      el('p', { class: 'note', text: t(lang, 'firmx.rep.hint') }),
    ];
  };

  const togglePath = (id: string, r: FirmReputation) => {
    if (ctx.store.get().highlight?.key === pathKey(id)) {
      ctx.store.update({ highlight: null });
      return;
    }
    const nodes = new Set<string>();
    for (const step of r.path) { nodes.add(step.from); nodes.add(step.to); }
    const highlight: Highlight = { key: pathKey(id), nodes, edges: new Set(pathEdgeKeys(ctx.build, ctx.payload, r.path)) };
    ctx.store.update({ highlight });
  };

  const render = (lang: Lang) => {
    if (current === null) return;
    const { id, analysis: a, root } = current;
    replaceChildren(root, [
      section(lang, 'screening', 'firmx.screening', a.screening, () => (a.screening.state === 'ready' ? screeningBody(lang, a.screening.value) : [])),
      section(lang, 'impact', 'firmx.impact', a.impact, () => (a.impact.state === 'ready' ? impactBody(lang, a.impact.value) : [])),
      section(lang, 'reputation', 'firmx.reputation', a.reputation, () => (a.reputation.state === 'ready' ? reputationBody(lang, id, a.reputation.value) : [])),
    ]);
  };

  // The path button's label follows the highlight, which other tools may replace.
  ctx.store.subscribe((state, previous) => {
    if (current !== null && state.highlight !== previous.highlight) render(state.lang);
  });

  return {
    node(lang, id) {
      if (current?.id !== id) {
        current?.controller.abort();
        if (current !== null) clearOwnHighlight();
        const controller = new AbortController();
        const cached = cache.get(id);
        const analysis: Analysis = cached ?? { screening: { state: 'loading' }, impact: { state: 'loading' }, reputation: { state: 'loading' } };
        current = { id, analysis, controller, root: el('div', { class: 'firm-analysis', attrs: { 'data-testid': 'firm-analysis', 'aria-live': 'polite' } }) };
        if (!cached) {
          const signal = controller.signal;
          load(analysis, 'screening', fetchFirmScreening(id, signal), id, controller);
          load(analysis, 'impact', fetchFirmImpact(id, signal), id, controller);
          load(analysis, 'reputation', fetchFirmReputation(id, signal).then((rep) => rep.firms[0] ?? null), id, controller);
        }
      }
      render(lang);
      return current.root;
    },
    reset() {
      current?.controller.abort();
      if (current !== null) clearOwnHighlight();
      current = null;
    },
  };
}
