/**
 * `npx tsx seeds/generate.ts` (or `npm run seeds`): regrows the example event logs
 * `seeds/events/<id>.csv` from the example models and their scenarios, deterministically.
 *
 *   --model ID      only this example (repeatable; default: all of them)
 *   --journeys N    journeys per model instead of the scenario's count
 *   --seed S        seed text instead of the scenario's
 *   --out FILE      write to FILE instead of seeds/events/<id>.csv (one model only); streams, so
 *                   `--model home-purchase --journeys 100000 --out /tmp/big.csv` stays small in memory
 *   --check         write nothing: regenerate in memory and fail (exit 1) when a committed log
 *                   differs, naming the first differing line
 *
 * The generator is exported for benchmarks and tests: `generateEventLog`, `generateJourneys`,
 * `writeEventLog` (streaming to a file) and `checkSeedEvents`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { badInput, GoalnetError } from '../src/model/errors.js';
import type { ModelDocument } from '../src/model/types.js';
import { eventsPath, loadSeedModel, scenarioFor, SEED_MODEL_IDS } from './catalog.js';
import {
  compileScenario,
  EVENT_LOG_HEADER,
  eventLogText,
  generateJourneys,
  journeyRows,
  type CompiledScenario,
  type GenerateOptions,
} from './generator.js';
import type { Scenario } from './scenario.js';
import { openTextFile } from './text-file.js';

export {
  compileScenario,
  csvField,
  EVENT_LOG_HEADER,
  eventLogText,
  generateEventLog,
  generateJourneys,
  isoSeconds,
  journeyRows,
  type CompiledScenario,
  type GeneratedJourney,
  type GeneratedStep,
  type GenerateOptions,
} from './generator.js';
export { eventsPath, loadSeedModel, modelPath, scenarioFor, SEED_MODEL_IDS, SEEDS_DIR } from './catalog.js';

export interface WriteProgress {
  journeys: number;
  steps: number;
  /** Journeys to write in all. */
  total: number;
}

export interface WriteOptions extends GenerateOptions {
  /** Called every `progressEvery` journeys and once at the end. */
  onProgress?: (progress: WriteProgress) => void;
  progressEvery?: number;
  /** Stops between journeys; what was written stays written (whole journeys only). */
  signal?: AbortSignal;
}

export interface WriteResult {
  file: string;
  journeys: number;
  steps: number;
  bytes: number;
  interrupted: boolean;
}

/** Bytes the file stream may buffer before the writer waits for the disk. */
const WRITE_CHUNK = 1 << 20;

/**
 * Streams the generated event log to `file` (created or replaced), holding at most about a
 * megabyte of text at a time and waiting for the disk when it falls behind.
 */
export async function writeEventLog(
  model: ModelDocument,
  scenario: Scenario | CompiledScenario,
  file: string,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const plan = 'compiled' in scenario ? scenario : compileScenario(model, scenario);
  const total = options.journeys ?? plan.journeys;
  const every = options.progressEvery ?? 1000;
  const out = openTextFile(file, WRITE_CHUNK);
  const write = out.write;

  // Each journey's rows go to the stream at once (turned into bytes there, so the strings die
  // young); the stream buffers up to WRITE_CHUNK bytes before we wait for the disk.
  let bytes = 0;
  let journeys = 0;
  let steps = 0;
  let interrupted = false;
  try {
    const header = `${EVENT_LOG_HEADER}\n`;
    bytes += header.length;
    await write(header);
    for (const journey of generateJourneys(model, plan, options)) {
      if (options.signal?.aborted === true) {
        interrupted = true;
        break;
      }
      const rows = journeyRows(journey);
      bytes += Buffer.byteLength(rows);
      journeys++;
      steps += journey.steps.length;
      await write(rows);
      if (options.onProgress !== undefined && journeys % every === 0) options.onProgress({ journeys, steps, total });
    }
  } finally {
    await out.end();
  }
  if (out.error !== undefined) throw out.error;
  options.onProgress?.({ journeys, steps, total });
  return { file, journeys, steps, bytes, interrupted };
}

export interface CheckResult {
  id: string;
  file: string;
  ok: boolean;
  /** What differs, or that the file is up to date. */
  detail: string;
}

