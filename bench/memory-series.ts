/**
 * The memory store's growth series: for each size (10^4, 10^5, 10^6 and, where it fits, 10^7
 * steps of the synthetic model, bench/generate), the event log is written once to a temporary
 * folder, then measured in fresh processes:
 *
 *   parse    the baseline: the same file read and split into CSV records (the reader and parser
 *            `goalnet import` uses, no model, nothing kept)
 *   import   what `goalnet import` does with the memory store: readEventLog (parse, check every
 *            row against the model) and MemoryStore.importJourneys; then the store's resident
 *            memory once the parsed log is dropped and garbage collected; then journeyStats and
 *            every analysis the CLI offers, timed, and the planted findings checked
 *            (bench/generate/check.ts) — a size whose check fails is FAILED: a fast wrong
 *            answer is not a result.
 *
 * Peak resident memory is taken per process and, within the import process, per phase (import,
 * then the analyses; see lib/measure.ts). Each series (parse, import, journeyStats, all analyses)
 * gets a fitted growth time = c · n^k.
 *
 *   npx tsx bench/memory-series.ts [--max-steps 1e6] [--sizes 1e4,1e5] [--runs 5] [--seed S]
 *
 * Without --max-steps, 10^7 is included when the machine has the free memory and disk for it
 * (TEN_MILLION_NEEDS); --max-steps 1e7 asks for it (still skipped, with the reason, when it does
 * not fit). Prints one JSON line (lib/machine.ts); progress on standard error; exit code 1 when
 * a planted check failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkPlanted, DEFAULT_SEED, specForSteps, STANDARD_SIZES, syntheticModel, writeSyntheticLog } from './generate/index.js';
import { describeGrowth, fitPowerLaw, type Growth } from './lib/growth.js';
import { machine, progress, report } from './lib/machine.js';
import { collectGarbage, median, peakIsPerPhase, peakRssMb, resetPeakRss, round, rssMb, timed } from './lib/measure.js';
import { CsvParser } from '../src/ingest/csv.js';
import { readEventLog } from '../src/ingest/event-log.js';
import { readUtf8Lines } from '../src/ingest/utf8-lines.js';
import { GoalNetwork } from '../src/graph/goal-network.js';
import type { JourneyStats } from '../src/model/journey-stats.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import { findTransitions } from '../src/analysis/transitions.js';
import { findGaps } from '../src/analysis/gaps.js';
import { findStructuralGaps } from '../src/analysis/structural-gaps.js';
import { findPartnerOpportunities } from '../src/analysis/partners.js';
import { channelPresence } from '../src/analysis/channels.js';
import { contactPressure } from '../src/analysis/pressure.js';
import { goalSatisfaction } from '../src/analysis/satisfaction.js';
import { networkMeasures } from '../src/analysis/network-measures.js';

const NAME = 'memory';
const SCRIPT = fileURLToPath(import.meta.url);
const TEN_MILLION = 10_000_000;
/**
 * What 10^7 steps need, with room to spare for the other users of the machine (measured: the
 * import process peaks near 2 GB, the log is 1.2 GB on disk; the size takes about 2 minutes).
 */
export const TEN_MILLION_NEEDS = { freeMemoryGb: 5, freeDiskGb: 3 };

/** Every analysis the CLI offers, as it calls them (src/cli/analysis-commands.ts), defaults for the options. */
export const ANALYSES: Record<string, (net: GoalNetwork, stats: JourneyStats) => unknown> = {
  transitions: (n, s) => findTransitions(n, s),
  gapsByActivity: (n, s) => findGaps(n, s),
  gapsByGoal: (n, s) => findGaps(n, s, { by: 'goal' }),
  structuralGaps: (n, s) => findStructuralGaps(n, s),
  partners: (n, s) => findPartnerOpportunities(n, s),
  channels: (n, s) => channelPresence(n, s),
  pressure: (n, s) => contactPressure(n, s),
  satisfaction: (n, s) => goalSatisfaction(n, s),
  network: (n, s) => networkMeasures(n, s),
};

// ── the measured processes ───────────────────────────────────────────────────────────────

interface ParseFigures {
  rows: number;
  ms: number;
  peakRssMb: number;
}

async function plainParse(log: string): Promise<ParseFigures> {
  const handle = await open(log, 'r');
  let rows = 0;
  const { ms } = await timed(async () => {
    const parser = new CsvParser(() => rows++, { source: log });
    await readUtf8Lines(handle, (text) => parser.push(text));
    parser.end();
  });
  await handle.close();
  return { rows: rows - 1, ms: round(ms), peakRssMb: peakRssMb() };
}

