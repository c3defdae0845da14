/** The tools of the analysis drawer, in tab order (each tool lives in its own module). */
import type { Tool } from './tools.ts';

export const TOOLS: readonly Tool[] = [
];
