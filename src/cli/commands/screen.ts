/**
 * `xinlian screen DIR`: the recommendation list (推荐清单) with screened-out firms and
 * their reasons (zombie, shell, dishonest), and renewal-without-repayment candidates
 * (无还本续贷) with their guarantee-circle exposure (docs/screening.md).
 */
import { screeningReport, type Exclusion } from '../../analysis/screening/index.ts';
import type { RecommendationEntry, RenewalCandidate } from '../../analysis/screening/index.ts';
import { argument, integerOption, stringOption, type Command } from '../command.ts';
import { loadAnalysis } from '../dataset.ts';
import type { Table } from '../output.ts';

export const screenCommand: Command = {
  name: 'screen',
  summary: 'Recommendation list (推荐清单), exclusions with reasons, renewal candidates (无还本续贷)',
  description: '--list chooses the table printed (and written with --csv); --json has all three parts.',
  arguments: [{ name: 'DIR', description: 'dataset folder or .json file' }],
  options: {
    list: { type: 'string', value: 'WHICH', default: 'recommendation', choices: ['recommendation', 'excluded', 'renewal'], description: 'table to print' },
    top: { type: 'string', value: 'N', default: '100', description: 'firms on the recommendation list shown' },
    'within-days': { type: 'string', value: 'N', default: '90', description: 'renewal horizon after asOf (days)' },
  },
  tabular: true,
  examples: ['screen data/demo', 'screen data/demo --list renewal --csv > renewal.csv', 'screen data/demo --list excluded', 'screen data/demo --json'],
  async run(parsed, ctx) {
    const { snapshot: s } = await loadAnalysis(ctx, argument(parsed, 'DIR'));
    const bar = ctx.progress('screening');
    const r = screeningReport(s, {
      top: integerOption(parsed, 'top', 1, 1_000_000_000) ?? 100,
      withinDays: integerOption(parsed, 'within-days', 0, 36_500) ?? 90,
    });
    bar.done();
    const which = stringOption(parsed, 'list') ?? 'recommendation';
    let table: Table;
    if (which === 'excluded') {
      table = {
        columns: [
          { title: 'firm', value: (x: Exclusion) => x.firm },
          { title: 'name', value: (x: Exclusion) => x.name },
          { title: 'codes', value: (x: Exclusion) => x.reasons.map((q) => q.code) },
          { title: '原因', value: (x: Exclusion) => x.reasons.map((q) => q.zh).join('；') },
          { title: 'reason', value: (x: Exclusion) => x.reasons.map((q) => q.en).join('; ') },
        ],
        rows: r.excluded,
      };
    } else if (which === 'renewal') {
      table = {
        columns: [
          { title: 'loan', value: (x: RenewalCandidate) => x.loan },
          { title: 'bank', value: (x: RenewalCandidate) => x.bank },
          { title: 'borrower', value: (x: RenewalCandidate) => x.borrower },
          { title: 'outstanding', value: (x: RenewalCandidate) => x.outstanding },
          { title: 'maturity', value: (x: RenewalCandidate) => x.maturity },
          { title: 'days', value: (x: RenewalCandidate) => x.daysToMaturity },
          { title: 'circle', value: (x: RenewalCandidate) => x.circle ?? '' },
          { title: 'circle size', value: (x: RenewalCandidate) => x.circleSize },
          { title: 'circle loans', value: (x: RenewalCandidate) => x.circleLoansOutstanding },
        ],
        rows: r.renewal,
      };
    } else {
      table = {
        columns: [
          { title: 'rank', value: (x: RecommendationEntry) => x.rank },
          { title: 'firm', value: (x: RecommendationEntry) => x.firm },
          { title: 'name', value: (x: RecommendationEntry) => x.name },
          { title: 'score', value: (x: RecommendationEntry) => Number(x.score.toFixed(4)) },
          { title: 'need', value: (x: RecommendationEntry) => Number(x.need.toFixed(4)) },
          { title: 'credit', value: (x: RecommendationEntry) => Number(x.credit.toFixed(4)) },
          { title: 'chain', value: (x: RecommendationEntry) => Number(x.chain.toFixed(4)) },
          { title: 'tech', value: (x: RecommendationEntry) => (x.tech ? '科技型' : '') },
          { title: 'foreign trade', value: (x: RecommendationEntry) => (x.foreignTrade ? '外贸' : '') },
        ],
        rows: r.recommendation,
      };
    }
    const c = r.counts;
    ctx.out.emit({
      value: r,
      human: () => `Screened out ${c.screenedOut} firms (zombie ${c.zombie}, shell ${c.shell}, dishonest ${c.dishonest}); ` +
        `${r.listed} on the list (tech ${r.flagged.tech}, foreign trade ${r.flagged.foreignTrade}); ` +
        `${r.renewal.length} renewal candidates maturing within ${r.options.renewal.withinDays} days of ${r.asOf}.\n\n`,
      table,
    });
  },
};
