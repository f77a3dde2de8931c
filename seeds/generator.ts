/**
 * The seeded event-log generator: walks a model's planned journey as a scenario says customers
 * do, and yields journeys or the CSV text of the event log. Deterministic: the same model,
 * scenario, journey count and seed give byte-identical output; journey i depends only on the
 * seed and i (not on how many journeys are generated).
 *
 * ## The walk of one journey
 * 1. Pick the segment (scenario segment weights), the start time (a day in
 *    [startDate, startDate + spanDays), 07:00–21:59 UTC, whole minutes) and the first activity
 *    (scenario `start` weights).
 * 2. At each activity: every attempt is stuck with probability stuck × segment factors (capped
 *    at 0.95). After a stuck step the customer retries (probability `retry`, at most 3 retries);
 *    otherwise, with `stuckNext`, turns where it says (a detour to another activity, giving up,
 *    or ending stuck), and without it gives up with an `abandoned` step at the same activity
 *    (probability `abandonAfterStuck`) or ends stuck. A customer who is not stuck may still
 *    give up (probability `abandon`: an `abandoned` step ends the journey).
 * 3. Otherwise the next move is drawn from the activity's `next` weights (× the segment's
 *    `prefer`): `END` and `LEAVE` with their share of all the weights; the rest goes to the
 *    activity moves not yet visited `maxVisits` times, by their weights. With no activity move
 *    left, `END` or `LEAVE` by their weights, or, with neither, the customer leaves.
 * 4. Outcome of that step: `completed` when the move is `END` (the goal reached; the journey
 *    ends), or when the move follows a *planned* successor serving a different goal and the
 *    journey has not yet completed this activity's goal (the customer finished the sub-goal);
 *    otherwise `progressed`. Activities with `completes: false` are never `completed`.
 *    `LEAVE` ends the journey after a `progressed` step.
 * 5. The actor, channel and touchpoint of every step come from one touchpoint drawn from the
 *    activity's touchpoints whose actor is one of the activity's actors (scenario weights), so
 *    they always agree with the model.
 * 6. The next step comes `delay` minutes later (`retryDelay` after a stuck step), log-uniform,
 *    at least one minute, so a journey's timestamps strictly increase. A wait of three hours or
 *    more that would end at night (22:00–06:59 UTC) ends the next morning, 07:00–08:29.
 */
import { badInput, type Problem } from '../src/model/errors.js';
import type { Activity, ModelDocument } from '../src/model/types.js';
import { SENTIMENT_MAX, SENTIMENT_MIN, type Channel, type Outcome } from '../src/model/vocabulary.js';
import type { JourneyInput, StepInput } from '../src/store/graph-store.js';
import { hashSeed, journeySeed, mulberry32, pickWeighted, type Random } from './prng.js';
import {
  ABANDON,
  END,
  LEAVE,
  type ActivityBehaviour,
  type DelayRange,
  type NoteSpec,
  type Scenario,
  type SentimentSpec,
} from './scenario.js';

/** The event-log header the generator writes (DESIGN.md's columns plus `touchpoint`). */
export const EVENT_LOG_HEADER = 'journey,timestamp,activity,actor,channel,touchpoint,outcome,sentiment,note,segment';

export interface GenerateOptions {
  /** Journeys to generate; default the scenario's. */
  journeys?: number;
  /** Seed text; default the scenario's. */
  seed?: string;
}

