/**
 * Synthetic journeys over a synthetic model, one at a time (nothing is held: a log of 10^7 steps
 * streams through). Journey i depends only on the seed and i, through its own PRNG stream
 * (seeds/prng.ts `journeySeed`), so any prefix of a log is the same whatever its length.
 *
 * ## The walk of one journey
 * 1. Segment by weight (0.4, 0.3, 0.15, 0.1, 0.05 of the model's segments). Start: a day of
 *    2025, 07:00–21:59 UTC, whole minutes.
 * 2. Length L: uniform from lo = max(1, round(m/3)) to 2m − lo, m the spec's mean, so the mean is
 *    exactly m and a log of J journeys has about J·m steps.
 * 3. Fate, drawn first: `stuck` at the planted stuck point (PLANTED_RATES.stuck × the segment's
 *    factor), `secondStuck` at the second one (PLANTED_RATES.secondStuck), `trouble` (6%: ends
 *    stuck or abandoned wherever it is), `left` (13%: just stops, last step progressed), else
 *    `completed`. The fate fixes the last phase: POST_PURCHASE (70%) or USE for completed
 *    journeys, the stuck point's phase for the planted fates, any phase for the others.
 * 4. Phases: from NEED_RECOGNITION (70%) or INFORMATION_SEARCH to the last phase, later when L is
 *    shorter than the phases; each phase of the span gets one step, the rest are shared out by
 *    phase weights (1, 2, 2, 1.5, 1.5, 1).
 * 5. Activities: the first step takes a random activity of its phase; each next one follows a
 *    planned successor (`next`) in the phase its step is in, and with probability 0.05, or when
 *    there is none, a random activity of that phase (an unplanned move). Forced steps:
 *    - a planted fate's last r steps (r = 1 to 3) are at its stuck point: stuck, then stuck or
 *      abandoned (even odds) for the last; a `trouble` fate's last 1 or 2 steps likewise where
 *      the walk ended;
 *    - hand-over (PLANTED_RATES.handover of the journeys that span information search and
 *      evaluation): the last information-search step is at the broker (`ask-broker`), the first
 *      evaluation step at the focal bank (`get-loan-offer`); with PLANTED_RATES.handoverBack and at
 *      least two evaluation steps, the customer goes back to the broker next (and, with a third
 *      evaluation step, returns to the bank).
 * 6. Along the way a step is stuck with probability 0.02 (0.12 at the planted stuck point, 0.06 at
 *    the second) when a free step follows in its phase; the next step retries the same activity.
 *    A step followed by one at another sub-goal is `completed` with probability 0.4 (the customer
 *    reached that sub-goal), else `progressed`. The last step of a `completed` journey is
 *    `completed`, of a `left` journey `progressed`.
 * 7. Actor, channel and touchpoint come from one of the activity's touchpoints whose actor serves
 *    it, the lead actor's three times as likely as another's, so they always agree with the model.
 * 8. Time to the next step, log-uniform: 5 minutes to 2 days within a phase, 2 hours to 14 days
 *    into the next phase, 30 minutes to 3 days after a stuck step (1 to 21 days at the planted
 *    stuck point). A wait of three hours or more that would end at night (22:00–06:59 UTC) ends
 *    the next morning between 07:00 and 08:29. Timestamps strictly increase.
 * 9. Sentiment: blank with probability 0.45, else round(mean + u), u uniform in [−1, 1], clamped
 *    to −2..2; mean 0.2 progressed, 1 completed, −1.2 stuck, −1.6 abandoned, 0.5 lower after a
 *    stuck step. Notes: half the stuck and abandoned steps (the stuck points have their own),
 *    4% of positive and 8% of negative other steps.
 */
