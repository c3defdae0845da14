/**
 * `xinlian contagion DIR --model debtrank|linear|threshold|clearing --shock SPEC`: one contagion
 * run (docs/contagion.md): headline, rounds, channels and per-bank losses with NPL ratios.
 * The table (--csv) is the per-bank breakdown; --json has the whole ContagionReport.
 */
import { buildExposures, CONTAGION_MODELS, contagionReport, type ContagionModel, type ContagionReport } from '../../analysis/contagion/index.ts';
import type { BankLoss } from '../../analysis/contagion/index.ts';
import { UsageError } from '../../io/errors.ts';
import { argument, integerOption, stringOption, type Command } from '../command.ts';
import { loadAnalysis } from '../dataset.ts';
import { amount, unitLabel } from '../format.ts';
import type { TableColumn } from '../output.ts';

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

function humanReport(r: ContagionReport, unit: string): string {
  const b = r.breakdown;
  const lines = [
    `${r.model} — ${r.shock.label}`,
    '',
    `system loss      ${amount(r.systemLoss)} ${unit}`,
    `DebtRank R       ${r.debtRank.toPrecision(4)}`,
    `in default       ${r.defaults} (firms ${b.firmsDefaulted})`,
    `system NPL       ${pct(b.system.nplRatio)} (before ${pct(b.system.baselineNplRatio)}; tolerance ${pct(b.tolerance.baseline)}, raised ${pct(b.tolerance.raised)})`,
    `by channel       guarantee ${amount(b.byChannel.guarantee)}, loan ${amount(b.byChannel.loan)}, receivables ${amount(b.byChannel.receivables)}, input ${amount(b.byChannel.input)}`,
    `risk sharing     guarantee company ${amount(r.riskSharing.guaranteeCompany)}, pool ${amount(r.riskSharing.pool)}, banks ${amount(r.riskSharing.bank)} (${r.riskSharing.loans} covered loans)`,
    `convergence      ${r.diagnostics.rounds} rounds, ${r.diagnostics.updates} updates, converged ${r.diagnostics.converged}, residual ${r.diagnostics.residual.toExponential(1)}`,
    '',
    'rounds',
    ...r.rounds.slice(0, 30).map((x) => `  ${String(x.round).padStart(3)}  ${String(x.nodes).padStart(7)} nodes  ${String(x.defaults).padStart(6)} at distress 1  loss ${amount(x.loss)}`),
    ...(r.rounds.length > 30 ? [`  … ${r.rounds.length - 30} more rounds (--json lists them)`] : []),
    '',
    'largest losses',
    ...r.topLosses.map((n) => `  ${n.id}  ${n.name}  ${amount(n.loss)}  distress ${n.distress.toFixed(3)}${n.defaulted ? '  DEFAULT' : ''}`),
    '',
  ];
  return lines.join('\n');
}

export const contagionCommand: Command = {
  name: 'contagion',
  summary: 'Run a contagion model (DebtRank, linear DebtRank, threshold, Eisenberg–Noe) from a shock',
  description:
    'SPEC is a firm or bank id, park:<id> (all firms of the park default), industry:<GB/T code or prefix>, ' +
    'or uniform:<share> (every firm and bank loses that share of its capital).',
  arguments: [{ name: 'DIR', description: 'dataset folder or .json file' }],
  options: {
    model: { type: 'string', value: 'MODEL', default: 'debtrank', choices: CONTAGION_MODELS, description: 'contagion model' },
    shock: { type: 'string', value: 'SPEC', description: 'what defaults first (required): <id> | park:<id> | industry:<code> | uniform:<share>' },
    top: { type: 'string', value: 'N', default: '20', description: 'nodes listed by loss' },
    joint: { type: 'string', value: 'MODE', default: 'expected', choices: ['expected', 'worst'], description: '联保 share: amount/k (expected) or full amount (worst)' },
  },
  tabular: true,
  examples: [
    'contagion data/demo --shock F0001',
    'contagion data/demo --model threshold --shock park:P01 --json',
    'contagion data/demo --model clearing --shock uniform:0.1 --csv > banks.csv',
  ],
  async run(parsed, ctx) {
    const spec = stringOption(parsed, 'shock');
    if (spec === undefined || spec.trim() === '') {
      throw new UsageError('--shock is required, e.g. --shock F0001, park:P01, industry:C33 or uniform:0.1');
    }
    const model = (stringOption(parsed, 'model') ?? 'debtrank') as ContagionModel;
    const top = integerOption(parsed, 'top', 0, 100_000) ?? 20;
    const joint = (stringOption(parsed, 'joint') ?? 'expected') as 'expected' | 'worst';
    const { snapshot } = await loadAnalysis(ctx, argument(parsed, 'DIR'));
    const bar = ctx.progress(`${model} contagion`);
    let report: ContagionReport;
    try {
      report = contagionReport(snapshot, buildExposures(snapshot, { joint }), model, spec.trim(), top);
    } finally {
      bar.done();
    }
    const unit = unitLabel(snapshot.dataset.meta);
    const columns: TableColumn<BankLoss>[] = [
      { title: 'bank', value: (r) => r.bank },
      { title: 'name', value: (r) => r.name },
      { title: `loss (${unit})`, value: (r) => r.loss },
      { title: 'loss / capital', value: (r) => r.capitalLossRatio },
      { title: 'NPL before', value: (r) => r.baselineNplRatio },
      { title: 'NPL after', value: (r) => r.nplRatio },
      { title: '> 1.8 %', value: (r) => (r.exceedsBaseline ? 'yes' : 'no') },
      { title: '> 3 %', value: (r) => (r.exceedsRaised ? 'yes' : 'no') },
    ];
    ctx.out.emit({ value: report, human: () => humanReport(report, unit), table: { columns, rows: report.breakdown.banks } });
  },
};
