/**
 * JourneyStats computed inside Neo4j: six Cypher aggregations over the journeys that pass the
 * filter, each returning a few hundred or thousand aggregate rows, and a pure assembly of those
 * rows into exactly the JourneyStats the memory store computes (definitions in
 * src/model/journey-stats.ts). Node never reads a step.
 *
 * The queries work on the step lists of `:Journey` nodes (journey-codec.ts). Distinct-journey
 * counts are sums of the "first in its journey" bits of `marks`, so no query needs
 * `count(DISTINCT ...)`.
 * - JOURNEYS: per (outcome, single step?, first activity, last activity): journeys and steps.
 *   Gives journeys, steps, outcomes, single-step journeys, starts, ends and, through the goal
 *   chains, the goals' `endedIncomplete`.
 * - CONTACTS: steps per stored contact key (activity, actor, channel, touchpoint, hand-over
 *   target, marks, sentiment; journey-codec.ts). Rolled up in the assembly into activities, actors,
 *   hand-overs and contact groups: every figure of those is a sum over steps of a mark bit or the
 *   sentiment. The rows are groups, at most (contact groups x mark combinations x 6 sentiments),
 *   whatever the number of steps: 65k rows for the 10^6-step benchmark.
 * - DWELL: one row. The dwell values are grouped by transition (count, and median and p90 by
 *   `percentileDisc`, which gives the nearest-rank quantile: over n values sorted ascending,
 *   Neo4j's percentileDisc(v, p) takes the value at 0-based index floor(p * n) when p * n is not
 *   whole, else p * n - 1, or 0: that is ceil(p * n) - 1, the index `nearestRank` uses.
 *   test/neo4j-store.test.ts checks it on the server against `nearestRank` for every n from 1 to
 *   300.) Activities and goals (the *places*, `$places`: kind, id and the activities whose steps
 *   count there) are not fanned out value by value: each dwell value is put once into a cell
 *   (activity, bucket), where the bucket is a monotone step function of the value
 *   ({@link DWELL_BUCKET}: 0 for values <= 0, 1 for values in (0, 1), else 2 + floor(64 ln v)).
 *   For a place and a quantile p with n values, the rank is r = ceil(p * n); the cells of the
 *   place's activities, summed per bucket in bucket order, give the bucket holding rank r and the
 *   values below it, and only that bucket's values are sorted to pick the value at rank r. Buckets
 *   follow value order, so this is exactly the nearest-rank quantile of the place's values (with
 *   10^6 steps the sorted buckets hold a few thousand values). Measured on the benchmark: about
 *   1.8 s instead of 2.9 s for the value-by-value fan-out to every goal of a chain.
 * - GOALS: per journey, the goals reached (the union of the goal chains of its activities) and
 *   those with a stuck, abandoned, completed or affected step, each set as an integer whose bit k
 *   is goal k of the document (`$goalIds`; `$goalBits` gives each activity's chain as powers of
 *   two, added when the bit is not yet set); journeys grouped by the five sets (44k groups for
 *   10^5 journeys), then counted per goal. Measured: 1.3 s instead of 1.8 s for merging lists.
 *   Models with more than {@link MAX_MASK_GOALS} goals use {@link GOALS_BY_LISTS}.
 * - NOTES: note counts per activity and per goal, top five by count then text. Neo4j orders text
 *   by code point while the contract orders by UTF-16 code unit; the two differ only between a
 *   character from U+E000 to U+FFFF and one above U+FFFF, so the query returns the top five in
 *   its order plus every note tied with the fifth that has a character from U+E000 up, and the
 *   assembly picks the five exactly.
 * - PAIRS: journeys grouped by their `actorSet` first (a few thousand sets for 10^5 journeys),
 *   then per pair of distinct actors of a set, the journeys (measured: 0.2 s instead of 0.8 s).
 *
 * Goal chains (an activity's goal and its ancestors) come from the model document as a
 * parameter, so stats follow the current goal tree.
 */
import neo4j, { type Integer } from 'neo4j-driver';
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
import { MARK, parseContactKey } from './journey-codec.js';


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

