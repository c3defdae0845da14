/**
 * The generated cluster carries the structures the analyses look for. Every
 * quantity is recomputed here from the rows with the definitions of DOMAIN.md
 * (circle = strongly connected component of the guarantee graph, zombie = EBIT /
 * interest < 1 in each of the three most recent consecutive years, shell =
 * 0 employees, 0 revenue and no supply row), not read from the generator's plan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCluster, INDUSTRIES, INDUSTRY_INPUTS, planCluster, resolveOptions } from '../../data/generator/index.ts';
import { buildSnapshot, stronglyConnectedComponents, type Snapshot } from '../../src/engine/index.ts';
import type { Dataset } from '../../src/model/schema.ts';

const demoOptions = { firms: 2000, seed: 42 };
const ds = generateCluster(demoOptions);
const snap = buildSnapshot(ds);

function circles(s: Snapshot): number[][] {
  const scc = stronglyConnectedComponents(s.n, s.guarantee.out);
  const members = new Map<number, number[]>();
  for (let v = 0; v < s.n; v++) {
    if (scc.size[scc.comp[v]] < 2) continue;
    const list = members.get(scc.comp[v]) ?? [];
    list.push(v);
    members.set(scc.comp[v], list);
  }
  return [...members.values()];
}

/** Longest chain (in edges) of the condensation DAG, by Kahn's topological order. */
function longestChain(s: Snapshot): number {
  const scc = stronglyConnectedComponents(s.n, s.guarantee.out);
  const indeg = new Int32Array(scc.count);
  const edges: [number, number][] = [];
  for (let e = 0; e < s.guarantee.m; e++) {
    const a = scc.comp[s.guarantee.src[e]], b = scc.comp[s.guarantee.dst[e]];
    if (a !== b) {
      edges.push([a, b]);
      indeg[b]++;
    }
  }
  const adj: number[][] = Array.from({ length: scc.count }, () => []);
  for (const [a, b] of edges) adj[a].push(b);
  const depth = new Int32Array(scc.count);
  const queue: number[] = [];
  for (let c = 0; c < scc.count; c++) if (indeg[c] === 0) queue.push(c);
  let best = 0;
  for (let q = 0; q < queue.length; q++) {
    const c = queue[q];
    for (const d of adj[c]) {
      depth[d] = Math.max(depth[d], depth[c] + 1);
      best = Math.max(best, depth[d]);
      if (--indeg[d] === 0) queue.push(d);
    }
  }
  return best;
}

function zombieCounts(d: Dataset): { zombies: number; twoOfThree: number } {
  const byFirm = new Map<string, { year: number; ebit: number; interest: number }[]>();
  for (const r of d.financials) {
    const list = byFirm.get(r.firm_id) ?? [];
    list.push({ year: r.year, ebit: r.ebit ?? NaN, interest: r.interest_expense ?? 0 });
    byFirm.set(r.firm_id, list);
  }
  let zombies = 0, twoOfThree = 0;
  for (const rows of byFirm.values()) {
    const last = rows.sort((a, b) => a.year - b.year).slice(-3);
    if (last.length < 3 || last[2].year - last[0].year !== 2) continue;
    const below = last.filter((r) => r.interest > 0 && r.ebit / r.interest < 1).length;
    if (below === 3) zombies++;
    if (below === 2) twoOfThree++;
  }
  return { zombies, twoOfThree };
}

