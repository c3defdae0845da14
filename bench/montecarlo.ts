/**
 * Monte Carlo benchmark (docs/montecarlo.md): 100k firms, 10,000 draws, goal ≤ 60 s on
 * the 2-core machine. The cluster comes from the seeded generator in memory
 * (generateCluster({ firms: 100_000, seed: 1 }), the same content ensureDataset writes).
 * Run: node --import tsx bench/montecarlo.ts [firms] [draws] [workers]
 */
import { cpus, totalmem } from 'node:os';
import { generateCluster } from '../data/generator/index.ts';
import { buildSnapshot } from '../src/engine/index.ts';
import { buildExposures } from '../src/analysis/contagion/index.ts';
import { monteCarlo } from '../src/analysis/contagion/montecarlo.ts';

const firms = Number(process.argv[2] ?? 100_000);
const draws = Number(process.argv[3] ?? 10_000);
const workers = Number(process.argv[4] ?? 2);
const now = () => performance.now() / 1000;

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, node ${process.version}`);
let t = now();
const ds = generateCluster({ firms, seed: 1 });
const s = buildSnapshot(ds);
const net = buildExposures(s);
console.log(`dataset: ${s.nFirms} firms, ${s.nBanks} banks, ${s.nParks} parks, ${s.guarantee.m} guarantees, ${s.loan.m} loans, ${s.supply.m} supply; exposure edges ${net.amount.length}; prepared in ${(now() - t).toFixed(1)} s`);
t = now();
let lastPrint = 0;
const r = await monteCarlo(s, net, {
  draws, workers, seed: 1,
  onProgress: (done, total) => {
    if (done - lastPrint >= total / 10 || done === total) { lastPrint = done; process.stdout.write(`  ${done}/${total} draws, ${(now() - t).toFixed(1)} s\n`); }
  },
});
const seconds = now() - t;
console.log(`montecarlo: ${draws} draws with ${workers} workers in ${seconds.toFixed(1)} s (goal ≤ 60 s), ${(draws / seconds).toFixed(0)} draws/s`);
console.log(`bank loss: EL ${r.loss.mean.toFixed(1)} ± ${r.loss.standardError.toFixed(1)}, VaR99 ${r.loss.var.toFixed(1)}, ES99 ${r.loss.es.toFixed(1)}, max ${r.loss.max.toFixed(1)} (${ds.meta.unit === 10000 ? '万元' : 'units'})`);
console.log(`defaults per draw: initial ${r.defaults.meanInitial.toFixed(1)}, after cascade ${r.defaults.meanTotal.toFixed(1)} (contagion ${r.defaults.meanContagion.toFixed(1)}), max ${r.defaults.maxTotal}`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (main thread process)`);
