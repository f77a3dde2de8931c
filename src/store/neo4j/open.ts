/**
 * Opens the Neo4j store the environment names (see src/store/open.ts): `NEO4J_URI` (any scheme
 * neo4j-driver knows: bolt://, neo4j://, neo4j+s://, ...), `NEO4J_USER` (default `neo4j`),
 * `NEO4J_PASSWORD`, `NEO4J_DATABASE` (default: the server's default database), and
 * `NEO4J_RETRY_SECONDS` (default 30): how long a write is retried after the server drops, before
 * the import or edit fails with an error naming the failed batch.
 *
 * Connectivity and credentials are checked here: a wrong password or an unreachable URI throws a
 * GoalnetError('STORE_UNAVAILABLE') whose one-line message names the URI.
 */
import { badInput } from '../../model/errors.js';
import type { GraphStore } from '../graph-store.js';
import { settingsFromEnv } from './connection.js';
import { Neo4jStore } from './neo4j-store.js';

export async function openNeo4jStore(env: NodeJS.ProcessEnv): Promise<GraphStore> {
  const retry = env.NEO4J_RETRY_SECONDS;
  const seconds = retry === undefined || retry === '' ? 30 : Number(retry);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw badInput(`NEO4J_RETRY_SECONDS must be a number of seconds (0 or more), got ${JSON.stringify(retry)}`);
  }
  return Neo4jStore.open(settingsFromEnv(env), { maxTransactionRetryTime: seconds * 1000 });
}
