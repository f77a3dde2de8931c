/**
 * Opens the Neo4j store the environment names (see src/store/open.ts): `NEO4J_URI` (any scheme
 * neo4j-driver knows: bolt://, neo4j://, neo4j+s://, ...), `NEO4J_USER` (default `neo4j`),
 * `NEO4J_PASSWORD`, `NEO4J_DATABASE` (default: the server's default database).
 *
 * Connectivity and credentials are checked here: a wrong password or an unreachable URI throws a
 * GoalnetError('STORE_UNAVAILABLE') whose one-line message names the URI.
 */
import type { GraphStore } from '../graph-store.js';
import { settingsFromEnv } from './connection.js';
import { Neo4jStore } from './neo4j-store.js';

export async function openNeo4jStore(env: NodeJS.ProcessEnv): Promise<GraphStore> {
  return Neo4jStore.open(settingsFromEnv(env));
}
