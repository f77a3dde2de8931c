/**
 * Goal keys: which goals a journey reached and how, kept on its `:Journey` node so that the
 * stats need not walk goal chains journey by journey (pure; no driver).
 *
 * - A goal's *chain* is an activity's goal followed by that goal's ancestors, up to the root.
 * - A journey *reaches* a goal when one of its steps is on an activity whose chain holds the goal.
 * - A journey's goal keys: one per reached goal, the goal id, U+001F, and the sum of the
 *   {@link GOAL_FLAG}s that hold for the journey's steps under that goal. The GOALS stats query
 *   counts journeys per key, which gives every goal's journeys, stuck, abandoned, completed and
 *   affected at once.
 * - Keys follow from the goal tree, which can change after the journeys were written. So a
 *   journey also keeps its tree's *fingerprint* (`goalTree`, {@link goalTree}); the stats use the
 *   stored keys of journeys whose fingerprint is the current tree's and compute the keys of the
 *   others in Cypher (GOAL_KEYS in stats-queries.ts, the same definition), and a change of the goal
 *   tree rewrites them (Neo4jStore). Measured on the 10^6-step benchmark (97 goals): counting
 *   stored keys takes 0.4 s, computing them in the query 1.7 s.
 */
import { createHash } from 'node:crypto';
import type { Activity, Goal } from '../../model/types.js';
import { KEY_SEPARATOR, MARK } from './journey-codec.js';

/** Bits of the number in a goal key. */
export const GOAL_FLAG = {
  /** A step under the goal has outcome `stuck`. */
  STUCK: 1,
  /** A step under the goal has outcome `abandoned`. */
  ABANDONED: 2,
  /** A step under the goal has outcome `completed`. */
  COMPLETED: 4,
  /** A step under the goal is stuck or abandoned, or is the last of a journey not completed. */
  AFFECTED: 8,
} as const;

/** The goal tree as goal keys need it: each activity's chain, and the fingerprint of all chains. */
export interface GoalTree {
  chains: Record<string, string[]>;
  fingerprint: string;
}

/**
 * The chain of each activity (its goal, then that goal's ancestors; empty when its goal is not
 * a goal of the list), stopping at a goal seen before so a cycle cannot loop. The record has no
 * prototype, so any id (`__proto__`, `toString`) is an own key like the others.
 */
export function goalChains(goals: readonly Pick<Goal, 'id' | 'parent'>[], activities: readonly Pick<Activity, 'id' | 'goal'>[]): Record<string, string[]> {
  const parent = new Map(goals.map((g) => [g.id, g.parent]));
  const chains = Object.create(null) as Record<string, string[]>;
  for (const a of activities) {
    const chain: string[] = [];
    let g: string | undefined = a.goal;
    while (g !== undefined && parent.has(g) && !chain.includes(g)) {
      chain.push(g);
      g = parent.get(g);
    }
    chains[a.id] = chain;
  }
  return chains;
}

/** The chains of a goal tree and their fingerprint (SHA-256 of the chains in activity id order). */
export function goalTree(goals: readonly Pick<Goal, 'id' | 'parent'>[], activities: readonly Pick<Activity, 'id' | 'goal'>[]): GoalTree {
  const chains = goalChains(goals, activities);
  const ordered = Object.keys(chains)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((id) => [id, chains[id]]);
  const fingerprint = createHash('sha256').update(JSON.stringify(ordered)).digest('hex').slice(0, 32);
  return { chains, fingerprint };
}

/** The goal flags of a step from its marks (journey-codec.ts). */
function stepFlags(marks: number): number {
  return (
    (marks & MARK.FIRST_STUCK ? GOAL_FLAG.STUCK : 0) |
    (marks & MARK.FIRST_ABANDONED ? GOAL_FLAG.ABANDONED : 0) |
    (marks & MARK.FIRST_COMPLETED ? GOAL_FLAG.COMPLETED : 0) |
    (marks & MARK.FIRST_AFFECTED ? GOAL_FLAG.AFFECTED : 0)
  );
}

/**
 * The goal keys of a journey's stored columns (see the module rules), in order of first reach.
 * The FIRST_* marks suffice: an activity has a stuck step exactly when it has a first stuck step.
 */
export function goalKeysOf(c: { activities: readonly string[]; marks: readonly number[] }, chains: Readonly<Record<string, string[]>>): string[] {
  const flags = new Map<string, number>();
  for (let i = 0; i < c.activities.length; i++) {
    const f = stepFlags(c.marks[i]);
    for (const g of chains[c.activities[i]] ?? []) flags.set(g, (flags.get(g) ?? 0) | f);
  }
  return [...flags].map(([g, f]) => `${g}${KEY_SEPARATOR}${f}`);
}

/** The goal and flags of a goal key. */
export function parseGoalKey(key: string): { goal: string; flags: number } {
  const at = key.lastIndexOf(KEY_SEPARATOR);
  return { goal: key.slice(0, at), flags: Number(key.slice(at + 1)) };
}
