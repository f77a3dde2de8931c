/**
 * Writes a synthetic event log to a CSV file as it is generated, in the project's event-log
 * format (the header and rows of seeds/generator.ts, which src/ingest/event-log.ts reads):
 * `journey,timestamp,activity,actor,channel,touchpoint,outcome,sentiment,note,segment`.
 * Rows are gathered into chunks of about 256 KB; when the file stream's buffer is full the
 * writer waits for it to drain, so memory stays flat whatever the size of the log.
 */
import type { ModelDocument } from '../../src/model/types.js';
import { EVENT_LOG_HEADER, journeyRows } from '../../seeds/generator.js';
import { openTextFile } from '../../seeds/text-file.js';
import { syntheticJourneys } from './journeys.js';
import type { Planted } from './model.js';
import type { SyntheticSpec } from './spec.js';

export interface LogProgress {
  journeys: number;
  steps: number;
  bytes: number;
  /** Journeys to write in all. */
  total: number;
}

export interface LogResult {
  journeys: number;
  steps: number;
  bytes: number;
}

const CHUNK_CHARS = 256 * 1024;
const PROGRESS_EVERY = 10_000;

/** Streams the log of `spec` to `file` (created or replaced); `onProgress` every 10,000 journeys and at the end. */
export async function writeSyntheticLog(
  file: string,
  model: ModelDocument,
  planted: Planted,
  spec: SyntheticSpec,
  onProgress?: (progress: LogProgress) => void,
): Promise<LogResult> {
  const out = openTextFile(file, 1 << 20);
  let bytes = 0;
  const flush = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    await out.write(text);
  };

  let journeys = 0;
  let steps = 0;
  try {
    let chunk = `${EVENT_LOG_HEADER}\n`;
    for (const journey of syntheticJourneys(model, planted, spec)) {
      chunk += journeyRows(journey);
      journeys++;
      steps += journey.steps.length;
      if (chunk.length >= CHUNK_CHARS) {
        await flush(chunk);
        chunk = '';
      }
      if (onProgress !== undefined && journeys % PROGRESS_EVERY === 0) onProgress({ journeys, steps, bytes, total: spec.journeys });
    }
    if (chunk.length > 0) await flush(chunk);
  } finally {
    await out.end();
  }
  if (out.error !== undefined) throw out.error;
  onProgress?.({ journeys, steps, bytes, total: spec.journeys });
  return { journeys, steps, bytes };
}
