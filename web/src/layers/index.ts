export {
  COLOR_MEASURE, CROSS_TIE_MUTED, INSIDE_TIE_ALPHA, LAYER_EDGE_KINDS, MAX_CATEGORIES, MEASURE_SCALE, SIZE_MEASURE, borrowingOrLending, communityColors,
  communityPalette, edgeVisibility, filtersActive, firmPasses, industryColors, layerEdgeColors, measureColors, neededMeasures, nodeColors,
  nodeSizes, nodeVisibility, parkColors, rampPositions, rankCategories, screeningColors, sizeValues,
  type ColorLegend, type LegendCategory, type LegendLabel, type MeasureColumns, type MeasureInfo, type NodeColors, type NumericMeasure, type Visibility,
} from './derive.ts';
export { createMeasureLoader, type MeasureLoader, type MeasureStatus } from './measures.ts';
export { subgraphEdgesCsv, subgraphGexf, subgraphNodesCsv, subgraphOf, type Subgraph } from './subgraph.ts';
export { createMapView, depthSuffix, FOCUS_MIN_SIZE, NEIGHBOUR_MIN_SIZE, HIGHLIGHT_LABELS_UP_TO, overlayColors, type Derived, type MapView, type ViewFocus } from './view.ts';
