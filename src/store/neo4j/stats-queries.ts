/**
 * JourneyStats computed inside Neo4j: six Cypher aggregations over the journeys that pass the
 * filter, each returning aggregates only (most as one record of lists, which the driver decodes
 * several times faster than as many records), and a pure assembly of those into exactly the
 * JourneyStats the memory store computes (definitions in src/model/journey-stats.ts). Node never
 * reads a step.
 *
 * The queries work on the step lists of `:Journey` nodes (journey-codec.ts). Distinct-journey
 * counts are sums of the "first in its journey" bits of `marks`, so no query needs
 * `count(DISTINCT ...)`. Measured figures below are from the 10^6-step synthetic benchmark
 * (bench/neo4j-import.ts: 100,000 journeys, 300 actors, 141 activities, 97 goals), each query
 * alone on a warm server.
 * - JOURNEYS: per (outcome, single step?, first activity, last activity): journeys and steps.
 *   Gives journeys, steps, outcomes, single-step journeys, starts, ends and, through the goal
 *   chains, the goals' `endedIncomplete`. 0.3 s.
 * - CONTACTS: steps per stored contact key (activity, actor, channel, touchpoint, hand-over
 *   target, marks, sentiment; journey-codec.ts). Rolled up in the assembly into activities, actors,
 *   hand-overs and contact groups: every figure of those is a sum over steps of a mark bit or the
 *   sentiment. The keys are groups, at most (contact groups x mark combinations x 6 sentiments),
 *   whatever the number of steps: 107k for the benchmark. 0.8 s.
 * - DWELL: one row. The dwell values are grouped by transition (count, and median and p90 by
 *   `percentileDisc`, which gives the nearest-rank quantile: over n values sorted ascending,
 *   Neo4j's percentileDisc(v, p) takes the value at 0-based index floor(p * n) when p * n is not
 *   whole, else p * n - 1, or 0: that is ceil(p * n) - 1, the index `nearestRank` uses.
 *   test/neo4j-store.test.ts checks it on the server against `nearestRank` for every n from 1 to
 *   300.) Activities and goals (the *places*) are not fanned out value by value: each dwell value
 *   is put once into a cell (activity, bucket), where the bucket is a monotone step function of
 *   the value ({@link DWELL_BUCKET}: 0 for values <= 0, 1 for values in (0, 1), else
 *   2 + floor(64 ln v)); each cell then counts for its activity and the goals of its chain. For a
 *   place and a quantile p with n values, the rank is r = ceil(p * n); the place's cells, summed
 *   per bucket in bucket order, give the bucket holding rank r and the values below it, and only
 *   that bucket's values are sorted to pick the value at rank r. Buckets follow value order, so
 *   this is exactly the nearest-rank quantile of the place's values. 1.5 s (2.9 s for the
 *   value-by-value fan-out to every goal of a chain).
 * - GOALS: journeys counted per stored goal key (goal-keys.ts: a reached goal and the outcomes of
 *   the journey's steps under it), which gives every goal's journeys, stuck, abandoned, completed
 *   and affected. Journeys whose keys were made with another goal tree than the current one (or
 *   have none) get their keys computed here from their steps ({@link GOAL_KEYS}: the union of the
 *   goal chains of their activities, per outcome), in the same scan, so a journey whose keys are
 *   rewritten meanwhile is counted once. 0.4 s with stored keys, 1.7 s computing them all.
 * - NOTES: note counts per activity and per goal, top five by count then text. Neo4j orders text
 *   by code point while the contract orders by UTF-16 code unit; the two differ only between a
 *   character from U+E000 to U+FFFF and one above U+FFFF, so the query returns the top five in
 *   its order plus every note tied with the fifth that has a character from U+E000 up, and the
 *   assembly picks the five exactly. 0.2 s.
 * - PAIRS: per pair of distinct actors of a journey's `actorSet`, the journeys. 0.8 s for 2.7
 *   million pairs (grouping journeys by actor set first pays only when sets repeat: 1.1 s here,
 *   where 76k of 100k sets are distinct).
 *
 * Goal chains (an activity's goal and its ancestors) come from the model document as a
 * parameter, so stats follow the current goal tree.
 */
