/**
 * The server as configured by the environment, for `goalnet serve`:
 *   GOALNET_PORT (default 4000), GOALNET_HOST (default 127.0.0.1),
 *   GOALNET_API_KEYS / GOALNET_API_KEYS_FILE (auth.ts), GOALNET_DEMO=1 (demo mode),
 *   GOALNET_CORS_ORIGINS (comma-separated origins, or *), GOALNET_WEB_ROOT (built front end),
 *   the limits of limits.ts (GOALNET_MAX_DEPTH, …; GOALNET_MAX_INFLIGHT, default 256, bounds the
 *   requests answered at once, beyond which a request gets HTTP 429 with Retry-After;
 *   GOALNET_REQUEST_TIMEOUT_MS, default 120000, is how long a request may take to arrive before
 *   HTTP 408), and the store of src/store/open.ts (NEO4J_URI, GOALNET_DATA).
 */
import { badInput } from '../model/errors.js';
import type { GraphStore } from '../store/graph-store.js';
import { openStore } from '../store/open.js';
import { apiKeysFromEnv } from './auth.js';
import { loadExampleModels } from './examples.js';
import { createApiServer, type ApiServer, type ApiServerOptions } from './http.js';
import { limitsFromEnv } from './limits.js';
import type { Logger } from './log.js';

export const DEFAULT_PORT = 4000;
export const DEFAULT_HOST = '127.0.0.1';

export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

/** Server options from the environment (without the store). */
export function serverOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Omit<ApiServerOptions, 'store'> {
  const rawPort = env.GOALNET_PORT?.trim();
  let port = DEFAULT_PORT;
  if (rawPort) {
    port = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || port > 65535) throw badInput(`GOALNET_PORT must be a port number from 0 to 65535, got ${JSON.stringify(rawPort)}`);
  }
  const cors = (env.GOALNET_CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return {
    port,
    host: env.GOALNET_HOST?.trim() || DEFAULT_HOST,
    demo: isTruthy(env.GOALNET_DEMO),
    keys: apiKeysFromEnv(env),
    limits: limitsFromEnv(env),
    cors,
    webRoot: env.GOALNET_WEB_ROOT?.trim() || undefined,
  };
}

export interface ServeOptions {
  env?: NodeJS.ProcessEnv;
  /** Put the example models of seeds/ into the store when it lacks them (default: in demo mode only). */
  examples?: boolean;
  logger?: Logger;
  /** Use this store instead of opening the one the environment names. */
  store?: GraphStore;
}

/**
 * Opens the store the environment names and serves it. `close()` stops the server and closes
 * the store (unless one was passed in).
 */
export async function serveFromEnv(options: ServeOptions = {}): Promise<ApiServer & { store: GraphStore }> {
  const env = options.env ?? process.env;
  const serverOptions = serverOptionsFromEnv(env);
  const store = options.store ?? (await openStore(env));
  try {
    if (options.examples ?? serverOptions.demo) await loadExampleModels(store);
    const server = await createApiServer({ ...serverOptions, store, logger: options.logger });
    return {
      ...server,
      store,
      close: async () => {
        await server.close();
        if (options.store === undefined) await store.close();
      },
    };
  } catch (error) {
    if (options.store === undefined) await store.close();
    throw error;
  }
}
