export {
  COLOR_BYS, createStore, initialState, MAP_LAYERS, NO_FILTERS, SIZE_BYS, toggleEdgeKind,
  type ColorBy, type Filters, type Highlight, type Listener, type MapLayer, type NodeOverlay, type SizeBy, type Store, type ToolId, type ViewerState,
} from './store.ts';