import type { ModelDocument } from '../../model/types.js';
import type { Channel, Outcome } from '../../model/vocabulary.js';
import {
  cleanFilter,
  sortJourneyStats,
  emptyOutcomes,
  NOTES_PER_PLACE,
  topNotes,
  type ActivityStats,
  type ActorPairStats,
  type ActorStats,
  type ContactStats,
  type HandoverStats,
  type JourneyStats,
  type NoteCount,
  type PlaceStats,
  type Quantiles,
  type StatsFilter,
  type TransitionStats,
} from '../journey-stats.js';
import { GOAL_FLAG, goalChains, goalTree, parseGoalKey } from './goal-keys.js';
import { KEY_SEPARATOR, MARK, parseContactKey, type ContactKey } from './journey-codec.js';

/** The journeys a stats query counts (parameters $model, $segment, $from, $to). */
const FILTERED_JOURNEYS = `MATCH (j:Journey)
WHERE j.model = $model AND j.id IS NOT NULL
  AND ($segment IS NULL OR j.segment = $segment)
  AND ($from IS NULL OR j.start >= $from)
  AND ($to IS NULL OR j.start < $to)`;

/** `m / bit % 2`: whether a mark bit is set, as 0 or 1. */
function bit(name: keyof typeof MARK, variable = 'm'): string {
  const value = MARK[name];
  return value === 1 ? `${variable} % 2` : `${variable} / ${value} % 2`;
}

/**
 * The dwell bucket of `d` (Cypher): 0 for d <= 0, 1 for 0 < d < 1, else 2 + floor(64 ln d).
 * Non-decreasing in d (Java's Math.log is semi-monotonic), so buckets follow value order.
 */
export const DWELL_BUCKET = 'CASE WHEN d < 1 THEN CASE WHEN d <= 0 THEN 0 ELSE 1 END ELSE 2 + toInteger(log(d) * 64) END';

/** Cypher: the goals on the chains of the activities of the steps in `acts` whose marks in `ms` have `mark`. */
function goalsWith(mark: keyof typeof MARK): string {
  return `reduce(gs = [], a IN [i IN range(0, size(acts) - 1) WHERE ${bit(mark, 'ms[i]')} = 1 | acts[i]] | gs + [g IN coalesce($chains[a], []) WHERE NOT g IN gs])`;
}

/**
 * Cypher expression: the goal keys (goal-keys.ts) of the steps whose activities and marks are the
 * lists `acts` and `ms`, under the chains `$chains`. One expression, so that a query can evaluate
 * it only for the journeys that need it (CASE).
 */
const GOAL_FLAGS = Object.keys(GOAL_FLAG) as (keyof typeof GOAL_FLAG)[];
const GOAL_KEYS_OF_STEPS = `head([s IN [[${(['ACTIVITY', ...GOAL_FLAGS] as const).map((f) => goalsWith(`FIRST_${f}`)).join(', ')}]] |
  [g IN s[0] | g + $separator + toString(${GOAL_FLAGS.map((f, k) => `CASE WHEN g IN s[${k + 1}] THEN ${GOAL_FLAG[f]} ELSE 0 END`).join(' + ')})]])`;

/** Cypher from `j` to `j, keys`: the goal keys of journey j computed from its steps. */
export const GOAL_KEYS = `WITH j, j.activities AS acts, j.marks AS ms
WITH j, ${GOAL_KEYS_OF_STEPS} AS keys`;

/** Whether journey j has goal keys made with the goal tree `$goalTree`. */
const FRESH_GOAL_KEYS = 'coalesce(j.goalTree = $goalTree, false) AND j.goalKeys IS NOT NULL';

/**
 * Rewrites the goal keys of the next `$limit` journeys of `$model` after `$after` in `sortKey`
 * order whose keys were not made with `$goalTree`; returns how many and the last one's sortKey.
 */
export const REFRESH_GOAL_KEYS = `MATCH (j:Journey)
WHERE j.model = $model AND j.sortKey > $after AND NOT (${FRESH_GOAL_KEYS})
WITH j ORDER BY j.sortKey LIMIT $limit
${GOAL_KEYS}
SET j.goalKeys = keys, j.goalTree = $goalTree
RETURN count(*) AS rewritten, max(j.sortKey) AS last`;

