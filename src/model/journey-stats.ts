/**
 * JourneyStats: the aggregates of a model's observed journeys that every analysis works from.
 * Every store computes them itself (the memory store by one pass over its step columns, Neo4j by
 * Cypher aggregation inside the database), so analyses never read raw steps.
 *
 * Definitions (the same in every store; the contract suite holds them to it):
 * - Steps of a journey are ordered by timestamp, ties in recorded order. A journey's *outcome* is
 *   the outcome of its last step.
 * - `dwell` of a step: milliseconds from it to the next step of the same journey (none for the
 *   last step). `median` and `p90` use the nearest-rank method: over the n values sorted
 *   ascending, the p-quantile is the value at 1-based rank ceil(p * n).
 * - A *hand-over* is a pair of consecutive steps of one journey whose actors are both known and
 *   differ; it counts from the earlier step's actor to the later one's.
 * - A step is *negative* when its sentiment is below 0.
 * - Notes: the five most frequent non-empty notes (count descending, then text ascending).
 * - Every list is sorted by its key fields ascending, so that two stores give equal values
 *   (strings by UTF-16 code units; a `null` key sorts before any string). Lists hold only keys
 *   with at least one step in the counted journeys (an activity or goal without steps is absent).
 */
import type { Channel, Outcome } from './vocabulary.js';

/** Which journeys to count: those of a segment, and those whose first step lies in [from, to). */
export interface StatsFilter {
  segment?: string;
  /** Milliseconds since the epoch, inclusive. */
  from?: number;
  /** Milliseconds since the epoch, exclusive. */
  to?: number;
}

export interface Quantiles {
  /** How many values there were. */
  count: number;
  median: number | null;
  p90: number | null;
}

export interface NoteCount {
  note: string;
  count: number;
}

/** Aggregates of the steps at one place of the model: an activity, or a goal with its sub-goals. */
export interface PlaceStats {
  id: string;
  steps: number;
  /** Distinct journeys with at least one step here. */
  journeys: number;
  /** Distinct journeys with at least one step here that has outcome `stuck` (the step's own outcome). */
  stuck: number;
  /** Distinct journeys with at least one step here that has outcome `abandoned` (the step's own outcome). */
  abandoned: number;
  /** Distinct journeys with at least one step here that has outcome `completed` (the step's own outcome). */
  completed: number;
  /** Journeys whose last step is here and whose outcome is not `completed`. */
  endedIncomplete: number;
  /**
   * Distinct journeys affected here: with a `stuck` or `abandoned` step here, or whose last step
   * is here and whose outcome is not `completed`.
   */
  affected: number;
  /** Steps here with sentiment below 0. */
  negativeSteps: number;
  sentimentSum: number;
  /** Steps here that carry a sentiment. */
  sentimentCount: number;
  /** Dwell of the steps here (time to the journey's next step). */
  dwell: Quantiles;
  notes: NoteCount[];
}

export interface ActivityStats extends PlaceStats {
  /** Journeys whose first step is here. */
  starts: number;
  /** Journeys whose last step is here. */
  ends: number;
}

/** Directly-follows relation between two activities. */
export interface TransitionStats {
  from: string;
  to: string;
  count: number;
  /** Milliseconds between the two steps. */
  duration: Quantiles;
}

export interface HandoverStats {
  from: string;
  to: string;
  count: number;
  /** Distinct journeys with at least one such hand-over. */
  journeys: number;
}

export interface ActorStats {
  actor: string;
  steps: number;
  journeys: number;
}

/** Two actors (sorted) met in the same journeys. */
export interface ActorPairStats {
  actors: [string, string];
  journeys: number;
}

/**
 * Steps grouped by where and through what they happened: activity, actor, channel, touchpoint.
 * Channel presence and contact pressure are built from these groups.
 */
export interface ContactStats {
  activity: string;
  actor: string | null;
  channel: Channel | null;
  touchpoint: string | null;
  steps: number;
  journeys: number;
  /** Steps of the group with sentiment below 0. */
  negative: number;
  /** Steps of the group whose next step has sentiment below 0. */
  nextNegative: number;
  /** Steps of the group whose next step has outcome `abandoned`. */
  nextAbandoned: number;
  /** Steps of the group whose next step has sentiment below 0 or outcome `abandoned` (or both). */
  followedByTrouble: number;
  /** Steps of the group that have a next step in their journey. */
  withNext: number;
  /** Steps of the group that are the last of a journey whose outcome is not `completed`. */
  endedIncomplete: number;
}

export interface JourneyStats {
  modelId: string;
  filter: StatsFilter;
  journeys: number;
  steps: number;
  /** Journeys by outcome (the outcome of their last step). */
  outcomes: Record<Outcome, number>;
  /** Journeys of exactly one step. */
  singleStepJourneys: number;
  activities: ActivityStats[];
  goals: PlaceStats[];
  transitions: TransitionStats[];
  handovers: HandoverStats[];
  actors: ActorStats[];
  actorPairs: ActorPairStats[];
  contacts: ContactStats[];
}

/** The nearest-rank p-quantile of values sorted ascending. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  return sorted[rank - 1];
}

export function quantilesOf(values: number[] | Float64Array): Quantiles {
  const sorted = Float64Array.from(values).sort();
  return { count: sorted.length, median: nearestRank(sorted, 0.5), p90: nearestRank(sorted, 0.9) };
}

export const NOTES_PER_PLACE = 5;

/** The most frequent notes, count descending then text ascending. */
export function topNotes(counts: Map<string, number>, limit = NOTES_PER_PLACE): NoteCount[] {
  return [...counts]
    .map(([note, count]) => ({ note, count }))
    .sort((a, b) => b.count - a.count || (a.note < b.note ? -1 : a.note > b.note ? 1 : 0))
    .slice(0, limit);
}

export function emptyOutcomes(): Record<Outcome, number> {
  return { progressed: 0, stuck: 0, abandoned: 0, completed: 0 };
}

/** Code-unit order of strings, `null` first: the order of every JourneyStats list. */
export function compareKey(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** The filter with only the fields that were given. */
export function cleanFilter(filter: StatsFilter): StatsFilter {
  const out: StatsFilter = {};
  if (filter.segment !== undefined) out.segment = filter.segment;
  if (filter.from !== undefined) out.from = filter.from;
  if (filter.to !== undefined) out.to = filter.to;
  return out;
}

/** Sorts every list of the stats in place by its key fields, as the contract requires. */
export function sortJourneyStats(stats: JourneyStats): JourneyStats {
  stats.activities.sort((p, q) => compareKey(p.id, q.id));
  stats.goals.sort((p, q) => compareKey(p.id, q.id));
  stats.transitions.sort((p, q) => compareKey(p.from, q.from) || compareKey(p.to, q.to));
  stats.handovers.sort((p, q) => compareKey(p.from, q.from) || compareKey(p.to, q.to));
  stats.actors.sort((p, q) => compareKey(p.actor, q.actor));
  stats.actorPairs.sort((p, q) => compareKey(p.actors[0], q.actors[0]) || compareKey(p.actors[1], q.actors[1]));
  stats.contacts.sort(
    (p, q) =>
      compareKey(p.activity, q.activity) ||
      compareKey(p.actor, q.actor) ||
      compareKey(p.channel, q.channel) ||
      compareKey(p.touchpoint, q.touchpoint),
  );
  return stats;
}
