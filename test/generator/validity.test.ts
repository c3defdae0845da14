/**
 * Every generated row satisfies DATA_FORMAT.md, checked both by the spec-derived
 * rules in format-rules.ts and by src/io's validateDataset.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCluster } from '../../data/generator/index.ts';
import { validateDataset } from '../../src/io/index.ts';
import { formatViolations } from './format-rules.ts';
import type { Dataset } from '../../src/model/schema.ts';

describe('generated data follows DATA_FORMAT.md', () => {
  it('the demo configuration has no violations', () => {
    const ds = generateCluster({ firms: 2000, seed: 42 });
    expect(formatViolations(ds)).toEqual([]);
    expect(() => validateDataset(ds)).not.toThrow();
  });

  it('any seed, size and reporting date has no violations (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 50, max: 1200 }),
        fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
        (seed, firms, date) => {
          const ds = generateCluster({ firms, seed, asOf: date.toISOString().slice(0, 10) });
          expect(formatViolations(ds)).toEqual([]);
          validateDataset(ds);
        },
      ),
      { numRuns: 15, seed: 4754 },
    );
  });

  it('the checker itself catches broken rows', () => {
    const ds = generateCluster({ firms: 200, seed: 1 });
    const broken: Dataset = structuredClone(ds);
    const g = broken.guarantees.find((x) => x.loan_id)!;
    g.amount = broken.loans.find((l) => l.id === g.loan_id)!.amount! + 1;
    broken.supply[0].customer_id = broken.supply[0].supplier_id;
    broken.ownership.push({ owner_id: broken.banks[0].id, owned_id: broken.firms[0].id, share: 1 }, { owner_id: broken.banks[1].id, owned_id: broken.firms[0].id, share: 0.5 });
    const v = formatViolations(broken);
    expect(v.some((m) => m.includes('> loan amount'))).toBe(true);
    expect(v.some((m) => m.includes('self-supply'))).toBe(true);
    expect(v.some((m) => m.includes('sum to 1.5'))).toBe(true);
  });
});
