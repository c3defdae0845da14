/**
 * Dataset → Neo4j → Dataset against a real server (tools/neo4j or NEO4J_URI).
 * Expected values are the input datasets themselves and counts taken from them
 * (expectedCounts), never figures read back from Neo4j.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateCluster } from '../../data/generator/index.ts';
import { DataError, Neo4jError } from '../../src/io/errors.ts';
import { readDataset } from '../../src/io/index.ts';
import { connectNeo4j, importDataset, loadDataset } from '../../src/io/neo4j/index.ts';
import type { Dataset } from '../../src/model/schema.ts';
import { clearDatabase, expectedCounts, openHarness, runCypher, storedCounts, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => { h = await openHarness(); });
afterAll(async () => { await h?.close(); });
beforeEach(async () => { await clearDatabase(h.conn); });

function emptyDataset(name: string): Dataset {
  return { meta: { name, formatVersion: 1, currency: 'CNY', unit: 10000 }, firms: [], parks: [], banks: [], loans: [], guarantees: [], supply: [], ownership: [], financials: [] };
}

/** A hand-made dataset with every table, optional fields left out, extra columns and hostile text. */
function handDataset(): Dataset {
  const ds = emptyDataset('hand');
  ds.meta.asOf = '2025-12-31';
  ds.parks.push({ id: 'P1', name: '瓯海鞋革小微企业园', region: '瓯海区', kind: 'micro', lead_industries: ['C1952', 'C1910'], rating: 4.5, capacity: 300 });
  ds.banks.push({ id: 'B1', name: 'Bank "One"', kind: 'city', capital: 826714.25 });
  ds.firms.push(
    { id: 'F1', name: '东通鞋业', industry: 'C1952', kind: 'enterprise', park_id: 'P1', region: '瓯海区', founded: 2006, employees: 172, assets: 11060.74, liabilities: 3579.3, equity: 7481.44, revenue: 9556.85, pd: 0.0024, lgd: 0.47, flags: ['tech', 'foreign_trade'], extra: { legal_rep: '王某' } },
    { id: "F2'}) DETACH DELETE n //", name: '`Robert`); MATCH (n) DETACH DELETE n; //', industry: 'C33', kind: 'guarantor', lgd: 0.45, flags: [] },
    { id: 'F3`x`', name: '=SUM(A1)', industry: 'C3311', kind: 'enterprise', equity: -35.2, lgd: 0.45, flags: ['dishonest'] },
  );
  ds.loans.push({ id: 'L1', bank_id: 'B1', borrower_id: 'F1', amount: 500, outstanding: 480.5, start: '2024-01-15', maturity: '2026-01-15', rate: 0.0385, collateral: 'property', renewal: true, status: 'normal', risk_share: false });
  ds.loans.push({ id: 'L2', bank_id: 'B1', borrower_id: "F2'}) DETACH DELETE n //", outstanding: 100 });
  ds.guarantees.push(
    { id: 'G1', guarantor_id: "F2'}) DETACH DELETE n //", borrower_id: 'F1', loan_id: 'L1', amount: 250, group: 'J1', start: '2024-01-15', end: '2026-01-15' },
    { id: 'G2', guarantor_id: 'F3`x`', borrower_id: 'F1', loan_id: 'L1', amount: 250, group: 'J1' },
    { id: 'G3', guarantor_id: 'F1', borrower_id: "F2'}) DETACH DELETE n //", amount: 80 },
  );
  ds.supply.push({ supplier_id: 'F3`x`', customer_id: 'F1', value: 1200.5, since: 2018, payment_delay_days: 45, disputes: 0 });
  ds.ownership.push({ owner_id: 'B1', owned_id: 'F1', share: 0.1 }, { owner_id: 'F1', owned_id: 'F3`x`', share: 0.51 });
  ds.financials.push({ firm_id: 'F1', year: 2023, revenue: 9000, ebit: 319.51, interest_expense: 120 }, { firm_id: 'F1', year: 2024 });
  return ds;
}

