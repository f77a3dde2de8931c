/**
 * Analyses at scale on the memory store: the home-purchase example grown to JOURNEYS journeys
 * (default 100,000, about 1.3 million steps) by the seed generator, imported, then journeyStats
 * and every analysis timed. Each figure is the median of RUNS runs after one warm-up.
 *
 *   npx tsx bench/analyses.ts [--journeys 100000] [--runs 5]
 *
 * Prints a JSON object and writes it to bench/results/analyses-<date>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { generateJourneys, loadSeedModel, scenarioFor } from '../seeds/generate.js';
import { GoalNetwork } from '../src/graph/goal-network.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import type { JourneyInput } from '../src/store/graph-store.js';
import type { JourneyStats } from '../src/model/journey-stats.js';
import { findTransitions } from '../src/analysis/transitions.js';
import { findGaps } from '../src/analysis/gaps.js';
import { findStructuralGaps } from '../src/analysis/structural-gaps.js';
import { findPartnerOpportunities } from '../src/analysis/partners.js';
import { channelPresence } from '../src/analysis/channels.js';
import { contactPressure } from '../src/analysis/pressure.js';
import { goalSatisfaction } from '../src/analysis/satisfaction.js';
import { networkMeasures } from '../src/analysis/network-measures.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const JOURNEYS = flag('--journeys', 100_000);
const RUNS = flag('--runs', 5);
const MODEL = 'home-purchase';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1];
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

const analyses: Record<string, (net: GoalNetwork, stats: JourneyStats) => unknown> = {
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

async function main(): Promise<void> {
  const doc = loadSeedModel(MODEL);
  const network = new GoalNetwork(doc);
  const store = await MemoryStore.open({});
  await store.putDocument(doc);

  const generated = time(() => [...generateJourneys(doc, scenarioFor(MODEL), { journeys: JOURNEYS })] as JourneyInput[]);
  const journeys = generated.value;
  const steps = journeys.reduce((n, j) => n + j.steps.length, 0);
  const imported = await timeAsync(() => store.importJourneys(MODEL, journeys, { batchSize: 5_000 }));
  journeys.length = 0;

  await store.journeyStats(MODEL); // warm-up
  const statsRuns: number[] = [];
  let stats!: JourneyStats;
  for (let i = 0; i < RUNS; i++) {
    const r = await timeAsync(() => store.journeyStats(MODEL));
    statsRuns.push(r.ms);
    stats = r.value;
  }
  const perAnalysis: Record<string, number> = {};
  for (const [name, fn] of Object.entries(analyses)) {
    fn(network, stats);
    perAnalysis[name] = median(Array.from({ length: RUNS }, () => time(() => fn(network, stats)).ms));
  }
  const together: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const s = await store.journeyStats(MODEL);
    for (const fn of Object.values(analyses)) fn(network, s);
    together.push(performance.now() - start);
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  const result = {
    bench: 'analyses',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    model: MODEL,
    journeys: stats.journeys,
    steps,
    generateMs: round(generated.ms),
    importMs: round(imported.ms),
    journeyStatsMs: round(median(statsRuns)),
    analysesMs: Object.fromEntries(Object.entries(perAnalysis).map(([k, v]) => [k, round(v)])),
    statsPlusAllAnalysesMs: round(median(together)),
    targetMs: 2000,
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/analyses-${result.date.slice(0, 10)}.json`, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
  await store.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
