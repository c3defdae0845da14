export { createStore, toggleEdgeKind, type Listener, type Store, type ViewerState } from './store.ts';