import type { ModelDocument } from '../../src/model/types.js';
import { PHASES, SENTIMENT_MAX, SENTIMENT_MIN, type Outcome } from '../../src/model/vocabulary.js';
import type { GeneratedJourney, GeneratedStep, TouchpointChoice } from '../../seeds/generator.js';
import { hashSeed, journeySeed, mulberry32, type Random } from '../../seeds/prng.js';
import { NOTES } from './names.js';
import { PLANTED_RATES, type Planted } from './model.js';
import { checkSpec, meanSteps, type SyntheticSpec } from './spec.js';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
/** Waits shorter than this (minutes) may end at night; longer ones are moved to the next morning. */
const LONG_WAIT = 180;
const START_MS = Date.UTC(2025, 0, 1);
const SPAN_DAYS = 365;

const FATE_TROUBLE = 0.06;
const FATE_LEFT = 0.13;
const COMPLETED_AT_POST_PURCHASE = 0.7;
const START_AT_NEED = 0.7;
const PHASE_WEIGHTS = [1, 2, 2, 1.5, 1.5, 1];
const DEVIATE = 0.05;
const STUCK_ALONG = 0.02;
const STUCK_ALONG_PLANTED = 0.12;
const STUCK_ALONG_SECOND = 0.06;
const COMPLETED_ON_GOAL_CHANGE = 0.4;
const LEAD_WEIGHT = 3;
const SEGMENT_WEIGHTS = [0.4, 0.3, 0.15, 0.1, 0.05];
/** The planted stuck point hits the first segment harder, the third less. */
const SEGMENT_STUCK_FACTOR = [1.3, 1, 0.6, 0.9, 0.9];

const PHASE_INFO = 1;
const PHASE_EVAL = 2;
const LAST_PHASE = PHASES.length - 1;

type Fate = 'completed' | 'stuck' | 'secondStuck' | 'trouble' | 'left';

interface Delay {
  min: number;
  max: number;
}
const WITHIN_PHASE: Delay = { min: 5, max: 2 * DAY_MINUTES };
const NEXT_PHASE: Delay = { min: 120, max: 14 * DAY_MINUTES };
const AFTER_STUCK: Delay = { min: 30, max: 3 * DAY_MINUTES };
const AFTER_STUCK_PLANTED: Delay = { min: DAY_MINUTES, max: 21 * DAY_MINUTES };

/** The model as index tables, built once per run. */
interface Plan {
  ids: string[];
  phase: Uint8Array;
  goal: Int32Array;
  /** Planned successors in the same phase / in the next phase, by activity index. */
  same: number[][];
  forward: number[][];
  byPhase: number[][];
  choices: TouchpointChoice[][];
  /** Cumulative choice weights, by activity. */
  cumulative: Float64Array[];
  stuckAlong: Float64Array;
  handoverFrom: number;
  handoverTo: number;
  stuck: number;
  secondStuck: number;
  segments: { id: string | undefined; weight: number; stuckFactor: number }[];
}

