/**
 * The machine a figure was taken on, and how a benchmark hands its figures over: one JSON line on
 * standard output (the suite, bench/run.ts, reads it). Run alone, a benchmark also writes the
 * figures to bench/results/<name>-<date>.json; under the suite (GOALNET_BENCH_SUITE set) the
 * suite's own file holds them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');
export const SUITE_ENV = 'GOALNET_BENCH_SUITE';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  freeMemoryGb: number;
  node: string;
  os: string;
  loadAverage: number[];
}

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGb: Math.round((os.freemem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** "2 × AMD EPYC, 24 GB, Node v20.20.2, Linux 6.1 x64". */
export function describeMachine(m: Machine): string {
  return `${m.cores} × ${m.cpu}, ${Math.round(m.memoryGb)} GB, Node ${m.node}, ${m.os}`;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Prints the figures as one JSON line; run alone, also writes bench/results/<name>-<date>.json. */
export function report(name: string, figures: object): void {
  if (process.env[SUITE_ENV] === undefined) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name}-${today()}.json`);
    writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
    process.stderr.write(`figures written to ${path.relative(process.cwd(), file)}\n`);
  }
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** A progress line on standard error, prefixed with the benchmark's name. */
export function progress(name: string, line: string): void {
  process.stderr.write(`[${name}] ${line}\n`);
}
