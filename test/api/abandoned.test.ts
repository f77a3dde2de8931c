/**
 * An operation answered with TIMEOUT that still runs counts against the in-flight bound until it
 * ends, so that a client repeating slow requests cannot pile up unbounded work. The store's
 * journeyStats waits on a gate the test opens, so nothing here depends on how fast anything runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer, type ApiServer } from '../../src/api/http.js';
import { loadExampleModels } from '../../src/api/examples.js';
import type { GraphStore } from '../../src/store/graph-store.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';

const KEY = 'abandoned-test-key-0123456789';

/** A store whose journeyStats waits until `open()` is called. */
function gatedStore(inner: MemoryStore): { store: GraphStore; open: () => void; waiting: () => number } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let waiting = 0;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'journeyStats') {
        return async (...args: Parameters<GraphStore['journeyStats']>) => {
          waiting++;
          await gate;
          waiting--;
          return target.journeyStats(...args);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as GraphStore;
  return { store, open: release, waiting: () => waiting };
}

async function post(server: ApiServer, query: string): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, code: body.errors?.[0]?.extensions?.code };
}

describe('operations abandoned after TIMEOUT', () => {
  let inner: MemoryStore;
  let gated: ReturnType<typeof gatedStore>;
  let server: ApiServer;

  beforeAll(async () => {
    inner = await MemoryStore.open({});
    await loadExampleModels(inner);
    gated = gatedStore(inner);
    server = await createApiServer({
      store: gated.store,
      port: 0,
      keys: [{ key: KEY, name: 'test', roles: { '*': 'analyst' } }],
      limits: { timeoutMs: 200, maxInflight: 1 },
      logger: () => undefined,
    });
  });

  afterAll(async () => {
    gated.open();
    await server?.close();
    await inner?.close();
  });

  it('hold their in-flight slot until they end: the next request is refused with 429, then served', async () => {
    const gaps = '{ gaps(modelId: "home-purchase") { ranked { id } } }';
    const model = '{ model(id: "home-purchase") { id } }';

    // The analysis waits on the gate: it is answered TIMEOUT and keeps running.
    expect(await post(server, gaps)).toMatchObject({ status: 503, code: 'TIMEOUT' });
    expect(gated.waiting()).toBe(1);

    // Its slot is still taken (the bound is 1), whatever the next request asks for.
    expect(await post(server, model)).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });

    // Once it ends, the slot is free again.
    gated.open();
    for (let i = 0; gated.waiting() > 0 && i < 1000; i++) await new Promise((r) => setTimeout(r, 5));
    expect(gated.waiting()).toBe(0);
    let answer = await post(server, model);
    // The abandoned run releases its slot when its promise settles, a turn after the store answers.
    for (let i = 0; answer.status === 429 && i < 100; i++) answer = await post(server, model);
    expect(answer).toMatchObject({ status: 200 });
  });
});
