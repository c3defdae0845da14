export * from './schema.ts';
export * from './graph.ts';