/** A generated journey: a `JourneyInput` whose steps always carry actor, channel and touchpoint. */
export interface GeneratedJourney extends JourneyInput {
  segment: string | undefined;
  steps: GeneratedStep[];
}
export interface GeneratedStep extends StepInput {
  actor: string;
  channel: Channel;
  touchpoint: string;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
const MAX_RETRIES = 3;
const STUCK_CAP = 0.95;
/** Waits shorter than this (minutes) are not moved out of the night. */
const LONG_WAIT = 180;

/** Defaults for behaviour fields neither the activity nor the scenario's `defaults` set. */
const BUILT_IN: Required<
  Omit<ActivityBehaviour, 'touchpoints' | 'next' | 'stuckNext' | 'notes' | 'completes' | 'nextSentimentBlank'>
> & { nextSentimentBlank: number | undefined } = {
  maxVisits: 1,
  stuck: 0,
  retry: 0.5,
  abandonAfterStuck: 0.5,
  abandon: 0,
  delay: { min: 30, max: 3 * DAY_MINUTES },
  retryDelay: { min: 10, max: DAY_MINUTES },
  sentiment: { blank: 0.6, mean: 0.3 },
  stuckSentiment: { blank: 0.3, mean: -1.2 },
  abandonSentiment: { blank: 0.2, mean: -1.6 },
  nextSentimentShift: 0,
  nextSentimentBlank: undefined,
};

export interface TouchpointChoice {
  touchpoint: string;
  actor: string;
  channel: Channel;
}

export interface CompiledActivity {
  index: number;
  id: string;
  goal: string;
  behaviour: typeof BUILT_IN;
  notes: Required<NoteSpec>;
  completes: boolean;
  touchpoints: [TouchpointChoice, number][];
  /** Moves with weights; `index` is the target activity's index, -1 for END, -2 for LEAVE. */
  moves: Move[];
  /** Where a stuck customer who does not retry turns (index -3 for ABANDON), or undefined. */
  stuckMoves: Move[] | undefined;
}

export interface Move {
  target: string;
  index: number;
  weight: number;
  planned: boolean;
}

export interface CompiledSegment {
  id: string | undefined;
  stuck: number;
  activityStuck: Map<string, number>;
  prefer: Map<string, number>;
}

/** A model and scenario checked against each other and turned into lookup tables. */
export interface CompiledScenario {
  compiled: true;
  modelId: string;
  journeys: number;
  seed: string;
  journeyPrefix: string;
  startMs: number;
  spanDays: number;
  maxSteps: number;
  activities: CompiledActivity[];
  start: [number, number][];
  segments: [CompiledSegment, number][];
}

const END_INDEX = -1;
const LEAVE_INDEX = -2;
const ABANDON_INDEX = -3;

/**
 * Checks a scenario against its model and compiles it. Throws a BAD_INPUT GoalnetError listing
 * every problem (`<source>: <path>`), e.g. a `next` naming an activity the model lacks.
 */
export function compileScenario(model: ModelDocument, scenario: Scenario, source = `scenario ${scenario.modelId}`): CompiledScenario {
  const problems: Problem[] = [];
  const at = (path: string, message: string): void => {
    problems.push({ where: `${source}: ${path}`, message });
  };
  if (scenario.modelId !== model.model.id) {
    at('modelId', `the scenario is for model "${scenario.modelId}" but was given model "${model.model.id}"`);
  }
  const activityIndex = new Map(model.activities.map((a, i) => [a.id, i] as const));
  const touchpointById = new Map(model.touchpoints.map((t) => [t.id, t] as const));
  const segmentIds = new Set(model.segments.map((s) => s.id));
  const moveTarget = (key: string): boolean => key === END || key === LEAVE || activityIndex.has(key);

  checkProbability(at, 'defaults', scenario.defaults);
  checkPositiveInteger(at, 'journeys', scenario.journeys);
  const startMs = Date.parse(`${scenario.startDate}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(scenario.startDate) || Number.isNaN(startMs)) {
    at('startDate', `"${scenario.startDate}" is not a date; write it as YYYY-MM-DD`);
  }
  checkPositiveInteger(at, 'spanDays', scenario.spanDays);
  for (const key of Object.keys(scenario.activities)) {
    if (!activityIndex.has(key)) at(`activities.${key}`, `the model has no activity "${key}"; use one of its activity ids`);
  }
  for (const key of Object.keys(scenario.start)) {
    if (!activityIndex.has(key)) at(`start.${key}`, `the model has no activity "${key}"`);
  }
  if (positiveTotal(Object.values(scenario.start)) === 0) at('start', 'give at least one start activity a positive weight');

  const activities: CompiledActivity[] = model.activities.map((activity, index) => {
    const own = scenario.activities[activity.id] ?? {};
    const path = `activities.${activity.id}`;
    checkProbability(at, path, own);
    const behaviour = { ...BUILT_IN, ...stripUndefined(scenario.defaults), ...stripUndefined(own) };
    const notes: Required<NoteSpec> = {
      rate: 0.15,
      stuckRate: 0.6,
      positive: [],
      negative: [],
      stuck: [],
      abandoned: [],
      ...stripUndefined(scenario.defaults.notes ?? {}),
      ...stripUndefined(own.notes ?? {}),
    };
    checkDelay(at, `${path}.delay`, behaviour.delay);
    checkDelay(at, `${path}.retryDelay`, behaviour.retryDelay);
    return {
      index,
      id: activity.id,
      goal: activity.goal,
      behaviour,
      notes,
      completes: own.completes ?? scenario.defaults.completes ?? true,
      touchpoints: touchpointChoices(activity, own.touchpoints, touchpointById, (p, m) => at(`${path}.${p}`, m)),
      moves: moves(activity, own.next, activityIndex, moveTarget, (p, m) => at(`${path}.${p}`, m)),
      stuckMoves: stuckMoves(own.stuckNext ?? scenario.defaults.stuckNext, activityIndex, (p, m) => at(`${path}.${p}`, m)),
    };
  });

  const segments: [CompiledSegment, number][] = [];
  scenario.segments.forEach((s, i) => {
    const path = `segments[${i}]`;
    if (segmentIds.size > 0 && !segmentIds.has(s.id)) {
      at(`${path}.id`, `the model declares no segment "${s.id}"; use one of: ${[...segmentIds].join(', ')}`);
    }
    for (const key of Object.keys(s.activityStuck ?? {})) {
      if (!activityIndex.has(key)) at(`${path}.activityStuck.${key}`, `the model has no activity "${key}"`);
    }
    for (const key of Object.keys(s.prefer ?? {})) {
      if (!moveTarget(key)) at(`${path}.prefer.${key}`, `the model has no activity "${key}"`);
    }
    segments.push([
      {
        id: s.id,
        stuck: s.stuck ?? 1,
        activityStuck: new Map(Object.entries(s.activityStuck ?? {})),
        prefer: new Map(Object.entries(s.prefer ?? {})),
      },
      s.weight,
    ]);
  });
  if (segments.length === 0) segments.push([{ id: undefined, stuck: 1, activityStuck: new Map(), prefer: new Map() }, 1]);
  else if (positiveTotal(segments.map(([, w]) => w)) === 0) at('segments', 'give at least one segment a positive weight');

  if (problems.length > 0) {
    throw badInput(`${source} does not fit model "${model.model.id}"; fix each problem listed:`, problems);
  }
  return {
    compiled: true,
    modelId: model.model.id,
    journeys: scenario.journeys,
    seed: scenario.seed,
    journeyPrefix: scenario.journeyPrefix,
    startMs,
    spanDays: scenario.spanDays,
    maxSteps: scenario.maxSteps ?? 80,
    activities,
    start: Object.entries(scenario.start).map(([id, w]) => [activityIndex.get(id) ?? 0, w]),
    segments,
  };
}

type Report = (path: string, message: string) => void;

function touchpointChoices(
  activity: Activity,
  weights: Readonly<Record<string, number>> | undefined,
  touchpointById: Map<string, ModelDocument['touchpoints'][number]>,
  at: Report,
): [TouchpointChoice, number][] {
  const choices: [TouchpointChoice, number][] = [];
  for (const key of Object.keys(weights ?? {})) {
    if (!activity.touchpoints.includes(key)) {
      at(`touchpoints.${key}`, `"${key}" is not one of the activity's touchpoints (${activity.touchpoints.join(', ')})`);
    }
  }
  for (const id of activity.touchpoints) {
    const t = touchpointById.get(id);
    if (t === undefined || !activity.actors.includes(t.actor)) continue;
    const w = weights === undefined ? 1 : (weights[id] ?? 0);
    choices.push([{ touchpoint: id, actor: t.actor, channel: t.channel }, w]);
  }
  if (positiveTotal(choices.map(([, w]) => w)) === 0) {
    at(
      'touchpoints',
      'no touchpoint to draw: the activity needs a touchpoint owned by one of its actors (and a positive weight for it)',
    );
  }
  return choices;
}

