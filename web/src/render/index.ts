export { focusCamera, FOCUS_CAMERA_DEFAULTS } from './camera.ts';
export { createRenderer, LARGE_GRAPH_NODES, LABEL_FONT, type MapLayer, type RendererHandle } from './renderer.ts';
export { HIDE_TIES_ON_MOVE_ABOVE, type TieDraw, type TieStyles } from './ties.ts';
export { createNodeColorTexture, nodePrograms, type NodeColorTexture } from './node-programs.ts';
