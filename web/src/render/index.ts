export { createRenderer, focusCamera, FOCUS_CAMERA_DEFAULTS, HIDE_EDGES_ON_MOVE_ABOVE, LABEL_FONT, type RendererHandle } from './renderer.ts';
export { NodeDiamondProgram } from './node-diamond.ts';
