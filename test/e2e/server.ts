// TEMPORARY (dev only, replaced before delivery): spawns the /tmp stub until src/server lands.
import { spawn } from 'node:child_process';
export interface RunningServer { url: string; close(): Promise<void> }
export async function startViewerServer(): Promise<RunningServer> {
  const child = spawn('node', ['/tmp/v6/devserver.mjs'], { env: { ...process.env, PORT: '5198', DEMO: '1' } });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return { url: 'http://127.0.0.1:5198/', close: async () => { child.kill(); } };
}
