/**
 * What the routes share: the dataset, its Snapshot, and results computed once on
 * first use and then served from memory (the summary, the graph payload as
 * ready-to-send JSON bytes, the financials index). Routes reach it as
 * `app.xinlian` (a fastify decoration, visible inside every route plugin).
 */
import { buildExposures, type ExposureNetwork } from '../analysis/contagion/index.ts';
import { datasetSummary, type DatasetSummary } from '../analysis/metrics/index.ts';
import type { Snapshot } from '../engine/index.ts';
import type { Dataset, Financials } from '../model/schema.ts';

export class ServerState {
  private summaryCache?: DatasetSummary;
  private graphCache?: Buffer;
  private financialsCache?: Map<string, Financials[]>;
  private readonly memos = new Map<string, unknown>();

  constructor(readonly dataset: Dataset, readonly snapshot: Snapshot) {}

  summary(): DatasetSummary {
    return (this.summaryCache ??= datasetSummary(this.snapshot));
  }

  /**
   * The GET /api/graph body as UTF-8 bytes; `build` runs once. Bytes, not a string,
   * so each request sends the cached buffer without re-encoding tens of megabytes.
   */
  graphJson(build: () => string): Buffer {
    return (this.graphCache ??= Buffer.from(build(), 'utf8'));
  }

  /** Financial rows of each firm, by year ascending. */
  financialsOf(firmId: string): Financials[] {
    if (this.financialsCache === undefined) {
      const index = new Map<string, Financials[]>();
      for (const f of this.dataset.financials) {
        let rows = index.get(f.firm_id);
        if (rows === undefined) index.set(f.firm_id, (rows = []));
        rows.push(f);
      }
      for (const rows of index.values()) rows.sort((a, b) => a.year - b.year);
      this.financialsCache = index;
    }
    return this.financialsCache.get(firmId) ?? [];
  }

  /**
   * A result computed once per loaded dataset and then served from memory; `key` names
   * the result and every option it depends on (e.g. `screening:20:90`).
   */
  memo<T>(key: string, build: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, build());
    return this.memos.get(key) as T;
  }

  /** A memo's value if some route has already computed it, else undefined (never builds). */
  peek<T>(key: string): T | undefined {
    return this.memos.get(key) as T | undefined;
  }

  /** The exposure network of the Snapshot for one 联保 mode, shared by every contagion route. */
  exposures(joint: 'expected' | 'worst' = 'expected'): ExposureNetwork {
    return this.memo(`exposures:${joint}`, () => buildExposures(this.snapshot, { joint }));
  }

  /** Name of a firm or bank node (ownership owners may be banks). */
  nameOf(node: number): string {
    const s = this.snapshot;
    if (node < s.nFirms) return this.dataset.firms[node].name;
    if (node < s.nFirms + s.nBanks) return this.dataset.banks[node - s.nFirms].name;
    return this.dataset.parks[node - s.nFirms - s.nBanks].name;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    xinlian: ServerState;
  }
}
