import { describe, expect, it } from 'vitest';
import { GoalNetwork } from '../../src/graph/goal-network.js';
import { findStructuralGaps } from '../../src/analysis/structural-gaps.js';
import { GoalnetError } from '../../src/model/errors.js';
import { emptyTreeDocument, homeDocument, homeStats } from '../helpers/home-model.js';
import { goal, modelDocument } from '../helpers/model-builder.js';
import { emptyStats } from '../helpers/stats-builder.js';

const net = new GoalNetwork(homeDocument());

describe('findStructuralGaps with journeys', () => {
  const gaps = findStructuralGaps(net, homeStats());

  it('finds every kind of hole, ranked by journeys that reached it, ties by id', () => {
    expect(gaps.map((g) => [g.evidence.kind, g.id, g.score])).toEqual([
      // max journeys over the phase's activities: search-listings 9
      ['PHASE_WITHOUT_FOCAL_TOUCHPOINT', 'INFORMATION_SEARCH', 9],
      // served only by broker; stats.goals find-home: 9 ("INFORMATION_SEARCH" < "find-home" in code-unit order)
      ['OUTSIDE_PARTNERSHIPS', 'find-home', 9],
      // max(view-home 6, ask-family 2) = 6
      ['PHASE_WITHOUT_FOCAL_TOUCHPOINT', 'EVALUATION', 6],
      // max(book-mover 4, pack-boxes 3) = 4
      ['PHASE_WITHOUT_FOCAL_TOUCHPOINT', 'USE', 4],
      // names no actor, no touchpoint; 3 journeys reached it
      ['ACTIVITY_WITHOUT_ACTOR', 'pack-boxes', 3],
      // served only by family; 2 journeys
      ['OUTSIDE_PARTNERSHIPS', 'family-loan', 2],
      // no activity: always 0
      ['LEAF_WITHOUT_ACTIVITY', 'insure', 0],
    ]);
  });

  it('does not flag what the focal firm or a partner serves', () => {
    const flagged = gaps.map((g) => g.id);
    expect(flagged).not.toContain('bank-loan'); // nordbank serves it
    expect(flagged).not.toContain('move'); // insurer, a partner of nordbank, serves it with mover
    expect(flagged).not.toContain('PURCHASE');
    expect(flagged).not.toContain('POST_PURCHASE'); // only through bank-email, a touchpoint of nordbank
    // finance and move-in have no activities of their own
    expect(flagged).not.toContain('finance');
    expect(flagged).not.toContain('move-in');
  });

  it('explains each gap with names and numbers', () => {
    const by = Object.fromEntries(gaps.map((g) => [g.id, g]));
    expect(by['find-home']).toEqual({
      id: 'find-home',
      name: 'Find a home',
      score: 9,
      reason: '"Find a home" is served only by City Brokers, none of them Nordbank or its partners; 9 journeys pass through it',
      evidence: { kind: 'OUTSIDE_PARTNERSHIPS', journeys: 9, actors: ['broker'] },
    });
    expect(by['family-loan'].evidence.actors).toEqual(['family']);
    expect(by['pack-boxes'].reason).toBe(
      '"Pack boxes" names no actor and no touchpoint: customers are on their own there (3 journeys reached it)',
    );
    expect(by['insure'].reason).toBe('No activity serves the sub-goal "Insure the home": how do customers reach it?');
    expect(by['EVALUATION'].reason).toBe(
      'In EVALUATION customers do "View a home", "Ask family for a loan" and Nordbank has no touchpoint there',
    );
    expect(by['EVALUATION'].evidence).toEqual({ kind: 'PHASE_WITHOUT_FOCAL_TOUCHPOINT', journeys: 6, actors: [] });
  });
});

