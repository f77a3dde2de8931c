/**
 * Transitions: the directly-follows relation of the observed journeys.
 *
 * For activities a and b, count(a→b) is the number of times a step at a is immediately followed
 * by a step at b in the same journey (steps ordered by timestamp, ties in recorded order): the
 * directly-follows graph of process mining. `share` = count(a→b) / Σ_x count(a→x), the share of
 * a's outgoing transitions. Starts and ends count journeys whose first or last step is at the
 * activity. Durations are the nearest-rank median and p90 of the time between the two steps.
 */
import type { Quantiles, JourneyStats } from '../model/journey-stats.js';
import type { GoalNetwork } from '../graph/goal-network.js';
import { byScore, compareText, fmt, formatDuration, inPhase, percent, ratio, round4, type PhaseOption, type Ranked } from './common.js';

export interface TransitionEvidence {
  from: string;
  to: string;
  count: number;
  /** Share of the outgoing transitions of `from`. */
  share: number;
  duration: Quantiles;
}

export interface TransitionsResult {
  journeys: number;
  transitions: Ranked<TransitionEvidence>[];
  starts: { activity: string; journeys: number }[];
  ends: { activity: string; journeys: number }[];
}

export function findTransitions(network: GoalNetwork, stats: JourneyStats, options: PhaseOption = {}): TransitionsResult {
  const outgoing = new Map<string, number>();
  for (const t of stats.transitions) outgoing.set(t.from, (outgoing.get(t.from) ?? 0) + t.count);
  const name = (id: string) => network.activity(id)?.name ?? id;
  const transitions = stats.transitions
    .filter((t) => inPhase(network, t.from, options.phase) || inPhase(network, t.to, options.phase))
    .map((t): Ranked<TransitionEvidence> => {
      const share = round4(ratio(t.count, outgoing.get(t.from) ?? 0));
      return {
        id: `${t.from}->${t.to}`,
        name: `${name(t.from)} → ${name(t.to)}`,
        score: t.count,
        reason:
          `${fmt(t.count)} times customers went from "${name(t.from)}" straight to "${name(t.to)}" ` +
          `(${percent(share)} of what follows "${name(t.from)}"), median ${formatDuration(t.duration.median)} later`,
        evidence: { from: t.from, to: t.to, count: t.count, share, duration: t.duration },
      };
    })
    .sort(byScore);
  const activities = stats.activities.filter((a) => inPhase(network, a.id, options.phase));
  return {
    journeys: stats.journeys,
    transitions,
    starts: activities.filter((a) => a.starts > 0).map((a) => ({ activity: a.id, journeys: a.starts })).sort((a, b) => b.journeys - a.journeys || compareText(a.activity, b.activity)),
    ends: activities.filter((a) => a.ends > 0).map((a) => ({ activity: a.id, journeys: a.ends })).sort((a, b) => b.journeys - a.journeys || compareText(a.activity, b.activity)),
  };
}
