/**
 * `npm run bench`: the benchmark suite. Each benchmark runs in its own process (so one's memory
 * does not weigh on the next) and prints its figures as one JSON line; this collects them into
 * bench/results/bench-<date>.json (everything, with the machine and its load at the start and
 * the end) and bench/results/bench-<date>.md, copied to bench/results/LATEST.md (report.ts).
 * A run of part of the suite (names given, or --max-steps below 10^6) writes
 * bench-<date>-partial.json and .md instead and leaves LATEST.md alone.
 *
 *   npm run bench                            everything
 *   npm run bench -- memory api              only those named (memory, neo4j, api, layout, snapshot)
 *   npm run bench -- --max-steps 1e5         the growth series up to 10^5 steps (quick)
 *   npm run bench -- --max-steps 1e7         ask for 10^7 steps (run when memory and disk allow)
 *
 * Without --max-steps the memory series includes 10^7 steps when the machine has the free memory
 * for it (bench/memory-series.ts), and the Neo4j series runs to 10^6. Progress goes to standard
 * error. Exit code 1 when a benchmark failed or a planted finding was not ranked first.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machine, RESULTS_DIR, SUITE_ENV, today } from './lib/machine.js';
import { markdown, targets, type BenchOutcome, type SuiteSummary } from './report.js';
import { javaAndMavenAvailable } from '../tools/neo4j-local/control.js';

interface Bench {
  name: string;
  script: string;
  args: (maxSteps: number | undefined) => string[];
  nodeArgs?: string[];
  /** Why it cannot run here, or undefined when it can. */
  unavailable?: () => string | undefined;
  /** Bound on its own run time (each bound apart; the suite's target is 20 minutes in all, see report.ts). */
  timeoutMinutes: number;
}

const NEO4J_LARGEST = 1_000_000;

const BENCHES: Bench[] = [
  {
    name: 'memory',
    script: 'bench/memory-series.ts',
    args: (maxSteps) => (maxSteps === undefined ? [] : ['--max-steps', String(maxSteps)]),
    timeoutMinutes: 12,
  },
  {
    name: 'neo4j',
    script: 'bench/neo4j-import.ts',
    args: (maxSteps) => ['--sizes', [10_000, 100_000, NEO4J_LARGEST].filter((n) => n <= (maxSteps ?? NEO4J_LARGEST)).join(',')],
    unavailable: () =>
      process.env.NEO4J_URI || javaAndMavenAvailable() ? undefined : 'Java 17+ and Maven are needed to build and run the local Neo4j (tools/neo4j-local), or set NEO4J_URI',
    timeoutMinutes: 10,
  },
  { name: 'api', script: 'bench/api.ts', args: () => [], timeoutMinutes: 3 },
  { name: 'layout', script: 'bench/layout.ts', args: () => [], timeoutMinutes: 3 },
  { name: 'snapshot', script: 'bench/memory-store-rss.ts', args: () => ['--snapshot'], nodeArgs: ['--expose-gc'], timeoutMinutes: 3 },
];

function parseSteps(text: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 10_000) {
    process.stderr.write(`bench: --max-steps "${text}" must be a whole number of at least 10000, e.g. 1e5, 1e6 or 1e7\n`);
    process.exit(2);
  }
  return n;
}

const { values, positionals } = parseArgs({ options: { 'max-steps': { type: 'string' } }, allowPositionals: true });
const maxSteps = values['max-steps'] === undefined ? undefined : parseSteps(values['max-steps']);
const unknown = positionals.filter((p) => !BENCHES.some((b) => b.name === p));
if (unknown.length > 0) {
  process.stderr.write(`bench: no benchmark named ${unknown.join(', ')}; the names are ${BENCHES.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}

const started = Date.now();
const atStart = machine();
const results: Record<string, BenchOutcome> = {};
for (const bench of BENCHES) {
  if (positionals.length > 0 && !positionals.includes(bench.name)) continue;
  const reason = bench.unavailable?.();
  if (reason !== undefined) {
    process.stderr.write(`== ${bench.name}: skipped (${reason})\n`);
    results[bench.name] = { skipped: reason };
    continue;
  }
  const args = bench.args(maxSteps);
  process.stderr.write(`== ${bench.name}: ${[bench.script, ...args].join(' ')}\n`);
  const t0 = Date.now();
  const run = spawnSync(process.execPath, [...(bench.nodeArgs ?? []), '--import', 'tsx', bench.script, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: bench.timeoutMinutes * 60_000,
    killSignal: 'SIGINT',
    env: { ...process.env, [SUITE_ENV]: '1' },
  });
  const seconds = Math.round((Date.now() - t0) / 100) / 10;
  const figures = lastJson(run.stdout ?? '');
  const outcome: BenchOutcome = { seconds, ...(figures === undefined ? {} : { figures }) };
  if (run.error !== undefined) outcome.failed = `${run.error.message} after ${seconds} s`;
  else if (run.status === 0 && figures === undefined) outcome.failed = 'it ended without printing its figures (a promise that never settled?)';
  else if (run.status !== 0) {
    outcome.failed = figures?.failed === true ? 'a size failed or its planted findings were not ranked first (see its tables)' : `exit code ${run.status ?? run.signal}`;
  }
  process.stderr.write(`== ${bench.name}: ${outcome.failed === undefined ? 'done' : `FAILED (${outcome.failed})`} in ${seconds} s\n`);
  results[bench.name] = outcome;
}

/** The last line of a bench's output that is a JSON object: its figures. */
function lastJson(stdout: string): Record<string, unknown> | undefined {
  const line = stdout
    .trim()
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .pop();
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const seconds = Math.round((Date.now() - started) / 1000);
const summary: SuiteSummary = {
  date: new Date(started).toISOString(),
  machine: { ...atStart, loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
  options: { maxSteps: maxSteps ?? null, only: positionals },
  seconds,
  results,
  targets: targets(results, seconds),
};
// Only a whole run is the latest word: a part of the suite, or smaller sizes, go to their own files.
const partial = positionals.length > 0 || (maxSteps !== undefined && maxSteps < NEO4J_LARGEST);
const stem = path.join(RESULTS_DIR, `bench-${today()}${partial ? '-partial' : ''}`);
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(`${stem}.json`, `${JSON.stringify(summary, null, 2)}\n`);
writeFileSync(`${stem}.md`, markdown(summary));
const written = [`${stem}.json`, `${stem}.md`];
if (!partial) {
  copyFileSync(`${stem}.md`, path.join(RESULTS_DIR, 'LATEST.md'));
  written.push(path.join(RESULTS_DIR, 'LATEST.md'));
}
process.stderr.write(`\nwritten: ${written.map((f) => path.relative(process.cwd(), f)).join(', ')} (the suite took ${Math.round(seconds / 6) / 10} min)\n`);
const failures = Object.entries(results).filter(([, r]) => r.failed !== undefined);
for (const [name, r] of failures) process.stderr.write(`FAILED: ${name}: ${r.failed}\n`);
process.exitCode = failures.length > 0 ? 1 : 0;
