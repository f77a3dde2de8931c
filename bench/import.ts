/**
 * Importing an event log as `goalnet import` does: the home-purchase example grown to about
 * STEPS steps and written as CSV, then read (streaming CSV parse, validation against the model)
 * and written into the memory store, in a fresh process whose peak resident memory is reported.
 * Baseline in the same run: a plain parse of the same file (CSV records only, no model).
 *
 *   npx tsx bench/import.ts [--steps 1000000]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadSeedModel, scenarioFor, writeEventLog } from '../seeds/generate.js';
import { readEventLog } from '../src/ingest/event-log.js';
import { CsvParser } from '../src/ingest/csv.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';

const MODEL = 'home-purchase';
const args = process.argv.slice(2);

if (args[0] === '--child') {
  // The measured process: what `goalnet import MODEL --events LOG` does, without a snapshot.
  const [, mode, log] = args;
  const start = performance.now();
  let rows = 0;
  if (mode === 'parse') {
    const parser = new CsvParser(() => rows++);
    for await (const chunk of createReadStream(log, { encoding: 'utf8', highWaterMark: 1 << 20 })) parser.push(chunk as string);
    parser.end();
  } else {
    const doc = loadSeedModel(MODEL);
    const store = await MemoryStore.open({});
    await store.putDocument(doc);
    const result = await readEventLog(log, doc);
    rows = result.accepted;
    await store.importJourneys(MODEL, result.journeys, { batchSize: 5_000 });
  }
  const ms = performance.now() - start;
  console.log(JSON.stringify({ rows, ms: Math.round(ms), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
} else {
  const i = args.indexOf('--steps');
  const steps = i >= 0 ? Number(args[i + 1]) : 1_000_000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'goalnet-import-'));
  const log = path.join(dir, 'log.csv');
  const doc = loadSeedModel(MODEL);
  // The home-purchase scenario averages about 13 steps a journey.
  const written = await writeEventLog(doc, scenarioFor(MODEL), log, { journeys: Math.round(steps / 13) });
  const child = (mode: string) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/import.ts', '--child', mode, log], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  };
  const parse = child('parse');
  const full = child('import');
  const result = {
    bench: 'import',
    date: new Date().toISOString(),
    log: { rows: full.rows, journeys: written.journeys, megabytes: Math.round(statSync(log).size / 2 ** 20) },
    plainCsvParseMs: parse.ms,
    parseValidateImportMs: full.ms,
    ratioToPlainParse: Math.round((full.ms / parse.ms) * 10) / 10,
    stepsPerSecond: Math.round(full.rows / (full.ms / 1000)),
    peakRssMb: full.maxRssMb,
    targets: { importMs: 3000, peakRssMb: 600 },
  };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/import-${result.date.slice(0, 10)}.json`, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
}
