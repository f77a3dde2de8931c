/**
 * The size of a synthetic model and its event log, and the benchmark suite's standard sizes.
 *
 * A spec is a seed (text), a number of actors (10 to 1,000), a number of journeys (0 to
 * 1,000,000) and the mean steps per journey (default 10). The model's size follows from the
 * actors (see model.ts); the log's from the journeys and the mean. Everything generated from a
 * spec is a function of the spec alone.
 *
 * Standard sizes (`specForSteps`): 10^4, 10^5, 10^6 and 10^7 steps with 20, 100, 300 and 1,000
 * actors, journeys = steps / 10. Other step counts interpolate the actors on a log scale between
 * those points, clamped to 10..1,000.
 */
import { badInput, type Problem } from '../../src/model/errors.js';

export interface SyntheticSpec {
  seed: string;
  actors: number;
  journeys: number;
  /** Mean steps per journey; default 10. */
  stepsPerJourney?: number;
}

export const DEFAULT_SEED = 'goalnet-bench';
export const DEFAULT_STEPS_PER_JOURNEY = 10;
export const MIN_ACTORS = 10;
export const MAX_ACTORS = 1000;
export const MAX_JOURNEYS = 1_000_000;
export const MAX_STEPS_PER_JOURNEY = 100;

/** The suite's sizes: steps → actors. */
export const STANDARD_SIZES: readonly { steps: number; actors: number }[] = [
  { steps: 10_000, actors: 20 },
  { steps: 100_000, actors: 100 },
  { steps: 1_000_000, actors: 300 },
  { steps: 10_000_000, actors: 1000 },
];

/** The actors for a log of `steps` steps: the standard points, log-linear between them, clamped. */
export function actorsForSteps(steps: number): number {
  const points = STANDARD_SIZES;
  if (steps <= points[0].steps) return clampActors(points[0].actors * Math.max(steps, 1) / points[0].steps);
  for (let i = 1; i < points.length; i++) {
    const lo = points[i - 1];
    const hi = points[i];
    if (steps <= hi.steps) {
      const t = Math.log(steps / lo.steps) / Math.log(hi.steps / lo.steps);
      return clampActors(Math.exp(Math.log(lo.actors) + t * Math.log(hi.actors / lo.actors)));
    }
  }
  return MAX_ACTORS;
}

function clampActors(x: number): number {
  return Math.min(MAX_ACTORS, Math.max(MIN_ACTORS, Math.round(x)));
}

/** The standard spec for a log of about `steps` steps: journeys = steps / 10 (at least 1). */
export function specForSteps(steps: number, seed: string = DEFAULT_SEED): SyntheticSpec {
  if (!(Number.isSafeInteger(steps) && steps >= 1)) {
    throw badInput(`steps: ${steps} must be a whole number >= 1, e.g. 1000000`);
  }
  const spec = {
    seed,
    actors: actorsForSteps(steps),
    journeys: Math.max(1, Math.round(steps / DEFAULT_STEPS_PER_JOURNEY)),
    stepsPerJourney: DEFAULT_STEPS_PER_JOURNEY,
  };
  checkSpec(spec);
  return spec;
}

/** The mean steps per journey of a spec. */
export function meanSteps(spec: SyntheticSpec): number {
  return spec.stepsPerJourney ?? DEFAULT_STEPS_PER_JOURNEY;
}

/** Throws a BAD_INPUT error listing every field of the spec that is out of range. */
export function checkSpec(spec: SyntheticSpec): void {
  const problems: Problem[] = [];
  const wholeIn = (field: string, value: unknown, min: number, max: number): void => {
    if (!(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)) {
      problems.push({ where: field, message: `${String(value)} must be a whole number from ${min} to ${max.toLocaleString('en')}` });
    }
  };
  if (typeof spec.seed !== 'string') problems.push({ where: 'seed', message: 'give the seed as text, e.g. "bench-1"' });
  wholeIn('actors', spec.actors, MIN_ACTORS, MAX_ACTORS);
  wholeIn('journeys', spec.journeys, 0, MAX_JOURNEYS);
  if (spec.stepsPerJourney !== undefined) wholeIn('stepsPerJourney', spec.stepsPerJourney, 1, MAX_STEPS_PER_JOURNEY);
  if (problems.length > 0) throw badInput('the synthetic spec is out of range; fix each field listed:', problems);
}