function moves(
  activity: Activity,
  weights: Readonly<Record<string, number>> | undefined,
  activityIndex: Map<string, number>,
  isTarget: (key: string) => boolean,
  at: Report,
): CompiledActivity['moves'] {
  const planned = new Set(activity.next);
  const entries: [string, number][] =
    weights !== undefined
      ? Object.entries(weights)
      : activity.next.length > 0
        ? activity.next.map((id) => [id, 1])
        : [[END, 1]];
  const result: CompiledActivity['moves'] = [];
  for (const [target, weight] of entries) {
    if (!isTarget(target)) {
      at(`next.${target}`, `the model has no activity "${target}"; use an activity id, "${END}" or "${LEAVE}"`);
      continue;
    }
    if (!(weight >= 0)) at(`next.${target}`, `weight ${weight} must be a number >= 0`);
    const index = target === END ? END_INDEX : target === LEAVE ? LEAVE_INDEX : (activityIndex.get(target) ?? 0);
    result.push({ target, index, weight, planned: planned.has(target) });
  }
  if (positiveTotal(result.map((m) => m.weight)) === 0) at('next', 'give at least one move a positive weight');
  return result;
}

function stuckMoves(
  weights: Readonly<Record<string, number>> | undefined,
  activityIndex: Map<string, number>,
  at: Report,
): Move[] | undefined {
  if (weights === undefined) return undefined;
  const result: Move[] = [];
  for (const [target, weight] of Object.entries(weights)) {
    const index = target === ABANDON ? ABANDON_INDEX : target === LEAVE ? LEAVE_INDEX : activityIndex.get(target);
    if (index === undefined) {
      at(`stuckNext.${target}`, `the model has no activity "${target}"; use an activity id, "${ABANDON}" or "${LEAVE}"`);
      continue;
    }
    if (!(weight >= 0)) at(`stuckNext.${target}`, `weight ${weight} must be a number >= 0`);
    result.push({ target, index, weight, planned: false });
  }
  if (positiveTotal(result.map((m) => m.weight)) === 0) at('stuckNext', 'give at least one entry a positive weight');
  return result;
}