function compile(model: ModelDocument, planted: Planted): Plan {
  const index = new Map(model.activities.map((a, i) => [a.id, i] as const));
  const goalIndex = new Map(model.goals.map((g, i) => [g.id, i] as const));
  const touchpointById = new Map(model.touchpoints.map((t) => [t.id, t] as const));
  const need = (id: string, what: string): number => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`the model has no activity "${id}" (${what}); generate journeys with the model syntheticModel returned with these planted items`);
    return i;
  };
  const n = model.activities.length;
  const phase = new Uint8Array(n);
  const goal = new Int32Array(n);
  const byPhase: number[][] = PHASES.map(() => []);
  model.activities.forEach((a, i) => {
    phase[i] = PHASES.indexOf(a.phase);
    goal[i] = goalIndex.get(a.goal) ?? -1;
    byPhase[phase[i]].push(i);
  });
  const same: number[][] = [];
  const forward: number[][] = [];
  const choices: TouchpointChoice[][] = [];
  const cumulative: Float64Array[] = [];
  model.activities.forEach((a, i) => {
    const targets = a.next.map((id) => index.get(id)).filter((j): j is number => j !== undefined);
    same.push(targets.filter((j) => phase[j] === phase[i]));
    forward.push(targets.filter((j) => phase[j] === phase[i] + 1));
    const list: TouchpointChoice[] = [];
    const weights: number[] = [];
    for (const id of a.touchpoints) {
      const t = touchpointById.get(id);
      if (t === undefined || !a.actors.includes(t.actor)) continue;
      list.push({ touchpoint: t.id, actor: t.actor, channel: t.channel });
      weights.push(t.actor === a.actors[0] ? LEAD_WEIGHT : 1);
    }
    if (list.length === 0) throw new Error(`activity "${a.id}" has no touchpoint of one of its actors; the synthetic walk needs one`);
    let sum = 0;
    cumulative.push(Float64Array.from(weights, (w) => (sum += w)));
    choices.push(list);
  });
  const stuck = need(planted.stuckActivity, 'the planted stuck point');
  const secondStuck = need(planted.secondStuckActivity, 'the second stuck point');
  const stuckAlong = new Float64Array(n).fill(STUCK_ALONG);
  stuckAlong[stuck] = STUCK_ALONG_PLANTED;
  stuckAlong[secondStuck] = STUCK_ALONG_SECOND;
  const segments =
    model.segments.length === 0
      ? [{ id: undefined, weight: 1, stuckFactor: 1 }]
      : model.segments.map((s, i) => ({ id: s.id, weight: SEGMENT_WEIGHTS[i] ?? 0.05, stuckFactor: SEGMENT_STUCK_FACTOR[i] ?? 1 }));
  return {
    ids: model.activities.map((a) => a.id),
    phase,
    goal,
    same,
    forward,
    byPhase,
    choices,
    cumulative,
    stuckAlong,
    handoverFrom: need(planted.handoverActivities.from, 'the hand-over source'),
    handoverTo: need(planted.handoverActivities.to, 'the hand-over target'),
    stuck,
    secondStuck,
    segments,
  };
}

/**
 * The journeys of a spec over its model, one at a time. Ids are `j-<i>`, i from 1, zero-padded
 * to seven digits (more for more journeys).
 */
export function* syntheticJourneys(model: ModelDocument, planted: Planted, spec: SyntheticSpec): Generator<GeneratedJourney> {
  checkSpec(spec);
  const plan = compile(model, planted);
  const base = hashSeed(`${spec.seed}\u0000journeys\u0000${model.model.id}`);
  const m = meanSteps(spec);
  const lo = Math.max(1, Math.round(m / 3));
  const hi = 2 * m - lo;
  const width = Math.max(7, String(spec.journeys).length);
  for (let i = 0; i < spec.journeys; i++) {
    const random = mulberry32(journeySeed(base, i));
    yield walk(plan, random, `j-${String(i + 1).padStart(width, '0')}`, lo + Math.floor(random() * (hi - lo + 1)));
  }
}

