/**
 * The server ↔ viewer contract (docs/development.md, "API"). Record types come
 * from src/model (type-only imports: nothing of the Node code is bundled).
 */
import type {
  Bank, DatasetMeta, Financials, Firm, FirmFlag, Guarantee, Loan, Ownership, Park, ParkKind, Supply,
} from '../../../src/model/index.ts';
import type { DatasetSummary } from '../../../src/analysis/metrics/index.ts';

export type { DatasetSummary };

export const EDGE_KINDS = ['loan', 'guarantee', 'supply', 'ownership'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];
export type NodeType = 'firm' | 'bank';

/** GET /api/graph: columnar, node index = Snapshot index (firms then banks; parks are listed, not nodes). */
export interface GraphPayload {
  nodes: {
    id: string[];
    name: string[];
    type: NodeType[];
    /** Index into `parks`, −1 outside any park (and for banks). */
    park: number[];
    /** GB/T 4754 code, '' for banks. */
    industry: string[];
    /** Firms: outstanding borrowed; banks: as served (the viewer sizes banks by their lending). */
    borrowing: number[];
    equity: (number | null)[];
    /** `;`-joined firm flags, '' when none. */
    flags: string[];
  };
  edges: {
    kind: EdgeKind[];
    source: number[];
    target: number[];
    weight: number[];
  };
  parks: { id: string; name: string; kind?: ParkKind | null; lead_industries: string[] }[];
  meta: DatasetMeta;
}

export type FlagName = FirmFlag;

/** A tie row with the counterpart's display name resolved by the server. */
export type Named<T> = T & { name?: string; counterpart_name?: string; bank_name?: string };

/** GET /api/firms/:id */
export interface FirmDetail {
  firm: Firm;
  park: Park | null;
  loans: Named<Loan>[];
  guaranteesGiven: Named<Guarantee>[];
  guaranteesReceived: Named<Guarantee>[];
  suppliers: Named<Supply>[];
  customers: Named<Supply>[];
  owners: Named<Ownership>[];
  owned: Named<Ownership>[];
  financials: Financials[];
}

export type { Bank };

/** The error body of every API failure. */
export interface ApiErrorBody {
  error: 'not_found' | 'bad_request' | 'data_error' | string;
  message: string;
}
