/**
 * The one canonical state of the viewer. Controllers (buttons, search, clicks)
 * only call `update`; everything drawn is derived from the state by pure
 * functions (layers/) and by panels that re-render on `subscribe`. This is the
 * sigma.js "graph is the model, reducers derive the view" loop (STYLE.md).
 */
import type { EdgeKind } from '../api/index.ts';
import type { Lang } from '../i18n/index.ts';

export interface ViewerState {
  lang: Lang;
  /** Edge kinds the user switched off in the legend. */
  hiddenEdgeKinds: ReadonlySet<EdgeKind>;
  /** Node key (dataset id) shown in the side panel and highlighted with its neighbours. */
  selectedNode: string | null;
  /** Node under the pointer: highlighted like a selection, without opening the panel. */
  hoveredNode: string | null;
  /** ForceAtlas2 worker running. */
  layoutRunning: boolean;
}

export type Listener = (state: ViewerState, previous: ViewerState) => void;

export interface Store {
  get(): ViewerState;
  /** Shallow-merge a patch; listeners run only when some field actually changed. */
  update(patch: Partial<ViewerState>): void;
  subscribe(listener: Listener): () => void;
}

export function createStore(initial: ViewerState): Store {
  let state: ViewerState = Object.freeze({ ...initial });
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    update(patch) {
      let changed = false;
      for (const key of Object.keys(patch) as (keyof ViewerState)[]) {
        if (!Object.is(patch[key], state[key])) changed = true;
      }
      if (!changed) return;
      const previous = state;
      state = Object.freeze({ ...state, ...patch });
      for (const listener of listeners) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A new hidden-kinds set with `kind` flipped (sets are replaced, never mutated, so `Object.is` sees the change). */
export function toggleEdgeKind(hidden: ReadonlySet<EdgeKind>, kind: EdgeKind): ReadonlySet<EdgeKind> {
  const next = new Set(hidden);
  if (next.has(kind)) next.delete(kind);
  else next.add(kind);
  return next;
}
