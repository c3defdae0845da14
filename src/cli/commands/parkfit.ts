/**
 * `xinlian parkfit DIR --firm ID | --industry CODE [--park ID]`: fit of a candidate with the
 * parks (concentration, complementarity, gap filling, ties, risk import; entry rules of
 * 小微企业园), best park first; `--park` alone lists the best candidates for that park;
 * `--what-if` adds the park's metrics before and after the candidate joins (docs/park-fit.md).
 */
import { bestCandidates, parkFit, parkFitContext, parkWhatIf, type Candidate, type ParkFit } from '../../analysis/cluster/index.ts';
import { UsageError } from '../../io/errors.ts';
import { argument, flagOption, integerOption, stringOption, type Command } from '../command.ts';
import { loadAnalysis } from '../dataset.ts';
import type { TableColumn } from '../output.ts';

const r4 = (x: number) => Number(x.toFixed(4));
const fitColumns = <R>(get: (r: R) => ParkFit, first: TableColumn<R>[]): TableColumn<R>[] => [
  ...first,
  { title: 'fit', value: (r) => r4(get(r).fit) },
  { title: 'concentration', value: (r) => r4(get(r).breakdown.concentration) },
  { title: 'complementarity', value: (r) => r4(get(r).breakdown.complementarity) },
  { title: 'gap filling', value: (r) => r4(get(r).breakdown.gapFilling) },
  { title: 'ties', value: (r) => r4(get(r).breakdown.ties) },
  { title: 'risk', value: (r) => r4(get(r).breakdown.risk) },
  { title: 'LQ', value: (r) => r4(get(r).lq) },
  { title: 'eligible', value: (r) => (get(r).eligible ? 'yes' : 'no') },
  { title: 'rules passed', value: (r) => get(r).rules.filter((x) => x.passed).map((x) => x.rule) },
];

export const parkfitCommand: Command = {
  name: 'parkfit',
  summary: 'Park fit (园区匹配) of a firm or an industry with every park, or the best candidates for a park',
  arguments: [{ name: 'DIR', description: 'dataset folder or .json file' }],
  options: {
    firm: { type: 'string', value: 'ID', description: 'an existing firm as the candidate' },
    industry: { type: 'string', value: 'CODE', description: 'a prospective firm of this GB/T industry code' },
    employees: { type: 'string', value: 'N', description: 'with --industry: its employees (for the what-if LQ)' },
    park: { type: 'string', value: 'ID', description: 'only this park; alone: list the best candidates for it' },
    'what-if': { type: 'boolean', description: 'with --park: the park\'s metrics before and after the candidate joins' },
    top: { type: 'string', value: 'N', default: '20', description: 'candidates listed for --park alone' },
  },
  tabular: true,
  examples: ['parkfit data/demo --firm F0000002', 'parkfit data/demo --industry C3443 --park P02 --what-if', 'parkfit data/demo --park P01 --top 10 --csv'],
  async run(parsed, ctx) {
    const firm = stringOption(parsed, 'firm'), industry = stringOption(parsed, 'industry'), park = stringOption(parsed, 'park');
    if (firm !== undefined && industry !== undefined) throw new UsageError('give --firm or --industry, not both');
    if (firm === undefined && industry === undefined && park === undefined) throw new UsageError('give --firm ID, --industry CODE or --park ID');
    if (flagOption(parsed, 'what-if') && (park === undefined || (firm === undefined && industry === undefined))) {
      throw new UsageError('--what-if needs --park and a candidate (--firm or --industry)');
    }
    const { snapshot: s } = await loadAnalysis(ctx, argument(parsed, 'DIR'));
    const bar = ctx.progress('park fit');
    const fc = parkFitContext(s);
    bar.done();
    if (firm === undefined && industry === undefined) {
      const top = bestCandidates(fc, park!, integerOption(parsed, 'top', 1, 100_000) ?? 20);
      ctx.out.emit({
        value: { park, candidates: top, options: fc.options },
        human: () => `Best candidates for ${park}:\n\n`,
        table: { columns: fitColumns((r: (typeof top)[number]) => r.fit, [{ title: 'firm', value: (r) => r.firm }]), rows: top },
      });
      return;
    }
    const employees = integerOption(parsed, 'employees', 0, 100_000_000);
    const candidate: Candidate = firm !== undefined ? { firm } : { industry: industry!, ...(employees !== undefined ? { employees } : {}) };
    const r = parkFit(fc, candidate, park);
    const whatIf = flagOption(parsed, 'what-if') ? parkWhatIf(fc, candidate, park!) : undefined;
    ctx.out.emit({
      value: { ...r, whatIf: whatIf ?? null },
      human: () => {
        const lines = [`Candidate ${firm ?? industry} (division ${r.division}); fit = Σ weight × term, weights ${JSON.stringify(r.options.weights)}`];
        if (whatIf) {
          const b = whatIf.before, a = whatIf.after;
          lines.push(`What-if ${park}: members ${b.members} → ${a.members}, LQ ${b.lq.toFixed(3)} → ${a.lq.toFixed(3)}, ` +
            `lead share ${b.leadShare.toFixed(3)} → ${a.leadShare.toFixed(3)}, internal trade ${b.internalTradeShare.toFixed(3)} → ${a.internalTradeShare.toFixed(3)}, ` +
            `outside purchases of ${r.division} ${b.outsideShare.toFixed(3)} → ${a.outsideShare.toFixed(3)}`);
        }
        return lines.join('\n') + '\n\n';
      },
      table: { columns: fitColumns((p: ParkFit) => p, [{ title: 'park', value: (p) => p.park }]), rows: r.parks },
    });
  },
};
