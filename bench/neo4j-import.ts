/**
 * Neo4j store at scale: imports STEPS generated steps (default 1,000,000 in 100,000 journeys of
 * 10 steps) against the example model home-purchase, reports steps per second (target >= 50,000),
 * then times `journeyStats` over them (target < 3 s), and writes the figures as JSON to
 * `bench/results/neo4j-<date>.json`.
 *
 *   npx tsx bench/neo4j-import.ts [--steps 1000000] [--batch 1000] [--chunk 10000] [--heap 2g]
 *                                 [--pagecache 1g] [--stats-concurrency 2] [--keep]
 *
 * With NEO4J_URI set it uses that server (model id `bench-neo4j-import`, replaced if present);
 * otherwise it starts the local Neo4j (tools/neo4j-local) on a fresh temporary data folder and
 * removes it afterwards. Before the timed import, a warm-up imports 200,000 steps into a scratch
 * model and deletes it: a fresh JVM compiles Neo4j's code and our queries during its first few
 * hundred batches (measured: the first 300,000 steps import at about half the later rate), and a
 * server in use is warm. The warm-up's own rate is reported as the cold figure; `--warmup 0`
 * skips it. After the store's import, the baseline: the same rows written by a raw
 * `UNWIND $rows AS r CREATE (j:RawJourney) SET j = r` (plain strings, no checks, no merging),
 * so the ratio holds on a noisy machine. `--keep` (with NEO4J_URI) leaves the model in the database. Ctrl-C stops between batches; what was committed stays committed.
 *
 * Generator (seeded, deterministic): each journey walks the model's planned successors (`next`)
 * from a random activity, or jumps to a random activity where there are none; each step takes one
 * of its activity's touchpoints (and that touchpoint's actor and channel) or one of its actors;
 * outcome `progressed` except the last step (completed 55%, abandoned 20%, stuck 25%) and 3% of
 * the others (stuck); a sentiment on 80% of steps; a note on 5% (from 300 texts). Journeys are
 * generated per chunk of `--chunk` journeys and dropped after their import call.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSeedModel } from '../seeds/catalog.js';
import type { ModelDocument } from '../src/model/types.js';
import type { Outcome } from '../src/model/vocabulary.js';
import type { JourneyInput, StepInput } from '../src/store/graph-store.js';
import neo4j from 'neo4j-driver';
import { contactKeysOf, encodeSteps } from '../src/store/neo4j/journey-codec.js';
import { DEFAULT_STATS_CONCURRENCY, Neo4jStore } from '../src/store/neo4j/neo4j-store.js';
import { startLocalNeo4j, type LocalNeo4j, NEO4J_VERSION } from '../tools/neo4j-local/control.js';

const MODEL_ID = 'bench-neo4j-import';
const STEPS_PER_JOURNEY = 10;

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '1000' },
    chunk: { type: 'string', default: '10000' },
    heap: { type: 'string', default: '2g' },
    pagecache: { type: 'string', default: '1g' },
    'stats-concurrency': { type: 'string', default: String(DEFAULT_STATS_CONCURRENCY) },
    'stats-runs': { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    warmup: { type: 'string', default: '200000' },
  },
});
const STEPS = Number(args.steps);
const BATCH = Number(args.batch);
const CHUNK = Number(args.chunk);
const JOURNEYS = Math.ceil(STEPS / STEPS_PER_JOURNEY);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Journeys [from, from + count) of the seeded walk over the model (see the module comment). */
function generate(doc: ModelDocument, rand: () => number, from: number, count: number): JourneyInput[] {
  const activities = doc.activities;
  const byId = new Map(activities.map((a) => [a.id, a]));
  const touchpoints = new Map(doc.touchpoints.map((t) => [t.id, t]));
  const segments = doc.segments.map((s) => s.id);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const out: JourneyInput[] = [];
  for (let j = from; j < from + count; j++) {
    let t = Date.UTC(2025, 0, 1) + Math.floor(rand() * 365) * 86_400_000 + Math.floor(rand() * 86_400) * 1000;
    let activity = pick(activities);
    const steps: StepInput[] = [];
    for (let k = 0; k < STEPS_PER_JOURNEY; k++) {
      const step: StepInput = { timestamp: t, activity: activity.id, outcome: 'progressed' };
      if (activity.touchpoints.length > 0 && rand() < 0.85) {
        const tp = touchpoints.get(pick(activity.touchpoints))!;
        step.touchpoint = tp.id;
        step.actor = tp.actor;
        step.channel = tp.channel;
      } else if (activity.actors.length > 0) {
        step.actor = pick(activity.actors);
      }
      if (k === STEPS_PER_JOURNEY - 1) {
        const r = rand();
        step.outcome = (r < 0.55 ? 'completed' : r < 0.75 ? 'abandoned' : 'stuck') as Outcome;
      } else if (rand() < 0.03) {
        step.outcome = 'stuck';
      }
      if (rand() < 0.8) step.sentiment = Math.floor(rand() * 5) - 2;
      if (rand() < 0.05) step.note = `note ${Math.floor(rand() * 300)}`;
      steps.push(step);
      t += 60_000 + Math.floor(rand() * 3 * 86_400) * 1000;
      const next = activity.next.length > 0 && rand() < 0.7 ? byId.get(pick(activity.next)) : undefined;
      activity = next ?? pick(activities);
    }
    out.push({ id: `J${String(j).padStart(7, '0')}`, segment: segments.length > 0 ? segments[j % segments.length] : undefined, steps });
  }
  return out;
}

