/**
 * Shell firms (空壳企业): no employees, no revenue and no trade. A firm is a shell
 * when employees = 0 and revenue = 0 (a missing value counts as 0: a firm that
 * reports nothing shows no activity) and it appears in no supply row, as supplier or
 * as customer (DOMAIN.md, "Screening"). Trade is the deciding evidence because the
 * reported figures of micro firms are often missing while their supply rows are not.
 */
import type { Snapshot } from '../../engine/index.ts';

export interface ShellResult {
  /** 1 when the firm is a shell. Length nFirms. */
  shell: Uint8Array;
  count: number;
}

export function shellFirms(s: Snapshot): ShellResult {
  const shell = new Uint8Array(s.nFirms);
  const so = s.supply.out.offsets, si = s.supply.in.offsets;
  let count = 0;
  for (let f = 0; f < s.nFirms; f++) {
    const emp = s.employees[f], rev = s.revenue[f];
    if ((emp > 0) || (rev > 0) || (emp < 0) || (rev < 0)) continue; // NaN compares false: missing = 0
    if (so[f + 1] - so[f] > 0 || si[f + 1] - si[f] > 0) continue;
    shell[f] = 1;
    count++;
  }
  return { shell, count };
}
