/** `xinlian serve DIR`: the viewer and the JSON API on 127.0.0.1 until Ctrl-C. */
import path from 'node:path';
import { buildApp, DEFAULT_WEB_ROOT, startServer, viewerBuilt } from '../../server/index.ts';
import { argument, integerOption, stringOption, type Command } from '../command.ts';
import { DATASET_ARGUMENT, loadAnalysis } from '../dataset.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the viewer and the JSON API for a dataset (default http://127.0.0.1:5173/)',
  description: 'If the port is busy the next free one is used (and printed). Stops on Ctrl-C.\nThe viewer is served from dist/web: run `npm run build:web` first (npm start does it).',
  arguments: [DATASET_ARGUMENT],
  options: {
    port: { type: 'string', value: 'PORT', default: '5173', description: 'first port to try (0 = any free port)' },
    host: { type: 'string', value: 'HOST', default: '127.0.0.1', description: 'interface to bind; keep the loopback unless you add access control' },
    web: { type: 'string', value: 'DIR', description: 'built viewer folder (default: dist/web of this installation)' },
  },
  examples: ['serve data/demo', 'serve data/demo --port 8080'],
  async run(parsed, ctx) {
    const port = integerOption(parsed, 'port', 0, 65535)!;
    const host = stringOption(parsed, 'host')!;
    const webArg = stringOption(parsed, 'web');
    const webRoot = webArg === undefined ? DEFAULT_WEB_ROOT : path.resolve(ctx.cwd, webArg);
    const { dataset, snapshot } = await loadAnalysis(ctx, argument(parsed, 'DIR'));
    if (!viewerBuilt(webRoot)) {
      ctx.warn(`the viewer is not built (no index.html in ${webRoot}): run \`npm run build:web\` (npm start does it); serving the API only`);
    }
    const app = await buildApp({ dataset, snapshot, webRoot });
    const server = await startServer(app, { host, port, onPortBusy: (busy) => ctx.warn(`port ${busy} is in use, trying ${busy + 1}`) });
    ctx.out.emit({
      value: { url: server.url, host: server.host, port: server.port, dataset: dataset.meta.name, viewer: viewerBuilt(webRoot) },
      human: () => `xinlian: serving ${dataset.meta.name} at ${server.url}  (Ctrl-C to stop)`,
    });
    const signal = await ctx.interrupted();
    await server.close();
    ctx.out.say(`stopped (${signal})`);
  },
};
