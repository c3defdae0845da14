/**
 * Public face of the seeded Wenzhou-style cluster generator (docs/demo-dataset.md).
 * `generateCluster(options)` → Dataset in memory; `generateToFolder(options, dir,
 * onProgress?)` streams the same content to a dataset folder.
 */
export { generateCluster, generateToFolder, planCluster, clusterMeta, GENERATOR_NAME, GENERATOR_VERSION } from './generate.ts';
export type { ClusterPlan, GenerateProgress, GenerateSummary } from './generate.ts';
export { DEFAULTS, resolveOptions } from './options.ts';
export type { GeneratorOptions, ResolvedOptions } from './options.ts';
export { INDUSTRIES, INDUSTRY_INPUTS, industryLabel } from './industries.ts';
export type { IndustryInfo } from './industries.ts';
export { BANK_SPECS, DISTRICTS, PARK_SPECS } from './catalog.ts';