function walk(plan: Plan, random: Random, id: string, length: number): GeneratedJourney {
  const segment = pickSegment(plan, random);
  let time = START_MS + (Math.floor(random() * SPAN_DAYS) * DAY_MINUTES + 7 * 60 + Math.floor(random() * 15 * 60)) * MINUTE_MS;

  // Fate and the phases it spans.
  const stuckShare = PLANTED_RATES.stuck * segment.stuckFactor;
  const r = random();
  const fate: Fate =
    r < stuckShare
      ? 'stuck'
      : r < stuckShare + PLANTED_RATES.secondStuck
        ? 'secondStuck'
        : r < stuckShare + PLANTED_RATES.secondStuck + FATE_TROUBLE
          ? 'trouble'
          : r < stuckShare + PLANTED_RATES.secondStuck + FATE_TROUBLE + FATE_LEFT
            ? 'left'
            : 'completed';
  const target = fate === 'stuck' ? plan.stuck : fate === 'secondStuck' ? plan.secondStuck : -1;
  const lastPhase =
    target >= 0
      ? plan.phase[target]
      : fate === 'completed'
        ? random() < COMPLETED_AT_POST_PURCHASE ? LAST_PHASE : LAST_PHASE - 1
        : Math.floor(random() * PHASES.length);
  let firstPhase = Math.min(random() < START_AT_NEED ? 0 : 1, lastPhase);
  if (lastPhase - firstPhase + 1 > length) firstPhase = lastPhase - length + 1;
  const quota = new Uint16Array(PHASES.length);
  for (let p = firstPhase; p <= lastPhase; p++) quota[p] = 1;
  let spanWeight = 0;
  for (let p = firstPhase; p <= lastPhase; p++) spanWeight += PHASE_WEIGHTS[p];
  for (let extra = length - (lastPhase - firstPhase + 1); extra > 0; extra--) {
    let x = random() * spanWeight;
    let p = firstPhase;
    while (p < lastPhase && (x -= PHASE_WEIGHTS[p]) >= 0) p++;
    quota[p]++;
  }

  // Forced steps: the fate's ending and the planted hand-over.
  const ending = fate === 'completed' || fate === 'left' ? 0 : Math.min(quota[lastPhase], 1 + (random() < 0.5 ? 1 : 0) + (target >= 0 && random() < 0.25 ? 1 : 0));
  const handover = firstPhase <= PHASE_INFO && lastPhase >= PHASE_EVAL && random() < PLANTED_RATES.handover;
  const back = handover && quota[PHASE_EVAL] >= 2 && random() < PLANTED_RATES.handoverBack;
  const forced = (p: number, s: number): number => {
    if (target >= 0 && p === lastPhase && s >= quota[p] - ending) return target;
    if (handover && p === PHASE_INFO && s === quota[p] - 1) return plan.handoverFrom;
    if (handover && p === PHASE_EVAL && (s === 0 || (back && s === 2))) return plan.handoverTo;
    if (back && p === PHASE_EVAL && s === 1) return plan.handoverFrom;
    return -1;
  };

  // The activities and which steps are stuck.
  const seq = new Int32Array(length);
  const stuckAt = new Uint8Array(length);
  let k = 0;
  let retry = false;
  for (let p = firstPhase; p <= lastPhase; p++) {
    for (let s = 0; s < quota[p]; s++, k++) {
      const inEnding = p === lastPhase && s >= quota[p] - ending;
      let a = forced(p, s);
      if (a < 0 && (retry || (inEnding && s > quota[p] - ending))) a = seq[k - 1];
      if (a < 0) a = nextActivity(plan, random, k === 0 ? -1 : seq[k - 1], p);
      seq[k] = a;
      retry = false;
      if (inEnding) {
        stuckAt[k] = 1;
      } else if (k < length - 1 && s + 1 < quota[p] - (p === lastPhase ? ending : 0) && forced(p, s + 1) < 0 && random() < plan.stuckAlong[a]) {
        stuckAt[k] = 1;
        retry = true;
      }
    }
  }

  // Outcomes, touchpoints, times, sentiments and notes.
  const steps: GeneratedStep[] = new Array(length);
  let shift = 0;
  for (let i = 0; i < length; i++) {
    const a = seq[i];
    const last = i === length - 1;
    let outcome: Outcome;
    if (stuckAt[i] === 1) outcome = last && random() < 0.5 ? 'abandoned' : 'stuck';
    else if (last) outcome = fate === 'completed' ? 'completed' : 'progressed';
    else outcome = plan.goal[seq[i + 1]] !== plan.goal[a] && random() < COMPLETED_ON_GOAL_CHANGE ? 'completed' : 'progressed';
    const tp = pickChoice(plan, random, a);
    const step: GeneratedStep = { timestamp: time, activity: plan.ids[a], actor: tp.actor, channel: tp.channel, touchpoint: tp.touchpoint, outcome };
    const sentiment = drawSentiment(random, outcome, shift);
    if (sentiment !== undefined) step.sentiment = sentiment;
    const note = drawNote(random, plan, a, outcome, sentiment);
    if (note !== undefined) step.note = note;
    steps[i] = step;
    shift = outcome === 'stuck' ? -0.5 : 0;
    if (!last) {
      const delay =
        outcome === 'stuck'
          ? a === plan.stuck ? AFTER_STUCK_PLANTED : AFTER_STUCK
          : plan.phase[seq[i + 1]] !== plan.phase[a] ? NEXT_PHASE : WITHIN_PHASE;
      time = awake(random, time, drawMinutes(random, delay));
    }
  }
  return { id, segment: segment.id, steps };
}

