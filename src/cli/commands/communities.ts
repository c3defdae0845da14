/**
 * `xinlian communities DIR`: Louvain communities (seeded) of the supply + guarantee graph
 * compared with the parks: NMI and the communities that cross park borders (docs/communities.md).
 */
import { clusterCommunities, type CrossingCommunity } from '../../analysis/cluster/index.ts';
import { argument, flagOption, integerOption, type Command } from '../command.ts';
import { loadAnalysis } from '../dataset.ts';
import type { TableColumn } from '../output.ts';

export const communitiesCommand: Command = {
  name: 'communities',
  summary: 'Louvain communities of supply + guarantee ties vs parks (NMI, communities crossing park borders)',
  arguments: [{ name: 'DIR', description: 'dataset folder or .json file' }],
  options: {
    seed: { type: 'string', value: 'N', default: '1', description: 'random seed of the node order' },
    'supply-only': { type: 'boolean', description: 'leave guarantee ties out of the graph' },
    top: { type: 'string', value: 'N', default: '50', description: 'crossing communities listed' },
  },
  tabular: true,
  examples: ['communities data/demo', 'communities data/demo --seed 7 --json', 'communities data/demo --csv > crossing.csv'],
  async run(parsed, ctx) {
    const { snapshot: s } = await loadAnalysis(ctx, argument(parsed, 'DIR'));
    const seed = integerOption(parsed, 'seed', 0, 2 ** 32 - 1) ?? 1;
    const top = integerOption(parsed, 'top', 1, 1_000_000_000) ?? 50;
    const bar = ctx.progress('louvain');
    const r = clusterCommunities(s, { louvain: { seed }, guarantees: !flagOption(parsed, 'supply-only') });
    bar.done();
    const crossing = r.crossing.slice(0, top);
    const value = {
      count: r.count, modularity: r.modularity, nmi: r.nmi, sizes: [...r.sizes], crossing: r.crossing, levels: r.levels, options: r.options,
      community: Object.fromEntries(Array.from(r.community, (c, f) => [s.ids[f], c])),
    };
    const columns: TableColumn<CrossingCommunity>[] = [
      { title: 'community', value: (x) => x.community },
      { title: 'size', value: (x) => x.size },
      { title: 'spill', value: (x) => Number(x.spill.toFixed(4)) },
      { title: 'parks', value: (x) => x.parks.map(([p, n]) => `${p || '(none)'}:${n}`) },
    ];
    ctx.out.emit({
      value,
      human: () => `${r.count} communities, modularity ${r.modularity.toFixed(4)}, NMI with parks ${r.nmi.toFixed(4)}; ` +
        `${r.crossing.length} communities cross park borders (seed ${seed}).\n\n`,
      table: { columns, rows: crossing },
    });
  },
};
