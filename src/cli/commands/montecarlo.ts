/**
 * `xinlian montecarlo DIR`: correlated defaults by a Gaussian copula with park and industry
 * factors, each draw through the default cascade (src/analysis/contagion/montecarlo.ts,
 * docs/montecarlo.md): expected loss, VaR, expected shortfall, loss histogram, per-bank risk.
 */
import { monteCarlo, type BankRisk } from '../../analysis/contagion/index.ts';
import { argument, integerOption, type Command } from '../command.ts';
import { loadAnalysis } from '../dataset.ts';
import { amount, unitLabel } from '../format.ts';
import type { TableColumn } from '../output.ts';
import { decimalOption, exposuresFor } from './stress.ts';

export const montecarloCommand: Command = {
  name: 'montecarlo',
  summary: 'Monte Carlo of correlated defaults (Gaussian copula by park and industry) through the default cascade',
  description: 'Latent X_i = a_park·Z_park + a_ind·Z_ind + √(1 − a_park² − a_ind²)·ε_i; firm i defaults when Φ(X_i) < pd_i; ' +
    'each draw runs the threshold cascade. Loss = bank losses. Same --seed, same result for any --workers.',
  arguments: [{ name: 'DIR', description: 'dataset folder or .json file' }],
  options: {
    draws: { type: 'string', value: 'N', default: '10000', description: 'number of draws' },
    seed: { type: 'string', value: 'N', default: '1', description: 'random seed' },
    workers: { type: 'string', value: 'N', default: '2', description: 'worker threads (0 = in the main thread)' },
    'park-loading': { type: 'string', value: 'A', default: '0.3', description: 'factor loading a_park' },
    'industry-loading': { type: 'string', value: 'A', default: '0.3', description: 'factor loading a_ind' },
    'default-pd': { type: 'string', value: 'P', default: '0.02', description: 'PD of firms without one' },
    alpha: { type: 'string', value: 'A', default: '0.99', description: 'VaR / ES confidence level' },
    top: { type: 'string', value: 'N', default: '20', description: 'firms listed by contagion-adjusted default frequency (JSON)' },
    joint: { type: 'string', value: 'MODE', choices: ['expected', 'worst'], default: 'expected', description: '联保 exposure: amount / k or the full amount' },
  },
  tabular: true,
  examples: ['montecarlo data/demo', 'montecarlo data/demo --draws 2000 --seed 7 --json', 'montecarlo data/demo --park-loading 0.4 --csv > banks.csv'],
  async run(parsed, ctx) {
    const { snapshot: s } = await loadAnalysis(ctx, argument(parsed, 'DIR'));
    const unit = unitLabel(s.dataset.meta);
    const draws = integerOption(parsed, 'draws', 1, 10_000_000) ?? 10_000;
    const options = {
      draws,
      seed: integerOption(parsed, 'seed', -2_147_483_648, 4_294_967_295) ?? 1,
      workers: integerOption(parsed, 'workers', 0, 64) ?? 2,
      parkLoading: decimalOption(parsed, 'park-loading', 0, 1) ?? 0.3,
      industryLoading: decimalOption(parsed, 'industry-loading', 0, 1) ?? 0.3,
      defaultPd: decimalOption(parsed, 'default-pd', 0, 1) ?? 0.02,
      alpha: decimalOption(parsed, 'alpha', 0.5, 0.99999) ?? 0.99,
    };
    const top = integerOption(parsed, 'top', 0, 1_000_000) ?? 20;
    const net = exposuresFor(s, parsed);
    const bar = ctx.progress('montecarlo', draws);
    let r: Awaited<ReturnType<typeof monteCarlo>>;
    try {
      r = await monteCarlo(s, net, { ...options, onProgress: (done) => bar.update(done) });
    } finally {
      bar.done();
    }
    // Firms whose default frequency after contagion is highest (the full array stays out of the JSON).
    const order = Array.from({ length: s.nFirms }, (_, f) => f)
      .filter((f) => r.firmDefaultFrequency[f] > 0)
      .sort((a, b) => r.firmDefaultFrequency[b] - r.firmDefaultFrequency[a] || (s.ids[a] < s.ids[b] ? -1 : 1))
      .slice(0, top);
    const { losses: _losses, firmDefaultFrequency: _freq, ...rest } = r;
    const value = {
      ...rest,
      firms: order.map((f) => ({ firm: s.ids[f], name: s.dataset.firms[f].name, pd: Number.isNaN(s.pd[f]) ? null : s.pd[f], defaultFrequency: r.firmDefaultFrequency[f] })),
    };
    const a = `${(r.options.alpha * 100).toFixed(1)} %`;
    const columns: TableColumn<BankRisk>[] = [
      { title: 'bank', value: (b) => b.bank },
      { title: 'name', value: (b) => b.name },
      { title: `EL (${unit})`, value: (b) => b.mean },
      { title: `VaR ${a}`, value: (b) => b.var },
      { title: `ES ${a}`, value: (b) => b.es },
      { title: 'max', value: (b) => b.max },
      { title: 'capital', value: (b) => b.capital },
      { title: 'P(loss ≥ capital)', value: (b) => b.defaultFrequency },
    ];
    const peak = Math.max(...r.histogram.counts, 1);
    const human = () => [
      `${r.draws} draws, seed ${r.options.seed}, loadings park ${r.options.parkLoading} / industry ${r.options.industryLoading}; amounts in ${unit}`,
      `bank loss: EL ${amount(r.loss.mean)} (± ${amount(r.loss.standardError)}), VaR ${a} ${amount(r.loss.var)}, ES ${a} ${amount(r.loss.es)}, max ${amount(r.loss.max)}`,
      `defaults per draw: ${r.defaults.meanInitial.toFixed(1)} by the copula, ${r.defaults.meanTotal.toFixed(1)} after the cascade (max ${r.defaults.maxTotal})`,
      'loss histogram:',
      ...r.histogram.counts.map((c, k) => `  ${amount(k * r.histogram.width).padStart(14)}  ${'█'.repeat(Math.round((c / peak) * 40))} ${c}`).filter((_, k) => r.histogram.counts[k] > 0),
      '',
    ].join('\n');
    ctx.out.emit({ value, human, table: { columns, rows: r.banks } });
  },
};