function pickSegment(plan: Plan, random: Random): Plan['segments'][number] {
  let total = 0;
  for (const s of plan.segments) total += s.weight;
  let x = random() * total;
  for (const s of plan.segments) if ((x -= s.weight) < 0) return s;
  return plan.segments[plan.segments.length - 1];
}

/** A planned successor of `from` in phase `p` (an unplanned one with probability DEVIATE or when none). */
function nextActivity(plan: Plan, random: Random, from: number, p: number): number {
  const planned = from < 0 ? undefined : plan.phase[from] === p ? plan.same[from] : plan.phase[from] + 1 === p ? plan.forward[from] : undefined;
  const deviate = random() < DEVIATE;
  const pool = !deviate && planned !== undefined && planned.length > 0 ? planned : plan.byPhase[p];
  return pool[Math.floor(random() * pool.length)];
}

function pickChoice(plan: Plan, random: Random, a: number): TouchpointChoice {
  const cumulative = plan.cumulative[a];
  const x = random() * cumulative[cumulative.length - 1];
  let i = 0;
  while (i < cumulative.length - 1 && x >= cumulative[i]) i++;
  return plan.choices[a][i];
}

/** `minutes` after `time`; a wait of three hours or more that would end at night (22:00–06:59 UTC) ends the next morning, 07:00–08:29. */
function awake(random: Random, time: number, minutes: number): number {
  const t = time + minutes * MINUTE_MS;
  if (minutes < LONG_WAIT) return t;
  const minuteOfDay = Math.floor(t / MINUTE_MS) % DAY_MINUTES;
  if (minuteOfDay >= 7 * 60 && minuteOfDay < 22 * 60) return t;
  const untilMorning = (minuteOfDay >= 22 * 60 ? DAY_MINUTES - minuteOfDay + 7 * 60 : 7 * 60 - minuteOfDay) + Math.floor(random() * 90);
  return t + untilMorning * MINUTE_MS;
}

function drawMinutes(random: Random, d: Delay): number {
  return Math.max(1, Math.round(Math.exp(Math.log(d.min) + random() * Math.log(d.max / d.min))));
}

const SENTIMENT_MEAN: Record<Outcome, number> = { progressed: 0.2, completed: 1, stuck: -1.2, abandoned: -1.6 };

function drawSentiment(random: Random, outcome: Outcome, shift: number): number | undefined {
  // Both numbers are always drawn, so a blank does not shift the rest of the journey's stream.
  const blank = random() < 0.45;
  const noise = random() * 2 - 1;
  if (blank) return undefined;
  const value = Math.round(SENTIMENT_MEAN[outcome] + shift + noise);
  return Math.min(SENTIMENT_MAX, Math.max(SENTIMENT_MIN, value)) + 0; // + 0 turns -0 into 0
}

function drawNote(random: Random, plan: Plan, a: number, outcome: Outcome, sentiment: number | undefined): string | undefined {
  const x = random();
  let list: readonly string[];
  if (outcome === 'stuck' || outcome === 'abandoned') {
    if (x >= 0.5) return undefined;
    list = a === plan.stuck ? NOTES.stuck : a === plan.secondStuck ? NOTES.secondStuck : NOTES.trouble;
  } else if (sentiment !== undefined && sentiment > 0) {
    if (x >= 0.04) return undefined;
    list = NOTES.positive;
  } else if (sentiment !== undefined && sentiment < 0) {
    if (x >= 0.08) return undefined;
    list = NOTES.negative;
  } else {
    return undefined;
  }
  return list[Math.floor(random() * list.length)];
}
