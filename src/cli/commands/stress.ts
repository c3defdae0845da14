/**
 * `xinlian stress DIR --scenario …`: stress scenarios on the exposure network
 * (src/analysis/contagion/scenarios.ts, docs/scenarios.md): losses per round, per bank and
 * per park, NPL ratio against the 1.8 % / 3 % tolerance; the shock sweep (amplification
 * curve) and the ranking of interventions.
 */
import {
  buildExposures, CONTAGION_MODELS, rankInterventions, shockSweep, stressScenario,
  type BankLoss, type ContagionModel, type Intervention, type ScenarioSpec, type StressResult, type SweepPoint,
} from '../../analysis/contagion/index.ts';
import type { Snapshot } from '../../engine/index.ts';
import { UsageError } from '../../io/errors.ts';
import { argument, integerOption, stringOption, type CommandContext, type Command, type ParsedArgs } from '../command.ts';
import { loadAnalysis } from '../dataset.ts';
import { amount, unitLabel } from '../format.ts';
import type { TableColumn } from '../output.ts';

export const STRESS_SCENARIOS = ['firm', 'park', 'industry', 'core', 'tightening', 'sweep', 'interventions'] as const;

/**
 * A decimal option in [min, max] (plain decimal syntax, as in the dataset format), or
 * undefined when absent. Shared by the risk commands (stress, montecarlo).
 */
export function decimalOption(parsed: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const raw = stringOption(parsed, name);
  if (raw === undefined) return undefined;
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(raw.trim())) throw new UsageError(`--${name} expects a decimal number, got '${raw}'`);
  const v = Number(raw);
  if (!(v >= min && v <= max)) throw new UsageError(`--${name} must be in [${min}, ${max}], got ${raw}`);
  return v;
}