/**
 * The baseline: the same journeys (same seed, same batches) as plain rows, one string per step
 * and column, written by a raw `CREATE` with no checks, no merging and no model lock; then removed.
 */
async function rawImport(settings: { uri: string; user: string; password: string; database?: string }, doc: ModelDocument): Promise<number> {
  const driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password), { disableLosslessIntegers: true });
  const session = driver.session({ database: settings.database });
  const rand = mulberry32(20250101);
  let ms = 0;
  try {
    for (let from = 0; from < JOURNEYS; from += CHUNK) {
      const journeys = generate(doc, rand, from, Math.min(CHUNK, JOURNEYS - from));
      const t0 = performance.now();
      for (let b = 0; b < journeys.length; b += BATCH) {
        const rows = journeys.slice(b, b + BATCH).map((j) => {
          const c = encodeSteps([...j.steps].sort((x, y) => x.timestamp - y.timestamp));
          return { model: MODEL_ID, id: j.id, segment: j.segment ?? null, ...c, contactKeys: contactKeysOf(c) };
        });
        await session.executeWrite((tx) => tx.run('UNWIND $rows AS r CREATE (j:RawJourney) SET j = r', { rows }));
      }
      ms += performance.now() - t0;
    }
    for (;;) {
      const { records } = await session.executeWrite((tx) => tx.run('MATCH (j:RawJourney) WITH j LIMIT 10000 DELETE j RETURN count(*) AS n'));
      if ((records[0]?.get('n') ?? 0) === 0) break;
    }
  } finally {
    await session.close();
    await driver.close();
  }
  return ms;
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

