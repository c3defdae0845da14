/**
 * The command registry: `xinlian --help` lists commands in this order.
 * To add one: write ./<name>.ts exporting a Command (pattern in ../main.ts) and
 * add it here.
 */
import type { Command } from '../command.ts';
import { contagionCommand } from './contagion.ts';
import { circlesCommand } from './circles.ts';
import { convertCommand } from './convert.ts';
import { generateCommand } from './generate.ts';
import { montecarloCommand } from './montecarlo.ts';
import { impactCommand } from './impact.ts';
import { serveCommand } from './serve.ts';
import { stressCommand } from './stress.ts';
import { summaryCommand } from './summary.ts';
import { validateCommand } from './validate.ts';
import { reputationCommand } from './reputation.ts';
import { parkfitCommand } from './parkfit.ts';
import { communitiesCommand } from './communities.ts';
import { screenCommand } from './screen.ts';
import { neo4jCommand } from './neo4j.ts';

export const COMMANDS: readonly Command[] = [
  validateCommand,
  summaryCommand,
  circlesCommand,
  stressCommand,
  montecarloCommand,
  contagionCommand,
  impactCommand,
  reputationCommand,
  screenCommand,
  parkfitCommand,
  communitiesCommand,
  generateCommand,
  convertCommand,
  neo4jCommand,
  serveCommand,
];
