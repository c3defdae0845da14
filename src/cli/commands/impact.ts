/**
 * `xinlian impact DIR --top N`: systemic impact (DebtRank of each firm's own default) and
 * vulnerability of every firm (docs/contagion.md, "Systemic impact"), the N most systemic first.
 */
import { buildExposures, systemicImpact, topImpact, type RankedFirm } from '../../analysis/contagion/index.ts';
import { argument, integerOption, stringOption, type Command } from '../command.ts';
import { loadAnalysis } from '../dataset.ts';
import { unitLabel } from '../format.ts';
import type { TableColumn } from '../output.ts';

export const impactCommand: Command = {
  name: 'impact',
  summary: 'Systemic impact (DebtRank of its default) and vulnerability of every firm, most systemic first',
  arguments: [{ name: 'DIR', description: 'dataset folder or .json file' }],
  options: {
    top: { type: 'string', value: 'N', default: '20', description: 'firms listed' },
    channels: {
      type: 'string', value: 'SET', default: 'all', choices: ['all', 'credit'],
      description: "exposure channels: all, or credit (guarantee + loan only; much faster on big clusters, where supply ties reach almost every firm)",
    },
  },
  tabular: true,
  examples: ['impact data/demo --top 10', 'impact data/demo --channels credit', 'impact data/demo --top 100 --csv > impact.csv', 'impact data/demo --json'],
  async run(parsed, ctx) {
    const top = integerOption(parsed, 'top', 0, 10_000_000) ?? 20;
    const { snapshot } = await loadAnalysis(ctx, argument(parsed, 'DIR'));
    const net = buildExposures(snapshot, { supply: stringOption(parsed, 'channels') !== 'credit' });
    const bar = ctx.progress('systemic impact', snapshot.nFirms);
    let ranked: RankedFirm[];
    let options: Record<string, unknown>;
    try {
      const r = systemicImpact(snapshot, net, { onProgress: (done) => bar.update(done), progressEvery: 100 });
      ranked = topImpact(snapshot, r, top);
      options = r.options;
    } finally {
      bar.done();
    }
    const unit = unitLabel(snapshot.dataset.meta);
    const columns: TableColumn<RankedFirm>[] = [
      { title: 'rank', value: (r) => r.rank },
      { title: 'firm', value: (r) => r.firm },
      { title: 'name', value: (r) => r.name },
      { title: 'impact R', value: (r) => r.impact },
      { title: `system loss (${unit})`, value: (r) => r.systemLoss },
      { title: 'nodes reached', value: (r) => r.reach },
      { title: 'vulnerability', value: (r) => r.vulnerability },
    ];
    ctx.out.emit({
      value: { firms: snapshot.nFirms, top: ranked, options, exposure: net.options },
      human: () => `systemic impact of ${snapshot.nFirms} firms (DebtRank of each firm's default; vulnerability = PD-weighted expected distress)\n`,
      table: { columns, rows: ranked },
    });
  },
};
