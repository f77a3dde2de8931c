/**
 * The resume key `goalnet import` gives a Neo4j import (ImportOptions.resumeKey): it names the
 * journeys the import writes, so that running the same import after a crash starts after the
 * last committed batch.
 *
 * The journeys come from the bytes of the event log read against the stored model, so the key is
 * the SHA-256 of the log file and of the stored model document: any change to either (a model
 * edit may reject other rows or resolve other actors) is another key, and that import starts from
 * its first batch. The store itself keys the checkpoint on the batch size and the number of
 * journeys too (src/store/neo4j/import-runs.ts).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { badInput } from '../model/errors.js';
import type { ModelDocument } from '../model/types.js';

/** The SHA-256 of a file's bytes, in hex, read as a stream (stopped by `signal`). */
export async function fileSha256(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal })) hash.update(chunk as Buffer);
  } catch (error) {
    throw badInput(`cannot read the event log ${path}: ${(error as Error).message}; check the path`);
  }
  return hash.digest('hex');
}

/** The resume key of importing the log whose SHA-256 is `logSha256` against `storedModel`. */
export function importResumeKey(logSha256: string, storedModel: ModelDocument): string {
  const model = createHash('sha256').update(JSON.stringify(storedModel)).digest('hex');
  return `event-log:sha256:${logSha256};model:sha256:${model}`;
}
