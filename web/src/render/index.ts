export { focusCamera, FOCUS_CAMERA_DEFAULTS } from './camera.ts';
export { createRenderer, HIDE_EDGES_ON_MOVE_ABOVE, LARGE_GRAPH_NODES, LABEL_FONT, type RendererHandle } from './renderer.ts';
export { NodeDiamondProgram } from './node-diamond.ts';
