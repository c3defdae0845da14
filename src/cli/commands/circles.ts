/**
 * `xinlian circles DIR`: guarantee circles (担保圈) with their patterns, mutual pairs, chain
 * depths and joint groups (src/analysis/guarantee); `--firm ID` prints that firm's chains.
 */
import {
  firmChains, guaranteeChainDepths, guaranteeCircles, guaranteePatterns, jointGroups, mutualGuarantees,
  type GuaranteeCircle, type CirclePatterns,
} from '../../analysis/guarantee/index.ts';
import { NotFoundError } from '../../io/errors.ts';
import { argument, integerOption, stringOption, type Command } from '../command.ts';
import { loadAnalysis } from '../dataset.ts';
import { amount, unitLabel } from '../format.ts';
import type { TableColumn } from '../output.ts';

type CircleRow = Omit<GuaranteeCircle, 'nodes'> & { patterns: CirclePatterns };

export const circlesCommand: Command = {
  name: 'circles',
  summary: 'Guarantee circles (担保圈), mutual pairs (互保), chains (担保链), joint groups (联保) and patterns',
  description: 'Circles are strongly connected components of ≥ --min firms of the guarantee graph, numbered C001… by size. ' +
    'With --firm, lists that firm\'s guarantors and borrowers up to --hops hops instead (docs/guarantee-structure.md).',
  arguments: [{ name: 'DIR', description: 'dataset folder or .json file' }],
  options: {
    min: { type: 'string', value: 'N', default: '2', description: 'smallest circle size' },
    top: { type: 'string', value: 'N', default: '50', description: 'circles listed in the table (JSON has all)' },
    firm: { type: 'string', value: 'ID', description: 'show the guarantee chains of this firm' },
    hops: { type: 'string', value: 'N', default: '3', description: 'with --firm: hops up and down' },
  },
  tabular: true,
  examples: ['circles data/demo', 'circles data/demo --min 3 --csv > circles.csv', 'circles data/demo --firm F0000012 --hops 2 --json'],
  async run(parsed, ctx) {
    const { snapshot: s } = await loadAnalysis(ctx, argument(parsed, 'DIR'));
    const firmId = stringOption(parsed, 'firm');
    if (firmId !== undefined) {
      const v = s.index.get(firmId);
      if (v === undefined || v >= s.nFirms) throw new NotFoundError('firm', firmId);
      const hops = integerOption(parsed, 'hops', 1, 50) ?? 3;
      const r = firmChains(s, v, { hops });
      const rows = [...r.up, ...r.down];
      ctx.out.emit({
        value: r,
        human: () => `${firmId}: ${r.up.length} guarantors and ${r.down.length} borrowers within ${hops} hops, ${r.edges.length} guarantee edges${r.truncated ? ' (truncated)' : ''}\n\n`,
        table: { columns: [{ title: 'firm', value: (x: (typeof rows)[number]) => x.id }, { title: 'hop (− up, + down)', value: (x: (typeof rows)[number]) => x.hop }], rows },
      });
      return;
    }
    const minSize = integerOption(parsed, 'min', 2, 1_000_000_000) ?? 2;
    const top = integerOption(parsed, 'top', 1, 1_000_000_000) ?? 50;
    const bar = ctx.progress('guarantee structure', 5);
    const circles = guaranteeCircles(s, { minSize });
    bar.update(1);
    const patterns = guaranteePatterns(s, circles);
    bar.update(2);
    const mutual = mutualGuarantees(s, circles);
    bar.update(3);
    const depths = guaranteeChainDepths(s);
    bar.update(4);
    const joint = jointGroups(s);
    bar.done();
    const rows: CircleRow[] = circles.circles.map(({ nodes: _nodes, ...c }, k) => ({ ...c, patterns: patterns.circles[k] }));
    const value = {
      circles: rows,
      firmsInCircles: circles.firmsInCircles,
      mutualPairs: mutual,
      chains: { maxDepth: depths.maxDepth, depthHistogram: depths.depthHistogram },
      patternFirms: patterns.firms,
      jointGroups: joint,
      options: circles.options,
    };
    const unit = unitLabel(s.dataset.meta);
    const columns: TableColumn<CircleRow>[] = [
      { title: 'circle', value: (r) => r.id },
      { title: 'size', value: (r) => r.size },
      { title: 'edges', value: (r) => r.internalEdges },
      { title: 'density', value: (r) => Number(r.density.toFixed(4)) },
      { title: `guaranteed inside (${unit})`, value: (r) => r.guaranteedInside },
      { title: `loans (${unit})`, value: (r) => r.loansOutstanding },
      { title: 'mutual', value: (r) => r.patterns.mutual },
      { title: 'parks', value: (r) => r.parks },
      { title: 'members', value: (r) => (r.members.length > 8 ? [...r.members.slice(0, 8), '…'] : r.members) },
    ];
    const human = () => [
      `${circles.circles.length} guarantee circles (size ≥ ${minSize}) holding ${circles.firmsInCircles} firms; ${mutual.length} mutual pairs; ${joint.length} joint groups`,
      `chain depth: max ${depths.maxDepth}; firms by depth ${depths.depthHistogram.map((n, d) => `${d}:${n}`).join(' ')}`,
      `patterns (firms): chain ${patterns.firms.chain}, mutual ${patterns.firms.mutual}, circle ${patterns.firms.circle}, cross 一保多 ${patterns.firms.cross}, focus 多保一 ${patterns.firms.focus}`,
      `total guaranteed inside circles ${amount(rows.reduce((a, r) => a + r.guaranteedInside, 0))} ${unit}`,
      rows.length > top ? `largest ${top} circles (--top):` : '',
      '',
    ].join('\n');
    ctx.out.emit({ value, human, table: { columns, rows: ctx.out.mode === 'csv' ? rows : rows.slice(0, top) } });
  },
};
