/**
 * `xinlian reputation DIR`: reputation chains (信誉链, docs/reputation.md): per firm the
 * strongest tie path to a bank (chain strength) with the path, default cost (失信代价)
 * and credit dependency; per park strong-tie density, mean default cost, bank reach.
 */
import { reputationReport, type FirmReputation } from '../../analysis/reputation/index.ts';
import { NotFoundError } from '../../io/errors.ts';
import { argument, integerOption, stringOption, type Command } from '../command.ts';
import { loadAnalysis } from '../dataset.ts';
import type { TableColumn } from '../output.ts';

const pathText = (r: FirmReputation) => r.path.map((p, i) => `${i === 0 ? p.from : ''} -${p.kind} ${p.strength.toFixed(3)}-> ${p.to}`).join('');

export const reputationCommand: Command = {
  name: 'reputation',
  summary: 'Reputation chains (信誉链): chain strength to a bank with its path, default cost (失信代价), park reputation',
  description: 'Tie strength grows with tenure (1 − e^(−years/3)), falls with payment delay and disputes, and is weighted by dependency; ' +
    'chain strength is the strongest product of tie strengths from any bank to the firm (docs/reputation.md).',
  arguments: [{ name: 'DIR', description: 'dataset folder or .json file' }],
  options: {
    top: { type: 'string', value: 'N', default: '50', description: 'firms listed, strongest chain first' },
    firm: { type: 'string', value: 'ID', description: 'only this firm (with its full path)' },
  },
  tabular: true,
  examples: ['reputation data/demo', 'reputation data/demo --firm F0000012 --json', 'reputation data/demo --top 500 --csv > chains.csv'],
  async run(parsed, ctx) {
    const { snapshot: s } = await loadAnalysis(ctx, argument(parsed, 'DIR'));
    const firm = stringOption(parsed, 'firm');
    if (firm !== undefined) {
      const v = s.index.get(firm);
      if (v === undefined || v >= s.nFirms) throw new NotFoundError('firm', firm);
    }
    const bar = ctx.progress('reputation chains');
    const r = reputationReport(s, { top: integerOption(parsed, 'top', 1, 1_000_000_000) ?? 50, firm });
    bar.done();
    const columns: TableColumn<FirmReputation>[] = [
      { title: 'firm', value: (x) => x.firm },
      { title: 'name', value: (x) => x.name },
      { title: 'park', value: (x) => x.park ?? '' },
      { title: 'chain strength', value: (x) => Number(x.chainStrength.toFixed(4)) },
      { title: 'bank', value: (x) => x.bank ?? '' },
      { title: 'hops', value: (x) => x.hops },
      { title: 'default cost ratio', value: (x) => (x.defaultCostRatio === null ? null : Number(x.defaultCostRatio.toFixed(4))) },
      { title: 'credit dependency', value: (x) => (x.creditDependency === null ? null : Number(x.creditDependency.toFixed(4))) },
      { title: 'main bank', value: (x) => x.mainBank ?? '' },
      { title: 'path', value: pathText },
    ];
    ctx.out.emit({
      value: r,
      human: () => [
        `Reputation as of ${r.asOf}: ${r.reached} of ${r.totalFirms} firms reach a bank.`,
        `Parks (strong tie ≥ ${r.options.strongTie}, chain ≥ ${r.options.chainThreshold}):`,
        ...r.parks.map((p) => `  ${p.park}  members ${p.members}  strong-tie density ${p.strongTieDensity.toFixed(5)}  ` +
          `mean default cost ratio ${p.meanDefaultCostRatio === null ? '-' : p.meanDefaultCostRatio.toFixed(3)}  chain share ${p.chainShare.toFixed(3)}`),
        '',
      ].join('\n'),
      table: { columns, rows: r.firms },
    });
  },
};
