/**
 * The example models of `seeds/`: `models/<id>.json` (the model), `scenarios/<id>.ts` (how the
 * generator walks it) and `events/<id>.csv` (the generated event log that is committed).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { badInput, notFound } from '../src/model/errors.js';
import type { ModelDocument } from '../src/model/types.js';
import { parseModelDocument } from '../src/model/validate.js';
import type { Scenario } from './scenario.js';
import { SCENARIOS } from './scenarios/index.js';

/** The folder `seeds/`. */
export const SEEDS_DIR = path.dirname(fileURLToPath(import.meta.url));

/** The example models, in the order they are generated. */
export const SEED_MODEL_IDS = Object.keys(SCENARIOS);

export function modelPath(id: string): string {
  return path.join(SEEDS_DIR, 'models', `${id}.json`);
}

export function eventsPath(id: string): string {
  return path.join(SEEDS_DIR, 'events', `${id}.csv`);
}

/** The scenario of an example model; NOT_FOUND naming the known ids when there is none. */
export function scenarioFor(id: string): Scenario {
  const scenario = SCENARIOS[id];
  if (scenario === undefined) {
    throw notFound(`no example model "${id}"; the examples are: ${SEED_MODEL_IDS.join(', ')}`);
  }
  return scenario;
}

/** Reads and validates `models/<id>.json` (BAD_INPUT listing every problem, with JSON paths). */
export function loadSeedModel(id: string): ModelDocument {
  scenarioFor(id);
  const file = modelPath(id);
  const source = path.relative(process.cwd(), file) || file;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw badInput(`${source} is not valid JSON (${(e as Error).message}); fix the syntax and try again`);
  }
  return parseModelDocument(raw, source);
}