const PROBABILITY_FIELDS = ['stuck', 'retry', 'abandonAfterStuck', 'abandon', 'nextSentimentBlank'] as const;

function checkProbability(at: Report, path: string, b: ActivityBehaviour): void {
  for (const field of PROBABILITY_FIELDS) {
    const v = b[field];
    if (v !== undefined && !(v >= 0 && v <= 1)) at(`${path}.${field}`, `${v} is not a probability; use a number from 0 to 1`);
  }
  for (const field of ['sentiment', 'stuckSentiment', 'abandonSentiment'] as const) {
    const s = b[field];
    if (s !== undefined && !(s.blank >= 0 && s.blank <= 1)) at(`${path}.${field}.blank`, `${s.blank} is not a probability`);
  }
  if (b.maxVisits !== undefined && !(Number.isInteger(b.maxVisits) && b.maxVisits >= 1)) {
    at(`${path}.maxVisits`, `${b.maxVisits} must be a whole number >= 1`);
  }
}

function checkDelay(at: Report, path: string, d: DelayRange): void {
  if (!(d.min >= 1 && d.max >= d.min)) at(path, `delay {min: ${d.min}, max: ${d.max}} needs 1 <= min <= max (minutes)`);
}

function checkPositiveInteger(at: Report, path: string, v: number): void {
  if (!(Number.isInteger(v) && v >= 1)) at(path, `${v} must be a whole number >= 1`);
}

function positiveTotal(weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) if (w > 0) total += w;
  return total;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// ---------------------------------------------------------------------------------------------
// Walking
// ---------------------------------------------------------------------------------------------

