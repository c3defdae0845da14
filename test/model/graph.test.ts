import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/engine/index.ts';
import { readDataset } from '../../src/io/index.ts';
import { buildCreditGraph, egoNodes } from '../../src/model/index.ts';

describe('buildCreditGraph', () => {
  it('holds every record of the valid fixture as a node or a typed edge', async () => {
    const { dataset: ds } = await readDataset('test/fixtures/valid');
    const g = buildCreditGraph(ds);
    // Records in test/fixtures/valid/*.csv (wc -l minus the header; firms.csv has 11 lines
    // but one quoted name spans two): parks 2, banks 3, firms 10 → 15 nodes;
    // loans 8, guarantees 6, supply 4, ownership 5.
    expect(g.order).toBe(15);
    const byKind: Record<string, number> = {};
    g.forEachEdge((_, a) => { byKind[a.kind] = (byKind[a.kind] ?? 0) + 1; });
    const members = ds.firms.filter((f) => f.park_id !== undefined).length;
    expect(byKind).toEqual({ loan: 8, guarantee: 6, supply: 4, ownership: 5, membership: members });
    const loan = ds.loans[0];
    expect(g.source(`loan:${loan.id}`)).toBe(loan.bank_id);
    expect(g.target(`loan:${loan.id}`)).toBe(loan.borrower_id);
    expect(g.getEdgeAttribute(`loan:${loan.id}`, 'weight')).toBe(loan.outstanding);
    expect(g.getNodeAttribute(ds.firms[0].id, 'type')).toBe('firm');
  });

  it('keeps only the chosen kinds and nodes', async () => {
    const { dataset: ds } = await readDataset('test/fixtures/valid');
    const g = buildCreditGraph(ds, { kinds: ['guarantee'] });
    expect(g.size).toBe(ds.guarantees.length);
    const two = new Set([ds.guarantees[0].guarantor_id, ds.guarantees[0].borrower_id]);
    const sub = buildCreditGraph(ds, { kinds: ['guarantee'], nodes: two });
    expect(sub.order).toBe(2);
    const expected = ds.guarantees.filter((r) => two.has(r.guarantor_id) && two.has(r.borrower_id)).length;
    expect(sub.size).toBe(expected);
  });

  it("gives a firm's 1-hop ego network equal to its neighbours in the CSR Snapshot", async () => {
    const { dataset: ds } = await readDataset('data/demo');
    const g = buildCreditGraph(ds);
    const s = buildSnapshot(ds);
    for (const id of ['F0000001', 'F0000500', 'F0001999', 'B01']) {
      // Independent oracle: union of in/out neighbours over every CSR of the Snapshot, plus the firm's park.
      const v = s.index.get(id)!;
      const expected = new Set<string>([id]);
      for (const kind of [s.loan, s.guarantee, s.supply, s.ownership]) {
        for (const csr of [kind.out, kind.in]) {
          for (let p = csr.offsets[v]; p < csr.offsets[v + 1]; p++) expected.add(s.ids[csr.nbr[p]]);
        }
      }
      if (v < s.nFirms && s.park[v] >= 0) expected.add(s.ids[s.park[v]]);
      if (v >= s.nFirms) ds.firms.forEach((f) => { if (f.park_id === id) expected.add(f.id); });
      expect(egoNodes(g, id, 1)).toEqual(expected);
    }
  });
});
