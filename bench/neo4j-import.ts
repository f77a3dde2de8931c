/**
 * The Neo4j store's growth series: on one server, for each size (default 10^4, 10^5 and 10^6
 * steps of the synthetic model, bench/generate), the store's import in steps per second (target
 * >= 50,000 at 10^6) next to a raw `UNWIND ... CREATE` of the same rows, then `journeyStats`
 * over them (target < 3 s), with the planted findings checked on the Neo4j figures (a size whose
 * check fails is FAILED). Each size uses its own model (bench-neo4j-<actors>), removed afterwards.
 *
 *   npx tsx bench/neo4j-import.ts [--sizes 1e4,1e5,1e6 | --steps 1000000] [--batch 1000]
 *                                 [--chunk 10000] [--heap 2g] [--pagecache 1g]
 *                                 [--stats-concurrency 2] [--stats-runs 5] [--warmup 200000] [--keep]
 *
 * With NEO4J_URI set it uses that server; otherwise it starts the local Neo4j (tools/neo4j-local,
 * built by Maven on first use) on a fresh temporary data folder and removes it afterwards, and
 * reports the JVM's peak resident memory per size (VmHWM of the java process, reset before each
 * size where Linux allows). Before the first size, a warm-up imports `--warmup` steps into a
 * scratch model and deletes it: a fresh JVM compiles Neo4j's code and our queries during its
 * first few hundred batches (measured: the first 300,000 steps import at about half the later
 * rate), and a server in use is warm. The warm-up's own rate is reported as the cold figure;
 * `--warmup 0` skips it.
 *
 * Per size, after the store's import: `journeyStats` `--stats-runs` times, each after a write of
 * the model so that it computes afresh (the first is reported apart, the warm ones by their
 * median), then as often with no write between (the store's kept result), once for one segment,
 * and once with all its queries in one read transaction (statsConcurrency 1: one consistent
 * view, no parallelism). Then the
 * baseline: the same journeys (same generator, same batches) as plain rows, one string per step
 * and column, written by `UNWIND $rows AS r CREATE (j:RawJourney) SET j = r` (no checks, no
 * merging, no model lock), then removed — so the ratio holds on a noisy machine.
 *
 * `--keep` (with NEO4J_URI) leaves the last size's model in the database. Ctrl-C stops between
 * batches; what was committed stays committed. Journeys are generated per chunk of `--chunk`
 * journeys and dropped after their import call. Prints one JSON line (lib/machine.ts); exit code
 * 1 when a planted check failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import neo4j from 'neo4j-driver';
import { checkPlanted, specForSteps, syntheticJourneys, syntheticModel, type Planted, type SyntheticSpec } from './generate/index.js';
import { describeGrowth, fitPowerLaw, type Growth } from './lib/growth.js';
import { machine, progress, report } from './lib/machine.js';
import { median, peakRssOfProcessMb, resetPeakRss } from './lib/measure.js';
import { findGaps } from '../src/analysis/gaps.js';
import { findPartnerOpportunities } from '../src/analysis/partners.js';
import { findTransitions } from '../src/analysis/transitions.js';
import { GoalNetwork } from '../src/graph/goal-network.js';
import type { JourneyStats } from '../src/model/journey-stats.js';
import type { ModelDocument } from '../src/model/types.js';
import type { JourneyInput } from '../src/store/graph-store.js';
import { contactKeysOf, encodeSteps } from '../src/store/neo4j/journey-codec.js';
import { DEFAULT_STATS_CONCURRENCY, Neo4jStore } from '../src/store/neo4j/neo4j-store.js';
import { startLocalNeo4j, type LocalNeo4j, NEO4J_VERSION } from '../tools/neo4j-local/control.js';

const NAME = 'neo4j';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string' },
    steps: { type: 'string' },
    batch: { type: 'string', default: '1000' },
    chunk: { type: 'string', default: '10000' },
    heap: { type: 'string', default: '2g' },
    pagecache: { type: 'string', default: '1g' },
    'stats-concurrency': { type: 'string', default: String(DEFAULT_STATS_CONCURRENCY) },
    'stats-runs': { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    warmup: { type: 'string', default: '200000' },
  },
});
const SIZES = (args.sizes ?? args.steps ?? '1e4,1e5,1e6').split(',').map((s) => Number(s.trim().replace(/_/g, '')));
const BATCH = Number(args.batch);
const CHUNK = Number(args.chunk);
const STATS_RUNS = Math.max(1, Number(args['stats-runs']));
for (const n of [...SIZES, BATCH, CHUNK]) {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`bench/neo4j-import: "${n}" is not a whole number >= 1 (sizes, --batch, --chunk)`);
}

interface Settings {
  uri: string;
  user: string;
  password: string;
  database?: string;
}

/** The journeys of a spec in arrays of at most CHUNK, generated as they are asked for. */
function* chunks(model: ModelDocument, planted: Planted, spec: SyntheticSpec): Generator<JourneyInput[]> {
  let chunk: JourneyInput[] = [];
  for (const journey of syntheticJourneys(model, planted, spec)) {
    chunk.push(journey);
    if (chunk.length === CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** The synthetic model of a size under the benchmark's own id (so a shared server's models are not touched). */
function benchModel(spec: SyntheticSpec): { doc: ModelDocument; planted: Planted } {
  const { model, planted } = syntheticModel(spec);
  const id = `bench-neo4j-${spec.actors}`;
  return { doc: { ...model, model: { ...model.model, id } }, planted: { ...planted, modelId: id } };
}

/**
 * The baseline: the same journeys (same generator, same batches) as plain rows, written by a raw
 * `CREATE` with no checks, no merging and no model lock; then removed. Returns the write time in ms.
 */
async function rawImport(settings: Settings, doc: ModelDocument, planted: Planted, spec: SyntheticSpec): Promise<number> {
  const driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password), { disableLosslessIntegers: true });
  const session = driver.session({ database: settings.database });
  let ms = 0;
  try {
    for (const journeys of chunks(doc, planted, spec)) {
      const t0 = performance.now();
      for (let b = 0; b < journeys.length; b += BATCH) {
        const rows = journeys.slice(b, b + BATCH).map((j) => {
          const c = encodeSteps([...j.steps].sort((x, y) => x.timestamp - y.timestamp));
          return { model: doc.model.id, id: j.id, segment: j.segment ?? null, ...c, contactKeys: contactKeysOf(c) };
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

export interface Neo4jSize {
  steps: number;
  journeys: number;
  actors: number;
  stored: { journeys: number; steps: number };
  importSeconds: number;
  stepsPerSecond: number;
  baseline: { seconds: number; stepsPerSecond: number };
  importVsBaseline: number;
  journeyStatsSeconds: { first: number; warm: number[]; medianWarm: number; bestWarm: number | null; keptMs: number };
  journeyStatsSegmentSeconds: number;
  journeyStatsOneTransactionSeconds: number;
  /** The JVM's peak resident memory during this size; null with NEO4J_URI (not our process). */
  jvmPeakRssMb: number | null;
  /** True when Linux did not allow resetting the peak: then it is the peak since the server started. */
  jvmPeakSinceStart: boolean;
  planted: string[];
}

async function measureSize(store: Neo4jStore, settings: Settings, steps: number, signal: AbortSignal, server: LocalNeo4j | undefined): Promise<Neo4jSize> {
  const spec = specForSteps(steps);
  const { doc, planted } = benchModel(spec);
  const modelId = doc.model.id;
  const jvmPeakReset = server !== undefined && resetPeakRss(server.pid);
  await store.deleteModel(modelId);
  await store.putDocument(doc);
  progress(NAME, `${steps.toLocaleString('en')} steps (${spec.actors} actors, ${spec.journeys.toLocaleString('en')} journeys): import`);
  let imported = 0;
  let importMs = 0;
  for (const journeys of chunks(doc, planted, spec)) {
    const t0 = performance.now();
    await store.importJourneys(modelId, journeys, {
      batchSize: BATCH,
      signal,
      onProgress: (p) => {
        if (!process.stderr.isTTY) return;
        const done = imported + p.steps;
        const rate = Math.round(done / ((importMs + performance.now() - t0) / 1000));
        process.stderr.write(`\r  imported ${done.toLocaleString('en')} steps (${rate.toLocaleString('en')} steps/s)   `);
      },
    });
    importMs += performance.now() - t0;
    imported += journeys.reduce((n, j) => n + j.steps.length, 0);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  const stored = await store.countJourneys(modelId);
  const stepsPerSecond = Math.round(imported / (importMs / 1000));
  progress(NAME, `  ${imported.toLocaleString('en')} steps in ${seconds(importMs)} s = ${stepsPerSecond.toLocaleString('en')} steps/s; journeyStats`);

  // The store keeps journeyStats results until the model's next write; every timed run below
  // follows a write (an unchanged actor written again, untimed), so it computes afresh, as after
  // an import. The kept result's time is measured apart.
  const invalidate = () => store.upsertEntities(modelId, 'actor', [doc.actors[0]]);
  const statsRuns: number[] = [];
  let stats: JourneyStats | undefined;
  for (let run = 0; run < STATS_RUNS; run++) {
    if (run > 0) await invalidate();
    const t0 = performance.now();
    stats = await store.journeyStats(modelId);
    statsRuns.push(performance.now() - t0);
  }
  const keptRuns: number[] = [];
  for (let run = 0; run < STATS_RUNS; run++) {
    const t0 = performance.now();
    await store.journeyStats(modelId);
    keptRuns.push(performance.now() - t0);
  }
  const t1 = performance.now();
  await store.journeyStats(modelId, { segment: doc.segments[0]?.id });
  const segmentMs = performance.now() - t1;
  const single = await Neo4jStore.open(settings, { statsConcurrency: 1 });
  const t2 = performance.now();
  try {
    await single.journeyStats(modelId);
  } finally {
    await single.close();
  }
  const singleMs = performance.now() - t2;

  const net = new GoalNetwork(doc);
  const problems = checkPlanted(planted, {
    gaps: findGaps(net, stats!),
    partners: findPartnerOpportunities(net, stats!),
    transitions: findTransitions(net, stats!).transitions,
    handovers: stats!.handovers,
  });
  if (stored.steps !== imported) problems.unshift(`the store holds ${stored.steps} steps, ${imported} were imported`);
  const warm = statsRuns.slice(1);
  progress(
    NAME,
    `  journeyStats ${statsRuns.map((ms) => `${seconds(ms)} s`).join(', ')}; kept ${Math.round(median(keptRuns) * 100) / 100} ms; one transaction ${seconds(singleMs)} s; ` +
      `planted: ${problems.length === 0 ? 'ok' : `FAILED\n    ${problems.join('\n    ')}`}; baseline raw UNWIND CREATE`,
  );

  const rawMs = await rawImport(settings, doc, planted, spec);
  const rawStepsPerSecond = Math.round(imported / (rawMs / 1000));
  progress(NAME, `  baseline ${rawStepsPerSecond.toLocaleString('en')} steps/s (store ${Math.round((stepsPerSecond / rawStepsPerSecond) * 100) / 100}× the baseline)`);
  const jvmPeakRssMb = server === undefined ? null : peakRssOfProcessMb(server.pid);
  if (!(args.keep && server === undefined && steps === SIZES[SIZES.length - 1])) await store.deleteModel(modelId);
  return {
    steps: imported,
    journeys: stored.journeys,
    actors: spec.actors,
    stored,
    importSeconds: seconds(importMs),
    stepsPerSecond,
    baseline: { seconds: seconds(rawMs), stepsPerSecond: rawStepsPerSecond },
    importVsBaseline: Math.round((stepsPerSecond / rawStepsPerSecond) * 100) / 100,
    journeyStatsSeconds: {
      first: seconds(statsRuns[0]),
      warm: warm.map(seconds),
      medianWarm: seconds(median(warm.length > 0 ? warm : statsRuns)),
      bestWarm: warm.length > 0 ? seconds(Math.min(...warm)) : null,
      keptMs: Math.round(median(keptRuns) * 100) / 100,
    },
    journeyStatsSegmentSeconds: seconds(segmentMs),
    journeyStatsOneTransactionSeconds: seconds(singleMs),
    jvmPeakRssMb,
    jvmPeakSinceStart: server !== undefined && !jvmPeakReset,
    planted: problems,
  };
}

async function warmUp(store: Neo4jStore, steps: number): Promise<{ steps: number; seconds: number; coldStepsPerSecond: number | null }> {
  if (steps <= 0) return { steps: 0, seconds: 0, coldStepsPerSecond: null };
  const spec = { ...specForSteps(steps), seed: 'neo4j-warm-up' };
  const { doc, planted } = benchModel(spec);
  const scratch = { ...doc, model: { ...doc.model, id: 'bench-neo4j-warm-up' } };
  await store.deleteModel(scratch.model.id);
  await store.putDocument(scratch);
  let ms = 0;
  let imported = 0;
  for (const journeys of chunks(doc, planted, spec)) {
    const t0 = performance.now();
    await store.importJourneys(scratch.model.id, journeys, { batchSize: BATCH });
    ms += performance.now() - t0;
    imported += journeys.reduce((n, j) => n + j.steps.length, 0);
  }
  await store.journeyStats(scratch.model.id);
  await store.deleteModel(scratch.model.id);
  const coldStepsPerSecond = Math.round(imported / (ms / 1000));
  progress(NAME, `warm-up: ${imported.toLocaleString('en')} steps imported at ${coldStepsPerSecond.toLocaleString('en')} steps/s (cold) and counted`);
  return { steps: imported, seconds: seconds(ms), coldStepsPerSecond };
}

async function main(): Promise<void> {
  let server: LocalNeo4j | undefined;
  let dataDir: string | undefined;
  let settings: Settings;
  if (process.env.NEO4J_URI) {
    settings = { uri: process.env.NEO4J_URI, user: process.env.NEO4J_USER || 'neo4j', password: process.env.NEO4J_PASSWORD ?? '', database: process.env.NEO4J_DATABASE || undefined };
  } else {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'goalnet-neo4j-bench-'));
    process.env.NEO4J_LOCAL_PAGECACHE = args.pagecache;
    const password = 'goalnet-bench';
    const started = performance.now();
    server = await startLocalNeo4j({ dataDir, password, heap: args.heap });
    progress(NAME, `local Neo4j ${NEO4J_VERSION} ready (pid ${server.pid}) after ${seconds(performance.now() - started)} s, build included`);
    settings = { uri: server.uri, user: 'neo4j', password };
  }
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\ninterrupted: stopping after the current batch\n');
    controller.abort();
  });
  const store = await Neo4jStore.open(settings, { statsConcurrency: Number(args['stats-concurrency']) });
  try {
    const warmup = await warmUp(store, Number(args.warmup));
    const sizes: Neo4jSize[] = [];
    const crashed: { steps: number; reason: string }[] = [];
    for (const steps of SIZES) {
      if (controller.signal.aborted) break;
      try {
        sizes.push(await measureSize(store, settings, steps, controller.signal, server));
      } catch (error) {
        // The sizes measured so far still count: report this one as failed and go on.
        const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
        progress(NAME, `  ${steps.toLocaleString('en')} steps FAILED: ${why}`);
        crashed.push({ steps, reason: why });
        await store.deleteModel(benchModel(specForSteps(steps)).doc.model.id).catch(() => undefined);
      }
    }
    if (sizes.length === 0) throw new Error(`no size could be measured: ${crashed.map((c) => c.reason).join('; ')}`);
    const fit = (pick: (s: Neo4jSize) => number): Growth | null => fitPowerLaw(sizes.map((s) => ({ n: s.steps, value: pick(s) })));
    const growth = {
      import: fit((s) => s.importSeconds),
      baseline: fit((s) => s.baseline.seconds),
      // A size whose planted check failed has no result to fit.
      journeyStats: fitPowerLaw(sizes.filter((s) => s.planted.length === 0).map((s) => ({ n: s.steps, value: s.journeyStatsSeconds.medianWarm }))),
    };
    for (const [what, g] of Object.entries(growth)) progress(NAME, `${what}: ${describeGrowth(g)}`);
    const largest = sizes[sizes.length - 1];
    const result = {
      bench: NAME,
      date: new Date().toISOString(),
      machine: machine(),
      neo4j: server ? { server: `local Neo4j Community ${NEO4J_VERSION}`, heap: args.heap, pagecache: args.pagecache } : { server: settings.uri },
      model: 'synthetic (bench/generate), one per size',
      batchSize: BATCH,
      chunk: CHUNK,
      statsConcurrency: Number(args['stats-concurrency']),
      baselineWhat: 'raw UNWIND $rows AS r CREATE (j:RawJourney) SET j = r, same rows, same batches',
      warmup,
      sizes,
      crashed,
      growth,
      jvmPeakRssMb: server === undefined ? null : peakRssOfProcessMb(server.pid),
      targets: { stepsPerSecond: 50_000, journeyStatsSeconds: 3 },
      met: { import: largest.stepsPerSecond >= 50_000, journeyStats: largest.journeyStatsSeconds.medianWarm < 3 },
      failed: crashed.length > 0 || sizes.some((s) => s.planted.length > 0),
    };
    report(NAME, result);
    if (result.failed) process.exitCode = 1;
  } finally {
    await store.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench/neo4j-import: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