/** The seed the journeys of a run derive from: the seed text and the model id. */
function baseSeed(seed: string, modelId: string): number {
  return hashSeed(`${seed}\u0000${modelId}`);
}

/**
 * Journeys of the model as the scenario walks them, one at a time (nothing is held). Journey ids
 * are `<journeyPrefix>-<i>`, i from 1, zero-padded to max(4, digits of the journey count).
 */
export function* generateJourneys(
  model: ModelDocument,
  scenario: Scenario | CompiledScenario,
  options: GenerateOptions = {},
): Generator<GeneratedJourney> {
  const plan = 'compiled' in scenario ? scenario : compileScenario(model, scenario);
  const count = options.journeys ?? plan.journeys;
  if (!(Number.isInteger(count) && count >= 0)) throw badInput(`journeys: ${count} must be a whole number >= 0`);
  const base = baseSeed(options.seed ?? plan.seed, plan.modelId);
  const width = Math.max(4, String(count).length);
  for (let i = 0; i < count; i++) {
    const id = `${plan.journeyPrefix}-${String(i + 1).padStart(width, '0')}`;
    yield walkJourney(plan, mulberry32(journeySeed(base, i)), id);
  }
}

function walkJourney(plan: CompiledScenario, random: Random, id: string): GeneratedJourney {
  const segment = pickWeighted(random, plan.segments) ?? plan.segments[0][0];
  const day = Math.floor(random() * plan.spanDays);
  const minuteOfDay = 7 * 60 + Math.floor(random() * 15 * 60);
  let time = plan.startMs + (day * DAY_MINUTES + minuteOfDay) * MINUTE_MS;
  const steps: GeneratedStep[] = [];
  const visits = new Uint16Array(plan.activities.length);
  const completedGoals = new Set<string>();
  // Carried over from the previous step to the next one: sentiment shift and blank override.
  let shift = 0;
  let blankOverride: number | undefined;
  let current = plan.activities[pickWeighted(random, plan.start) ?? plan.start[0][0]];

  const push = (outcome: Outcome, spec: SentimentSpec, noteFor: 'step' | 'stuck' | 'abandoned'): void => {
    const a = current;
    const tp = pickWeighted(random, a.touchpoints) ?? a.touchpoints[0][0];
    const sentiment = drawSentiment(random, blankOverride === undefined ? spec : { ...spec, blank: blankOverride }, shift);
    shift = 0;
    blankOverride = undefined;
    const note = drawNote(random, a.notes, noteFor, sentiment);
    const step: GeneratedStep = { timestamp: time, activity: a.id, actor: tp.actor, channel: tp.channel, touchpoint: tp.touchpoint, outcome };
    if (sentiment !== undefined) step.sentiment = sentiment;
    if (note !== undefined) step.note = note;
    steps.push(step);
  };
  const wait = (d: DelayRange): void => {
    time = awake(random, time, drawMinutes(random, d));
  };

  for (;;) {
    const a = current;
    const b = a.behaviour;
    visits[a.index]++;
    if (steps.length >= plan.maxSteps - 1) {
      push('progressed', b.sentiment, 'step');
      break;
    }

    // Stuck attempts, retries, giving up.
    const stuckP = Math.min(STUCK_CAP, b.stuck * segment.stuck * (segment.activityStuck.get(a.id) ?? 1));
    let turn: Move | undefined | 'retry' = 'retry';
    for (let retries = 0; random() < stuckP; retries++) {
      push('stuck', b.stuckSentiment, 'stuck');
      wait(b.retryDelay);
      if (retries < MAX_RETRIES && random() < b.retry) continue;
      turn = afterStuck(random, a, visits, plan);
      break;
    }
    if (turn !== 'retry') {
      if (turn !== undefined && turn.index >= 0) {
        // A detour: the customer tries another activity; the stuck step stays stuck.
        current = plan.activities[turn.index];
        continue;
      }
      if (turn?.index === ABANDON_INDEX) push('abandoned', b.abandonSentiment, 'abandoned');
      break;
    }
    if (b.abandon > 0 && random() < b.abandon) {
      push('abandoned', b.abandonSentiment, 'abandoned');
      break;
    }

    // The move after this step decides its outcome.
    const move = chooseMove(random, plan, a, visits, segment);
    let outcome: Outcome = 'progressed';
    if (move === undefined || move.index === LEAVE_INDEX) {
      outcome = 'progressed';
    } else if (move.index === END_INDEX) {
      outcome = a.completes ? 'completed' : 'progressed';
    } else if (
      a.completes &&
      move.planned &&
      plan.activities[move.index].goal !== a.goal &&
      !completedGoals.has(a.goal)
    ) {
      outcome = 'completed';
    }
    if (outcome === 'completed') completedGoals.add(a.goal);
    push(outcome, b.sentiment, 'step');
    shift = b.nextSentimentShift;
    blankOverride = b.nextSentimentBlank;
    if (move === undefined || move.index < 0) break;
    wait(b.delay);
    current = plan.activities[move.index];
  }
  return { id, segment: segment.id, steps };
}

