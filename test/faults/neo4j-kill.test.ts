/**
 * Fault: the Neo4j server is killed (SIGKILL of its JVM) in the middle of `goalnet import` of a
 * log of over a million steps, and restarted on the same data folder and port.
 *
 * The import runs as a real `goalnet import MODEL --events LOG` process. It must fail naming the
 * batch it was writing; after the restart, Neo4j holds exactly the batches its checkpoint counts;
 * running the same command again says it resumed after that batch, completes, leaves no
 * checkpoint behind, and the stored journeys are exactly the rows of the file, journey by journey
 * and step by step.
 *
 * Before that, on the same server, the resume checkpoint through the store API: an import stopped
 * between batches resumes with the same key; another batch size starts over; no key, no
 * checkpoint; deleting the model deletes its checkpoint.
 *
 * Starts a Neo4j of its own (tools/neo4j-local, fresh temporary data folder, free port), so it
 * needs Java 17+ and Maven even when NEO4J_URI is set. Without them it is skipped with a warning,
 * and with CI=true that is a failure (as in test/setup/neo4j-global.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateJourneys, loadSeedModel, modelPath, scenarioFor, writeEventLog } from '../../seeds/generate.js';
import { readEventLog } from '../../src/ingest/event-log.js';
import type { ImportResult, JourneyInput, StepInput } from '../../src/store/graph-store.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { decodeSteps, type ReadJourneyColumns } from '../../src/store/neo4j/journey-codec.js';
import { batchesToSkip, deleteRuns, readCheckpoint, recordBatch } from '../../src/store/neo4j/import-runs.js';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.js';
import { freePort, javaAndMavenAvailable, processAlive, startLocalNeo4j, type LocalNeo4j } from '../../tools/neo4j-local/control.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MODEL = 'home-purchase';
/** The log holds whole journeys up to the first one that brings it to this many steps. */
const MIN_STEPS = 1_000_000;
/** The batch size `goalnet import` uses (the store's default). */
const BATCH = 1000;
/** Kill the server once this share of the batches is committed. */
const KILL_AT = 0.35;

const available = javaAndMavenAvailable();
if (!available) {
  const why = 'the Neo4j kill test needs Java 17+ and Maven to start a Neo4j of its own (NEO4J_URI is not enough: it must kill the server)';
  if (process.env.CI === 'true') throw new Error(`CI=true: refusing to skip: ${why}. Install Java 17+ and Maven on the runner.`);
  process.stderr.write(`\n######## NEO4J KILL TEST SKIPPED: ${why}. ########\n\n`);
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** When the process ended (ms since the epoch). */
  endedAt: number;
}

/** `goalnet import` as its own process against `server`; `child` is set while it runs. */
function runImport(server: LocalNeo4j, logFile: string, started: (child: ChildProcess) => void): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', modelPath(MODEL), '--events', logFile], {
      cwd: REPO,
      env: { ...process.env, NEO4J_URI: server.uri, NEO4J_USER: server.user, NEO4J_PASSWORD: server.password, NEO4J_DATABASE: '', NEO4J_RETRY_SECONDS: '5' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr, endedAt: Date.now() }));
    started(child);
  });
}

function openDriver(server: LocalNeo4j): Driver {
  return neo4j.driver(server.uri, neo4j.auth.basic(server.user, server.password), { disableLosslessIntegers: true, maxTransactionRetryTime: 0 });
}

