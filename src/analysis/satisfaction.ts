/**
 * Goal satisfaction: how well customers reach each goal, and where fixing one sub-goal would
 * lift the overall goal most.
 *
 *   leaf value      = journeys with a `completed` step at the leaf's activities / journeys that
 *                     reached them (null when none reached them)
 *   AND goal value  = min of its sub-goals' values (the weakest part)
 *   OR goal value   = max of its sub-goals' values (the strongest alternative)
 *   Sub-goals without a value are left out of min/max; a goal none of whose sub-goals has one
 *   has none.
 *   gain(leaf)      = overall value with that leaf set to 1 − overall value now; 0 while the
 *                     overall goal has no value (no journeys: no evidence to claim a gain on)
 * Leaves are ranked by score = gain, then by journeys that reached them.
 */
import { badInput } from '../model/errors.js';
import type { JourneyStats } from '../model/journey-stats.js';
import type { Refinement } from '../model/vocabulary.js';
import type { GoalNetwork } from '../graph/goal-network.js';
import { compareText, fmt, percent, ratio, round4, type Ranked } from './common.js';

export interface GoalValue {
  goal: string;
  name: string;
  depth: number;
  refinement: Refinement;
  leaf: boolean;
  journeys: number;
  completed: number;
  /** Completion share (leaves) or the propagated value; null without evidence. */
  value: number | null;
}

export interface LeafGainEvidence {
  value: number | null;
  journeys: number;
  completed: number;
  gain: number;
  overallIfFixed: number | null;
}

export interface GoalSatisfaction {
  overall: number | null;
  goals: GoalValue[];
  leaves: Ranked<LeafGainEvidence>[];
}

export function goalSatisfaction(network: GoalNetwork, stats: JourneyStats): GoalSatisfaction {
  const root = network.root();
  if (root === undefined) {
    throw badInput(`model "${network.model.id}" has no goals: add the overall goal and its sub-goals before asking how well they are met`);
  }
  const place = new Map(stats.goals.map((g) => [g.id, g]));
  const leafValue = new Map<string, number | null>();
  for (const leaf of network.leaves(root.id)) {
    const p = place.get(leaf.id);
    leafValue.set(leaf.id, p === undefined || p.journeys === 0 ? null : ratio(p.completed, p.journeys));
  }

  const evaluate = (overrides: Map<string, number | null>): Map<string, number | null> => {
    const values = new Map<string, number | null>();
    const visit = (goalId: string): number | null => {
      const kids = network.children(goalId);
      let value: number | null;
      if (kids.length === 0) value = overrides.get(goalId) ?? null;
      else {
        const known = kids.map((k) => visit(k.id)).filter((v): v is number => v !== null);
        const refinement = network.goal(goalId)!.refinement;
        value = known.length === 0 ? null : refinement === 'AND' ? Math.min(...known) : Math.max(...known);
      }
      values.set(goalId, value);
      return value;
    };
    visit(root.id);
    return values;
  };

  const now = evaluate(leafValue);
  const overall = now.get(root.id) ?? null;
  const goals: GoalValue[] = network.subtree(root.id).map((g) => {
    const value = now.get(g.id) ?? null;
    return {
      goal: g.id,
      name: g.name,
      depth: network.depth(g.id),
      refinement: g.refinement,
      leaf: network.isLeaf(g.id),
      journeys: place.get(g.id)?.journeys ?? 0,
      completed: place.get(g.id)?.completed ?? 0,
      value: value === null ? null : round4(value),
    };
  });

  const leaves = network.leaves(root.id).map((leaf): Ranked<LeafGainEvidence> => {
    const fixed = new Map(leafValue);
    fixed.set(leaf.id, 1);
    const ifFixed = evaluate(fixed).get(root.id) ?? null;
    const gain = overall === null || ifFixed === null ? 0 : round4(ifFixed - overall);
    const value = leafValue.get(leaf.id) ?? null;
    const journeys = place.get(leaf.id)?.journeys ?? 0;
    const completed = place.get(leaf.id)?.completed ?? 0;
    const evidence: LeafGainEvidence = {
      value: value === null ? null : round4(value),
      journeys,
      completed,
      gain,
      overallIfFixed: ifFixed === null ? null : round4(ifFixed),
    };
    const reason =
      value === null
        ? `No journey reached "${leaf.name}" yet`
        : `${fmt(completed)} of ${fmt(journeys)} journeys reaching "${leaf.name}" completed it (${percent(value)}); ` +
          (gain > 0
            ? `fixing it would lift the overall goal from ${percent(overall ?? 0)} to ${percent(ifFixed ?? 0)}`
            : 'fixing it alone would not lift the overall goal');
    return { id: leaf.id, name: leaf.name, score: gain, reason, evidence };
  });
  leaves.sort((a, b) => b.score - a.score || b.evidence.journeys - a.evidence.journeys || compareText(a.id, b.id));
  return { overall: overall === null ? null : round4(overall), goals, leaves };
}