describe('findStructuralGaps without journeys', () => {
  it('finds the same holes with score 0, ordered by id', () => {
    for (const stats of [undefined, emptyStats('home-purchase')]) {
      const gaps = findStructuralGaps(net, stats);
      expect(gaps.map((g) => [g.id, g.score])).toEqual([
        ['EVALUATION', 0],
        ['INFORMATION_SEARCH', 0],
        ['USE', 0],
        ['family-loan', 0],
        ['find-home', 0],
        ['insure', 0],
        ['pack-boxes', 0],
      ]);
      // without journeys the reasons carry no journey counts
      const byId = Object.fromEntries(gaps.map((g) => [g.id, g.reason]));
      expect(byId['find-home']).toBe('"Find a home" is served only by City Brokers, none of them Nordbank or its partners');
      expect(byId['pack-boxes']).toBe('"Pack boxes" names no actor and no touchpoint: customers are on their own there');
    }
  });
});

describe('findStructuralGaps and the focal firm', () => {
  it('leaves out the focal checks when the model has no focal actor', () => {
    const gaps = findStructuralGaps(new GoalNetwork(homeDocument({ focal: false })), homeStats());
    expect(gaps.map((g) => [g.evidence.kind, g.id])).toEqual([
      ['ACTIVITY_WITHOUT_ACTOR', 'pack-boxes'],
      ['LEAF_WITHOUT_ACTIVITY', 'insure'],
    ]);
  });

  it('takes the view of a named actor', () => {
    const noFocal = new GoalNetwork(homeDocument({ focal: false }));
    expect(findStructuralGaps(noFocal, homeStats(), 'nordbank')).toEqual(findStructuralGaps(net, homeStats()));
    // From the broker's side: it serves find-home and bank-loan and has no partners.
    const broker = findStructuralGaps(net, homeStats(), 'broker');
    expect(broker.map((g) => [g.evidence.kind, g.id, g.score])).toEqual([
      // move: mover and insurer, neither the broker nor its partner; stats.goals move: 5
      ['OUTSIDE_PARTNERSHIPS', 'move', 5],
      ['PHASE_WITHOUT_FOCAL_TOUCHPOINT', 'USE', 4], // max(4, 3)
      // 3 each: "POST_PURCHASE" < "pack-boxes" in code-unit order
      ['PHASE_WITHOUT_FOCAL_TOUCHPOINT', 'POST_PURCHASE', 3], // follow-up: 3
      ['ACTIVITY_WITHOUT_ACTOR', 'pack-boxes', 3],
      ['OUTSIDE_PARTNERSHIPS', 'family-loan', 2],
      ['LEAF_WITHOUT_ACTIVITY', 'insure', 0],
    ]);
    expect(broker[0].reason).toBe(
      '"Move the household" is served only by Movers AB, Trygg, none of them City Brokers or its partners; 5 journeys pass through it',
    );
    expect(broker[0].evidence.actors).toEqual(['mover', 'insurer']);
  });

  it('rejects an unknown focal actor with a clear message instead of silently skipping the focal checks', () => {
    // Every other analysis resolves the focal actor with resolveFocal (BAD_INPUT naming it and the
    // valid ids); findStructuralGaps quietly treats an unknown id as "no focal firm".
    let error: unknown;
    try {
      findStructuralGaps(net, homeStats(), 'ghost');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GoalnetError);
    expect((error as GoalnetError).code).toBe('BAD_INPUT');
    expect((error as GoalnetError).message).toContain('"ghost"');
    expect((error as GoalnetError).message).toContain('nordbank, broker, insurer, mover, family, registry');
  });
});

describe('findStructuralGaps on small trees', () => {
  it('says nothing about an empty tree', () => {
    expect(findStructuralGaps(new GoalNetwork(emptyTreeDocument()), emptyStats('empty-tree'))).toEqual([]);
  });

  it('does not flag a lone overall goal as a leaf without activity', () => {
    const lone = new GoalNetwork(modelDocument({ goals: [goal('root')] }));
    expect(findStructuralGaps(lone)).toEqual([]);
  });
});
