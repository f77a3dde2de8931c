/**
 * Writes a synthetic event log to a CSV file as it is generated, in the project's event-log
 * format (the header and rows of seeds/generator.ts, which src/ingest/event-log.ts reads):
 * `journey,timestamp,activity,actor,channel,touchpoint,outcome,sentiment,note,segment`.
 * Rows are gathered into chunks of about 256 KB; when the file stream's buffer is full the
 * writer waits for it to drain, so memory stays flat whatever the size of the log.
 */
import { createWriteStream } from 'node:fs';
import type { ModelDocument } from '../../src/model/types.js';
import { EVENT_LOG_HEADER, journeyRows } from '../../seeds/generator.js';
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
  const out = createWriteStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let failure: Error | undefined;
  out.on('error', (e) => {
    failure = e;
  });
  const drained = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const onDrain = (): void => {
        out.off('error', onError);
        resolve();
      };
      const onError = (e: Error): void => {
        out.off('drain', onDrain);
        reject(e);
      };
      out.once('drain', onDrain);
      out.once('error', onError);
    });
  let bytes = 0;
  const flush = async (text: string): Promise<void> => {
    if (failure !== undefined) throw failure;
    bytes += Buffer.byteLength(text);
    if (!out.write(text) && failure === undefined) await drained();
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
    await new Promise<void>((resolve) => out.end(resolve));
  }
  if (failure !== undefined) throw failure;
  onProgress?.({ journeys, steps, bytes, total: spec.journeys });
  return { journeys, steps, bytes };
}
