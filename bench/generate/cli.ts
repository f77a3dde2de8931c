/**
 * `npx tsx bench/generate/cli.ts --steps N --out DIR [--actors N] [--seed S] [--steps-per-journey M]`
 *
 * Writes a synthetic model and its event log for the benchmark suite:
 *   DIR/model.json    the model (a valid goalnet model file)
 *   DIR/events.csv    the event log, streamed (about N steps in N / M journeys)
 *   DIR/planted.json  what was planted, with the spec, so a later run can check its rankings
 * The actors default to the suite's size for N steps (specForSteps); M defaults to 10. Progress
 * goes to standard error; a JSON summary (spec, model size, log size, seconds) to standard output.
 * Exit codes: 0 written, 2 bad arguments.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { badInput, GoalnetError } from '../../src/model/errors.js';
import { checkSpec, DEFAULT_SEED, specForSteps, syntheticModel, writeSyntheticLog, type SyntheticSpec } from './index.js';

const USAGE =
  'usage: npx tsx bench/generate/cli.ts --steps N --out DIR [--actors N] [--seed S] [--steps-per-journey M]\n' +
  '  e.g. --steps 1000000 --out bench/tmp/synthetic-1e6';

export interface CliOptions {
  spec: SyntheticSpec;
  out: string;
}

export function parseCli(argv: readonly string[]): CliOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        steps: { type: 'string' },
        actors: { type: 'string' },
        seed: { type: 'string' },
        'steps-per-journey': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw badInput(`${(e as Error).message}\n${USAGE}`);
  }
  if (values.help === true) return 'help';
  const whole = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text.replace(/_/g, ''));
    if (!/^[\d_]+$/.test(text) || !Number.isSafeInteger(n)) throw badInput(`--${name}: "${text}" is not a whole number\n${USAGE}`);
    return n;
  };
  const steps = whole('steps', values.steps);
  if (steps === undefined) throw badInput(`--steps is required\n${USAGE}`);
  if (values.out === undefined) throw badInput(`--out DIR is required\n${USAGE}`);
  const base = specForSteps(steps, values.seed ?? DEFAULT_SEED);
  const mean = whole('steps-per-journey', values['steps-per-journey']) ?? base.stepsPerJourney ?? 10;
  const spec: SyntheticSpec = {
    seed: base.seed,
    actors: whole('actors', values.actors) ?? base.actors,
    journeys: Math.max(1, Math.round(steps / Math.max(1, mean))),
    stepsPerJourney: mean,
  };
  checkSpec(spec);
  return { spec, out: values.out };
}

async function main(argv: readonly string[]): Promise<number> {
  const cli = parseCli(argv);
  if (cli === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { spec, out } = cli;
  mkdirSync(out, { recursive: true });
  const files = { model: path.join(out, 'model.json'), events: path.join(out, 'events.csv'), planted: path.join(out, 'planted.json') };

  const t0 = performance.now();
  const { model, planted } = syntheticModel(spec);
  writeFileSync(files.model, `${JSON.stringify(model, null, 2)}\n`);
  const modelMs = performance.now() - t0;

  const live = process.stderr.isTTY === true;
  let lastShown = 0;
  let lastTenth = 0;
  const t1 = performance.now();
  const log = await writeSyntheticLog(files.events, model, planted, spec, (p) => {
    const line = `${p.journeys.toLocaleString('en')}/${p.total.toLocaleString('en')} journeys, ${p.steps.toLocaleString('en')} steps, ${(p.bytes / 1e6).toFixed(0)} MB`;
    if (live) {
      const now = performance.now();
      if (now - lastShown < 250 && p.journeys < p.total) return;
      lastShown = now;
      process.stderr.write(`\r${line}\x1b[K`);
    } else {
      const tenth = p.total === 0 ? 10 : Math.floor((p.journeys / p.total) * 10);
      if (tenth > lastTenth || p.journeys === p.total) {
        lastTenth = tenth;
        process.stderr.write(`${line}\n`);
      }
    }
  });
  if (live) process.stderr.write('\n');
  const logMs = performance.now() - t1;

  const summary = {
    spec,
    model: {
      id: model.model.id,
      goals: model.goals.length,
      actors: model.actors.length,
      touchpoints: model.touchpoints.length,
      activities: model.activities.length,
      partnerships: model.partnerships.length,
      segments: model.segments.length,
    },
    log: { ...log, seconds: round(logMs / 1000), stepsPerSecond: Math.round(log.steps / (logMs / 1000)) },
    modelSeconds: round(modelMs / 1000),
    files,
    planted,
  };
  writeFileSync(files.planted, `${JSON.stringify({ planted, spec, log }, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return 0;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof GoalnetError) {
        process.stderr.write(`bench/generate: ${e.message}\n`);
        process.exitCode = e.code === 'BAD_INPUT' ? 2 : 1;
      } else {
        throw e;
      }
    },
  );
}
