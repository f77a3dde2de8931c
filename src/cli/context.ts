/**
 * What every command needs: the model named on the command line (a model file or the id of a
 * stored model), the store its journeys are in, and a place to write.
 */
import { existsSync, statSync } from 'node:fs';
import { GoalnetError, notFound } from '../model/errors.js';
import type { ModelDocument } from '../model/types.js';
import type { GraphStore } from '../store/graph-store.js';
import { openStore, scratchStore, storeChoice } from '../store/open.js';
import { readModelFile } from '../ingest/model-file.js';
import { readEventLog, type EventLogResult } from '../ingest/event-log.js';
import { progressBar } from './progress.js';
import { fileSha256, importResumeKey } from './resume-key.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const consoleOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export function looksLikeFile(arg: string): boolean {
  return /\.(json|ya?ml)$/i.test(arg) || (existsSync(arg) && statSync(arg).isFile());
}

export interface Target {
  doc: ModelDocument;
  store: GraphStore;
  /** True when the store is a scratch store made for this command (nothing is kept). */
  scratch: boolean;
  /** Rows rejected from the event log given with --events. */
  rejected: number;
}

/**
 * Resolves MODEL: a model file (with --events, loaded with its log into a scratch store; without,
 * the configured store's journeys of the same model id are used when it has them) or the id of a
 * model in the configured store.
 */
export async function openTarget(
  arg: string,
  options: { events?: string; rejects?: string },
  io: Output,
): Promise<Target> {
  if (looksLikeFile(arg)) {
    const doc = await readModelFile(arg);
    if (options.events !== undefined) {
      const store = await scratchStore();
      await store.putDocument(doc);
      const log = await loadEventLog(store, doc, options.events, options.rejects, io);
      return { doc, store, scratch: true, rejected: log.rejects.length };
    }
    const configured = await openStore();
    if ((await configured.getModel(doc.model.id)) !== null) {
      return { doc, store: configured, scratch: false, rejected: 0 };
    }
    await configured.close();
    const store = await scratchStore();
    await store.putDocument(doc);
    return { doc, store, scratch: true, rejected: 0 };
  }
  const store = await openStore();
  const doc = await store.getDocument(arg);
  if (doc === null) {
    const ids = (await store.listModels()).map((m) => m.id);
    await store.close();
    throw notFound(
      `"${arg}" is neither a model file nor a model in the store (${storeChoice().location}). ` +
        (ids.length > 0 ? `Stored models: ${ids.join(', ')}.` : 'The store holds no models yet: run `goalnet import MODEL.json` first.'),
    );
  }
  if (options.events !== undefined) {
    // Analyse the log against the stored model without writing it into the store.
    await store.close();
    const scratch = await scratchStore();
    await scratch.putDocument(doc);
    const log = await loadEventLog(scratch, doc, options.events, options.rejects, io);
    return { doc, store: scratch, scratch: true, rejected: log.rejects.length };
  }
  return { doc, store, scratch: false, rejected: 0 };
}

/**
 * Reads an event log against a stored model and writes its journeys, with progress on a terminal.
 * `resumable` (the import command, into Neo4j): the import carries a resume key made from the
 * log's bytes and the stored model (resume-key.ts), so running it again after a crash starts after
 * the last committed batch, and says so.
 */
export async function loadEventLog(
  store: GraphStore,
  doc: ModelDocument,
  path: string,
  rejectsPath: string | undefined,
  io: Output,
  resumable = false,
): Promise<EventLogResult> {
  // Hashed while the parser reads the same file (the second read comes from the page cache).
  const hashing = new AbortController();
  const logSha256 = resumable && store.kind === 'neo4j' ? fileSha256(path, hashing.signal) : undefined;
  logSha256?.catch(() => undefined); // awaited below; a failed parse must not leave it unhandled
  const reading = progressBar(`reading ${path}`);
  let log: EventLogResult;
  try {
    log = await readEventLog(path, doc, {
      rejectsPath,
      onProgress: (done, total) => reading.update(done, total),
    });
  } catch (error) {
    hashing.abort(); // no import follows: stop reading the file a second time
    throw error;
  }
  reading.finish();
  reportRejects(log, rejectsPath, io);
  const resumeKey =
    logSha256 === undefined ? undefined : importResumeKey(await logSha256, (await store.getDocument(doc.model.id)) ?? doc);
  const writing = progressBar('writing journeys');
  const result = await store.importJourneys(doc.model.id, log.journeys, {
    resumeKey,
    onProgress: (p) => writing.update(p.batch, p.batches, `${p.journeys.toLocaleString('en-US')} journeys`),
  });
  writing.finish();
  const resumed = result.resumedFromBatch ?? 0;
  if (resumed > 0) {
    io.out(`Resumed after batch ${resumed} of ${result.batches}: an earlier run of this import had written batches 1 to ${resumed} before it was cut off.`);
  }
  return log;
}

export function reportRejects(log: EventLogResult, rejectsPath: string | undefined, io: Output): void {
  if (log.rejects.length === 0) return;
  io.err(`${log.source}: ${log.rejects.length} of ${log.rows} rows rejected; the other ${log.accepted} rows loaded.`);
  for (const r of log.rejects.slice(0, 10)) io.err(`  ${log.source}:${r.line}: ${r.reason}`);
  if (log.rejects.length > 10) io.err(`  … and ${log.rejects.length - 10} more`);
  io.err(
    rejectsPath !== undefined
      ? `Rejected rows written to ${rejectsPath}: fix them there and import that file.`
      : 'Use --rejects FILE to write the rejected rows to a file you can fix and import.',
  );
}

/** Turns any thrown value into a message and an exit code: 2 for usage, 1 for everything else. */
export function describeFailure(error: unknown): { message: string; code: number } {
  if (error instanceof UsageError) return { message: `goalnet: ${error.message}\nRun \`goalnet help\` for usage.`, code: 2 };
  if (error instanceof GoalnetError) return { message: `goalnet: ${error.message}`, code: 1 };
  const message = error instanceof Error ? error.message : String(error);
  return { message: `goalnet: ${message}`, code: 1 };
}

export function requireArg(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing ${what}`);
  return value;
}

export function parsePositiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} takes a whole number above 0, not "${value}"`);
  return n;
}

