export * from './csr.ts';
export * from './rng.ts';
export * from './scc.ts';
export * from './snapshot.ts';
export * from './paths.ts';
export * from './louvain.ts';