export const STATS_QUERIES = {
  journeys: `${FILTERED_JOURNEYS}
WITH j.outcome AS outcome, j.steps AS n, j.activities AS acts
WITH outcome, n = 1 AS single, acts[0] AS first, acts[n - 1] AS last, count(*) AS journeys, sum(n) AS steps
RETURN collect([outcome, single, first, last, journeys, steps]) AS groups`,

  contacts: `${FILTERED_JOURNEYS}
UNWIND j.contactKeys AS k
WITH k, count(*) AS n
RETURN collect(k) AS keys, collect(n) AS steps`,

  dwell: `${FILTERED_JOURNEYS}
WITH j.activities AS acts, j.timestamps AS ts
UNWIND range(0, size(acts) - 2) AS i
WITH acts[i] AS a, acts[i + 1] AS b, ts[i + 1] - ts[i] AS d
WITH a, b, collect(d) AS ds, count(*) AS n, percentileDisc(d, 0.5) AS median, percentileDisc(d, 0.9) AS p90
WITH collect(['transition', a, b, n, median, p90]) AS transitions, collect([a, ds]) AS lists
CALL {
  WITH lists
  UNWIND lists AS l
  UNWIND l[1] AS d
  WITH l[0] AS a, ${DWELL_BUCKET} AS bucket, d
  WITH a, bucket, collect(d) AS vs
  RETURN collect([a, bucket, size(vs), vs]) AS cells
}
CALL {
  WITH cells
  UNWIND cells AS c
  UNWIND [['activity', c[0]]] + [g IN coalesce($chains[c[0]], []) | ['goal', g]] AS place
  WITH place, c[1] AS bucket, sum(c[2]) AS count, collect(c[3]) AS vss
  ORDER BY bucket
  WITH place, collect(count) AS counts, collect(vss) AS values
  WITH place, counts, values, reduce(n = 0, c IN counts | n + c) AS n
  UNWIND [0.5, 0.9] AS p
  WITH place, n, p, values, counts, toInteger(ceil(p * n)) AS r
  WITH place, n, p, values, r, reduce(s = [0, -1], k IN range(0, size(counts) - 1) |
    CASE WHEN s[1] >= 0 THEN s WHEN s[0] + counts[k] >= r THEN [s[0], k] ELSE [s[0] + counts[k], -1] END) AS at
  CALL {
    WITH values, at, r
    UNWIND values[at[1]] AS vs
    UNWIND vs AS x
    WITH x, r - at[0] AS k
    ORDER BY x
    WITH collect(x) AS sorted, k
    RETURN sorted[k - 1] AS v
  }
  WITH place, n, p, v
  ORDER BY p
  WITH place, n, collect(v) AS qs
  RETURN collect([place[0], place[1], '', n, qs[0], qs[1]]) AS places
}
RETURN transitions + places AS dwell`,

  goals: `${FILTERED_JOURNEYS}
WITH j, ${FRESH_GOAL_KEYS} AS fresh
WITH j, fresh, CASE WHEN fresh THEN null ELSE j.activities END AS acts, CASE WHEN fresh THEN null ELSE j.marks END AS ms
UNWIND CASE WHEN fresh THEN j.goalKeys ELSE ${GOAL_KEYS_OF_STEPS} END AS k
WITH k, count(*) AS n
RETURN collect(k) AS keys, collect(n) AS journeys`,

  notes: `${FILTERED_JOURNEYS} AND j.noteSteps IS NOT NULL
WITH j.activities AS acts, j.noteSteps AS ns, j.notes AS notes
UNWIND range(0, size(ns) - 1) AS k
WITH acts[ns[k]] AS a, notes[k] AS note
WHERE note <> ''
WITH a, note, count(*) AS c
UNWIND [['activity', a]] + [g IN coalesce($chains[a], []) | ['goal', g]] AS key
WITH key, note, sum(c) AS c
ORDER BY c DESC, note ASC
WITH key, collect({note: note, count: c}) AS ranked
WITH key, ranked, ranked[CASE WHEN size(ranked) < ${NOTES_PER_PLACE} THEN size(ranked) - 1 ELSE ${NOTES_PER_PLACE - 1} END].count AS bar
RETURN key[0] AS kind, key[1] AS id,
  ranked[0..${NOTES_PER_PLACE}] + [r IN ranked[${NOTES_PER_PLACE}..] WHERE r.count = bar AND r.note =~ $highText] AS notes`,

  pairs: `${FILTERED_JOURNEYS}
WITH coalesce(j.actorSet, []) AS xs
UNWIND range(0, size(xs) - 2) AS p
WITH xs[p] AS a, xs[p + 1..] AS rest
UNWIND rest AS b
WITH a, b, count(*) AS n
RETURN collect(a) AS as, collect(b) AS bs, collect(n) AS journeys`,
} as const;