export const STATS_QUERIES = {
  journeys: `${FILTERED_JOURNEYS}
WITH j.outcome AS outcome, j.steps AS n, j.activities AS acts
RETURN outcome, n = 1 AS single, acts[0] AS first, acts[n - 1] AS last, count(*) AS journeys, sum(n) AS steps`,

  contacts: `${FILTERED_JOURNEYS}
UNWIND j.contactKeys AS k
RETURN k, count(*) AS steps`,

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
  UNWIND $places AS place
  UNWIND [c IN cells WHERE c[0] IN place[2]] AS c
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
WITH j.activities AS acts, j.marks AS ms
WITH [i IN range(0, size(acts) - 1) WHERE ${bit('FIRST_ACTIVITY', 'ms[i]')} = 1 | acts[i]] AS reached,
     [i IN range(0, size(acts) - 1) WHERE ms[i] % 32 >= 2 | [acts[i], ms[i] % 32]] AS flagged
WITH reduce(m = 0, a IN reached | reduce(m2 = m, p IN coalesce($goalBits[a], []) | m2 + CASE WHEN m2 / p % 2 = 0 THEN p ELSE 0 END)) AS reached,
     reduce(m = 0, a IN [f IN flagged WHERE ${bit('FIRST_STUCK', 'f[1]')} = 1 | f[0]] | reduce(m2 = m, p IN coalesce($goalBits[a], []) | m2 + CASE WHEN m2 / p % 2 = 0 THEN p ELSE 0 END)) AS stuck,
     reduce(m = 0, a IN [f IN flagged WHERE ${bit('FIRST_ABANDONED', 'f[1]')} = 1 | f[0]] | reduce(m2 = m, p IN coalesce($goalBits[a], []) | m2 + CASE WHEN m2 / p % 2 = 0 THEN p ELSE 0 END)) AS abandoned,
     reduce(m = 0, a IN [f IN flagged WHERE ${bit('FIRST_COMPLETED', 'f[1]')} = 1 | f[0]] | reduce(m2 = m, p IN coalesce($goalBits[a], []) | m2 + CASE WHEN m2 / p % 2 = 0 THEN p ELSE 0 END)) AS completed,
     reduce(m = 0, a IN [f IN flagged WHERE ${bit('FIRST_AFFECTED', 'f[1]')} = 1 | f[0]] | reduce(m2 = m, p IN coalesce($goalBits[a], []) | m2 + CASE WHEN m2 / p % 2 = 0 THEN p ELSE 0 END)) AS affected
WITH reached, stuck, abandoned, completed, affected, count(*) AS n
UNWIND range(0, size($goalIds) - 1) AS k
WITH $goalIds[k] AS goal, toInteger(2 ^ k) AS p, reached, stuck, abandoned, completed, affected, n
WHERE reached / p % 2 = 1
RETURN goal, sum(n) AS journeys,
  sum(CASE WHEN stuck / p % 2 = 1 THEN n ELSE 0 END) AS stuck,
  sum(CASE WHEN abandoned / p % 2 = 1 THEN n ELSE 0 END) AS abandoned,
  sum(CASE WHEN completed / p % 2 = 1 THEN n ELSE 0 END) AS completed,
  sum(CASE WHEN affected / p % 2 = 1 THEN n ELSE 0 END) AS affected`,

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
WITH j.actorSet AS xs, count(*) AS n
WHERE size(xs) > 1
UNWIND range(0, size(xs) - 2) AS p
UNWIND range(p + 1, size(xs) - 1) AS q
RETURN xs[p] AS a, xs[q] AS b, sum(n) AS journeys`,
} as const;