describe('guarantee structure of the demo-sized cluster', () => {
  const cs = circles(snap);
  const sizes = cs.map((c) => c.length);

  it('has a circle of at least 30 firms spanning at least two parks', () => {
    const big = cs.filter((c) => c.length >= 30);
    expect(big.length).toBeGreaterThanOrEqual(1);
    const parks = new Set(big[0].map((v) => snap.park[v]).filter((p) => p >= 0));
    expect(parks.size).toBeGreaterThanOrEqual(2);
  });

  it('has circles of every size from 2 to 8 and larger ones between 10 and 30', () => {
    for (let k = 2; k <= 8; k++) expect(sizes, `size ${k}`).toContain(k);
    expect(sizes.filter((k) => k >= 10 && k < 30).length).toBeGreaterThanOrEqual(3);
  });

  it('has mutual pairs that are circles of their own', () => {
    const pairs = cs.filter((c) => c.length === 2);
    expect(pairs.length).toBeGreaterThanOrEqual(10);
    for (const [a, b] of pairs) {
      const out = (u: number) => Array.from(snap.guarantee.out.nbr.subarray(snap.guarantee.out.offsets[u], snap.guarantee.out.offsets[u + 1]));
      expect(out(a)).toContain(b);
      expect(out(b)).toContain(a);
    }
  });

  it('has guarantee chains several links deep', () => {
    expect(longestChain(snap)).toBeGreaterThanOrEqual(4);
  });

  it('has joint guarantee groups on one loan each, with full joint-and-several amounts', () => {
    const groups = new Map<string, typeof ds.guarantees>();
    for (const g of ds.guarantees) if (g.group) groups.set(g.group, [...(groups.get(g.group) ?? []), g]);
    expect(groups.size).toBeGreaterThanOrEqual(10);
    const loanById = new Map(ds.loans.map((l) => [l.id, l]));
    let fullAmount = 0;
    for (const rows of groups.values()) {
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(new Set(rows.map((r) => r.loan_id)).size).toBe(1);
      const loan = loanById.get(rows[0].loan_id!)!;
      for (const r of rows) expect(r.borrower_id).toBe(loan.borrower_id);
      if (rows.every((r) => r.amount === loan.amount)) fullAmount++;
    }
    expect(fullAmount).toBeGreaterThan(0);
  });

  it('has one-to-many guarantors (一保多) and many-to-one borrowers (多保一)', () => {
    const outDeg = (v: number) => new Set(snap.guarantee.out.nbr.subarray(snap.guarantee.out.offsets[v], snap.guarantee.out.offsets[v + 1])).size;
    let hubs = 0;
    for (let v = 0; v < snap.nFirms; v++) if (snap.guarantorCompany[v] === 0 && outDeg(v) >= 5) hubs++;
    expect(hubs).toBeGreaterThanOrEqual(3);
    // 多保一: one loan backed by ≥ 4 separate (not joint) guarantors.
    const separate = new Map<string, Set<string>>();
    for (const g of ds.guarantees) {
      if (g.group || !g.loan_id) continue;
      separate.set(g.loan_id, (separate.get(g.loan_id) ?? new Set()).add(g.guarantor_id));
    }
    const focusLoans = [...separate.values()].filter((gs) => gs.size >= 4).length;
    expect(focusLoans).toBeGreaterThanOrEqual(2);
    const companies = ds.firms.filter((f) => f.kind === 'guarantor').map((f) => f.id);
    expect(companies.length).toBeGreaterThanOrEqual(3);
    const given = ds.guarantees.filter((g) => companies.includes(g.guarantor_id)).length;
    expect(given).toBeGreaterThanOrEqual(companies.length * 5);
    // Guarantee companies guarantee; they neither borrow nor trade.
    expect(ds.loans.some((l) => companies.includes(l.borrower_id))).toBe(false);
    expect(ds.supply.some((s) => companies.includes(s.supplier_id) || companies.includes(s.customer_id))).toBe(false);
  });

  it('the circles are exactly the designed structures, for any seed and size (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 200, max: 1500 }), (seed, firms) => {
        const d = generateCluster({ firms, seed });
        const plan = planCluster(resolveOptions({ firms, seed }));
        const s = buildSnapshot(d);
        const found = circles(s).map((c) => c.slice().sort((a, b) => a - b).join(',')).sort();
        const designed = plan.structures.structures.map((st) => Array.from(st.members).sort((a, b) => a - b).join(',')).sort();
        expect(found).toEqual(designed);
      }),
      { numRuns: 6, seed: 20251231 },
    );
  });
});