export type StatsSection = keyof typeof STATS_QUERIES;
export const STATS_SECTIONS = Object.keys(STATS_QUERIES) as StatsSection[];

/** Text with a character from U+E000 up (where code point and UTF-16 orders can differ). */
export const HIGH_TEXT_PATTERN = '(?s).*[\\x{E000}-\\x{10FFFF}].*';

/** The parameters of every stats query. */
export function statsParameters(modelId: string, doc: ModelDocument, filter: StatsFilter): Record<string, unknown> {
  const tree = goalTree(doc.goals, doc.activities);
  return {
    model: modelId,
    segment: filter.segment ?? null,
    from: filter.from ?? null,
    to: filter.to ?? null,
    chains: tree.chains,
    goalTree: tree.fingerprint,
    separator: KEY_SEPARATOR,
    highText: HIGH_TEXT_PATTERN,
  };
}

/** The rows of each section, as plain objects. */
export type SectionRows = Record<StatsSection, Record<string, unknown>[]>;

const text = (v: unknown): string => v as string;
const orNull = (v: unknown): string | null => (v === '' || v === null || v === undefined ? null : (v as string));

interface PlaceSums {
  steps: number;
  journeys: number;
  stuck: number;
  abandoned: number;
  completed: number;
  endedIncomplete: number;
  affected: number;
  negativeSteps: number;
  sentimentSum: number;
  sentimentCount: number;
}

