/**
 * Picks the store the environment names: Neo4j when NEO4J_URI is set, otherwise the memory
 * store, saved to the snapshot file GOALNET_DATA (default `.goalnet/snapshot.json` in the
 * working directory; `GOALNET_DATA=none` keeps it in memory only).
 */
import path from 'node:path';
import type { GraphStore } from './graph-store.js';
import { MemoryStore } from './memory/memory-store.js';

export const DEFAULT_SNAPSHOT = path.join('.goalnet', 'snapshot.json');

export interface StoreChoice {
  kind: 'memory' | 'neo4j';
  /** Where the data lives, for messages: a snapshot path, "memory only" or the Neo4j URI. */
  location: string;
}

export function storeChoice(env: NodeJS.ProcessEnv = process.env): StoreChoice {
  if (env.NEO4J_URI) return { kind: 'neo4j', location: env.NEO4J_URI };
  const data = env.GOALNET_DATA ?? DEFAULT_SNAPSHOT;
  return { kind: 'memory', location: data === 'none' ? 'memory only' : path.resolve(data) };
}

export async function openStore(env: NodeJS.ProcessEnv = process.env): Promise<GraphStore> {
  const choice = storeChoice(env);
  if (choice.kind === 'neo4j') {
    const { openNeo4jStore } = await import('./neo4j/open.js');
    return openNeo4jStore(env);
  }
  return MemoryStore.open({ snapshotPath: choice.location === 'memory only' ? undefined : choice.location });
}

/** A store in memory only, for one command's work on files. */
export async function scratchStore(): Promise<GraphStore> {
  return MemoryStore.open({});
}
