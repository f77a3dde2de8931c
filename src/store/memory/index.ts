export { MemoryStore, DEFAULT_IMPORT_BATCH, DEFAULT_PAGE_SIZE, journeyProblems, type MemoryStoreOptions } from './memory-store.js';
export { columnStats } from './column-stats.js';
export { JourneyColumns } from './journey-columns.js';
export { loadSnapshot, saveSnapshot, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type SnapshotModel } from './snapshot.js';
