/**
 * `goalnet serve [--demo] [--port N] [--host H] [--examples]`: the GraphQL API with its IDE and
 * the actor-network viewer, on the store the environment names. Stops cleanly on Ctrl-C or
 * SIGTERM. Flags override GOALNET_DEMO, GOALNET_PORT and GOALNET_HOST.
 */
import { serveFromEnv } from '../api/index.js';
import { storeChoice } from '../store/open.js';
import { UsageError, type Output } from './context.js';

export const serveOptions = {
  demo: { type: 'boolean' },
  examples: { type: 'boolean' },
  port: { type: 'string' },
  host: { type: 'string' },
} as const;

export interface ServeFlags {
  demo?: boolean;
  examples?: boolean;
  port?: string;
  host?: string;
}

export async function serveCommand(flags: ServeFlags, io: Output): Promise<number> {
  const env = { ...process.env };
  if (flags.demo) env.GOALNET_DEMO = '1';
  if (flags.port !== undefined) {
    if (!/^\d+$/.test(flags.port)) throw new UsageError(`--port takes a port number, not "${flags.port}"`);
    env.GOALNET_PORT = flags.port;
  }
  if (flags.host !== undefined) env.GOALNET_HOST = flags.host;
  const server = await serveFromEnv({ env, examples: flags.examples || undefined });
  const models = await server.store.listModels();
  io.err(`goalnet API on ${storeChoice(env).kind} store (${storeChoice(env).location}), ${models.length} models`);
  io.err(`  GraphQL IDE      ${server.url}/ide`);
  io.err(`  GraphQL endpoint ${server.url}/graphql`);
  io.err(`  health           ${server.url}/health`);
  if (models[0] !== undefined) io.err(`  actor network    ${server.url}/network/${models[0].id}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.err('goalnet: stopping');
  await server.close();
  return 0;
}
