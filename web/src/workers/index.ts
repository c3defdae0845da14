export { createLayout, layoutMatrices, layoutPlan, layoutSettings, LAYOUT_DEFAULTS, type LayoutController, type LayoutOptions } from './layout.ts';
export { PPE, PPN, type FromLayoutWorker, type ToLayoutWorker } from './layout-protocol.ts';
