export { Neo4jStore, DEFAULT_IMPORT_BATCH, DEFAULT_PAGE_SIZE, DEFAULT_STATS_CONCURRENCY, batchFailure, type Neo4jStoreOptions } from './neo4j-store.js';
export { openNeo4jStore } from './open.js';
export { settingsFromEnv, type Neo4jSettings, type Neo4jTuning } from './connection.js';
export { applyMigrations, loadMigrations, splitStatements, type Migration } from './migrations.js';
export { encodeSteps, decodeSteps, sortKey, contactKey, contactKeysOf, parseContactKey, MARK, NO_SENTIMENT } from './journey-codec.js';