/**
 * Where a stuck customer who does not retry turns: by `stuckNext` when the activity has it
 * (activities visited `maxVisits` times left out), else ABANDON with probability
 * `abandonAfterStuck`. Undefined: the journey ends stuck.
 */
function afterStuck(random: Random, a: CompiledActivity, visits: Uint16Array, plan: CompiledScenario): Move | undefined {
  if (a.stuckMoves === undefined) {
    return random() < a.behaviour.abandonAfterStuck ? { target: ABANDON, index: ABANDON_INDEX, weight: 1, planned: false } : undefined;
  }
  const open: [Move, number][] = [];
  for (const m of a.stuckMoves) {
    if (m.index >= 0 && visits[m.index] >= plan.activities[m.index].behaviour.maxVisits) continue;
    open.push([m, m.weight]);
  }
  return pickWeighted(random, open);
}

/**
 * The time `minutes` after `time`; a wait of at least `LONG_WAIT` minutes that would end at
 * night (22:00–06:59 UTC) ends instead the next morning between 07:00 and 08:29.
 */
function awake(random: Random, time: number, minutes: number): number {
  const jitter = Math.floor(random() * 90);
  let t = time + minutes * MINUTE_MS;
  if (minutes < LONG_WAIT) return t;
  const minuteOfDay = Math.floor(t / MINUTE_MS) % DAY_MINUTES;
  if (minuteOfDay >= 22 * 60) t += (DAY_MINUTES - minuteOfDay + 7 * 60 + jitter) * MINUTE_MS;
  else if (minuteOfDay < 7 * 60) t += (7 * 60 - minuteOfDay + jitter) * MINUTE_MS;
  return t;
}

/**
 * Draws the move after a step at `a`. `END` and `LEAVE` keep their share of the weights
 * (× segment preference); activity moves share the rest among those not yet visited
 * `maxVisits` times. With no activity move left, `END`/`LEAVE` by their weights, or leave.
 */
function chooseMove(
  random: Random,
  plan: CompiledScenario,
  a: CompiledActivity,
  visits: Uint16Array,
  segment: CompiledSegment,
): Move | undefined {
  // Two passes over the moves, no allocation: this runs once per step.
  let pseudoWeight = 0;
  let activityWeight = 0;
  let openWeight = 0;
  for (const m of a.moves) {
    const w = moveWeight(m, segment);
    if (m.index < 0) pseudoWeight += w;
    else {
      activityWeight += w;
      if (visits[m.index] < plan.activities[m.index].behaviour.maxVisits) openWeight += w;
    }
  }
  if (openWeight <= 0) activityWeight = 0;
  const total = pseudoWeight + activityWeight;
  if (total <= 0) return undefined;
  let r = random() * total;
  const pickActivity = r >= pseudoWeight;
  if (pickActivity) r = ((r - pseudoWeight) / activityWeight) * openWeight;
  let last: Move | undefined;
  for (const m of a.moves) {
    if (pickActivity !== m.index >= 0) continue;
    if (pickActivity && visits[m.index] >= plan.activities[m.index].behaviour.maxVisits) continue;
    const w = moveWeight(m, segment);
    if (w <= 0) continue;
    last = m;
    r -= w;
    if (r < 0) return m;
  }
  return last;
}

