/**
 * The analysis columns the map colours and sizes by (GET /api/measures), fetched lazily:
 * nothing is requested until a colouring, a size or the communities layer needs a column,
 * so the first paint never waits for the server's all-firm DebtRank sweep. Each column is
 * requested once; listeners hear when one starts loading, arrives or fails, so the legend
 * can show a loading state and the renderer can repaint.
 */
import type { MeasureName } from '../api/measures.ts';
import type { MeasureColumns, MeasureInfo } from './derive.ts';

export type MeasureStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface MeasureLoader {
  /** Loaded columns (a new object each time one arrives, so identity marks a change). */
  columns(): MeasureColumns;
  info(): MeasureInfo;
  status(name: MeasureName): MeasureStatus;
  error(name: MeasureName): string | null;
  /** Request the columns never requested yet (one request for all of them). */
  ensure(names: readonly MeasureName[]): void;
  subscribe(listener: () => void): () => void;
}

export function createMeasureLoader(
  fetchMeasures: (names: readonly MeasureName[]) => Promise<{ columns: MeasureColumns; info: MeasureInfo }>,
): MeasureLoader {
  let columns: MeasureColumns = {};
  let info: MeasureInfo = {};
  const status = new Map<MeasureName, MeasureStatus>();
  const errors = new Map<MeasureName, string>();
  const listeners = new Set<() => void>();
  const notify = () => { for (const l of listeners) l(); };
  return {
    columns: () => columns,
    info: () => info,
    status: (name) => status.get(name) ?? 'idle',
    error: (name) => errors.get(name) ?? null,
    ensure(names) {
      // A failed column is not re-requested on every state change; the legend shows its error.
      const wanted = names.filter((n) => (status.get(n) ?? 'idle') === 'idle');
      if (wanted.length === 0) return;
      for (const n of wanted) { status.set(n, 'loading'); errors.delete(n); }
      notify();
      fetchMeasures(wanted).then((body) => {
        columns = { ...columns, ...body.columns };
        info = { ...info, ...body.info };
        for (const n of wanted) status.set(n, body.columns[n] ? 'ready' : 'error');
        notify();
      }, (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        for (const n of wanted) { status.set(n, 'error'); errors.set(n, message); }
        notify();
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
