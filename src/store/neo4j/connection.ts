/**
 * The connection to Neo4j: settings from the environment, the driver, and errors turned into
 * one-line GoalnetErrors that name the URI.
 *
 * Rules:
 * - `NEO4J_URI` is passed to the driver as it is, so every scheme it knows works unchanged:
 *   `bolt://`, `neo4j://` (routing, clusters), `neo4j+s://` and `bolt+s://` (TLS, e.g. Aura),
 *   `+ssc` variants. `NEO4J_USER` defaults to `neo4j`; `NEO4J_PASSWORD` defaults to empty;
 *   `NEO4J_DATABASE` defaults to the server's default database.
 * - Integers come back as JavaScript numbers (`disableLosslessIntegers`): every integer this store
 *   reads is a count or a position, far below 2^53.
 * - Connection problems and refused credentials become `STORE_UNAVAILABLE` with one line saying
 *   what happened, at which URI, and what to check; never a stack or the driver's multi-line text.
 */
import neo4j, { type Driver, type Config } from 'neo4j-driver';
import { GoalnetError } from '../../model/errors.js';

export interface Neo4jSettings {
  uri: string;
  user: string;
  password: string;
  /** The database to use; undefined for the server's default. */
  database?: string;
}

/** Driver settings this store changes from the driver's defaults (tests shorten them). */
export interface Neo4jTuning {
  /** How long a managed transaction is retried after transient failures (ms). Default 30 000. */
  maxTransactionRetryTime?: number;
  /** How long to wait for a TCP connection (ms). Default 15 000. */
  connectionTimeout?: number;
  /** Connections per server. Default 16. */
  maxConnectionPoolSize?: number;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv): Neo4jSettings {
  const uri = (env.NEO4J_URI ?? '').trim();
  if (uri === '') {
    throw new GoalnetError('STORE_UNAVAILABLE', 'NEO4J_URI is not set; set it to the Bolt URI of your Neo4j, e.g. neo4j://localhost:7687');
  }
  const database = env.NEO4J_DATABASE?.trim();
  return {
    uri,
    user: env.NEO4J_USER?.trim() || 'neo4j',
    password: env.NEO4J_PASSWORD ?? '',
    database: database === '' ? undefined : database,
  };
}

/** A driver for the settings; throws STORE_UNAVAILABLE for a URI the driver does not accept. */
export function createDriver(settings: Neo4jSettings, tuning: Neo4jTuning = {}): Driver {
  const config: Config = {
    disableLosslessIntegers: true,
    maxTransactionRetryTime: tuning.maxTransactionRetryTime ?? 30_000,
    connectionTimeout: tuning.connectionTimeout ?? 15_000,
    maxConnectionPoolSize: tuning.maxConnectionPoolSize ?? 16,
    userAgent: 'goalnet',
  };
  try {
    return neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password), config);
  } catch (error) {
    throw new GoalnetError(
      'STORE_UNAVAILABLE',
      `Cannot use NEO4J_URI ${settings.uri}: ${firstLine(error)}; give a URI such as bolt://host:7687, neo4j://host:7687 or neo4j+s://xxxx.databases.neo4j.io`,
    );
  }
}

/** The Neo4j status code of a driver error, if any. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for errors that mean the credentials were refused. */
export function isAuthError(error: unknown): boolean {
  const code = errorCode(error) ?? '';
  return code.startsWith('Neo.ClientError.Security.');
}

/** True for errors that mean the server could not be reached or went away. */
export function isConnectionError(error: unknown): boolean {
  const code = errorCode(error);
  return code === neo4j.error.SERVICE_UNAVAILABLE || code === neo4j.error.SESSION_EXPIRED || code === 'ServiceUnavailable';
}

/** The first line of an error's message, without trailing punctuation. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? 'unknown error';
  return line.trim().replace(/[.:;,\s]+$/, '');
}

/**
 * A one-line STORE_UNAVAILABLE error for a failure to reach or use the server at `uri`, saying
 * what to check. GoalnetErrors pass through unchanged.
 */
export function unavailable(error: unknown, settings: Pick<Neo4jSettings, 'uri' | 'user' | 'database'>, doing: string): GoalnetError {
  if (error instanceof GoalnetError) return error;
  const where = `Neo4j at ${settings.uri}`;
  if (isAuthError(error)) {
    return new GoalnetError(
      'STORE_UNAVAILABLE',
      `${where} refused the credentials of user "${settings.user}" while ${doing} (${firstLine(error)}); check NEO4J_USER and NEO4J_PASSWORD`,
    );
  }
  if (errorCode(error) === 'Neo.ClientError.Database.DatabaseNotFound') {
    return new GoalnetError(
      'STORE_UNAVAILABLE',
      `${where} has no database "${settings.database ?? '(default)'}" (${firstLine(error)}); check NEO4J_DATABASE`,
    );
  }
  if (isConnectionError(error)) {
    return new GoalnetError(
      'STORE_UNAVAILABLE',
      `Cannot reach ${where} while ${doing} (${firstLine(error)}); check NEO4J_URI and that the server is running and reachable`,
    );
  }
  return new GoalnetError('STORE_UNAVAILABLE', `${where} failed while ${doing}: ${firstLine(error)}`);
}
