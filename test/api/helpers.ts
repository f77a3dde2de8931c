/**
 * Helpers of the API tests: a server on a random loopback port over a store from a factory,
 * a `gql` client that speaks HTTP with fetch, and the store factories the suites run against.
 *
 * STORE FACTORY HOOK: `apiStoreFactories()` lists the stores every parameterised API suite runs
 * against: the memory store, plus Neo4j when the test run has one (see `neo4jApiFactory`).
 */
import type { GraphStore } from '../../src/store/graph-store.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { createApiServer, type ApiServer, type ApiServerOptions } from '../../src/api/http.js';
import { loadExampleModels } from '../../src/api/examples.js';
import type { ApiKey } from '../../src/api/auth.js';
import { neo4jFactory as contractNeo4jFactory } from '../contract/stores.js';
import { NamespacedStore } from './namespaced-store.js';

export interface StoreFactory {
  name: string;
  /** A fresh, empty store. */
  create(): Promise<GraphStore>;
}

export const memoryFactory: StoreFactory = {
  name: 'memory',
  create: () => MemoryStore.open({}),
};

/**
 * Neo4j, when the test run has one: the contract suite's factory (test/contract/stores.ts, fed by
 * the global setup test/setup/neo4j-global.ts), each store a namespaced view so that API tests
 * keep the example models' plain ids on a server other tests share. The global setup starts
 * Neo4j when the run includes test/contract (or runs everything), or uses NEO4J_URI:
 *   npx vitest run test/api test/contract
 */
export const neo4jApiFactory: StoreFactory | undefined = (() => {
  const contract = contractNeo4jFactory();
  if (!contract.available) return undefined;
  return { name: 'neo4j', create: async () => new NamespacedStore(await contract.open()) };
})();

export async function apiStoreFactories(): Promise<StoreFactory[]> {
  return neo4jApiFactory === undefined ? [memoryFactory] : [memoryFactory, neo4jApiFactory];
}

export const KEYS: Record<'admin' | 'editor' | 'analyst' | 'viewer' | 'outsider', ApiKey> = {
  admin: { key: 'admin-key-0123456789', name: 'the-admin', roles: { '*': 'admin' } },
  editor: { key: 'editor-key-0123456789', name: 'the-editor', roles: { '*': 'viewer', 'home-purchase': 'editor', scratch: 'editor' } },
  analyst: { key: 'analyst-key-0123456789', name: 'the-analyst', roles: { '*': 'analyst' } },
  viewer: { key: 'viewer-key-0123456789', name: 'the-viewer', roles: { '*': 'viewer' } },
  outsider: { key: 'outsider-key-0123456789', name: 'the-outsider', roles: { 'pasta-dinner': 'viewer' } },
};

export interface GqlResult {
  status: number;
  data?: Record<string, any>;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export interface TestApi {
  server: ApiServer;
  store: GraphStore;
  logs: Record<string, unknown>[];
  /** POSTs a GraphQL operation with the key (`null` for none; default the admin key). */
  gql(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<GqlResult>;
  /** Like gql but throws unless the answer has data and no errors. */
  ok(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<Record<string, any>>;
  close(): Promise<void>;
}

export async function startApi(
  options: Partial<ApiServerOptions> & { factory?: StoreFactory; examples?: boolean; store?: GraphStore } = {},
): Promise<TestApi> {
  const store = options.store ?? (await (options.factory ?? memoryFactory).create());
  if (options.examples ?? true) await loadExampleModels(store);
  const logs: Record<string, unknown>[] = [];
  const server = await createApiServer({
    keys: Object.values(KEYS),
    ...options,
    store,
    port: 0,
    host: '127.0.0.1',
    logger: (line) => logs.push(line as Record<string, unknown>),
  });
  const gql = async (query: string, variables?: Record<string, unknown>, key: string | null = KEYS.admin.key): Promise<GqlResult> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key !== null) headers.authorization = `Bearer ${key}`;
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as Omit<GqlResult, 'status'>;
    return { status: res.status, ...body };
  };
  return {
    server,
    store,
    logs,
    gql,
    ok: async (query, variables, key) => {
      const r = await gql(query, variables, key);
      if (r.errors !== undefined || r.data === undefined) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
      return r.data;
    },
    close: async () => {
      await server.close();
      if (options.store === undefined) await store.close();
    },
  };
}

/** The first error's code, message and extensions. */
export function firstError(r: GqlResult): { code: string; message: string; extensions: Record<string, any> } {
  const e = r.errors?.[0];
  if (e === undefined) throw new Error(`expected an error, got data ${JSON.stringify(r.data)}`);
  return { code: e.extensions?.code, message: e.message, extensions: e.extensions ?? {} };
}
