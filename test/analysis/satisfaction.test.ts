import { describe, expect, it } from 'vitest';
import { GoalNetwork } from '../../src/graph/goal-network.js';
import { goalSatisfaction } from '../../src/analysis/satisfaction.js';
import { GoalnetError } from '../../src/model/errors.js';
import { emptyTreeDocument, homeDocument, homeStats } from '../helpers/home-model.js';
import { activity, goal, modelDocument } from '../helpers/model-builder.js';
import { emptyStats, journeyStats, placeStats } from '../helpers/stats-builder.js';

const net = new GoalNetwork(homeDocument());

/*
 * Leaf values = completed / journeys at the leaf (stats.goals):
 *   bank-loan 3/6 = 0.5   family-loan 0/2 = 0   find-home 3/9 = 0.3333   insure — (no stats): null   move 4/5 = 0.8
 * finance (OR)  = max(0.5, 0)          = 0.5
 * move-in (AND) = min(0.8) (insure has no value and is left out) = 0.8
 * own-home (AND) = min(0.5, 0.3333, 0.8) = 0.3333
 */
describe('goalSatisfaction', () => {
  const result = goalSatisfaction(net, homeStats());

  it('propagates leaf completion up the tree: AND the weakest, OR the strongest', () => {
    expect(result.overall).toBe(0.3333);
    expect(result.goals).toEqual([
      { goal: 'own-home', name: 'Own a new home', depth: 0, refinement: 'AND', leaf: false, journeys: 10, completed: 4, value: 0.3333 },
      { goal: 'finance', name: 'Finance the purchase', depth: 1, refinement: 'OR', leaf: false, journeys: 7, completed: 3, value: 0.5 },
      { goal: 'bank-loan', name: 'Get a bank loan', depth: 2, refinement: 'AND', leaf: true, journeys: 6, completed: 3, value: 0.5 },
      { goal: 'family-loan', name: 'Borrow from family', depth: 2, refinement: 'AND', leaf: true, journeys: 2, completed: 0, value: 0 },
      { goal: 'find-home', name: 'Find a home', depth: 1, refinement: 'AND', leaf: true, journeys: 9, completed: 3, value: 0.3333 },
      { goal: 'move-in', name: 'Move in', depth: 1, refinement: 'AND', leaf: false, journeys: 5, completed: 4, value: 0.8 },
      { goal: 'insure', name: 'Insure the home', depth: 2, refinement: 'AND', leaf: true, journeys: 0, completed: 0, value: null },
      { goal: 'move', name: 'Move the household', depth: 2, refinement: 'AND', leaf: true, journeys: 5, completed: 4, value: 0.8 },
    ]);
  });

  it('ranks leaves by the gain of fixing each alone, then by journeys', () => {
    /*
     * find-home → 1:   own-home = min(0.5, 1, 0.8) = 0.5          gain 0.5 − 0.3333… = 0.1667
     * bank-loan → 1:   finance = 1; own-home = min(1, 0.3333, 0.8) = 0.3333   gain 0
     * family-loan → 1: finance = max(0.5, 1) = 1; own-home still 0.3333       gain 0
     * insure → 1:      move-in = min(1, 0.8) = 0.8; own-home 0.3333            gain 0
     * move → 1:        move-in = 1; own-home 0.3333                            gain 0
     * ties at 0 by journeys: bank-loan 6, move 5, family-loan 2, insure 0
     */
    expect(result.leaves.map((l) => [l.id, l.score, l.evidence.overallIfFixed])).toEqual([
      ['find-home', 0.1667, 0.5],
      ['bank-loan', 0, 0.3333],
      ['move', 0, 0.3333],
      ['family-loan', 0, 0.3333],
      ['insure', 0, 0.3333],
    ]);
  });

  it('explains each leaf with its numbers', () => {
    const [findHome] = result.leaves;
    expect(findHome).toEqual({
      id: 'find-home',
      name: 'Find a home',
      score: 0.1667,
      reason: '3 of 9 journeys reaching "Find a home" completed it (33%); fixing it would lift the overall goal from 33% to 50%',
      evidence: { value: 0.3333, journeys: 9, completed: 3, gain: 0.1667, overallIfFixed: 0.5 },
    });
    const byId = Object.fromEntries(result.leaves.map((l) => [l.id, l]));
    expect(byId['bank-loan'].reason).toBe(
      '3 of 6 journeys reaching "Get a bank loan" completed it (50%); fixing it alone would not lift the overall goal',
    );
    expect(byId['insure'].reason).toBe('No journey reached "Insure the home" yet');
    expect(byId['insure'].evidence).toEqual({ value: null, journeys: 0, completed: 0, gain: 0, overallIfFixed: 0.3333 });
  });

  it('lets an OR goal take its strongest alternative', () => {
    // Only the family loan is known: finance = max(0) = 0, so own-home = min(0, 0.3333, 0.8) = 0.
    const stats = homeStats();
    stats.goals = stats.goals.filter((g) => g.id !== 'bank-loan');
    const r = goalSatisfaction(net, stats);
    expect(r.overall).toBe(0);
    // family-loan → 1: finance = 1, own-home = min(1, 0.3333, 0.8) = 0.3333; bank-loan → 1 does the same
    const gains = Object.fromEntries(r.leaves.map((l) => [l.id, l.score]));
    expect(gains['family-loan']).toBe(0.3333);
    expect(gains['bank-loan']).toBe(0.3333);
    expect(r.leaves.map((l) => l.id).slice(0, 2)).toEqual(['family-loan', 'bank-loan']); // tie on gain: journeys 2 vs 0
  });
});

