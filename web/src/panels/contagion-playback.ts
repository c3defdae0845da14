/**
 * Per-node distress of a cascade at any round, from the route's compact round
 * columns (each round lists only the nodes whose distress changed). Stepping
 * forward applies the next rounds; stepping back replays from round 0, so a
 * scrub costs at most the entries up to the target round.
 */
import type { RoundsDetail } from '../api/contagion.ts';

export interface DistressPlayback {
  readonly lastRound: number;
  /** Distress in (0, 1] per node id after `round` (nodes at 0 are left out). */
  valuesAt(round: number): Map<string, number>;
}

export function createDistressPlayback(detail: RoundsDetail, nodeIds: readonly string[]): DistressPlayback {
  const distress = new Float64Array(nodeIds.length);
  let applied = -1;
  const apply = (k: number) => {
    const r = detail.rounds[k];
    for (let i = 0; i < r.nodes.length; i++) distress[r.nodes[i]] = r.distress[i];
  };
  return {
    lastRound: detail.rounds.length - 1,
    valuesAt(round) {
      const target = Math.max(0, Math.min(round, detail.rounds.length - 1));
      if (target < applied) {
        distress.fill(0);
        applied = -1;
      }
      while (applied < target) apply(++applied);
      const out = new Map<string, number>();
      for (let v = 0; v < distress.length; v++) if (distress[v] > 0) out.set(nodeIds[v], distress[v]);
      return out;
    },
  };
}
