export { createBaseLayer, edgeDisplay, focusOf, nodeDisplay, type Focus } from './base.ts';