describe('firms, loans and ties of the demo-sized cluster', () => {
  it('has zombies by the DOMAIN.md rule, and firms below 1 in only two years that are not zombies', () => {
    const { zombies, twoOfThree } = zombieCounts(ds);
    // The generator targets 4 % zombies among ~1,970 enterprises: expect roughly 50–120.
    expect(zombies).toBeGreaterThanOrEqual(40);
    expect(zombies).toBeLessThanOrEqual(120);
    expect(twoOfThree).toBeGreaterThanOrEqual(20);
  });

  it('has shells with no employees, no revenue and no supply ties', () => {
    const traders = new Set(ds.supply.flatMap((s) => [s.supplier_id, s.customer_id]));
    const shells = ds.firms.filter((f) => (f.employees ?? 0) === 0 && (f.revenue ?? 0) === 0 && !traders.has(f.id));
    expect(shells.length).toBeGreaterThanOrEqual(10);
    const zeroHeadcount = ds.firms.filter((f) => f.employees === 0);
    expect(zeroHeadcount.length).toBe(shells.length);
  });

  it('flags dishonest, tech and foreign-trade firms, and has micro firms', () => {
    const count = (flag: string) => ds.firms.filter((f) => (f.flags as string[]).includes(flag)).length;
    expect(count('dishonest')).toBeGreaterThanOrEqual(20);
    expect(count('tech')).toBeGreaterThanOrEqual(20);
    expect(count('foreign_trade')).toBeGreaterThanOrEqual(100);
    expect(ds.firms.filter((f) => f.employees !== undefined && f.employees > 0 && f.employees < 20).length).toBeGreaterThan(400);
  });

  it('has loans maturing within 90 days of asOf, every status, renewals and risk sharing', () => {
    const asOf = Date.parse(`${ds.meta.asOf}T00:00:00Z`);
    const within90 = ds.loans.filter((l) => {
      const days = (Date.parse(`${l.maturity}T00:00:00Z`) - asOf) / 86_400_000;
      return days >= 0 && days <= 90;
    }).length;
    expect(within90 / ds.loans.length).toBeGreaterThan(0.15);
    expect(within90 / ds.loans.length).toBeLessThan(0.35);
    const status = (s: string) => ds.loans.filter((l) => l.status === s).length;
    expect(status('normal') / ds.loans.length).toBeGreaterThan(0.85);
    expect(status('special_mention')).toBeGreaterThan(0);
    expect(status('npl')).toBeGreaterThan(0);
    expect(ds.loans.some((l) => l.risk_share)).toBe(true);
    expect(ds.loans.some((l) => l.renewal)).toBe(true);
  });

  it('has balance sheets that add up', () => {
    for (const f of ds.firms) expect(f.equity).toBeCloseTo(f.assets! - f.liabilities!, 9);
    expect(ds.firms.some((f) => f.equity! < 0)).toBe(true);
  });

  it('supply ties follow the industry input table and cross park borders', () => {
    const industry = new Map(ds.firms.map((f) => [f.id, f.industry]));
    const park = new Map(ds.firms.map((f) => [f.id, f.park_id]));
    const allowed = new Set(INDUSTRY_INPUTS.map((r) => `${r.supplier}>${r.customer}`));
    for (const s of ds.supply) expect(allowed.has(`${industry.get(s.supplier_id)}>${industry.get(s.customer_id)}`)).toBe(true);
    const crossPark = ds.supply.filter((s) => park.get(s.supplier_id) && park.get(s.customer_id) && park.get(s.supplier_id) !== park.get(s.customer_id)).length;
    expect(crossPark / ds.supply.length).toBeGreaterThan(0.05);
    // Leather → shoes is the strongest input of the footwear cluster.
    expect(ds.supply.filter((s) => industry.get(s.supplier_id) === 'C1910' && industry.get(s.customer_id) === 'C1952').length).toBeGreaterThan(50);
  });

  it('has ownership groups with a parent owning several firms', () => {
    const subs = new Map<string, number>();
    for (const o of ds.ownership) subs.set(o.owner_id, (subs.get(o.owner_id) ?? 0) + 1);
    expect([...subs.values()].filter((k) => k >= 2).length).toBeGreaterThanOrEqual(10);
  });

  it('has 6–8 parks (micro parks with 1–2 lead industries, one industrial, one tech) and 8–12 banks of every kind', () => {
    expect(ds.parks.length).toBeGreaterThanOrEqual(6);
    expect(ds.parks.length).toBeLessThanOrEqual(8);
    for (const p of ds.parks.filter((q) => q.kind === 'micro')) expect(p.lead_industries.length).toBeGreaterThanOrEqual(1);
    for (const p of ds.parks.filter((q) => q.kind === 'micro')) expect(p.lead_industries.length).toBeLessThanOrEqual(2);
    expect(ds.parks.filter((p) => p.kind === 'industrial').length).toBe(1);
    expect(ds.parks.filter((p) => p.kind === 'tech').length).toBe(1);
    expect(ds.banks.length).toBeGreaterThanOrEqual(8);
    expect(ds.banks.length).toBeLessThanOrEqual(12);
    expect(new Set(ds.banks.map((b) => b.kind))).toEqual(new Set(['state', 'joint_stock', 'city', 'rural', 'village']));
    // Lead-industry firms concentrate in their park: location quotient of footwear in the shoe park > 1.
    const shoePark = ds.parks.find((p) => p.lead_industries.includes('C1952'))!.id;
    const inPark = ds.firms.filter((f) => f.park_id === shoePark);
    const share = (list: typeof ds.firms) => list.filter((f) => f.industry === 'C1952').length / list.length;
    expect(share(inPark) / share(ds.firms)).toBeGreaterThan(1.5);
  });

  it('names firms in the Wenzhou pattern, uniquely, with industry codes from the table', () => {
    const codes = new Set(INDUSTRIES.map((i) => i.code));
    const pattern = /^(鹿城|龙湾|瓯海|洞头|乐清|瑞安|龙港|永嘉|平阳|苍南|文成|泰顺|浙江)\p{Script=Han}{2,3}\p{Script=Han}+(股份)?有限公司$/u;
    for (const f of ds.firms) {
      expect(f.name).toMatch(pattern);
      expect(codes.has(f.industry)).toBe(true);
    }
    expect(new Set(ds.firms.map((f) => f.name)).size).toBe(ds.firms.length);
  });
});
