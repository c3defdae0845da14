/** What every panel is given: the store, the data, and the renderer to move the camera. */
import type { DatasetSummary, GraphPayload } from '../api/index.ts';
import type { CreditGraphBuild } from '../graph/index.ts';
import type { RendererHandle } from '../render/index.ts';
import type { Store } from '../state/index.ts';
import type { LayoutController } from '../workers/index.ts';

export interface ViewerContext {
  store: Store;
  payload: GraphPayload;
  summary: DatasetSummary | null;
  build: CreditGraphBuild;
  renderer: RendererHandle;
  layout: LayoutController;
  /** Select a node and move the camera onto it and its neighbours (search, panel links). */
  focusNode(id: string): void;
}