describe('goalSatisfaction on small trees', () => {
  it('throws a clear BAD_INPUT for a model without goals', () => {
    const empty = new GoalNetwork(emptyTreeDocument());
    expect(() => goalSatisfaction(empty, emptyStats('empty-tree'))).toThrow(GoalnetError);
    expect(() => goalSatisfaction(empty, emptyStats('empty-tree'))).toThrow(
      'model "empty-tree" has no goals: add the overall goal and its sub-goals before asking how well they are met',
    );
    try {
      goalSatisfaction(empty, emptyStats('empty-tree'));
    } catch (e) {
      expect((e as GoalnetError).code).toBe('BAD_INPUT');
    }
  });

  it('treats a lone overall goal as its own leaf', () => {
    const lone = new GoalNetwork(modelDocument({ goals: [goal('root', { name: 'Root' })], activities: [activity('a', 'root', 'USE')] }));
    const r = goalSatisfaction(lone, journeyStats({ journeys: 4, goals: [placeStats('root', { journeys: 4, completed: 1 })] }));
    // 1/4 = 0.25; fixing it: 1 − 0.25 = 0.75
    expect(r.overall).toBe(0.25);
    expect(r.leaves.map((l) => [l.id, l.score])).toEqual([['root', 0.75]]);
  });

  it('reports no gain for a leaf that is tied for the weakest part of an AND goal', () => {
    // Documented behaviour ("gain if fixed alone"): with two leaves tied at the bottom, neither shows a gain.
    const tied = new GoalNetwork(
      modelDocument({ goals: [goal('root', { refinement: 'AND' }), goal('l1', { parent: 'root' }), goal('l2', { parent: 'root' }), goal('l3', { parent: 'root' })] }),
    );
    const stats = journeyStats({
      journeys: 10,
      goals: [placeStats('l1', { journeys: 10, completed: 5 }), placeStats('l2', { journeys: 10, completed: 5 }), placeStats('l3', { journeys: 10, completed: 9 })],
    });
    const r = goalSatisfaction(tied, stats);
    expect(r.overall).toBe(0.5); // min(0.5, 0.5, 0.9)
    expect(r.leaves.map((l) => [l.id, l.score])).toEqual([['l1', 0], ['l2', 0], ['l3', 0]]);
  });
});
