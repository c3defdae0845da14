/** `xinlian summary DIR`: counts by kind, parks, exposure totals and guarantee circles (datasetSummary). */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { datasetSummary, type DatasetSummary, type ParkSummary } from '../../analysis/metrics/index.ts';
import { htmlReport } from '../../report/index.ts';
import { argument, stringOption, type Command } from '../command.ts';
import { DATASET_ARGUMENT, loadAnalysis } from '../dataset.ts';
import { amount, unitLabel } from '../format.ts';
import type { TableColumn } from '../output.ts';

type ParkRow = Omit<ParkSummary, 'id' | 'name' | 'kind'> & { id: string; name: string; kind: string | null };

/** "state 3, city 2" — only the kinds that occur. */
function byKind(counts: Record<string, number>): string {
  const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** The summary as titled blocks of lines, shared by the terminal and the HTML report. */
function summaryBlocks(s: DatasetSummary): { title: string; blocks: { heading: string; lines: string[] }[] } {
  const c = s.counts;
  const sizes = s.circles.sizes;
  return {
    title: `${s.meta.name}${s.meta.asOf ? ` as of ${s.meta.asOf}` : ''} — amounts in ${unitLabel(s.meta)}`,
    blocks: [
      {
        heading: 'Counts',
        lines: [
          `firms       ${c.firms.total} (enterprise ${c.firms.enterprise}, guarantee companies ${c.firms.guarantor})`,
          `banks       ${c.banks.total}${byKind(c.banks.byKind)}`,
          `parks       ${c.parks.total}${byKind(c.parks.byKind)}`,
          `loans       ${c.loans.total}${byKind(c.loans.byStatus)}`,
          `guarantees  ${c.guarantees} (joint groups 联保 ${c.jointGroups})`,
          `supply      ${c.supply}   ownership ${c.ownership}   financials ${c.financials}`,
        ],
      },
      {
        heading: 'Exposure',
        lines: [
          `loans outstanding   ${amount(s.exposure.loanOutstanding)}`,
          `guaranteed          ${amount(s.exposure.guaranteed)}`,
          `risk-share covered  ${amount(s.exposure.riskShareCovered)}`,
          `supply value/year   ${amount(s.exposure.supplyValue)}`,
        ],
      },
      {
        heading: 'Guarantee circles 担保圈',
        lines: [
          `guarantee circles   ${s.circles.count} holding ${s.circles.firmsInCircles} firms; largest ${s.circles.largest}` +
            (sizes.length > 0 ? `; sizes ${sizes.slice(0, 12).join(', ')}${sizes.length > 12 ? ', …' : ''}` : ''),
        ],
      },
    ],
  };
}

export const summaryCommand: Command = {
  name: 'summary',
  summary: 'Counts by kind, parks, exposure totals, guarantee circles (担保圈) of a dataset',
  arguments: [DATASET_ARGUMENT],
  options: {
    html: { type: 'string', value: 'FILE', description: 'also write a self-contained HTML report to FILE' },
  },
  tabular: true,
  examples: ['summary data/demo', 'summary data/demo --csv > parks.csv', 'summary data/demo --json', 'summary data/demo --html summary.html'],
  async run(parsed, ctx) {
    const { snapshot } = await loadAnalysis(ctx, argument(parsed, 'DIR'));
    const s = datasetSummary(snapshot);
    const unit = unitLabel(s.meta);
    const rows: ParkRow[] = [...s.parks, { id: '', name: '(outside parks)', kind: null, ...s.outsideParks }];
    const columns: TableColumn<ParkRow>[] = [
      { title: 'park', value: (r) => r.id },
      { title: 'name', value: (r) => r.name },
      { title: 'kind', value: (r) => r.kind ?? '' },
      { title: 'firms', value: (r) => r.firms },
      { title: 'employees', value: (r) => r.employees },
      { title: `loans (${unit})`, value: (r) => r.loansOutstanding, digits: 2 },
      { title: `guaranteed (${unit})`, value: (r) => r.guaranteed, digits: 2 },
    ];
    const { title, blocks } = summaryBlocks(s);
    const htmlFile = stringOption(parsed, 'html');
    if (htmlFile !== undefined) {
      const page = htmlReport({
        title: `xinlian summary: ${s.meta.name}`,
        subtitle: title,
        sections: [
          ...blocks.map((b) => ({ heading: b.heading, paragraphs: b.lines })),
          { heading: 'Parks 园区', table: { columns: columns.map((c) => c.title), rows: rows.map((r) => columns.map((c) => c.value(r))) } },
        ],
      });
      await writeFile(path.resolve(ctx.cwd, htmlFile), page);
    }
    ctx.out.emit({
      value: s,
      human: () => [title, ...blocks.map((b) => b.lines.join('\n'))].join('\n\n'),
      table: { columns, rows },
    });
  },
};
