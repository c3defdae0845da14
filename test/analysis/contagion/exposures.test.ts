/**
 * Exposures, loss breakdown and risk sharing on the hand cluster of fixture.ts; every number
 * is worked out in the comments from DOMAIN.md's formulas and the documented defaults
 * (joint 'expected', receivablesShare 0.25, inputLossShare 0.1, substitutability 0.5,
 * risk share 40 % / 20 %).
 */
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../../src/engine/index.ts';
import {
  buildExposures, CHANNEL_NAMES, DEFAULT_EXPOSURE_OPTIONS, loanGuaranteeCover, lossBreakdown,
  riskSharingTotals, shockFromSpec, splitCoveredLoss, thresholdCascade, totalExposure,
  type ExposureNetwork,
} from '../../../src/analysis/contagion/index.ts';
import { ConfigError, NotFoundError, UsageError } from '../../../src/io/errors.ts';
import { handCluster } from './fixture.ts';

function edges(net: ExposureNetwork, ids: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < net.n; i++) {
    for (let p = net.out.offsets[i]; p < net.out.offsets[i + 1]; p++) {
      out.push(`${ids[i]}→${ids[net.out.nbr[p]]} ${CHANNEL_NAMES[net.channel[p]]} ${+net.amount[p].toFixed(10)}`);
    }
  }
  return out.sort();
}

describe('buildExposures', () => {
  const s = buildSnapshot(handCluster());

  it('has frozen defaults', () => {
    expect(Object.isFrozen(DEFAULT_EXPOSURE_OPTIONS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_EXPOSURE_OPTIONS.riskShare)).toBe(true);
  });

  it('computes every channel by hand (expected 联保 share)', () => {
    const net = buildExposures(s);
    expect(edges(net, s.ids)).toEqual([
      // g1: 60 × 1 × LGD(F1) 0.5
      'F1→F2 guarantee 30',
      // g3 (no loan): 30 × 0.5
      'F1→F3 guarantee 15',
      // supply F3 → F1: receivables 100 × 0.25 when the customer F1 defaults
      'F1→F3 receivables 25',
      // L1: cover = g1 60 + g3 30 × 200/250 = 84; (200 − 84) × 0.5
      'F1→B1 loan 58',
      // L4: cover = g3 30 × 50/250 = 6; (50 − 6) × 0.5
      'F1→B2 loan 22',
      // J1, J2: 40 × 1/2 × LGD(F2) 0.45
      'F2→F1 guarantee 9',
      'F2→F3 guarantee 9',
      // supply F4 → F2: receivables 40 × 0.25
      'F2→F4 receivables 10',
      // L2 (risk_share): group J covers 40 once; (100 − 40) × 0.45 × (1 − 0.4 − 0.2)
      'F2→B1 loan 10.8',
      // supply F3 → F1: input 100 × 0.1 × (1 − 0.5)
      'F3→F1 input 5',
      // L3: no cover, 80 × 0.45
      'F3→B2 loan 36',
      // supply F4 → F2: input 40 × 0.1 × 0.5
      'F4→F2 input 2',
    ].sort());
    expect(Array.from(net.capital.subarray(0, 7))).toEqual([100, 50, 20, 0, 1000, 1000, 500]);
  });

  it("'worst' joint share charges each 联保 guarantor the full amount: 40 × 0.45 = 18", () => {
    const net = buildExposures(s, { joint: 'worst' });
    expect(edges(net, s.ids).filter((e) => e.startsWith('F2→F') && e.includes('guarantee'))).toEqual(['F2→F1 guarantee 18', 'F2→F3 guarantee 18']);
  });

  it('drops the supply channels when asked and keeps per-loan cover ≤ outstanding', () => {
    const net = buildExposures(s, { supply: false });
    expect(net.amount.length).toBe(4 + 4);
    expect(Array.from(loanGuaranteeCover(s))).toEqual([84, 40, 0, 6]);
  });

  it('rejects shares outside [0, 1] and risk shares summing above 1', () => {
    expect(() => buildExposures(s, { receivablesShare: 1.5 })).toThrow(ConfigError);
    expect(() => buildExposures(s, { riskShare: { guaranteeCompany: 0.7, pool: 0.4 } })).toThrow(ConfigError);
  });

  it('totalExposure sums incoming amounts: B2 = 22 + 36', () => {
    expect(totalExposure(buildExposures(s))[6]).toBeCloseTo(58, 12);
  });
});