describe('round trip Dataset → Neo4j → Dataset', () => {
  it('keeps every value of a hand-made dataset, including hostile ids and names as plain data', async () => {
    const ds = handDataset();
    await importDataset(h.conn, ds, { batchSize: 2 });
    expect(await storedCounts(h.conn)).toEqual(expectedCounts(ds));
    expect(await loadDataset(h.conn)).toEqual(ds);
  });

  it('round-trips the shipped demo dataset (data/demo) exactly', async () => {
    const { dataset } = await readDataset('data/demo');
    await importDataset(h.conn, dataset);
    expect(await storedCounts(h.conn)).toEqual(expectedCounts(dataset));
    expect(await loadDataset(h.conn)).toEqual(dataset);
  });

  it('a second import of the same dataset leaves identical counts and values', async () => {
    const ds = generateCluster({ firms: 300, seed: 11 });
    const first = await importDataset(h.conn, ds, { batchSize: 97 });
    const after1 = await storedCounts(h.conn);
    const second = await importDataset(h.conn, ds, { batchSize: 500 });
    expect(after1).toEqual(expectedCounts(ds));
    expect(await storedCounts(h.conn)).toEqual(after1);
    expect(second.rows).toEqual(first.rows);
    expect(first.options.batchSize).toBe(97);
    expect(await loadDataset(h.conn)).toEqual(ds);
  });

  it('reports progress after every batch up to the total row count', async () => {
    const ds = handDataset();
    const seen: number[] = [];
    await importDataset(h.conn, ds, { batchSize: 1, onProgress: (p) => seen.push(p.rowsDone) });
    // 1 park + 1 bank + 3 firms + 2 loans + 3 guarantees + 1 supply + 2 ownership + 2 financials = 15 rows, one per batch.
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  it('property: any small dataset with arbitrary Unicode ids and names round-trips', async () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.trim() !== '' && !s.includes(';'));
    await fc.assert(fc.asyncProperty(
      fc.uniqueArray(text, { minLength: 2, maxLength: 8 }),
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.double({ min: 0, max: 1e12, noNaN: true })), { maxLength: 12 }),
      fc.array(fc.string({ maxLength: 10 }), { minLength: 8, maxLength: 8 }),
      async (ids, edges, names) => {
        const ds = emptyDataset('prop');
        ds.banks.push({ id: '\u0000bank', name: 'b', capital: 1 });
        ids.forEach((id, k) => ds.firms.push({ id, name: names[k]!.trim() === '' ? 'x' : names[k]!, industry: 'C33', kind: 'enterprise', lgd: 0.45, flags: [] }));
        edges.forEach(([a, b, amount], k) => {
          const g = ids[a % ids.length]!, br = ids[b % ids.length]!;
          if (g !== br) ds.guarantees.push({ id: `g${k}`, guarantor_id: g, borrower_id: br, amount });
        });
        await clearDatabase(h.conn);
        await importDataset(h.conn, ds, { batchSize: 3 });
        expect(await loadDataset(h.conn)).toEqual(ds);
      },
    ), { numRuns: 15, seed: 20261123 });
  });
});

describe('subgraph loads', () => {
  it('a park scope holds its firms, their loans and banks, and edges with both ends inside', async () => {
    const { dataset: ds } = await readDataset('data/demo');
    await importDataset(h.conn, ds);
    const park = ds.parks[0]!.id;
    const sub = await loadDataset(h.conn, { scope: { kind: 'park', park } });
    // Expected subgraph, filtered in memory from the same dataset.
    const inPark = new Set(ds.firms.filter((f) => f.park_id === park).map((f) => f.id));
    const loans = ds.loans.filter((l) => inPark.has(l.borrower_id));
    const allBanks = new Set(ds.banks.map((b) => b.id));
    const bankIds = new Set([...loans.map((l) => l.bank_id), ...ds.ownership.filter((o) => inPark.has(o.owned_id) && allBanks.has(o.owner_id)).map((o) => o.owner_id)]);
    expect(sub.firms).toEqual(ds.firms.filter((f) => inPark.has(f.id)));
    expect(sub.parks).toEqual(ds.parks.filter((p) => p.id === park));
    expect(sub.banks).toEqual(ds.banks.filter((b) => bankIds.has(b.id)));
    expect(sub.loans).toEqual(loans);
    expect(sub.guarantees).toEqual(ds.guarantees.filter((g) => inPark.has(g.guarantor_id) && inPark.has(g.borrower_id)));
    expect(sub.supply).toEqual(ds.supply.filter((s) => inPark.has(s.supplier_id) && inPark.has(s.customer_id)));
    expect(sub.ownership).toEqual(ds.ownership.filter((o) => inPark.has(o.owned_id) && (inPark.has(o.owner_id) || bankIds.has(o.owner_id))));
    expect(sub.financials).toEqual(ds.financials.filter((f) => inPark.has(f.firm_id)));
    expect(sub.firms.length).toBeGreaterThan(0);
  });

  it('a region scope holds exactly the firms of the region', async () => {
    const { dataset: ds } = await readDataset('data/demo');
    await importDataset(h.conn, ds);
    const region = ds.firms.find((f) => f.region !== undefined)!.region!;
    const sub = await loadDataset(h.conn, { scope: { kind: 'region', region } });
    expect(sub.firms.map((f) => f.id)).toEqual(ds.firms.filter((f) => f.region === region).map((f) => f.id));
  });

  it('a 1-hop neighbourhood of the hand dataset: F1 reaches F2 (guarantee) and F3 (supply, guarantee, ownership)', async () => {
    const ds = handDataset();
    await importDataset(h.conn, ds);
    const sub = await loadDataset(h.conn, { scope: { kind: 'neighbourhood', firm: 'F3`x`', hops: 1 } });
    // F3 is linked to F1 only (G2, supply, ownership), so 1 hop = {F3, F1}.
    expect(sub.firms.map((f) => f.id)).toEqual(['F1', 'F3`x`']);
    expect(sub.guarantees.map((g) => g.id)).toEqual(['G2']);
    expect(sub.banks.map((b) => b.id)).toEqual(['B1']);
  });
});