function moveWeight(m: Move, segment: CompiledSegment): number {
  const w = m.weight * (segment.prefer.get(m.target) ?? 1);
  return w > 0 ? w : 0;
}

function drawMinutes(random: Random, d: DelayRange): number {
  const lo = Math.log(d.min);
  const hi = Math.log(d.max);
  return Math.max(1, Math.round(Math.exp(lo + random() * (hi - lo))));
}

function drawSentiment(random: Random, spec: SentimentSpec, shift: number): number | undefined {
  // Draw both numbers always, so one field's setting does not shift the rest of the stream.
  const blank = random() < spec.blank;
  const noise = (random() * 2 - 1) * (spec.spread ?? 1);
  if (blank) return undefined;
  const value = Math.round(spec.mean + shift + noise);
  return Math.min(SENTIMENT_MAX, Math.max(SENTIMENT_MIN, value)) + 0; // + 0 turns -0 into 0
}

function drawNote(
  random: Random,
  notes: Required<NoteSpec>,
  kind: 'step' | 'stuck' | 'abandoned',
  sentiment: number | undefined,
): string | undefined {
  let list: readonly string[];
  let rate: number;
  if (kind === 'stuck') {
    list = notes.stuck.length > 0 ? notes.stuck : notes.negative;
    rate = notes.stuckRate;
  } else if (kind === 'abandoned') {
    list = notes.abandoned.length > 0 ? notes.abandoned : notes.stuck.length > 0 ? notes.stuck : notes.negative;
    rate = notes.stuckRate;
  } else if (sentiment !== undefined && sentiment > 0) {
    list = notes.positive;
    rate = notes.rate;
  } else if (sentiment !== undefined && sentiment < 0) {
    list = notes.negative;
    rate = notes.rate;
  } else {
    return undefined;
  }
  if (list.length === 0 || random() >= rate) return undefined;
  return list[Math.floor(random() * list.length)];
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/** A CSV field: quoted (with inner quotes doubled) when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** `YYYY-MM-DDT` by day number since the epoch (a few hundred days are ever in use). */
const dayPrefixes = new Map<number, string>();

/** `2025-03-04T09:15:00Z`: ISO 8601 UTC to the second (milliseconds are dropped). */
export function isoSeconds(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    if (dayPrefixes.size < 100_000) dayPrefixes.set(day, prefix);
  }
  const seconds = Math.floor((ms - day * 86_400_000) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${prefix}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[seconds % 60]}Z`;
}

/** The CSV rows of one journey, each ending in `\n`. */
export function journeyRows(journey: GeneratedJourney): string {
  const segment = journey.segment === undefined ? '' : csvField(journey.segment);
  const id = csvField(journey.id);
  let out = '';
  for (const s of journey.steps) {
    out +=
      `${id},${isoSeconds(s.timestamp)},${s.activity},${s.actor},${s.channel},${s.touchpoint},${s.outcome},` +
      `${s.sentiment ?? ''},${s.note === undefined ? '' : csvField(s.note)},${segment}\n`;
  }
  return out;
}

/**
 * The event log as CSV text in chunks: the header line, then the rows of each journey in turn
 * (a chunk per journey). Lazy: a consumer that writes each chunk out holds one journey at a time.
 * Usable with `for … of`, `for await … of` and `stream.Readable.from`.
 */
export function* generateEventLog(
  model: ModelDocument,
  scenario: Scenario | CompiledScenario,
  options: GenerateOptions = {},
): Generator<string> {
  yield `${EVENT_LOG_HEADER}\n`;
  for (const journey of generateJourneys(model, scenario, options)) yield journeyRows(journey);
}

/** The whole event log as one string (for small logs and checks). */
export function eventLogText(model: ModelDocument, scenario: Scenario | CompiledScenario, options: GenerateOptions = {}): string {
  let text = '';
  for (const chunk of generateEventLog(model, scenario, options)) text += chunk;
  return text;
}