interface ImportFigures {
  steps: number;
  journeys: number;
  rejects: number;
  /** readEventLog + importJourneys. */
  ms: number;
  readMs: number;
  storeMs: number;
  /** Peak of the process up to the end of the import. */
  peakRssMb: number;
  /** Resident memory before reading: Node, the code and an empty store. */
  rssBeforeMb: number;
  /** Resident memory holding the imported journeys, the parsed log dropped and collected. */
  storeRssMb: number;
  gcExposed: boolean;
  /** `ms`: median after a write (computed afresh); `cachedMs`: median of repeated calls with no write between (the store's kept result, copied). */
  journeyStats: { firstMs: number; ms: number; runs: number[]; cachedMs: number };
  /** Median time of each analysis on the stats (after one warm-up call). */
  analysesMs: Record<string, number>;
  /** journeyStats + the network + every analysis, as one request computes them: median of runs. */
  allMs: number;
  /** Peak of the analysis phase (per phase when the system allows a reset, see lib/measure.ts). */
  analysisPeakRssMb: number;
  peakPerPhase: boolean;
  planted: string[];
}

async function importAndAnalyse(log: string, steps: number, seed: string, runs: number): Promise<ImportFigures> {
  const spec = specForSteps(steps, seed);
  const { model, planted } = syntheticModel(spec);
  const modelId = model.model.id;
  const store = await MemoryStore.open({});
  await store.putDocument(model);
  const gcExposed = collectGarbage();
  const rssBeforeMb = rssMb();
  resetPeakRss();

  const read = await timed(() => readEventLog(log, model));
  const stored = await timed(() => store.importJourneys(modelId, read.value.journeys));
  const importPeak = peakRssMb();
  const rejects = read.value.rejects.length;
  read.value.journeys.length = 0;
  collectGarbage();
  const storeRssMb = rssMb();
  const counts = await store.countJourneys(modelId);
  resetPeakRss();

  // The store keeps journeyStats results until its next write; every timed run below follows a
  // write (an unchanged actor written again, untimed), so it computes afresh, as after an import.
  const invalidate = () => store.upsertEntities(modelId, 'actor', [model.actors[0]]);
  const first = await timed(() => store.journeyStats(modelId));
  const statsRuns: number[] = [];
  let stats = first.value;
  for (let i = 0; i < runs; i++) {
    await invalidate();
    const r = await timed(() => store.journeyStats(modelId));
    statsRuns.push(r.ms);
    stats = r.value;
  }
  const cachedRuns: number[] = [];
  for (let i = 0; i < runs; i++) cachedRuns.push((await timed(() => store.journeyStats(modelId))).ms);
  const net = new GoalNetwork(model);
  const analysesMs: Record<string, number> = {};
  for (const [name, fn] of Object.entries(ANALYSES)) {
    fn(net, stats);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await timed(() => fn(net, stats))).ms);
    analysesMs[name] = round(median(times), 2);
  }
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    await invalidate();
    const r = await timed(async () => {
      const s = await store.journeyStats(modelId);
      const n = new GoalNetwork(model);
      for (const fn of Object.values(ANALYSES)) fn(n, s);
    });
    all.push(r.ms);
  }
  const problems = checkPlanted(planted, {
    gaps: findGaps(net, stats),
    partners: findPartnerOpportunities(net, stats),
    transitions: findTransitions(net, stats).transitions,
    handovers: stats.handovers,
  });
  if (rejects > 0) problems.unshift(`${rejects} rows of the log were rejected: ${read.value.rejects[0].reason}`);
  if (counts.steps !== read.value.accepted) problems.unshift(`the store holds ${counts.steps} steps, the log had ${read.value.accepted}`);
  await store.close();
  return {
    steps: counts.steps,
    journeys: counts.journeys,
    rejects,
    ms: round(read.ms + stored.ms),
    readMs: round(read.ms),
    storeMs: round(stored.ms),
    peakRssMb: importPeak,
    rssBeforeMb,
    storeRssMb,
    gcExposed,
    journeyStats: { firstMs: round(first.ms), ms: round(median(statsRuns)), runs: statsRuns.map((x) => round(x)), cachedMs: round(median(cachedRuns), 2) },
    analysesMs,
    allMs: round(median(all)),
    analysisPeakRssMb: peakRssMb(),
    peakPerPhase: peakIsPerPhase(),
    planted: problems,
  };
}

// ── the series ───────────────────────────────────────────────────────────────────────────

