/**
 * Import checkpoints in Neo4j: `(:ImportRun {model, key, committed, batchSize, batches, journeys})`,
 * one per model and resume key (ImportOptions.resumeKey), so that an import cut off by a crash
 * starts again after its last committed batch instead of re-reading every batch.
 *
 * Rules:
 * - `recordBatch` runs inside the transaction of the batch it counts: the checkpoint is exactly
 *   what was committed, never one batch ahead or behind.
 * - A checkpoint counts only for the same shape of input (batch size, number of batches and of
 *   journeys); any other shape starts from the first batch (merging is idempotent, so starting
 *   over is always correct, only slower) and the next batch overwrites the checkpoint.
 * - `committed` only grows, and only by one batch at a time from a checkpoint of the same shape
 *   (or to 1 from nothing): two runs of one input at once cannot move it back, and a run whose
 *   checkpoint was removed meanwhile (deleteJourneys) cannot recreate it claiming batches it did
 *   not write since; its checkpoint stays at 0, so a later run starts over.
 * - The last batch of an import removes the checkpoint in its own transaction (`finishRun`), so
 *   a completed import never leaves one behind, nor fails after all its batches are written.
 * - The checkpoint is removed with its model, and when journeys of the model are deleted.
 */
import neo4j, { type ManagedTransaction } from 'neo4j-driver';

/** The shape of an import: a checkpoint of another shape does not apply. */
export interface ImportShape {
  batchSize: number;
  batches: number;
  journeys: number;
}

export interface ImportCheckpoint extends ImportShape {
  /** Batches 1..committed are committed. */
  committed: number;
}

/** Anything that runs Cypher: a transaction, or a session for an auto-commit query. */
interface Runner {
  run: ManagedTransaction['run'];
}

const READ_RUN = `MATCH (r:ImportRun {model: $model, key: $key})
RETURN r.committed AS committed, r.batchSize AS batchSize, r.batches AS batches, r.journeys AS journeys`;

const RECORD_BATCH = `MERGE (r:ImportRun {model: $model, key: $key})
ON CREATE SET r.startedAt = datetime()
WITH r, coalesce(r.batchSize = $batchSize AND r.batches = $batches AND r.journeys = $journeys, false) AS same
SET r.committed = CASE
      WHEN same AND r.committed >= $committed THEN r.committed
      WHEN same AND r.committed = $committed - 1 THEN $committed
      WHEN $committed = 1 THEN 1
      ELSE coalesce(r.committed, 0) END,
    r.batchSize = $batchSize, r.batches = $batches, r.journeys = $journeys, r.updatedAt = datetime()`;

const FINISH_RUN = 'MATCH (r:ImportRun {model: $model, key: $key}) DELETE r';

const DELETE_RUNS = 'MATCH (r:ImportRun) WHERE r.model = $model AND r.key IS NOT NULL DELETE r';

/** The checkpoint of `key`, or null when there is none. */
export async function readCheckpoint(tx: Runner, modelId: string, key: string): Promise<ImportCheckpoint | null> {
  const { records } = await tx.run(READ_RUN, { model: modelId, key });
  if (records.length === 0) return null;
  const number = (name: string): number => Number(records[0].get(name) ?? 0);
  return { committed: number('committed'), batchSize: number('batchSize'), batches: number('batches'), journeys: number('journeys') };
}

/** How many batches an import of `shape` may skip with this checkpoint (0 without one, or of another shape). */
export function batchesToSkip(checkpoint: ImportCheckpoint | null, shape: ImportShape): number {
  if (checkpoint === null) return 0;
  const same = checkpoint.batchSize === shape.batchSize && checkpoint.batches === shape.batches && checkpoint.journeys === shape.journeys;
  return same ? Math.max(0, Math.min(checkpoint.committed, shape.batches)) : 0;
}

/** Records, in the batch's own transaction, that batches 1..committed are committed. */
export async function recordBatch(tx: Runner, modelId: string, key: string, shape: ImportShape, committed: number): Promise<void> {
  await tx.run(RECORD_BATCH, {
    model: modelId,
    key,
    committed: neo4j.int(committed),
    batchSize: neo4j.int(shape.batchSize),
    batches: neo4j.int(shape.batches),
    journeys: neo4j.int(shape.journeys),
  });
}

/** Removes the checkpoint of a completed import. */
export async function finishRun(tx: Runner, modelId: string, key: string): Promise<void> {
  await tx.run(FINISH_RUN, { model: modelId, key });
}

/** Removes every checkpoint of a model (when the model is deleted). */
export async function deleteRuns(tx: Runner, modelId: string): Promise<void> {
  await tx.run(DELETE_RUNS, { model: modelId });
}