/** GOALS for models with more than {@link MAX_MASK_GOALS} goals: goal sets as lists, merged per journey. */
export const GOALS_BY_LISTS = `${FILTERED_JOURNEYS}
WITH j.activities AS acts, j.marks AS ms
WITH [i IN range(0, size(acts) - 1) WHERE ${bit('FIRST_ACTIVITY', 'ms[i]')} = 1 | acts[i]] AS reached,
     [i IN range(0, size(acts) - 1) WHERE ms[i] % 32 >= 2 | [acts[i], ms[i] % 32]] AS flagged
WITH reached,
     [f IN flagged WHERE ${bit('FIRST_STUCK', 'f[1]')} = 1 | f[0]] AS stuck,
     [f IN flagged WHERE ${bit('FIRST_ABANDONED', 'f[1]')} = 1 | f[0]] AS abandoned,
     [f IN flagged WHERE ${bit('FIRST_COMPLETED', 'f[1]')} = 1 | f[0]] AS completed,
     [f IN flagged WHERE ${bit('FIRST_AFFECTED', 'f[1]')} = 1 | f[0]] AS affected
WITH reduce(gs = [], a IN reached | gs + [g IN coalesce($chains[a], []) WHERE NOT g IN gs]) AS goals,
     reduce(gs = [], a IN stuck | gs + [g IN coalesce($chains[a], []) WHERE NOT g IN gs]) AS stuckGoals,
     reduce(gs = [], a IN abandoned | gs + [g IN coalesce($chains[a], []) WHERE NOT g IN gs]) AS abandonedGoals,
     reduce(gs = [], a IN completed | gs + [g IN coalesce($chains[a], []) WHERE NOT g IN gs]) AS completedGoals,
     reduce(gs = [], a IN affected | gs + [g IN coalesce($chains[a], []) WHERE NOT g IN gs]) AS affectedGoals
UNWIND goals AS g
RETURN g AS goal, count(*) AS journeys,
  sum(CASE WHEN g IN stuckGoals THEN 1 ELSE 0 END) AS stuck,
  sum(CASE WHEN g IN abandonedGoals THEN 1 ELSE 0 END) AS abandoned,
  sum(CASE WHEN g IN completedGoals THEN 1 ELSE 0 END) AS completed,
  sum(CASE WHEN g IN affectedGoals THEN 1 ELSE 0 END) AS affected`;

/** The most goals the GOALS query keeps as bits of one integer per journey (Cypher integers are 64-bit). */
export const MAX_MASK_GOALS = 62;

export type StatsSection = keyof typeof STATS_QUERIES;

/** The Cypher of a stats section for a document (GOALS falls back to lists for large goal trees). */
export function statsQuery(section: StatsSection, doc: ModelDocument): string {
  return section === 'goals' && doc.goals.length > MAX_MASK_GOALS ? GOALS_BY_LISTS : STATS_QUERIES[section];
}
export const STATS_SECTIONS = Object.keys(STATS_QUERIES) as StatsSection[];

/** Text with a character from U+E000 up (where code point and UTF-16 orders can differ). */
export const HIGH_TEXT_PATTERN = '(?s).*[\\x{E000}-\\x{10FFFF}].*';

/** The goal chain of each activity of the document: its goal, then that goal's ancestors. */
export function goalChains(doc: ModelDocument): Record<string, string[]> {
  const parent = new Map(doc.goals.map((g) => [g.id, g.parent]));
  const known = new Set(doc.goals.map((g) => g.id));
  const chains: Record<string, string[]> = {};
  for (const a of doc.activities) {
    const chain: string[] = [];
    let g: string | undefined = a.goal;
    while (g !== undefined && known.has(g) && chain.length <= doc.goals.length && !chain.includes(g)) {
      chain.push(g);
      g = parent.get(g);
    }
    chains[a.id] = chain;
  }
  return chains;
}

/**
 * The places whose dwell the DWELL query computes: each activity of the document
 * (`['activity', id, [id]]`), then each goal with the activities whose goal chain holds it
 * (`['goal', id, [activity ids]]`), goals without activities left out.
 */
export function dwellPlaces(doc: ModelDocument): [string, string, string[]][] {
  const chains = goalChains(doc);
  const subtree = new Map<string, string[]>();
  for (const a of doc.activities) {
    for (const g of chains[a.id] ?? []) {
      let list = subtree.get(g);
      if (list === undefined) subtree.set(g, (list = []));
      if (!list.includes(a.id)) list.push(a.id);
    }
  }
  return [
    ...doc.activities.map((a): [string, string, string[]] => ['activity', a.id, [a.id]]),
    ...[...subtree].map(([g, as]): [string, string, string[]] => ['goal', g, as]),
  ];
}

/** The parameters of every stats query. */
export function statsParameters(modelId: string, doc: ModelDocument, filter: StatsFilter): Record<string, unknown> {
  const chains = goalChains(doc);
  const goalIds = doc.goals.length > MAX_MASK_GOALS ? [] : doc.goals.map((g) => g.id);
  const goalBits: Record<string, Integer[]> = {};
  const bitOf = new Map(goalIds.map((g, k) => [g, neo4j.int(2 ** k)]));
  if (goalIds.length > 0) for (const [a, chain] of Object.entries(chains)) goalBits[a] = chain.map((g) => bitOf.get(g)!);
  return {
    places: dwellPlaces(doc),
    goalIds,
    goalBits,
    model: modelId,
    segment: filter.segment ?? null,
    from: filter.from ?? null,
    to: filter.to ?? null,
    chains: goalChains(doc),
    highText: HIGH_TEXT_PATTERN,
  };
}

