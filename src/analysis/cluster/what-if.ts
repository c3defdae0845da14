/**
 * What-if of park fit: the park's metrics recomputed with the candidate inside.
 * An existing firm is moved into the park (its old park loses it); a prospective firm
 * joins with its employees and planned ties. Metrics (same definitions before/after):
 *   lq                  = LQ of the candidate's division in the park (location-quotient.ts)
 *   leadShare           = members in a lead-industry division / members
 *   internalTradeShare  = supply value between members / supply value touching members
 *   outsideShare        = the park's purchases from outside firms of the candidate's division / all its purchases
 *   circleMembers, circles = members inside guarantee circles, distinct circles touched
 *   reputation (existing firms, when given): park-reputation.ts with the new membership
 */
import type { Snapshot } from '../../engine/index.ts';
import { NotFoundError } from '../../io/errors.ts';
import { parkReputation, type ChainStrengthResult, type DefaultCostResult, type ParkReputation, type TieStrengths } from '../reputation/index.ts';
import { industryDivision } from '../../model/schema.ts';
import { locationQuotients } from './location-quotient.ts';
import type { Candidate, ParkFitContext } from './park-fit.ts';

export interface ParkMetrics {
  members: number;
  lq: number;
  leadShare: number;
  internalTradeShare: number;
  outsideShare: number;
  circleMembers: number;
  circles: number;
  reputation?: ParkReputation;
}

export interface ParkWhatIf {
  park: string;
  candidate: Candidate;
  division: string;
  before: ParkMetrics;
  after: ParkMetrics;
}

export interface ReputationInputs {
  ties: TieStrengths;
  cost: DefaultCostResult;
  chain: ChainStrengthResult;
}

export function parkWhatIf(ctx: ParkFitContext, candidate: Candidate, park: string, reputation?: ReputationInputs): ParkWhatIf {
  const { s, div } = ctx;
  const v = s.index.get(park);
  if (v === undefined || v < s.nFirms + s.nBanks) throw new NotFoundError('park', park);
  let after = s.park;
  let extra: Extra | undefined;
  let code: string;
  if ('firm' in candidate) {
    const f = s.index.get(candidate.firm);
    if (f === undefined || f >= s.nFirms) throw new NotFoundError('firm', candidate.firm);
    after = s.park.slice();
    after[f] = v;
    code = div.codes[div.ofFirm[f]];
  } else {
    code = industryDivision(candidate.industry);
    const ties = (candidate.ties ?? []).map((t) => {
      const w = s.index.get(t.partner);
      if (w === undefined || w >= s.nFirms) throw new NotFoundError('firm', t.partner);
      return { partner: w, value: t.value, role: t.role };
    });
    extra = { division: div.indexOf.get(code) ?? -1, employees: candidate.employees ?? 0, ties };
  }
  const k = div.indexOf.get(code) ?? -1;
  return {
    park, candidate, division: code,
    before: parkMetrics(ctx, v, s.park, k, undefined, reputation),
    after: parkMetrics(ctx, v, after, k, extra, reputation && 'firm' in candidate ? reputation : undefined),
  };
}

interface Extra {
  division: number;
  employees: number;
  ties: { partner: number; value: number; role: 'supplier' | 'customer' }[];
}

function parkMetrics(ctx: ParkFitContext, v: number, membership: Int32Array, k: number, extra: Extra | undefined, rep?: ReputationInputs): ParkMetrics {
  const { s, div } = ctx;
  const p = v - s.nFirms - s.nBanks;
  const lead = ctx.lead[p];
  let members = 0, leadMembers = 0, circleMembers = 0;
  const circles = new Set<number>();
  for (let f = 0; f < s.nFirms; f++) {
    if (membership[f] !== v) continue;
    members++;
    if (lead.has(div.codes[div.ofFirm[f]])) leadMembers++;
    const c = ctx.circles.circleOf[f];
    if (c >= 0) { circleMembers++; circles.add(c); }
  }
  let internal = 0, touching = 0, purchases = 0, outsideK = 0;
  const { src, dst, weight } = s.supply;
  for (let e = 0; e < s.supply.m; e++) {
    const a = membership[src[e]] === v, b = membership[dst[e]] === v;
    if (!a && !b) continue;
    const w = weight[e];
    touching += w;
    if (a && b) internal += w;
    if (b) {
      purchases += w;
      if (!a && div.ofFirm[src[e]] === k) outsideK += w;
    }
  }
  if (extra) {
    members++;
    if (extra.division >= 0 && lead.has(div.codes[extra.division])) leadMembers++;
    for (const t of extra.ties) {
      const inside = membership[t.partner] === v;
      touching += t.value;
      if (inside) internal += t.value;
      // The candidate's purchases are the park's purchases; a member buying from it buys inside.
      if (t.role === 'customer') {
        purchases += t.value;
        if (!inside && div.ofFirm[t.partner] === k) outsideK += t.value;
      } else if (inside) purchases += t.value;
    }
  }
  const lqs = locationQuotients(s, ctx.lq.options, membership, extra && extra.division >= 0 ? { park: v, division: extra.division, x: ctx.lq.options.measure === 'employees' ? extra.employees : 0 } : undefined);
  const D = lqs.divisions.length;
  const lq = k >= 0 ? lqs.lq[p * D + k] : 0;
  const out: ParkMetrics = {
    members,
    lq: Number.isFinite(lq) ? lq : 0,
    leadShare: members > 0 ? leadMembers / members : 0,
    internalTradeShare: touching > 0 ? internal / touching : 0,
    outsideShare: purchases > 0 ? outsideK / purchases : 0,
    circleMembers,
    circles: circles.size,
  };
  if (rep) out.reputation = parkReputation(s, rep.ties, rep.cost, rep.chain, {}, membership).parks[p];
  return out;
}
