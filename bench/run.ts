/**
 * `npm run bench`: every benchmark of the project, one after another, each in its own process so
 * that one's memory does not weigh on the next. Each writes its figures as JSON; this collects
 * them into bench/results/bench-<date>.json and a readable bench/results/LATEST.md.
 *
 *   npm run bench                 all of them
 *   npm run bench -- analyses api only those named
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

interface Bench {
  name: string;
  script: string;
  args?: string[];
  nodeArgs?: string[];
  /** Why it cannot run here, or undefined when it can. */
  unavailable?: () => string | undefined;
}

const javaAndMaven = () => {
  const ok = (cmd: string, arg: string) => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;
  return ok('java', '-version') && ok('mvn', '-v') ? undefined : 'Java 17 and Maven are needed for the local Neo4j';
};

const BENCHES: Bench[] = [
  { name: 'analyses', script: 'bench/analyses.ts' },
  { name: 'import', script: 'bench/import.ts' },
  { name: 'memory-store-rss', script: 'bench/memory-store-rss.ts', args: ['--snapshot'], nodeArgs: ['--expose-gc'] },
  { name: 'layout', script: 'bench/layout.ts' },
  { name: 'api', script: 'bench/api.ts' },
  { name: 'neo4j', script: 'bench/neo4j-import.ts', unavailable: javaAndMaven },
];

const date = new Date().toISOString().slice(0, 10);
const wanted = process.argv.slice(2);
mkdirSync('bench/results', { recursive: true });

const results: Record<string, unknown> = {};
for (const bench of BENCHES) {
  if (wanted.length > 0 && !wanted.includes(bench.name)) continue;
  if (!existsSync(bench.script)) {
    results[bench.name] = { skipped: `${bench.script} does not exist` };
    continue;
  }
  const reason = bench.unavailable?.();
  if (reason !== undefined) {
    console.error(`== ${bench.name}: skipped (${reason})`);
    results[bench.name] = { skipped: reason };
    continue;
  }
  console.error(`== ${bench.name}: ${bench.script}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [...(bench.nodeArgs ?? []), '--import', 'tsx', bench.script, ...(bench.args ?? [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  if (run.status !== 0) {
    console.error(`== ${bench.name}: failed with exit code ${run.status}`);
    results[bench.name] = { failed: run.status, seconds };
    continue;
  }
  results[bench.name] = { ...readFigures(bench.name, run.stdout), seconds };
}

function readFigures(name: string, stdout: string): Record<string, unknown> {
  const file = `bench/results/${name}-${date}.json`;
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const text = stdout.trim();
  try {
    return JSON.parse(text);
  } catch {
    const last = text.split('\n').filter((l) => l.trim().startsWith('{')).pop();
    return last === undefined ? { output: text } : JSON.parse(last);
  }
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const summary = { date: new Date().toISOString(), machine, results };
writeFileSync(`bench/results/bench-${date}.json`, JSON.stringify(summary, null, 2) + '\n');
writeFileSync('bench/results/LATEST.md', markdown(summary));
console.log(markdown(summary));

function markdown(s: typeof summary): string {
  const lines = [`# Benchmark results`, '', `Taken ${s.date} on ${s.machine}.`, 'Rerun with `npm run bench`.', ''];
  for (const [name, figures] of Object.entries(s.results)) {
    lines.push(`## ${name}`, '', '| figure | value |', '|---|---|');
    for (const [key, value] of flatten(figures as Record<string, unknown>)) lines.push(`| ${key} | ${value} |`);
    lines.push('');
  }
  return lines.join('\n');
}

function flatten(object: Record<string, unknown>, prefix = ''): [string, string][] {
  const rows: [string, string][] = [];
  for (const [key, value] of Object.entries(object)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (key === 'machine' || key === 'date' || key === 'bench') continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) rows.push(...flatten(value as Record<string, unknown>, name));
    else rows.push([name, Array.isArray(value) ? JSON.stringify(value) : String(value)]);
  }
  return rows;
}