describe('errors', () => {
  it('bad data stored in Neo4j raises DataError naming the node and field', async () => {
    const ds = handDataset();
    await importDataset(h.conn, ds);
    await runCypher(h.conn, "MATCH (f:Firm {id: 'F1'}) SET f.employees = -5, f.founded = date('2006-01-01')");
    await runCypher(h.conn, "MATCH ()-[r:LOAN {id: 'L1'}]->() SET r.rate = 'high'");
    const err = await loadDataset(h.conn).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    const text = (err as DataError).issues.map((i) => `${i.file} ${i.field}: ${i.message}`).join('\n');
    expect(text).toMatch(/neo4j:Firm employees: Firm 'F1': expected an integer ≥ 0/);
    expect(text).toMatch(/neo4j:Firm founded: Firm 'F1': a Neo4j Date cannot be represented/);
    expect(text).toMatch(/neo4j:LOAN rate: LOAN 'L1': expected a number in \[0, 1\]/);
  });

  it('an integer beyond ±2^53 stored in Neo4j raises DataError', async () => {
    await importDataset(h.conn, handDataset());
    await runCypher(h.conn, "MATCH (f:Firm {id: 'F1'}) SET f.employees = 9007199254740993");
    await expect(loadDataset(h.conn)).rejects.toThrow(/the integer 9007199254740993 cannot be represented/);
  });

  it('a value Neo4j cannot hold exactly fails the import before anything is written', async () => {
    const ds = handDataset();
    ds.firms[0]!.employees = 2 ** 60;
    await expect(importDataset(h.conn, ds)).rejects.toBeInstanceOf(DataError);
    expect(await storedCounts(h.conn)).toEqual({});
  });

  it('two supply rows for one pair are refused: Neo4j stores one SUPPLIES per pair', async () => {
    const ds = handDataset();
    ds.supply.push({ ...ds.supply[0]!, value: 1 });
    await expect(importDataset(h.conn, ds)).rejects.toThrow(/second SUPPLIES row/);
  });

  it('a refused connection names the server and what to do', async () => {
    // Port 1 on loopback: nothing listens there without root services.
    const err = await connectNeo4j({ uri: 'bolt://127.0.0.1:1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Neo4jError);
    expect((err as Error).message).toMatch(/bolt:\/\/127\.0\.0\.1:1.*not reachable.*NEO4J_URI/);
  });

  it('a malformed URI is a Neo4jError before any network use', async () => {
    await expect(connectNeo4j({ uri: 'http://localhost:7474' })).rejects.toThrow(/bad Neo4j URI 'http:\/\/localhost:7474'/);
  });

  it('loading an empty database says to import first', async () => {
    await expect(loadDataset(h.conn)).rejects.toThrow(/no xinlian dataset.*neo4j import/);
  });
});
