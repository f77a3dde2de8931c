/**
 * The stores the contract suite runs against, behind one factory interface.
 *
 * - memory: a fresh MemoryStore (memory only) per `open()`.
 * - neo4j: a Neo4jStore on the server the global setup provides (test/setup/neo4j-global.ts);
 *   unavailable (its tests skipped) when there is none. Tests on a shared server keep apart by
 *   model ids: `modelId(base)` gives an id no other test (or test run) uses, and `cleanup()`
 *   deletes every model opened that way.
 */
import { inject } from 'vitest';
import type { GraphStore } from '../../src/store/graph-store.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { Neo4jStore, type Neo4jStoreOptions } from '../../src/store/neo4j/neo4j-store.js';
import type { ProvidedNeo4j } from '../setup/neo4j-global.js';

export interface StoreFactory {
  name: 'memory' | 'neo4j';
  /** False when the store cannot run here (its tests are skipped). */
  available: boolean;
  open(): Promise<GraphStore>;
}

/** The Neo4j the global setup provides, or null. */
export function neo4jConnection(): ProvidedNeo4j | null {
  return inject('neo4j');
}

export const memoryFactory: StoreFactory = {
  name: 'memory',
  available: true,
  open: () => MemoryStore.open({}),
};

export function neo4jFactory(options: Neo4jStoreOptions = {}): StoreFactory {
  const connection = neo4jConnection();
  return {
    name: 'neo4j',
    available: connection !== null,
    open: () => {
      if (connection === null) throw new Error('no Neo4j for the tests');
      return Neo4jStore.open(
        { uri: connection.uri, user: connection.user, password: connection.password, database: connection.database },
        options,
      );
    },
  };
}

export const STORE_FACTORIES: StoreFactory[] = [memoryFactory, neo4jFactory()];

const RUN = `t${process.pid.toString(36)}${Date.now().toString(36)}`;
let counter = 0;

/** A model id unique to this test (and run), recognisable as a test's: `ct-<run>-<n>-<base>`. */
export function uniqueModelId(base: string): string {
  counter += 1;
  return `ct-${RUN}-${counter}-${base}`;
}

/** Deletes the models whose ids `uniqueModelId` made, from a store that may hold others too. */
export async function deleteTestModels(store: GraphStore): Promise<void> {
  for (const m of await store.listModels()) {
    if (m.id.startsWith(`ct-${RUN}-`)) await store.deleteModel(m.id);
  }
}