function emptySums(): PlaceSums {
  return { steps: 0, journeys: 0, stuck: 0, abandoned: 0, completed: 0, endedIncomplete: 0, affected: 0, negativeSteps: 0, sentimentSum: 0, sentimentCount: 0 };
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

const NO_QUANTILES: Quantiles = { count: 0, median: null, p90: null };

/** The top notes among candidates (count descending, then text in UTF-16 order). */
function pickNotes(candidates: unknown): NoteCount[] {
  const counts = new Map<string, number>();
  for (const c of (candidates as { note: string; count: number }[] | null) ?? []) counts.set(c.note, c.count);
  return topNotes(counts, NOTES_PER_PLACE);
}

/** `n` when `marks` has one of the bits, else 0. */
function ifSet(marks: number, bits: number, n: number): number {
  return marks & bits ? n : 0;
}

/** The sums one contact key head (all fields but marks and sentiment) adds to. */
interface ContactHead {
  activity: PlaceSums;
  actor: { steps: number; journeys: number } | null;
  handover: HandoverStats | null;
  contact: ContactStats;
}

function contactHead(
  k: ContactKey,
  activitySums: Map<string, PlaceSums>,
  actorSums: Map<string, { steps: number; journeys: number }>,
  handoverSums: Map<string, HandoverStats>,
  contactSums: Map<string, ContactStats>,
): ContactHead {
  const { activity: a, actor: x, channel: c, touchpoint: t, handoverTo: y } = k;
  return {
    activity: getOr(activitySums, a, emptySums),
    actor: x === '' ? null : getOr(actorSums, x, () => ({ steps: 0, journeys: 0 })),
    handover: y === '' ? null : getOr(handoverSums, `${x}\u0000${y}`, () => ({ from: x, to: y, count: 0, journeys: 0 })),
    contact: getOr(contactSums, `${a}\u0000${x}\u0000${c}\u0000${t}`, () => ({
      activity: a,
      actor: orNull(x),
      channel: orNull(c) as Channel | null,
      touchpoint: orNull(t),
      steps: 0,
      journeys: 0,
      negative: 0,
      nextNegative: 0,
      nextAbandoned: 0,
      followedByTrouble: 0,
      withNext: 0,
      endedIncomplete: 0,
    })),
  };
}

/** JourneyStats from the rows of the sections (pure). */
export function assembleStats(modelId: string, doc: ModelDocument, filter: StatsFilter, rows: SectionRows): JourneyStats {
  const chains = goalChains(doc.goals, doc.activities);
  const outcomes = emptyOutcomes();
  let journeys = 0;
  let steps = 0;
  let singleStepJourneys = 0;
  const starts = new Map<string, number>();
  const ends = new Map<string, number>();
  const goalEndedIncomplete = new Map<string, number>();
  type JourneyGroup = [outcome: Outcome, single: boolean, first: string, last: string, journeys: number, steps: number];
  for (const [outcome, single, first, last, n, groupSteps] of (rows.journeys[0]?.groups as JourneyGroup[] | undefined) ?? []) {
    journeys += n;
    steps += groupSteps;
    outcomes[outcome] += n;
    if (single) singleStepJourneys += n;
    starts.set(first, (starts.get(first) ?? 0) + n);
    ends.set(last, (ends.get(last) ?? 0) + n);
    if (outcome !== 'completed') {
      for (const g of chains[last] ?? []) goalEndedIncomplete.set(g, (goalEndedIncomplete.get(g) ?? 0) + n);
    }
  }

  // Contacts: the rows of one (activity, actor, channel, touchpoint, hand-over target) differ in
  // marks and sentiment only, so each such head is parsed once and its sums looked up once.
  const activitySums = new Map<string, PlaceSums>();
  const actorSums = new Map<string, { steps: number; journeys: number }>();
  const handoverSums = new Map<string, HandoverStats>();
  const contactSums = new Map<string, ContactStats>();
  const heads = new Map<string, ContactHead>();
  const contactKeys = (rows.contacts[0]?.keys as string[] | undefined) ?? [];
  const contactSteps = (rows.contacts[0]?.steps as number[] | undefined) ?? [];
  for (let i = 0; i < contactKeys.length; i++) {
    const key = contactKeys[i];
    const n = contactSteps[i];
    const sentimentAt = key.lastIndexOf(KEY_SEPARATOR);
    const marksAt = key.lastIndexOf(KEY_SEPARATOR, sentimentAt - 1);
    const headKey = key.slice(0, marksAt);
    let head = heads.get(headKey);
    if (head === undefined) {
      head = contactHead(parseContactKey(key), activitySums, actorSums, handoverSums, contactSums);
      heads.set(headKey, head);
    }
    const m = Number(key.slice(marksAt + 1, sentimentAt));
    const s = head.activity;
    s.steps += n;
    s.journeys += ifSet(m, MARK.FIRST_ACTIVITY, n);
    s.stuck += ifSet(m, MARK.FIRST_STUCK, n);
    s.abandoned += ifSet(m, MARK.FIRST_ABANDONED, n);
    s.completed += ifSet(m, MARK.FIRST_COMPLETED, n);
    s.affected += ifSet(m, MARK.FIRST_AFFECTED, n);
    s.endedIncomplete += ifSet(m, MARK.ENDED_INCOMPLETE, n);
    s.negativeSteps += ifSet(m, MARK.NEGATIVE, n);
    s.sentimentCount += ifSet(m, MARK.HAS_SENTIMENT, n);
    if (sentimentAt + 1 < key.length) s.sentimentSum += n * Number(key.slice(sentimentAt + 1));
    if (head.actor !== null) {
      head.actor.steps += n;
      head.actor.journeys += ifSet(m, MARK.FIRST_ACTOR, n);
    }
    if (head.handover !== null) {
      head.handover.count += n;
      head.handover.journeys += ifSet(m, MARK.FIRST_HANDOVER, n);
    }
    const cs = head.contact;
    cs.steps += n;
    cs.journeys += ifSet(m, MARK.FIRST_CONTACT, n);
    cs.negative += ifSet(m, MARK.NEGATIVE, n);
    cs.nextNegative += ifSet(m, MARK.NEXT_NEGATIVE, n);
    cs.nextAbandoned += ifSet(m, MARK.NEXT_ABANDONED, n);
    cs.followedByTrouble += ifSet(m, MARK.NEXT_NEGATIVE | MARK.NEXT_ABANDONED, n);
    cs.withNext += ifSet(m, MARK.WITH_NEXT, n);
    cs.endedIncomplete += ifSet(m, MARK.ENDED_INCOMPLETE, n);
  }

  const dwell = new Map<string, Quantiles>();
  const transitions: TransitionStats[] = [];
  for (const r of rows.dwell) {
    for (const row of (r.dwell as [string, string, string, number, number | null, number | null][] | null) ?? []) {
      const [kind, id, to, n, median, p90] = row;
      if (kind === 'transition') {
        transitions.push({ from: id, to, count: n, duration: { count: n, median, p90 } });
      } else if (n > 0) {
        dwell.set(`${kind}\u0000${id}`, { count: n, median, p90 });
      }
    }
  }

  const notes = new Map<string, NoteCount[]>();
  for (const r of rows.notes) notes.set(`${text(r.kind)}\u0000${text(r.id)}`, pickNotes(r.notes));

  const activities: ActivityStats[] = [];
  for (const [id, s] of activitySums) {
    activities.push({
      id,
      ...s,
      dwell: dwell.get(`activity\u0000${id}`) ?? NO_QUANTILES,
      notes: notes.get(`activity\u0000${id}`) ?? [],
      starts: starts.get(id) ?? 0,
      ends: ends.get(id) ?? 0,
    });
  }

  // Goals: distinct-journey counts from the GOALS query, step sums from their activities.
  const goalSums = new Map<string, PlaceSums>();
  for (const [a, s] of activitySums) {
    for (const g of chains[a] ?? []) {
      const gs = getOr(goalSums, g, emptySums);
      gs.steps += s.steps;
      gs.negativeSteps += s.negativeSteps;
      gs.sentimentSum += s.sentimentSum;
      gs.sentimentCount += s.sentimentCount;
    }
  }
  const goalKeys = (rows.goals[0]?.keys as string[] | undefined) ?? [];
  const goalJourneys = (rows.goals[0]?.journeys as number[] | undefined) ?? [];
  for (let i = 0; i < goalKeys.length; i++) {
    const { goal, flags } = parseGoalKey(goalKeys[i]);
    const n = goalJourneys[i];
    const gs = getOr(goalSums, goal, emptySums);
    gs.journeys += n;
    if (flags & GOAL_FLAG.STUCK) gs.stuck += n;
    if (flags & GOAL_FLAG.ABANDONED) gs.abandoned += n;
    if (flags & GOAL_FLAG.COMPLETED) gs.completed += n;
    if (flags & GOAL_FLAG.AFFECTED) gs.affected += n;
  }
  const goals: PlaceStats[] = [];
  for (const [id, s] of goalSums) {
    if (s.steps === 0) continue;
    goals.push({
      id,
      ...s,
      endedIncomplete: goalEndedIncomplete.get(id) ?? 0,
      dwell: dwell.get(`goal\u0000${id}`) ?? NO_QUANTILES,
      notes: notes.get(`goal\u0000${id}`) ?? [],
    });
  }

  const actors: ActorStats[] = [...actorSums].map(([actor, s]) => ({ actor, steps: s.steps, journeys: s.journeys }));
  const actorPairs: ActorPairStats[] = [];
  for (const r of rows.pairs) {
    const as = (r.as as string[] | null) ?? [];
    const bs = (r.bs as string[] | null) ?? [];
    const ns = (r.journeys as number[] | null) ?? [];
    for (let i = 0; i < as.length; i++) actorPairs.push({ actors: as[i] < bs[i] ? [as[i], bs[i]] : [bs[i], as[i]], journeys: ns[i] });
  }
  const handovers = [...handoverSums.values()];
  const contacts = [...contactSums.values()];

  return sortJourneyStats({
    modelId,
    filter: cleanFilter(filter),
    journeys,
    steps,
    outcomes,
    singleStepJourneys,
    activities,
    goals,
    transitions,
    handovers,
    actors,
    actorPairs,
    contacts,
  });
}