/** `--joint expected|worst`: how 联保 guarantors are exposed (docs/contagion.md). */
export function exposuresFor(s: Snapshot, parsed: ParsedArgs) {
  const joint = (stringOption(parsed, 'joint') ?? 'expected') as 'expected' | 'worst';
  return buildExposures(s, { joint });
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

function bankColumns(unit: string): TableColumn<BankLoss>[] {
  return [
    { title: 'bank', value: (b) => b.bank },
    { title: 'name', value: (b) => b.name },
    { title: `loss (${unit})`, value: (b) => b.loss },
    { title: 'loss / capital', value: (b) => Number(b.capitalLossRatio.toFixed(6)) },
    { title: 'NPL before', value: (b) => Number(b.baselineNplRatio.toFixed(6)) },
    { title: 'NPL after', value: (b) => Number(b.nplRatio.toFixed(6)) },
    { title: '> 1.8 %', value: (b) => (b.exceedsBaseline ? 'yes' : 'no') },
    { title: '> 3 %', value: (b) => (b.exceedsRaised ? 'yes' : 'no') },
  ];
}

function scenarioSpec(kind: string, parsed: ParsedArgs): ScenarioSpec {
  const target = stringOption(parsed, 'target');
  const need = () => {
    if (target === undefined || target.trim() === '') throw new UsageError(`--scenario ${kind} needs --target`);
    return target.trim();
  };
  const severity = decimalOption(parsed, 'severity', 0, 1);
  switch (kind) {
    case 'firm': return { kind, firms: need().split(',').map((x) => x.trim()).filter((x) => x !== '') };
    case 'park': return { kind, park: need(), severity };
    case 'industry': return { kind, industry: need(), severity };
    case 'core': return { kind, count: integerOption(parsed, 'count', 1, 1000) ?? 1 };
    case 'tightening': return { kind, days: integerOption(parsed, 'days', 0, 36_500) ?? 90 };
    default: throw new UsageError(`unknown scenario '${kind}'`);
  }
}

function emitScenario(ctx: CommandContext, r: StressResult, unit: string): void {
  const b = r.breakdown;
  const human = () => [
    `${r.label} — ${r.model} cascade, amounts in ${unit}`,
    `initial defaults ${r.initialDefaults}; round-1 loss ${amount(r.initialLoss)}; system loss ${amount(r.systemLoss)}; amplification ${r.amplification === null ? '-' : r.amplification.toFixed(3)}; DebtRank ${r.debtRank.toFixed(6)}`,
    `rounds: ${r.rounds.map((q) => `${q.round}: ${q.nodes} hit, ${q.defaults} default, loss ${amount(q.loss)}`).join(' | ')}`,
    `firms in default ${b.firmsDefaulted}; system NPL ${pct(b.system.baselineNplRatio)} → ${pct(b.system.nplRatio)} (tolerance ${pct(b.tolerance.baseline)} / ${pct(b.tolerance.raised)})`,
    `parks: ${b.parks.map((p) => `${p.park} loss ${amount(p.loss)}, ${p.defaulted}/${p.firms} default`).join('; ')}; outside parks loss ${amount(b.outsideParks)}`,
    '',
  ].join('\n');
  ctx.out.emit({ value: r, human, table: { columns: bankColumns(unit), rows: b.banks } });
}

export const stressCommand: Command = {
  name: 'stress',
  summary: 'Stress scenarios: firm, park, industry, core firm, credit tightening, shock sweep, interventions',
  description: 'Runs a shock through the contagion model on the exposure network and reports losses per round, ' +
    'per bank (table) and per park, and the NPL ratio against the 1.8 % / 3 % tolerance (docs/scenarios.md).',
  arguments: [{ name: 'DIR', description: 'dataset folder or .json file' }],
  options: {
    scenario: { type: 'string', value: 'KIND', choices: STRESS_SCENARIOS, default: 'core', description: 'what to simulate' },
    target: { type: 'string', value: 'ID', description: 'firm ids (comma-separated), park id or GB/T industry code' },
    model: { type: 'string', value: 'MODEL', choices: CONTAGION_MODELS, description: 'cascade model (default threshold; park/industry with --severity < 1: debtrank; sweep: linear)' },
    severity: { type: 'string', value: 'X', description: 'park / industry: equity loss share in (0, 1] instead of default' },
    count: { type: 'string', value: 'N', default: '1', description: 'core: number of core firms that default' },
    days: { type: 'string', value: 'N', default: '90', description: 'tightening: loans maturing within N days of asOf are not renewed' },
    'liquid-share': { type: 'string', value: 'X', default: '0.2', description: 'tightening: share of assets available to repay principal' },
    steps: { type: 'string', value: 'N', default: '20', description: 'sweep: points from 0 to 100 %' },
    shock: { type: 'string', value: 'SPEC', default: 'uniform:0.1', description: 'interventions: reference shock (<firm id> | park:<id> | industry:<code> | uniform:<x>)' },
    top: { type: 'string', value: 'N', default: '20', description: 'interventions: length of the ranking' },
    joint: { type: 'string', value: 'MODE', choices: ['expected', 'worst'], default: 'expected', description: '联保 exposure: amount / k or the full amount' },
  },
  tabular: true,
  examples: [
    'stress data/demo --scenario firm --target F0000012',
    'stress data/demo --scenario park --target P01 --severity 0.3 --model debtrank',
    'stress data/demo --scenario tightening --days 60 --csv > banks.csv',
    'stress data/demo --scenario sweep --steps 10 --json',
    'stress data/demo --scenario interventions --shock uniform:0.1 --top 10',
  ],
  async run(parsed, ctx) {
    const kind = stringOption(parsed, 'scenario') ?? 'core';
    const { snapshot: s } = await loadAnalysis(ctx, argument(parsed, 'DIR'));
    const unit = unitLabel(s.dataset.meta);
    const net = exposuresFor(s, parsed);
    const model = stringOption(parsed, 'model') as ContagionModel | undefined;
    if (kind === 'sweep') {
      const steps = integerOption(parsed, 'steps', 1, 1000) ?? 20;
      const bar = ctx.progress('shock sweep', steps + 1);
      const r = shockSweep(s, net, { steps, ...(model ? { model } : {}), onProgress: (d) => bar.update(d) });
      bar.done();
      const columns: TableColumn<SweepPoint>[] = [
        { title: 'shock', value: (p) => p.shock },
        { title: `round-1 loss (${unit})`, value: (p) => p.initialLoss },
        { title: `system loss (${unit})`, value: (p) => p.systemLoss },
        { title: 'amplification', value: (p) => (p.amplification === null ? null : Number(p.amplification.toFixed(4))) },
        { title: 'DebtRank', value: (p) => Number(p.debtRank.toFixed(6)) },
        { title: 'firms in default', value: (p) => p.firmsDefaulted },
        { title: 'NPL ratio', value: (p) => Number(p.nplRatio.toFixed(6)) },
      ];
      ctx.out.emit({ value: r, human: () => `uniform firm equity shock 0 → 100 % (${r.options.model}): amplification = system loss / round-1 loss\n\n`, table: { columns, rows: r.points } });
      return;
    }
    if (kind === 'interventions') {
      const top = integerOption(parsed, 'top', 1, 10_000) ?? 20;
      const bar = ctx.progress('interventions');
      const r = rankInterventions(s, net, { shock: stringOption(parsed, 'shock') ?? 'uniform:0.1', top, onProgress: (d) => bar.update(d) });
      bar.done();
      const columns: TableColumn<Intervention>[] = [
        { title: 'kind', value: (x) => x.kind },
        { title: 'target', value: (x) => x.target },
        { title: 'DebtRank after', value: (x) => Number(x.debtRank.toFixed(6)) },
        { title: 'reduction', value: (x) => Number(x.reduction.toFixed(6)) },
        { title: 'share of base', value: (x) => Number(x.share.toFixed(4)) },
      ];
      ctx.out.emit({
        value: r,
        human: () => `${r.base.label}: DebtRank ${r.base.debtRank.toFixed(6)}, system loss ${amount(r.base.systemLoss)} ${unit}; tried ${r.candidates.cuts} circle-tie cuts and ${r.candidates.rescues} firm rescues\n\n`,
        table: { columns, rows: r.ranking },
      });
      return;
    }
    const spec = scenarioSpec(kind, parsed);
    const liquidShare = decimalOption(parsed, 'liquid-share', 0, 1);
    const bar = ctx.progress(`stress ${kind}`);
    let r: StressResult;
    try {
      r = stressScenario(s, net, spec, { ...(model ? { model } : {}), ...(liquidShare !== undefined ? { liquidShare } : {}) });
    } finally {
      bar.done();
    }
    emitScenario(ctx, r, unit);
  },
};
