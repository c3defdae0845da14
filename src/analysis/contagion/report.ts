/**
 * A contagion run as plain JSON for the CLI and the API: the headline numbers, the rounds, the
 * nodes that lost most, and the loss breakdown (banks, parks, channels, NPL ratios, risk
 * sharing). Typed arrays stay inside; everything here is small and serialisable.
 */
import type { Snapshot } from '../../engine/index.ts';
import { lossBreakdown, type LossBreakdown } from './loss-breakdown.ts';
import { riskSharingTotals, type RiskSharingTotals } from './risk-sharing.ts';
import { runContagion, type ContagionModel } from './run.ts';
import { shockFromSpec } from './shock.ts';
import type { ContagionDiagnostics, ExposureNetwork } from './types.ts';

export interface NodeLoss {
  id: string;
  name: string;
  type: 'firm' | 'bank';
  loss: number;
  distress: number;
  defaulted: boolean;
}

export interface ContagionReport {
  model: ContagionModel;
  shock: { spec: string; label: string; nodes: number };
  systemLoss: number;
  debtRank: number;
  defaults: number;
  /** Per round: nodes whose distress rose, how many of them reached default, loss added. */
  rounds: { round: number; nodes: number; defaults: number; loss: number }[];
  diagnostics: ContagionDiagnostics;
  /** The `top` nodes by loss, largest first. */
  topLosses: NodeLoss[];
  breakdown: LossBreakdown;
  riskSharing: Omit<RiskSharingTotals, 'byBank'>;
  options: Record<string, unknown>;
  exposure: ExposureNetwork['options'];
}

export function contagionReport(s: Snapshot, net: ExposureNetwork, model: ContagionModel, spec: string, top = 20): ContagionReport {
  const shock = shockFromSpec(s, spec);
  const r = runContagion(net, model, shock);
  const nodeName = (v: number) => (v < s.nFirms ? s.dataset.firms[v].name : s.dataset.banks[v - s.nFirms].name);
  let defaults = 0;
  const hit: number[] = [];
  for (let v = 0; v < s.nFirms + s.nBanks; v++) {
    if (r.defaulted[v]) defaults++;
    if (r.loss[v] > 0) hit.push(v);
  }
  hit.sort((a, b) => r.loss[b] - r.loss[a] || a - b);
  const { byBank: _byBank, ...riskSharing } = riskSharingTotals(s, net, r);
  const shockNodes = shock.defaults ? shock.defaults.length : shock.distress ? s.nFirms + s.nBanks : 0;
  return {
    model,
    shock: { spec, label: shock.label ?? spec, nodes: shockNodes },
    systemLoss: r.systemLoss,
    debtRank: r.debtRank,
    defaults,
    rounds: r.rounds.map((x) => ({
      round: x.round,
      nodes: x.nodes.length,
      // Nodes that reached distress 1 in this round.
      defaults: x.distress.reduce((acc, d) => acc + (d >= 1 ? 1 : 0), 0),
      loss: x.loss,
    })),
    diagnostics: r.diagnostics!,
    topLosses: hit.slice(0, Math.max(0, top)).map((v) => ({
      id: s.ids[v], name: nodeName(v), type: v < s.nFirms ? 'firm' : 'bank',
      loss: r.loss[v], distress: r.distress[v], defaulted: r.defaulted[v] === 1,
    })),
    breakdown: lossBreakdown(s, net, r),
    riskSharing,
    options: r.options,
    exposure: net.options,
  };
}