async function main(): Promise<void> {
  const doc = { ...loadSeedModel('home-purchase') };
  doc.model = { ...doc.model, id: MODEL_ID };
  let server: LocalNeo4j | undefined;
  let dataDir: string | undefined;
  let settings: { uri: string; user: string; password: string; database?: string };
  if (process.env.NEO4J_URI) {
    settings = { uri: process.env.NEO4J_URI, user: process.env.NEO4J_USER || 'neo4j', password: process.env.NEO4J_PASSWORD ?? '', database: process.env.NEO4J_DATABASE || undefined };
  } else {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'goalnet-neo4j-bench-'));
    process.env.NEO4J_LOCAL_PAGECACHE = args.pagecache;
    const password = 'goalnet-bench';
    server = await startLocalNeo4j({ dataDir, password, heap: args.heap });
    settings = { uri: server.uri, user: 'neo4j', password };
  }
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\ninterrupted: stopping after the current batch\n');
    controller.abort();
  });
  const store = await Neo4jStore.open(settings, { statsConcurrency: Number(args['stats-concurrency']) });
  try {
    await store.deleteModel(MODEL_ID);
    const warmupSteps = Number(args.warmup);
    let warmupMs = 0;
    if (warmupSteps > 0) {
      const scratch = { ...doc, model: { ...doc.model, id: `${MODEL_ID}-warmup` } };
      await store.deleteModel(scratch.model.id);
      await store.putDocument(scratch);
      const w0 = performance.now();
      await store.importJourneys(scratch.model.id, generate(doc, mulberry32(1), 0, Math.ceil(warmupSteps / STEPS_PER_JOURNEY)), { batchSize: BATCH });
      warmupMs = performance.now() - w0;
      await store.journeyStats(scratch.model.id);
      await store.deleteModel(scratch.model.id);
      process.stderr.write(`warm-up: ${warmupSteps.toLocaleString('en')} steps imported and counted in ${seconds(warmupMs)} s\n`);
    }
    await store.putDocument(doc);
    const rand = mulberry32(20250101);
    let imported = 0;
    let importMs = 0;
    let generateMs = 0;
    for (let from = 0; from < JOURNEYS; from += CHUNK) {
      const g0 = performance.now();
      const journeys = generate(doc, rand, from, Math.min(CHUNK, JOURNEYS - from));
      generateMs += performance.now() - g0;
      const t0 = performance.now();
      await store.importJourneys(MODEL_ID, journeys, {
        batchSize: BATCH,
        signal: controller.signal,
        onProgress: (p) => {
          const done = imported + p.steps;
          const rate = Math.round(done / ((importMs + performance.now() - t0) / 1000));
          process.stderr.write(`\rimported ${done.toLocaleString('en')} of ${STEPS.toLocaleString('en')} steps (${rate.toLocaleString('en')} steps/s)   `);
        },
      });
      importMs += performance.now() - t0;
      imported += journeys.reduce((n, j) => n + j.steps.length, 0);
    }
    process.stderr.write('\n');
    const count = await store.countJourneys(MODEL_ID);
    const stepsPerSecond = Math.round(imported / (importMs / 1000));

    const statsRuns: number[] = [];
    let journeysCounted = 0;
    for (let run = 0; run < Number(args['stats-runs']); run++) {
      const t0 = performance.now();
      const stats = await store.journeyStats(MODEL_ID);
      statsRuns.push(performance.now() - t0);
      journeysCounted = stats.journeys;
      process.stderr.write(`journeyStats run ${run + 1}: ${seconds(statsRuns[run])} s\n`);
    }
    const t1 = performance.now();
    await store.journeyStats(MODEL_ID, { segment: doc.segments[0]?.id });
    const segmentMs = performance.now() - t1;
    // For reference: all six queries in one read transaction (one consistent view, no parallelism).
    const single = await Neo4jStore.open(settings, { statsConcurrency: 1 });
    const t2 = performance.now();
    try {
      await single.journeyStats(MODEL_ID);
    } finally {
      await single.close();
    }
    const singleMs = performance.now() - t2;
    process.stderr.write(`journeyStats in one transaction: ${seconds(singleMs)} s\n`);

    const rawMs = await rawImport(settings, doc);
    const rawStepsPerSecond = Math.round(imported / (rawMs / 1000));
    process.stderr.write(`baseline raw UNWIND CREATE: ${rawStepsPerSecond.toLocaleString('en')} steps/s\n`);

    const warm = statsRuns.slice(1);
    const result = {
      bench: 'neo4j-import',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg() },
      neo4j: server ? { server: `local Neo4j Community ${NEO4J_VERSION}`, heap: args.heap, pagecache: args.pagecache } : { server: settings.uri },
      model: 'home-purchase',
      journeys: JOURNEYS,
      steps: imported,
      stored: count,
      batchSize: BATCH,
      chunk: CHUNK,
      warmup: { steps: warmupSteps, seconds: seconds(warmupMs), coldStepsPerSecond: warmupSteps > 0 ? Math.round(warmupSteps / (warmupMs / 1000)) : null },
      importSeconds: seconds(importMs),
      generateSeconds: seconds(generateMs),
      stepsPerSecond,
      baseline: { what: 'raw UNWIND $rows AS r CREATE (j:RawJourney) SET j = r, same rows, same batches', seconds: seconds(rawMs), stepsPerSecond: rawStepsPerSecond },
      importVsBaseline: Math.round((stepsPerSecond / rawStepsPerSecond) * 100) / 100,
      statsConcurrency: Number(args['stats-concurrency']),
      journeyStatsSeconds: { first: seconds(statsRuns[0]), warm: warm.map(seconds), bestWarm: warm.length > 0 ? seconds(Math.min(...warm)) : null },
      journeyStatsSegmentSeconds: seconds(segmentMs),
      journeyStatsOneTransactionSeconds: seconds(singleMs),
      journeysCounted,
      targets: { stepsPerSecond: 50_000, journeyStatsSeconds: 3 },
      met: { import: stepsPerSecond >= 50_000, journeyStats: Math.min(...statsRuns) < 3_000 },
    };
    const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `neo4j-${result.date.slice(0, 10)}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result));
    process.stderr.write(
      `import: ${imported.toLocaleString('en')} steps in ${result.importSeconds} s = ${stepsPerSecond.toLocaleString('en')} steps/s (target 50,000)\n` +
        `journeyStats: first ${result.journeyStatsSeconds.first} s, warm ${result.journeyStatsSeconds.warm.join(' s, ')} s (target < 3 s)\n` +
        `written to ${file}\n`,
    );
  } finally {
    if (!(args.keep && server === undefined)) await store.deleteModel(MODEL_ID).catch(() => undefined);
    await store.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench/neo4j-import: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