describe('lossBreakdown after F1 defaults (threshold cascade)', () => {
  const s = buildSnapshot(handCluster());
  const net = buildExposures(s);
  // Round 1: F2 loses 30 (< 50), F3 15 + 25 = 40 ≥ 20 → defaults, B1 58, B2 22.
  // Round 2: F3 passes F1 5 (input), B2 36. Nothing else defaults.
  const r = thresholdCascade(net, shockFromSpec(s, 'F1'));
  const b = lossBreakdown(s, net, r);

  it('defaults F1 and F3 only, with the hand losses', () => {
    expect(Array.from(r.defaulted.subarray(0, 7))).toEqual([1, 0, 1, 0, 0, 0, 0]);
    expect(Array.from(r.loss.subarray(0, 7))).toEqual([5, 30, 40, 0, 0, 58, 58]);
    expect(r.systemLoss).toBe(191);
  });

  it('splits the loss by channel: guarantee 45, loan 116, receivables 25, input 5', () => {
    expect(b.byChannel).toEqual({ guarantee: 45, loan: 116, receivables: 25, input: 5 });
    expect(b.byChannel.guarantee + b.byChannel.loan + b.byChannel.receivables + b.byChannel.input).toBe(b.systemLoss);
  });

  it('gives NPL ratios per bank and for the system against 1.8 % / 3 %', () => {
    // B1: L1 200 (F1 defaulted) of 300. B2: L3 80 (already npl) + L4 50 (F1) of 130.
    const [b1, b2] = b.banks;
    expect(b1.nplRatio).toBeCloseTo(200 / 300, 12);
    expect(b1.baselineNplRatio).toBe(0);
    expect(b2.nplRatio).toBe(1);
    expect(b2.baselineNplRatio).toBeCloseTo(80 / 130, 12);
    expect(b1.loss).toBe(58);
    expect(b1.capitalLossRatio).toBeCloseTo(0.058, 12);
    expect(b.system.nplRatio).toBeCloseTo(330 / 430, 12);
    expect(b.system.baselineNplRatio).toBeCloseTo(80 / 430, 12);
    expect(b.system.exceedsBaseline && b.system.exceedsRaised).toBe(true);
  });

  it('sums member losses per park', () => {
    expect(b.parks).toEqual([
      { park: 'P1', name: 'Park one', loss: 35, firms: 2, defaulted: 1 },
      { park: 'P2', name: 'Park two', loss: 40, firms: 1, defaulted: 1 },
    ]);
    expect(b.outsideParks).toBe(0);
    expect(b.firmsDefaulted).toBe(2);
  });
});

describe('a firm without capital defaults on any loss', () => {
  it('F2 defaults: F4 (capital 0) loses 10 receivables and defaults; F1 9 and F3 9 absorb', () => {
    const s = buildSnapshot(handCluster());
    const r = thresholdCascade(buildExposures(s), shockFromSpec(s, 'F2'));
    expect(Array.from(r.defaulted.subarray(0, 5))).toEqual([0, 1, 0, 1, 0]);
    // F4's default sends the input loss 2 back to F2.
    expect(Array.from(r.loss.subarray(0, 7))).toEqual([9, 2, 9, 10, 0, 10.8, 0].map((x) => expect.closeTo(x, 12)));
  });
});

describe('risk sharing', () => {
  it('splits a covered loss 40 / 20 / 40 by default', () => {
    expect(splitCoveredLoss(100, DEFAULT_EXPOSURE_OPTIONS.riskShare)).toEqual({ guaranteeCompany: 40, pool: 20, bank: 40 });
    expect(() => splitCoveredLoss(1, { guaranteeCompany: 0.9, pool: 0.2 })).toThrow(ConfigError);
  });

  it('totals the covered loan L2 when F2 defaults: base (100 − 40) × 0.45 = 27', () => {
    const s = buildSnapshot(handCluster());
    const net = buildExposures(s);
    const r = thresholdCascade(net, shockFromSpec(s, 'F2'));
    const t = riskSharingTotals(s, net, r);
    expect(t.total).toBeCloseTo(27, 12);
    expect(t.guaranteeCompany).toBeCloseTo(10.8, 12);
    expect(t.pool).toBeCloseTo(5.4, 12);
    expect(t.bank).toBeCloseTo(10.8, 12);
    expect(t.loans).toBe(1);
    // The bank's part is exactly what the exposure network charged B1 for L2.
    expect(r.loss[5]).toBeCloseTo(t.byBank.B1.bank, 12);
    // Configurable shares: 50 / 0 leaves the bank half.
    expect(riskSharingTotals(s, net, r, { guaranteeCompany: 0.5, pool: 0 }).bank).toBeCloseTo(13.5, 12);
  });

  it('is empty when no covered borrower is hit', () => {
    const s = buildSnapshot(handCluster());
    const net = buildExposures(s);
    expect(riskSharingTotals(s, net, thresholdCascade(net, shockFromSpec(s, 'F3'))).total).toBe(0);
  });
});

describe('shockFromSpec', () => {
  const s = buildSnapshot(handCluster());
  it('reads firm, park, industry prefix and uniform shocks', () => {
    expect(Array.from(shockFromSpec(s, 'F3').defaults!)).toEqual([2]);
    expect(Array.from(shockFromSpec(s, 'park:P1').defaults!)).toEqual([0, 1]);
    expect(Array.from(shockFromSpec(s, 'industry:C33').defaults!)).toEqual([0, 1]);
    const u = shockFromSpec(s, 'uniform:0.1');
    expect(Array.from(u.distress!)).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0, 0]);
  });
  it('rejects unknown ids and bad values', () => {
    expect(() => shockFromSpec(s, 'nobody')).toThrow(NotFoundError);
    expect(() => shockFromSpec(s, 'park:F1')).toThrow(NotFoundError);
    expect(() => shockFromSpec(s, 'uniform:2')).toThrow(UsageError);
    expect(() => shockFromSpec(s, 'region:x')).toThrow(UsageError);
  });
});