/** The rows of each section, as plain objects. */
export type SectionRows = Record<StatsSection, Record<string, unknown>[]>;

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
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

/** JourneyStats from the rows of the six sections (pure). */
export function assembleStats(modelId: string, doc: ModelDocument, filter: StatsFilter, rows: SectionRows): JourneyStats {
  const chains = goalChains(doc);
  const outcomes = emptyOutcomes();
  let journeys = 0;
  let steps = 0;
  let singleStepJourneys = 0;
  const starts = new Map<string, number>();
  const ends = new Map<string, number>();
  const goalEndedIncomplete = new Map<string, number>();
  for (const r of rows.journeys) {
    const n = num(r.journeys);
    const outcome = text(r.outcome) as Outcome;
    journeys += n;
    steps += num(r.steps);
    outcomes[outcome] += n;
    if (r.single === true) singleStepJourneys += n;
    starts.set(text(r.first), (starts.get(text(r.first)) ?? 0) + n);
    ends.set(text(r.last), (ends.get(text(r.last)) ?? 0) + n);
    if (outcome !== 'completed') {
      for (const g of chains[text(r.last)] ?? []) goalEndedIncomplete.set(g, (goalEndedIncomplete.get(g) ?? 0) + n);
    }
  }

  const activitySums = new Map<string, PlaceSums>();
  const actorSums = new Map<string, { steps: number; journeys: number }>();
  const handoverSums = new Map<string, HandoverStats>();
  const contactSums = new Map<string, ContactStats>();
  for (const r of rows.contacts) {
    const k = parseContactKey(text(r.k));
    const n = num(r.steps);
    const has = (name: keyof typeof MARK): number => (k.marks & MARK[name] ? n : 0);
    const { activity: a, actor: x, channel: c, touchpoint: t, handoverTo: y } = k;
    const s = getOr(activitySums, a, emptySums);
    s.steps += n;
    s.journeys += has('FIRST_ACTIVITY');
    s.stuck += has('FIRST_STUCK');
    s.abandoned += has('FIRST_ABANDONED');
    s.completed += has('FIRST_COMPLETED');
    s.affected += has('FIRST_AFFECTED');
    s.endedIncomplete += has('ENDED_INCOMPLETE');
    s.negativeSteps += has('NEGATIVE');
    s.sentimentCount += has('HAS_SENTIMENT');
    if (k.sentiment !== null) s.sentimentSum += n * k.sentiment;
    if (x !== '') {
      const xs = getOr(actorSums, x, () => ({ steps: 0, journeys: 0 }));
      xs.steps += n;
      xs.journeys += has('FIRST_ACTOR');
    }
    if (y !== '') {
      const h = getOr(handoverSums, `${x}\u0000${y}`, () => ({ from: x, to: y, count: 0, journeys: 0 }));
      h.count += n;
      h.journeys += has('FIRST_HANDOVER');
    }
    const cs = getOr(contactSums, `${a}\u0000${x}\u0000${c}\u0000${t}`, () => ({
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
    }));
    cs.steps += n;
    cs.journeys += has('FIRST_CONTACT');
    cs.negative += has('NEGATIVE');
    cs.nextNegative += has('NEXT_NEGATIVE');
    cs.nextAbandoned += has('NEXT_ABANDONED');
    cs.followedByTrouble += k.marks & (MARK.NEXT_NEGATIVE | MARK.NEXT_ABANDONED) ? n : 0;
    cs.withNext += has('WITH_NEXT');
    cs.endedIncomplete += has('ENDED_INCOMPLETE');
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
  for (const r of rows.goals) {
    const gs = getOr(goalSums, text(r.goal), emptySums);
    gs.journeys = num(r.journeys);
    gs.stuck = num(r.stuck);
    gs.abandoned = num(r.abandoned);
    gs.completed = num(r.completed);
    gs.affected = num(r.affected);
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
  const actorPairs: ActorPairStats[] = rows.pairs.map((r) => {
    const u = text(r.a);
    const v = text(r.b);
    return { actors: u < v ? [u, v] : [v, u], journeys: num(r.journeys) };
  });
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
