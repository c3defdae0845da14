export { createBaseLayer, edgeDisplay, focusOf, FOCUS_MIN_SIZE, NEIGHBOUR_MIN_SIZE, nodeDisplay, type Focus } from './base.ts';
