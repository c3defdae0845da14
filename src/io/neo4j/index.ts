/** Neo4j storage: connect, import, load (whole graph or a subgraph) and push-down queries (docs/neo4j.md). */
export { connectNeo4j, settingsFromEnv, describeNeo4jFailure } from './connection.ts';
export type { Neo4jConnection, Neo4jSettings } from './connection.ts';
export { importDataset, encodeDataset, importCypher, IMPORT_DEFAULTS } from './import.ts';
export type { ImportOptions, ImportProgress, ImportResult } from './import.ts';
export { adminImportCommand, assertEmptyDatabase, BULK_ARGS_FILE, BULK_CONSTRAINTS_FILE, csvField, finishBulkImport, startBulkTestServer, writeBulkImport } from './bulk.ts';
export type { BulkFiles, BulkTestServer } from './bulk.ts';
export { loadDataset, LOAD_DEFAULTS, MAX_HOPS, neighbourhoodFirmsCypher } from './load.ts';
export type { LoadOptions, LoadScope } from './load.ts';
export {
  guaranteeCircleOf, guaranteeChainsOf, neighbourhoodOf, firmChainsOf, walkNeighbourhood, neo4jStore, checkNeighbourhoodOptions, orderFlags,
  CHAIN_DEFAULTS, CREDIT_KINDS, NEIGHBOURHOOD_DEFAULTS,
} from './pushdown.ts';
export type {
  ChainDirection, ChainOptions, ChainReach, CreditKind, FirmChainsOptions, FirmChainsResult, GuaranteeChains, GuaranteeCircle, GuaranteeCircleEdge,
  IncidentEdge, Neighbourhood, NeighbourhoodEdge, NeighbourhoodNode, NeighbourhoodOptions, NeighbourhoodPark, NeighbourhoodStore, NodeDetails, StoreEdge, StoreNode,
} from './pushdown.ts';
export { CONSTRAINTS, LABELS, REL_TYPES, STORAGE } from './schema.ts';
export { startTestServer, neo4jForTests, buildTestServer, JVM_DEFAULTS, TEST_SERVER_DEFAULTS, TEST_SERVER_JAR } from './test-server.ts';
export type { TestServer, TestServerOptions } from './test-server.ts';
