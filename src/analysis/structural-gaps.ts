/**
 * Structural gaps: holes in the model itself, found without any journeys.
 * - LEAF_WITHOUT_ACTIVITY: a leaf sub-goal no activity serves.
 * - ACTIVITY_WITHOUT_ACTOR: an activity that names no actor and no touchpoint.
 * - OUTSIDE_PARTNERSHIPS: a sub-goal with activities whose serving actors are all outside the
 *   focal firm and its partners (the firm has no hand in it).
 * - PHASE_WITHOUT_FOCAL_TOUCHPOINT: a journey phase with activities where no activity uses a
 *   touchpoint of the focal firm and none involves it.
 * The checks that need the focal firm are left out when the model has none and none is named;
 * an unknown focal id is bad input.
 * score = journeys that reached the place (0 without journeys), so observed traffic ranks them.
 */
import type { JourneyStats } from '../model/journey-stats.js';
import { PHASES } from '../model/vocabulary.js';
import type { GoalNetwork } from '../graph/goal-network.js';
import { byScore, fmt, resolveFocal, type Ranked } from './common.js';

export type StructuralGapKind =
  | 'LEAF_WITHOUT_ACTIVITY'
  | 'ACTIVITY_WITHOUT_ACTOR'
  | 'OUTSIDE_PARTNERSHIPS'
  | 'PHASE_WITHOUT_FOCAL_TOUCHPOINT';

export interface StructuralGapEvidence {
  kind: StructuralGapKind;
  /** Journeys that reached the place (a goal, activity, or the phase's activities). */
  journeys: number;
  /** The actors involved, where the gap is about actors. */
  actors: string[];
}

export function findStructuralGaps(network: GoalNetwork, stats?: JourneyStats, focalId?: string): Ranked<StructuralGapEvidence>[] {
  const reachedActivity = new Map((stats?.activities ?? []).map((a) => [a.id, a.journeys]));
  const reachedGoal = new Map((stats?.goals ?? []).map((g) => [g.id, g.journeys]));
  const found: Ranked<StructuralGapEvidence>[] = [];
  const add = (kind: StructuralGapKind, id: string, name: string, journeys: number, reason: string, actors: string[] = []) =>
    found.push({ id, name, score: journeys, reason, evidence: { kind, journeys, actors } });

  for (const leaf of network.leaves()) {
    if (leaf.parent === undefined && network.goals.length === 1 && network.activities.length === 0) continue;
    if (network.activitiesOf(leaf.id).length === 0) {
      add('LEAF_WITHOUT_ACTIVITY', leaf.id, leaf.name, 0, `No activity serves the sub-goal "${leaf.name}": how do customers reach it?`);
    }
  }
  for (const activity of network.activities) {
    if (activity.actors.length === 0 && activity.touchpoints.length === 0) {
      const journeys = reachedActivity.get(activity.id) ?? 0;
      add(
        'ACTIVITY_WITHOUT_ACTOR',
        activity.id,
        activity.name,
        journeys,
        `"${activity.name}" names no actor and no touchpoint: customers are on their own there` +
          (journeys > 0 ? ` (${fmt(journeys)} journeys reached it)` : ''),
      );
    }
  }
  const focal = focalId !== undefined ? resolveFocal(network, focalId) : network.focalActor();
  if (focal === undefined) return found.sort(byScore);

  const inside = (actorId: string) => actorId === focal.id || network.isPartner(focal.id, actorId);
  for (const goal of network.goals) {
    if (goal.parent === undefined || network.activitiesOf(goal.id).length === 0) continue;
    const actors = network.actorsOfGoal(goal.id);
    if (actors.length > 0 && !actors.some((a) => inside(a.id))) {
      const journeys = reachedGoal.get(goal.id) ?? 0;
      add(
        'OUTSIDE_PARTNERSHIPS',
        goal.id,
        goal.name,
        journeys,
        `"${goal.name}" is served only by ${actors.map((a) => a.name).join(', ')}, none of them ${focal.name} or its partners` +
          (journeys > 0 ? `; ${fmt(journeys)} journeys pass through it` : ''),
        actors.map((a) => a.id),
      );
    }
  }
  for (const phase of PHASES) {
    const activities = network.activitiesInPhase(phase);
    if (activities.length === 0) continue;
    const present = activities.some((a) => network.actorsOfActivity(a.id).some((x) => x.id === focal.id));
    if (!present) {
      // Journeys that reached the phase: at least the most any one of its activities saw.
      const journeys = Math.max(0, ...activities.map((a) => reachedActivity.get(a.id) ?? 0));
      add(
        'PHASE_WITHOUT_FOCAL_TOUCHPOINT',
        phase,
        phase,
        journeys,
        `In ${phase} customers do ${activities.map((a) => `"${a.name}"`).join(', ')} and ${focal.name} has no touchpoint there`,
      );
    }
  }
  return found.sort(byScore);
}
