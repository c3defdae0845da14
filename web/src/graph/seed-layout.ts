/**
 * Deterministic initial layout, so the first paint already reads as a cluster
 * map before ForceAtlas2 refines it: park groups sit on a circle, each firm
 * inside its park's disc on a Vogel sunflower spiral
 *   r_k = s·√(k + ½),  θ_k = k·φ,  φ = π(3 − √5) ≈ 137.5° (golden angle)
 * (Vogel 1979, Math. Biosci. 44:179–189), which fills a disc evenly without
 * overlaps or randomness. The largest borrowers take the inner slots, so each
 * park's core firms are in its middle. Firms outside any park form one more
 * group on the circle; banks sit on an inner ring, between the parks they lend to.
 * Same payload → same positions; O(n log n) for the per-group sort.
 */
import type { GraphPayload } from '../api/index.ts';

export const SEED_LAYOUT_DEFAULTS = Object.freeze({
  /**
   * Radius of the circle of park centres = scale·√n graph units. ForceAtlas2 with the
   * viewer's settings (workers/layout.ts) settles at a median distance of ≈ 22·√n
   * from the centre (measured on the 2,009-node demo: ≈ 1,000 units after 100
   * iterations), so seeding at that scale avoids a first expansion that would
   * shift the view under the user.
   */
  scale: 22,
  /** Bank ring radius as a share of `radius`. */
  bankRing: 0.28,
  /** Largest park disc radius as a share of half the distance between neighbouring centres. */
  fill: 0.9,
});
export type SeedLayoutOptions = typeof SEED_LAYOUT_DEFAULTS;

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** Radius of the circle of park centres for a graph of `n` nodes. */
export function seedRadius(n: number, options: Partial<SeedLayoutOptions> = {}): number {
  return (options.scale ?? SEED_LAYOUT_DEFAULTS.scale) * Math.sqrt(Math.max(1, n));
}

/** Positions as interleaved x, y per node index. */
export function seedPositions(payload: GraphPayload, options: Partial<SeedLayoutOptions> = {}): Float64Array {
  const o = { ...SEED_LAYOUT_DEFAULTS, ...options };
  const { nodes } = payload;
  const n = nodes.id.length;
  const radius = seedRadius(n, o);
  const nParks = payload.parks.length;
  const xy = new Float64Array(2 * n);

  // Group g = park index, g = nParks for firms outside any park.
  const groups: number[][] = Array.from({ length: nParks + 1 }, () => []);
  const banks: number[] = [];
  for (let v = 0; v < n; v++) {
    if (nodes.type[v] === 'bank') banks.push(v);
    else groups[nodes.park[v] >= 0 && nodes.park[v] < nParks ? nodes.park[v] : nParks].push(v);
  }
  const used = groups.map((g, i) => ({ members: g, index: i })).filter((g) => g.members.length > 0);
  const slots = used.length;
  const maxMembers = used.reduce((m, g) => Math.max(m, g.members.length), 1);
  // Half the chord between neighbouring centres bounds a disc radius without overlap.
  const halfChord = slots > 1 ? radius * Math.sin(Math.PI / slots) : radius;
  const spacing = (o.fill * halfChord) / Math.sqrt(maxMembers);

  used.forEach((group, slot) => {
    const angle = slots > 1 ? (2 * Math.PI * slot) / slots - Math.PI / 2 : 0;
    const cx = slots > 1 ? radius * Math.cos(angle) : 0;
    const cy = slots > 1 ? radius * Math.sin(angle) : 0;
    const members = group.members.slice().sort((a, b) => nodes.borrowing[b] - nodes.borrowing[a] || a - b);
    for (let k = 0; k < members.length; k++) {
      const r = spacing * Math.sqrt(k + 0.5);
      const theta = k * GOLDEN_ANGLE;
      xy[2 * members[k]] = cx + r * Math.cos(theta);
      xy[2 * members[k] + 1] = cy + r * Math.sin(theta);
    }
  });

  const ring = radius * o.bankRing;
  for (let k = 0; k < banks.length; k++) {
    // Offset by half a step so a single bank is not exactly on the first park's axis.
    const theta = (2 * Math.PI * (k + 0.5)) / Math.max(1, banks.length);
    xy[2 * banks[k]] = ring * Math.cos(theta);
    xy[2 * banks[k] + 1] = ring * Math.sin(theta);
  }
  return xy;
}
