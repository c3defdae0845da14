export * from './csr.ts';
export * from './rng.ts';
export * from './scc.ts';
export * from './snapshot.ts';