/** Regenerates an example in memory and compares it with its committed log, line by line. */
export function checkSeedEvents(id: string, options: GenerateOptions = {}, file = eventsPath(id)): CheckResult {
  const expected = eventLogText(loadSeedModel(id), scenarioFor(id), options);
  if (!existsSync(file)) return { id, file, ok: false, detail: `${file} is missing; run npm run seeds to create it` };
  const actual = readFileSync(file, 'utf8');
  if (actual === expected) return { id, file, ok: true, detail: `${file} is up to date` };
  const a = actual.split('\n');
  const e = expected.split('\n');
  let line = 0;
  while (line < a.length && line < e.length && a[line] === e[line]) line++;
  const show = (s: string | undefined): string => (s === undefined ? '(end of file)' : JSON.stringify(s));
  return {
    id,
    file,
    ok: false,
    detail:
      `${file}:${line + 1} differs from a fresh generation: the file has ${show(a[line])}, ` +
      `the generator gives ${show(e[line])}; run npm run seeds to regrow it (and commit the change)`,
  };
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

const USAGE = `usage: npx tsx seeds/generate.ts [--model ID]... [--journeys N] [--seed S] [--out FILE] [--check]
  examples: ${SEED_MODEL_IDS.join(', ')}`;

interface CliOptions {
  models: string[];
  journeys: number | undefined;
  seed: string | undefined;
  out: string | undefined;
  check: boolean;
  help: boolean;
}

export function parseCli(argv: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        model: { type: 'string', multiple: true },
        journeys: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        check: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw badInput(`${(e as Error).message}\n${USAGE}`);
  }
  const models = values.model ?? SEED_MODEL_IDS;
  for (const id of models) {
    if (!SEED_MODEL_IDS.includes(id)) throw badInput(`--model: no example "${id}"; use one of ${SEED_MODEL_IDS.join(', ')}`);
  }
  let journeys: number | undefined;
  if (values.journeys !== undefined) {
    journeys = Number(values.journeys);
    if (!/^\d+$/.test(values.journeys) || !Number.isSafeInteger(journeys)) {
      throw badInput(`--journeys: "${values.journeys}" is not a whole number; give e.g. --journeys 1000`);
    }
  }
  if (values.out !== undefined && models.length !== 1) {
    throw badInput('--out writes one log: name the model with --model, e.g. --model home-purchase --out /tmp/big.csv');
  }
  return {
    models,
    journeys,
    seed: values.seed,
    out: values.out,
    check: values.check === true,
    help: values.help === true,
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const cli = parseCli(argv);
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const options: GenerateOptions = { journeys: cli.journeys, seed: cli.seed };
  if (cli.check) {
    let failed = 0;
    for (const id of cli.models) {
      const result = checkSeedEvents(id, options, cli.out ?? eventsPath(id));
      if (!result.ok) failed++;
      (result.ok ? process.stdout : process.stderr).write(`${result.ok ? 'ok' : 'FAILED'} ${id}: ${result.detail}\n`);
    }
    return failed === 0 ? 0 : 1;
  }

  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    for (const id of cli.models) {
      const file = cli.out ?? eventsPath(id);
      const started = performance.now();
      const live = process.stderr.isTTY === true;
      let lastShown = 0;
      const result = await writeEventLog(loadSeedModel(id), scenarioFor(id), file, {
        ...options,
        signal: controller.signal,
        progressEvery: 2000,
        onProgress: (p) => {
          const now = performance.now();
          if (!live || now - lastShown < 250) return;
          lastShown = now;
          process.stderr.write(`\r${id}: ${p.journeys.toLocaleString('en')}/${p.total.toLocaleString('en')} journeys, ${p.steps.toLocaleString('en')} steps`);
        },
      });
      if (live && lastShown > 0) process.stderr.write('\r\x1b[K');
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const relative = path.relative(process.cwd(), result.file);
      const shown = relative === '' || relative.startsWith('..') ? result.file : relative;
      process.stdout.write(
        `${result.interrupted ? 'interrupted; kept' : 'wrote'} ${shown}: ${result.journeys.toLocaleString('en')} journeys, ` +
          `${result.steps.toLocaleString('en')} steps, ${(result.bytes / 1e6).toFixed(1)} MB in ${seconds} s\n`,
      );
      if (result.interrupted) return 130;
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof GoalnetError) {
        process.stderr.write(`seeds: ${e.message}\n`);
        process.exitCode = e.code === 'BAD_INPUT' ? 2 : 1;
      } else {
        throw e;
      }
    },
  );
}
