/** The tools of the analysis drawer, in tab order (each tool lives in its own module). */
import type { Tool } from './tools.ts';
import { circlesTool } from './circles-tool.ts';
import { contagionTool } from './contagion-tool.ts';
import { parkTool } from './park-tool.ts';

export const TOOLS: readonly Tool[] = [
  circlesTool,
  contagionTool,
  parkTool,
];
