/**
 * Shared types of the contagion models (DOMAIN.md, "Contagion").
 *
 * All models run on one ExposureNetwork built from the Snapshot: an edge i → j
 * says "when i defaults, j loses `amount`" (already net of LGD, guarantees and risk
 * sharing). The node index space is the Snapshot's (firms, then banks, then parks;
 * parks have no edges).
 */
import type { Csr } from '../../engine/csr.ts';

/** Split of a covered (`risk_share`) loan's loss (seed 002). The bank keeps 1 − guaranteeCompany − pool. */
export interface RiskShareOptions {
  guaranteeCompany: number;
  pool: number;
}

export interface ExposureOptions {
  /** 联保 exposure of each of k joint guarantors: 'expected' = amount / k, 'worst' = full amount. */
  joint: 'expected' | 'worst';
  /** Include the two supply channels. */
  supply: boolean;
  /** Share of annual trade value outstanding as receivables when a customer defaults (credit channel, upstream). */
  receivablesShare: number;
  /** Substitutability σ ∈ [0,1] of a supplier's inputs (production channel, downstream): loss × (1 − σ). */
  substitutability: number;
  /** Share of the lost input value that becomes a loss of the customer before substitution. */
  inputLossShare: number;
  riskShare: RiskShareOptions;
}

export const CHANNEL_GUARANTEE = 0;
export const CHANNEL_LOAN = 1;
export const CHANNEL_RECEIVABLES = 2;
export const CHANNEL_INPUT = 3;
export const CHANNEL_NAMES = ['guarantee', 'loan', 'receivables', 'input'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export interface ExposureNetwork {
  n: number;
  /** defaulter → exposed node. `out.edge[p]` indexes `amount` and `channel`. */
  out: Csr;
  /** exposed node → defaulters. */
  in: Csr;
  /** Loss of the exposed node when the defaulter fully defaults (LGD applied), ≥ 0. */
  amount: Float64Array;
  channel: Uint8Array;
  /** Loss-absorbing capital: firm equity (NaN/negative read as 0), bank tier-1 capital. */
  capital: Float64Array;
  options: ExposureOptions;
}

/** What starts a cascade: nodes that default outright and/or a relative equity shock per node. */
export interface Shock {
  /** Node indices that default at round 0 (distress 1). */
  defaults?: ArrayLike<number>;
  /** Initial distress h ∈ [0,1] per node (length n), e.g. a uniform 10 % shock. */
  distress?: Float64Array;
  /** Human-readable description, e.g. "firm F0012 defaults" or "park P3 −30 %". */
  label?: string;
}

export interface RoundRecord {
  /** 0 = the shock itself. */
  round: number;
  /** Nodes whose distress rose (or that defaulted) in this round. */
  nodes: number[];
  /** Distress of those nodes after the round (aligned with `nodes`). */
  distress: number[];
  /** Loss added to the system in this round, in the dataset's amount unit. */
  loss: number;
}

export interface ContagionResult {
  model: 'debtrank' | 'linear-debtrank' | 'threshold' | 'clearing';
  /** Final distress h ∈ [0,1] per node (1 = defaulted). */
  distress: Float64Array;
  /** Final cumulative loss per node (amount unit), ≤ its total exposure. */
  loss: Float64Array;
  /** 1 where the node defaulted (distress 1 or loss ≥ capital). */
  defaulted: Uint8Array;
  rounds: RoundRecord[];
  /** Sum of loss over all nodes. */
  systemLoss: number;
  /**
   * DebtRank R = Σ h_j v_j − Σ h_j(0) v_j with economic value v = capital share
   * (Battiston et al. 2012); models that are not DebtRank report it too, from their final distress.
   */
  debtRank: number;
  /** Options used, for reproducibility. */
  options: Record<string, unknown>;
  /**
   * Fraction of each node's exposures that reached its creditors (0 = none, 1 = full amount):
   * the loss on edge i → j is `amount × transmitted[i]`. Lets lossBreakdown split losses by
   * edge and channel without re-running the model. Optional so other producers may omit it.
   */
  transmitted?: Float64Array;
  /** How the model stopped: iterations (propagation rounds or node updates), convergence, residual. */
  diagnostics?: ContagionDiagnostics;
}

export interface ContagionDiagnostics {
  /** Propagation rounds (waves of the work queue). */
  rounds: number;
  /** Node updates performed (each update recomputes one node from its incoming losses). */
  updates: number;
  /** False when maxRounds stopped the model before the tolerance was met. */
  converged: boolean;
  /** Largest change that was left unpropagated (distress for DebtRank models, amount for clearing). */
  residual: number;
}
