/**
 * The API route registry: each group is one fastify plugin in this folder,
 * mounted under /api by app.ts. To add a group, write routes/<group>.ts exporting
 * a `FastifyPluginAsync` (see summary.ts for the smallest one) and add one entry here.
 */
import type { FastifyPluginAsync } from 'fastify';
import { contagionRoutes } from './contagion.ts';
import { circleRoutes } from './circles.ts';
import { firmRoutes } from './firms.ts';
import { graphRoutes } from './graph.ts';
import { stressRoutes } from './stress.ts';
import { summaryRoutes } from './summary.ts';
import { reputationRoutes } from './reputation.ts';
import { parkRoutes } from './parks.ts';
import { measureRoutes } from './measures.ts';
import { neighbourhoodRoutes } from './neighbourhood.ts';

export const API_ROUTES: readonly { name: string; plugin: FastifyPluginAsync }[] = [
  { name: 'summary', plugin: summaryRoutes },
  { name: 'graph', plugin: graphRoutes },
  { name: 'firms', plugin: firmRoutes },
  { name: 'circles', plugin: circleRoutes },
  { name: 'stress', plugin: stressRoutes },
  { name: 'contagion', plugin: contagionRoutes },
  { name: 'reputation', plugin: reputationRoutes },
  { name: 'parks', plugin: parkRoutes },
  { name: 'measures', plugin: measureRoutes },
  { name: 'neighbourhood', plugin: neighbourhoodRoutes },
];