async function query(driver: Driver, cypher: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
  const { records } = await driver.executeQuery(cypher, params);
  return records.map((r) => r.toObject());
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
function portAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** One step as comparable text: every field, absent ones as null, attributes by key. */
function stepText(s: StepInput): string {
  const attributes = s.attributes && Object.keys(s.attributes).length > 0 ? Object.entries(s.attributes).sort() : null;
  return JSON.stringify([s.timestamp, s.activity, s.actor ?? null, s.channel ?? null, s.touchpoint ?? null, s.outcome, s.sentiment ?? null, s.note ?? null, attributes]);
}

/** A journey as comparable text: its segment, then its steps in time order (ties in file order). */
function journeyText(segment: string | null | undefined, steps: readonly StepInput[]): string {
  const ordered = steps.map((s, i) => ({ s, i })).sort((a, b) => a.s.timestamp - b.s.timestamp || a.i - b.i);
  return `${segment ?? ''}\n${ordered.map(({ s }) => stepText(s)).join('\n')}`;
}

const JOURNEY_PAGE = `MATCH (j:Journey) WHERE j.model = $model AND j.sortKey > $after
RETURN j.sortKey AS sortKey, j.id AS id, j.segment AS segment, j.timestamps AS timestamps, j.activities AS activities,
  j.actors AS actors, j.channels AS channels, j.touchpoints AS touchpoints, j.outcomes AS outcomes, j.sentiments AS sentiments,
  j.noteSteps AS noteSteps, j.notes AS notes, j.attributeSteps AS attributeSteps, j.attributes AS attributes
ORDER BY j.sortKey LIMIT $limit`;

/**
 * Reads every stored journey of the model page by page and compares it with `expected` (id to
 * journey text). Returns the ids read, the ids that differ and those read twice.
 */
async function compareStored(driver: Driver, expected: Map<string, string>): Promise<{ read: number; differ: string[]; twice: string[] }> {
  const seen = new Set<string>();
  const differ: string[] = [];
  const twice: string[] = [];
  let after = '';
  for (;;) {
    const rows = await query(driver, JOURNEY_PAGE, { model: MODEL, after, limit: neo4j.int(5000) });
    if (rows.length === 0) break;
    for (const row of rows) {
      const id = row.id as string;
      if (seen.has(id)) twice.push(id);
      seen.add(id);
      const text = journeyText(row.segment as string | null, decodeSteps(row as unknown as ReadJourneyColumns));
      if (expected.get(id) !== text) differ.push(id);
    }
    after = rows[rows.length - 1].sortKey as string;
  }
  return { read: seen.size, differ, twice };
}

describe.skipIf(!available)('Neo4j killed during a 10^6-step import, then restarted', () => {
  let workDir = '';
  let server: LocalNeo4j | undefined;
  let child: ChildProcess | undefined;
  let logFile = '';
  let fileRows = 0;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'goalnet-neo4j-kill-'));
    logFile = join(workDir, 'events.csv');
    // Whole journeys until the log reaches MIN_STEPS steps.
    const stop = new AbortController();
    const written = await writeEventLog(loadSeedModel(MODEL), scenarioFor(MODEL), logFile, {
      journeys: Math.ceil(MIN_STEPS / 5),
      seed: 'neo4j-kill',
      progressEvery: 1,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.steps >= MIN_STEPS) stop.abort();
      },
    });
    expect(written.steps).toBeGreaterThanOrEqual(MIN_STEPS);
    // Rows counted from the file itself: lines after the header (no field of the log spans lines).
    const text = readFileSync(logFile, 'utf8');
    fileRows = text.split('\n').filter((line) => line !== '').length - 1;
    const port = await freePort();
    server = await startLocalNeo4j({ dataDir: join(workDir, 'neo4j'), port, password: 'goalnet-kill-test', quiet: true });
  }, 300_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await server?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, 120_000);

  it('resumes an import stopped between batches only with the same key and shape; deleting the model deletes its checkpoint', async () => {
    const model = loadSeedModel('clinic-visit');
    const id = model.model.id;
    const journeys: JourneyInput[] = [...generateJourneys(model, scenarioFor('clinic-visit'), { journeys: 2_000, seed: 'resume' })];
    const rows = journeys.reduce((n, j) => n + j.steps.length, 0);
    const batchSize = 150;
    const batches = Math.ceil(journeys.length / batchSize);
    const store = await Neo4jStore.open({ uri: server!.uri, user: server!.user, password: server!.password });
    const driver = openDriver(server!);
    const checkpoints = () => query(driver, 'MATCH (r:ImportRun) RETURN r.model AS model, r.key AS key, r.committed AS committed ORDER BY key');
    /** Imports with `key`, stopping once `stopAfter` batches are written; returns the result or the abort. */
    const importStopping = async (key: string | undefined, size: number, stopAfter?: number): Promise<ImportResult | Error> => {
      const stop = new AbortController();
      return store
        .importJourneys(id, journeys, {
          batchSize: size,
          resumeKey: key,
          signal: stop.signal,
          onProgress: (p) => {
            if (p.batch === stopAfter) stop.abort();
          },
        })
        .catch((e: unknown) => e as Error);
    };
    try {
      await store.putDocument(model);

      // Stopped after batch 4: the checkpoint says 4, and 4 batches of journeys are stored.
      expect(await importStopping('log-a', batchSize, 4)).toBeInstanceOf(Error);
      expect(await checkpoints()).toEqual([{ model: id, key: 'log-a', committed: 4 }]);
      expect((await store.countJourneys(id)).journeys).toBe(4 * batchSize);

      // The same key and shape: starts at batch 5, reports it, and removes the checkpoint.
      const progress: number[] = [];
      const resumed = await store.importJourneys(id, journeys, { batchSize, resumeKey: 'log-a', onProgress: (p) => progress.push(p.batch) });
      expect(resumed.resumedFromBatch).toBe(4);
      expect(resumed.batches).toBe(batches);
      expect(progress[0]).toBe(5);
      expect(resumed.journeys).toBe(journeys.length - 4 * batchSize);
      expect(resumed.stepsAdded).toBe(rows - journeys.slice(0, 4 * batchSize).reduce((n, j) => n + j.steps.length, 0));
      expect(await checkpoints()).toEqual([]);
      expect(await store.countJourneys(id)).toEqual({ journeys: journeys.length, steps: rows });

      // A checkpoint of another batch size does not apply: the import starts over (and merges).
      expect(await importStopping('log-b', batchSize, 3)).toBeInstanceOf(Error);
      const other = await store.importJourneys(id, journeys, { batchSize: batchSize * 2, resumeKey: 'log-b' });
      expect(other).toMatchObject({ resumedFromBatch: 0, journeys: journeys.length, steps: rows, stepsAdded: 0 });
      expect(await checkpoints()).toEqual([]);

      // Without a key nothing is recorded and nothing is skipped.
      expect(await importStopping(undefined, batchSize, 2)).toBeInstanceOf(Error);
      expect(await checkpoints()).toEqual([]);
      const plain = await store.importJourneys(id, journeys, { batchSize });
      expect(plain).not.toHaveProperty('resumedFromBatch');
      expect(plain).toMatchObject({ journeys: journeys.length, steps: rows, stepsAdded: 0 });

      // Deleting journeys removes the model's checkpoints: the next run with the key starts over
      // and writes the deleted journeys again.
      expect(await importStopping('log-d', batchSize, 3)).toBeInstanceOf(Error);
      expect(await store.deleteJourneys(id, [journeys[0].id, journeys[1].id])).toBe(2);
      expect(await checkpoints()).toEqual([]);
      const again = await store.importJourneys(id, journeys, { batchSize, resumeKey: 'log-d' });
      expect(again).toMatchObject({ resumedFromBatch: 0, journeys: journeys.length, steps: rows });
      expect(await store.countJourneys(id)).toEqual({ journeys: journeys.length, steps: rows });

      // A run whose checkpoint was removed while it ran (journeys deleted between its batches)
      // cannot recreate it claiming the batches before: it stays at 0 and the next run starts over.
      const shape = { batchSize, batches, journeys: journeys.length };
      const session = driver.session();
      try {
        for (const committed of [1, 2]) await session.executeWrite((tx) => recordBatch(tx, id, 'log-e', shape, committed));
        expect((await session.executeRead((tx) => readCheckpoint(tx, id, 'log-e')))?.committed).toBe(2);
        await session.executeWrite((tx) => deleteRuns(tx, id));
        for (const committed of [3, 4]) await session.executeWrite((tx) => recordBatch(tx, id, 'log-e', shape, committed));
        const recreated = await session.executeRead((tx) => readCheckpoint(tx, id, 'log-e'));
        expect(recreated?.committed).toBe(0);
        expect(batchesToSkip(recreated, shape)).toBe(0);
        // The same input from batch 1 counts up again, one batch at a time.
        for (const committed of [1, 2]) await session.executeWrite((tx) => recordBatch(tx, id, 'log-e', shape, committed));
        expect((await session.executeRead((tx) => readCheckpoint(tx, id, 'log-e')))?.committed).toBe(2);
        await session.executeWrite((tx) => deleteRuns(tx, id));
      } finally {
        await session.close();
      }

      // Deleting the model deletes its checkpoints.
      expect(await importStopping('log-c', batchSize, 2)).toBeInstanceOf(Error);
      expect(await checkpoints()).toHaveLength(1);
      expect(await store.deleteModel(id)).toBe(true);
      expect(await checkpoints()).toEqual([]);

      // The memory store writes the whole call at once and has nothing to resume: the key changes nothing.
      const memory = await MemoryStore.open({});
      await memory.putDocument(model);
      const inMemory = await memory.importJourneys(id, journeys, { batchSize, resumeKey: 'log-a' });
      expect(inMemory).toMatchObject({ journeys: journeys.length, steps: rows, stepsAdded: rows, batches });
    } finally {
      await driver.close();
      await store.close();
    }
  }, 300_000);

  it('fails naming the batch, resumes after the last committed batch, and stores exactly the file', async () => {
    const figures: Record<string, number> = {};
    const t0 = Date.now();

    // 1. The import, killed part-way.
    const first = runImport(server!, logFile, (c) => (child = c));
    const watcher = openDriver(server!);
    let committedAtKill = 0;
    let batches = 0;
    try {
      for (;;) {
        if (child!.exitCode !== null) {
          const early = await first;
          throw new Error(`the import ended before ${KILL_AT * 100}% of its batches were committed: ${early.stdout}${early.stderr}`);
        }
        const run = await query(watcher, 'MATCH (r:ImportRun {model: $model}) RETURN r.committed AS committed, r.batches AS batches', { model: MODEL });
        if (run.length === 1) {
          batches = run[0].batches as number;
          committedAtKill = run[0].committed as number;
          if (committedAtKill >= Math.ceil(KILL_AT * batches)) break;
        }
        await sleep(100);
      }
    } finally {
      await watcher.close();
    }
    const killedPid = server!.pid;
    const killedAt = Date.now();
    process.kill(killedPid, 'SIGKILL');
    await server!.stop(); // returns once the killed process has exited
    figures.killedAfterSeconds = (Date.now() - t0) / 1000;
    expect(processAlive(killedPid)).toBe(false);
    expect(await portAnswers(server!.port)).toBe(false);

    // While the import gives up (its driver retries for a while), read the file as the import does.
    const doc = loadSeedModel(MODEL);
    const log = await readEventLog(logFile, doc);
    expect(log.rejects).toEqual([]);
    expect(log.rows).toBe(fileRows);
    const journeys: JourneyInput[] = log.journeys;
    const steps = journeys.reduce((n, j) => n + j.steps.length, 0);
    expect(steps).toBe(fileRows);
    expect(steps).toBeGreaterThanOrEqual(MIN_STEPS);
    expect(batches).toBe(Math.ceil(journeys.length / BATCH));

    const failed = await first;
    child = undefined;
    figures.failedSecondsAfterKill = (failed.endedAt - killedAt) / 1000;
    expect(failed.code, failed.stderr).toBe(1);
    const named = /failed at batch (\d+) of (\d+) \(journeys "([^"]+)" to "([^"]+)"\)/.exec(failed.stderr);
    expect(named, failed.stderr).not.toBeNull();
    const failedBatch = Number(named![1]);
    expect(Number(named![2])).toBe(batches);
    expect(failedBatch).toBeGreaterThan(committedAtKill);
    expect(named![3]).toBe(journeys[(failedBatch - 1) * BATCH].id);
    expect(named![4]).toBe(journeys[Math.min(failedBatch * BATCH, journeys.length) - 1].id);
    expect(failed.stderr).toContain(`Batches 1 to ${failedBatch - 1} are written; run the same import again to complete it`);

    // 2. Restarted on the same data folder and port: the checkpoint is exactly what was committed.
    const restartedAt = Date.now();
    server = await startLocalNeo4j({ dataDir: server!.dataDir, port: server!.port, password: server!.password, quiet: true });
    figures.restartSeconds = (Date.now() - restartedAt) / 1000;
    const reader = openDriver(server);
    try {
      const runs = await query(reader, 'MATCH (r:ImportRun {model: $model}) RETURN r.committed AS committed, r.batches AS batches', { model: MODEL });
      expect(runs).toHaveLength(1);
      const k = runs[0].committed as number;
      expect(runs[0].batches).toBe(batches);
      // The batch being written when the server died is all or nothing: k is the batch before it,
      // or that batch itself when its commit reached the disk but its answer never left the server.
      expect(k).toBeGreaterThanOrEqual(Math.max(committedAtKill, failedBatch - 1));
      expect(k).toBeLessThanOrEqual(failedBatch);
      const head = journeys.slice(0, k * BATCH);
      const [held] = await query(reader, 'MATCH (j:Journey {model: $model}) RETURN count(j) AS journeys, coalesce(sum(j.steps), 0) AS steps', { model: MODEL });
      expect(held).toEqual({ journeys: head.length, steps: head.reduce((n, j) => n + j.steps.length, 0) });
      figures.resumedAfterBatch = k;
      figures.batches = batches;

      // 3. The same command again: resumes after batch k and completes.
      const resumedAt = Date.now();
      const second = await runImport(server, logFile, (c) => (child = c));
      child = undefined;
      figures.resumedImportSeconds = (Date.now() - resumedAt) / 1000;
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain(`Resumed after batch ${k} of ${batches}:`);
      expect(second.stdout).toContain(
        `now holds ${journeys.length.toLocaleString('en-US')} journeys, ${steps.toLocaleString('en-US')} steps.`,
      );

      // 4. Exactly the rows of the file, and no checkpoint left.
      expect(await query(reader, 'MATCH (r:ImportRun) RETURN count(r) AS runs')).toEqual([{ runs: 0 }]);
      const [total] = await query(reader, 'MATCH (j:Journey {model: $model}) RETURN count(j) AS journeys, coalesce(sum(j.steps), 0) AS steps', { model: MODEL });
      expect(total).toEqual({ journeys: journeys.length, steps: fileRows });
      const expected = new Map(journeys.map((j) => [j.id, journeyText(j.segment, j.steps)]));
      expect(expected.size).toBe(journeys.length);
      const comparedAt = Date.now();
      const compared = await compareStored(reader, expected);
      figures.compareSeconds = (Date.now() - comparedAt) / 1000;
      expect(compared.twice).toEqual([]);
      expect(compared.differ.slice(0, 10)).toEqual([]);
      expect(compared.read).toBe(journeys.length);
    } finally {
      await reader.close();
    }
    figures.journeys = journeys.length;
    figures.steps = steps;
    figures.totalSeconds = (Date.now() - t0) / 1000;
    process.stderr.write(`[neo4j-kill] ${JSON.stringify(figures)}\n`);
  }, 900_000);
});