export interface SizeFigures {
  steps: number;
  actors: number;
  journeys: number;
  logMb: number;
  generate: { ms: number; stepsPerSecond: number };
  parse: ParseFigures & { stepsPerSecond: number };
  import: Omit<ImportFigures, 'journeyStats' | 'analysesMs' | 'allMs' | 'analysisPeakRssMb' | 'planted' | 'peakPerPhase'> & {
    stepsPerSecond: number;
    ratioToParse: number;
  };
  journeyStats: ImportFigures['journeyStats'];
  analysesMs: Record<string, number>;
  allMs: number;
  analysisPeakRssMb: number;
  peakPerPhase: boolean;
  /** Empty when the planted findings ranked first. */
  planted: string[];
}

export interface MemorySeries {
  bench: 'memory';
  date: string;
  machine: ReturnType<typeof machine>;
  seed: string;
  runs: number;
  sizes: SizeFigures[];
  skipped: { steps: number; reason: string }[];
  /** Sizes whose processes failed (the reason is the error). */
  crashed: { steps: number; reason: string }[];
  growth: Record<'parse' | 'import' | 'journeyStats' | 'all', Growth | null>;
  failed: boolean;
}

function child<T>(args: string[], heapMb: number): T {
  const run = spawnSync(process.execPath, ['--expose-gc', `--max-old-space-size=${heapMb}`, '--import', 'tsx', SCRIPT, '--child', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`${args[0]} process failed (exit ${run.status ?? run.signal})`);
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{')) throw new Error(`${args[0]} process ended without its figures (a promise that never settled?)`);
  return JSON.parse(line) as T;
}

function freeDiskGb(dir: string): number {
  const s = statfsSync(dir);
  return (s.bavail * s.bsize) / 2 ** 30;
}

/** Why `steps` cannot run here, or undefined. */
function tooBig(steps: number, tmp: string): string | undefined {
  if (steps < TEN_MILLION) return undefined;
  const freeMemoryGb = os.freemem() / 2 ** 30;
  const disk = freeDiskGb(tmp);
  if (freeMemoryGb < TEN_MILLION_NEEDS.freeMemoryGb) {
    return `needs ${TEN_MILLION_NEEDS.freeMemoryGb} GB of free memory, ${freeMemoryGb.toFixed(1)} GB free`;
  }
  if (disk < TEN_MILLION_NEEDS.freeDiskGb) return `needs ${TEN_MILLION_NEEDS.freeDiskGb} GB of free disk in ${tmp}, ${disk.toFixed(1)} GB free`;
  return undefined;
}

type SeriesOptions = { sizes: number[]; skipped: { steps: number; reason: string }[]; runs: number; seed: string };

/** One size: the log written, then the plain parse and the import with the analyses, each in a fresh process. */
async function measureSize(steps: number, options: SeriesOptions, tmp: string, heapMb: number): Promise<SizeFigures> {
  const spec = specForSteps(steps, options.seed);
  const { model, planted } = syntheticModel(spec);
  const log = path.join(tmp, `events-${steps}.csv`);
  progress(NAME, `${steps.toLocaleString('en')} steps (${spec.actors} actors, ${spec.journeys.toLocaleString('en')} journeys): writing the log`);
  const written = await timed(() => writeSyntheticLog(log, model, planted, spec));
  const logMb = round(statSync(log).size / 2 ** 20);
  progress(NAME, `  log: ${written.value.steps.toLocaleString('en')} steps, ${logMb} MB in ${(written.ms / 1000).toFixed(1)} s; plain parse`);
  const parse = child<ParseFigures>(['parse', log], heapMb);
  progress(NAME, `  plain parse ${(parse.ms / 1000).toFixed(2)} s; parse + check + import, journeyStats, analyses`);
  // At 10^7 a run of journeyStats takes seconds: three are enough for a median.
  const runs = steps >= TEN_MILLION ? Math.min(3, options.runs) : options.runs;
  const full = child<ImportFigures>(['import', log, String(steps), options.seed, String(runs)], heapMb);
  const { journeyStats, analysesMs, allMs, analysisPeakRssMb, planted: problems, peakPerPhase, ...imported } = full;
  const figures: SizeFigures = {
    steps: full.steps,
    actors: spec.actors,
    journeys: full.journeys,
    logMb,
    generate: { ms: round(written.ms), stepsPerSecond: Math.round(written.value.steps / (written.ms / 1000)) },
    parse: { ...parse, stepsPerSecond: Math.round(parse.rows / (parse.ms / 1000)) },
    import: { ...imported, stepsPerSecond: Math.round(full.steps / (full.ms / 1000)), ratioToParse: round(full.ms / parse.ms, 2) },
    journeyStats,
    analysesMs,
    allMs,
    analysisPeakRssMb,
    peakPerPhase,
    planted: problems,
  };
  progress(
    NAME,
    `  import ${(full.ms / 1000).toFixed(2)} s (${figures.import.ratioToParse}× the plain parse), peak ${full.peakRssMb} MB, store ${full.storeRssMb} MB; ` +
      `journeyStats ${journeyStats.ms} ms, all analyses ${allMs} ms; planted: ${problems.length === 0 ? 'ok' : `FAILED\n    ${problems.join('\n    ')}`}`,
  );
  return figures;
}

async function series(options: SeriesOptions): Promise<MemorySeries> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'goalnet-bench-memory-'));
  // Room above V8's default heap limit (about 4 GB here): at 10^7 steps the parsed log alone holds about 2 GB.
  const heapMb = Math.max(4096, Math.min(16_384, Math.floor((os.totalmem() / 2 ** 20) * 0.6)));
  const sizes: SizeFigures[] = [];
  const skipped = [...options.skipped];
  const crashed: { steps: number; reason: string }[] = [];
  try {
    for (const steps of options.sizes) {
      const reason = tooBig(steps, tmp);
      if (reason !== undefined) {
        progress(NAME, `${steps.toLocaleString('en')} steps: skipped (${reason})`);
        skipped.push({ steps, reason });
        continue;
      }
      try {
        sizes.push(await measureSize(steps, options, tmp, heapMb));
      } catch (error) {
        // The other sizes still count: report this one as failed and go on.
        const why = error instanceof Error ? error.message : String(error);
        progress(NAME, `  ${steps.toLocaleString('en')} steps FAILED: ${why}`);
        crashed.push({ steps, reason: why });
      } finally {
        rmSync(path.join(tmp, `events-${steps}.csv`), { force: true });
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  // A size whose planted check failed has no analysis result to fit (a fast wrong answer is not a result).
  const fit = (pick: (s: SizeFigures) => number, of = sizes) => fitPowerLaw(of.map((s) => ({ n: s.steps, value: pick(s) })));
  const correct = sizes.filter((s) => s.planted.length === 0);
  const growth = {
    parse: fit((s) => s.parse.ms),
    import: fit((s) => s.import.ms),
    journeyStats: fit((s) => s.journeyStats.ms, correct),
    all: fit((s) => s.allMs, correct),
  };
  for (const [what, g] of Object.entries(growth)) progress(NAME, `${what}: ${describeGrowth(g)}`);
  return {
    bench: NAME,
    date: new Date().toISOString(),
    machine: machine(),
    seed: options.seed,
    runs: options.runs,
    sizes,
    skipped,
    crashed,
    growth,
    failed: crashed.length > 0 || sizes.some((s) => s.planted.length > 0),
  };
}

/** The sizes to run for `--max-steps` (undefined: 10^7 only when it fits) and `--sizes`. */
export function chooseSizes(maxSteps: number | undefined, sizes: number[] | undefined): { sizes: number[]; skipped: { steps: number; reason: string }[] } {
  if (sizes !== undefined) return { sizes, skipped: [] };
  const standard = STANDARD_SIZES.map((s) => s.steps);
  const limit = maxSteps ?? TEN_MILLION;
  return {
    sizes: standard.filter((n) => n <= limit),
    skipped: standard.filter((n) => n > limit).map((steps) => ({ steps, reason: `above --max-steps ${limit.toExponential(0).replace('+', '')}` })),
  };
}

function parseNumber(flag: string, text: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag}: "${text}" is not a whole number >= 1 (e.g. 1e6 or 1000000)`);
  return n;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const [, mode, log, steps, seed, runs] = argv;
    const figures = mode === 'parse' ? await plainParse(log) : await importAndAnalyse(log, Number(steps), seed, Number(runs));
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      'max-steps': { type: 'string' },
      sizes: { type: 'string' },
      runs: { type: 'string', default: '5' },
      seed: { type: 'string', default: DEFAULT_SEED },
    },
  });
  const maxSteps = values['max-steps'] === undefined ? undefined : parseNumber('--max-steps', values['max-steps']);
  const listed = values.sizes?.split(',').map((s) => parseNumber('--sizes', s.trim()));
  const chosen = chooseSizes(maxSteps, listed);
  const result = await series({ ...chosen, runs: parseNumber('--runs', values.runs), seed: values.seed });
  report(NAME, result);
  if (result.failed) process.exitCode = 1;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === SCRIPT) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench/memory-series: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
