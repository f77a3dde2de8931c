import { describe, expect, it } from 'vitest';
import { GoalNetwork } from '../../src/graph/goal-network.js';
import { findGaps } from '../../src/analysis/gaps.js';
import { DAY, HOUR, MIN, homeDocument, homeStats } from '../helpers/home-model.js';

const net = new GoalNetwork(homeDocument());

describe('findGaps by activity', () => {
  const gaps = findGaps(net, homeStats());

  it('ranks by journeys affected, then negative share, then id', () => {
    expect(gaps.map((g) => [g.id, g.score, g.evidence.negativeShare])).toEqual([
      ['view-home', 3, 0.5], // 4/8
      ['apply-loan', 3, 0.2857], // 2/7 = 0.285714…
      ['pack-boxes', 2, 1], // 3/3
      ['follow-up', 2, 0.6667], // 2/3 = 0.666…
      ['loan-reminder', 1, 0.2], // 1/5
      ['search-listings', 1, 0.0833], // 1/12 = 0.08333…
      ['ask-family', 1, 0], // 0/2
      ['book-mover', 0, 0], // 0/4
    ]);
  });

  it('carries the figures as evidence', () => {
    expect(gaps[0]).toEqual({
      id: 'view-home',
      name: 'View a home',
      score: 3,
      reason:
        '3 of 6 journeys that reached "View a home" got stuck, gave up or stopped there (50%); ' +
        '2 stuck, 1 abandoned, 2 ended there unfinished; 50% of steps negative; ' +
        'median 24.0 h to the next step; most told: "broker never called back" (2×)',
      evidence: {
        kind: 'activity',
        phase: 'EVALUATION',
        goal: 'find-home',
        reached: 6,
        affected: 3,
        affectedShare: 0.5, // 3/6
        stuck: 2,
        abandoned: 1,
        endedIncomplete: 2,
        steps: 8,
        negativeSteps: 4,
        negativeShare: 0.5, // 4/8
        meanSentiment: -0.5, // -3/6
        medianDwellMs: DAY,
        p90DwellMs: 2 * DAY,
        notes: [
          { note: 'broker never called back', count: 2 },
          { note: 'too expensive', count: 1 },
        ],
      },
    });
  });

  it('computes shares, mean sentiment and dwell wording from the formula', () => {
    const by = Object.fromEntries(gaps.map((g) => [g.id, g]));
    // apply-loan: 3/6 affected = 50%; mean -1/5 = -0.2; dwell 30 min
    expect(by['apply-loan'].evidence).toMatchObject({ affectedShare: 0.5, meanSentiment: -0.2, medianDwellMs: 30 * MIN });
    expect(by['apply-loan'].reason).toBe(
      '3 of 6 journeys that reached "Apply for a loan" got stuck, gave up or stopped there (50%); ' +
        '1 stuck, 1 abandoned, 1 ended there unfinished; 29% of steps negative; median 30 min to the next step; ' +
        'most told: "form timed out" (3×)',
    );
    // pack-boxes: 2/3 = 0.6667 affected; mean -4/3 = -1.3333; 3 days shown in days
    expect(by['pack-boxes'].evidence).toMatchObject({ affectedShare: 0.6667, meanSentiment: -1.3333, p90DwellMs: 5 * DAY });
    expect(by['pack-boxes'].reason).toContain('(67%)');
    expect(by['pack-boxes'].reason).toContain('100% of steps negative; median 3.0 d to the next step');
    // notes are equal in count: the first listed (text order) is quoted
    expect(by['pack-boxes'].reason).toContain('most told: "no boxes" (1×)');
    // follow-up: 90 min is shown as 1.5 h
    expect(by['follow-up'].reason).toContain('median 1.5 h to the next step');
    expect(by['follow-up'].evidence.meanSentiment).toBe(-0.6667); // -2/3
    // search-listings: 1/9 = 0.1111 → 11%; 1/12 → 8%
    expect(by['search-listings'].evidence.affectedShare).toBe(0.1111);
    expect(by['search-listings'].reason).toContain('1 of 9 journeys');
    expect(by['search-listings'].reason).toContain('(11%)');
    expect(by['search-listings'].reason).toContain('8% of steps negative; median 60 min');
    // ask-family: no sentiment at all → null, not NaN; 1 min dwell
    expect(by['ask-family'].evidence.meanSentiment).toBeNull();
    expect(by['ask-family'].reason).toContain('median 1 min to the next step');
    // book-mover: mean 6/4 = 1.5; no dwell (last steps) → no median in the reason; no notes
    expect(by['book-mover'].evidence).toMatchObject({ meanSentiment: 1.5, medianDwellMs: null, p90DwellMs: null });
    expect(by['book-mover'].reason).toBe(
      '0 of 4 journeys that reached "Book a mover" got stuck, gave up or stopped there (0%); ' +
        '0 stuck, 0 abandoned, 0 ended there unfinished; 0% of steps negative',
    );
    expect(by['loan-reminder'].evidence).toMatchObject({ phase: 'PURCHASE', goal: 'bank-loan', affectedShare: 0.25 });
    expect(by['loan-reminder'].evidence.medianDwellMs).toBe(10 * MIN);
    expect(by['loan-reminder'].evidence.p90DwellMs).toBe(HOUR);
  });

  it('leaves out places reached by fewer journeys than minJourneys', () => {
    // journeys: ask-family 2, pack-boxes 3, follow-up 3 are below 4
    expect(findGaps(net, homeStats(), { minJourneys: 4 }).map((g) => g.id)).toEqual([
      'view-home', 'apply-loan', 'loan-reminder', 'search-listings', 'book-mover',
    ]);
  });

  it('restricts to one phase', () => {
    expect(findGaps(net, homeStats(), { phase: 'EVALUATION' }).map((g) => g.id)).toEqual(['view-home', 'ask-family']);
    expect(findGaps(net, homeStats(), { phase: 'USE' }).map((g) => g.id)).toEqual(['pack-boxes', 'book-mover']);
    expect(findGaps(net, homeStats(), { phase: 'NEED_RECOGNITION' })).toEqual([]);
  });
});

describe('findGaps by goal', () => {
  const gaps = findGaps(net, homeStats(), { by: 'goal' });

  it('ranks sub-goals (never the overall goal) by affected, then negative share, then id', () => {
    expect(gaps.map((g) => [g.id, g.score, g.evidence.negativeShare])).toEqual([
      ['finance', 5, 0.2941], // 5/17 = 0.29411…
      ['bank-loan', 4, 0.3333], // 5/15
      ['find-home', 4, 0.25], // 5/20
      ['move', 2, 0.4286], // 3/7 = 0.428571…; equal to move-in: "move" < "move-in"
      ['move-in', 2, 0.4286],
      ['family-loan', 1, 0],
    ]);
    expect(gaps.some((g) => g.id === 'own-home')).toBe(false);
  });

  it('gives a goal its parent and no phase', () => {
    const finance = gaps[0];
    expect(finance.name).toBe('Finance the purchase');
    expect(finance.evidence).toMatchObject({
      kind: 'goal',
      phase: null,
      goal: 'own-home',
      reached: 7,
      affected: 5,
      affectedShare: 0.7143, // 5/7 = 0.714285…
      meanSentiment: -0.4444, // -4/9 = -0.4444…
      medianDwellMs: 20 * MIN,
    });
    expect(finance.reason).toBe(
      '5 of 7 journeys that reached "Finance the purchase" got stuck, gave up or stopped there (71%); ' +
        '1 stuck, 2 abandoned, 4 ended there unfinished; 29% of steps negative; median 20 min to the next step; ' +
        'most told: "form timed out" (3×)',
    );
    expect(gaps.find((g) => g.id === 'bank-loan')!.evidence.goal).toBe('finance');
  });

  it('with a phase keeps the goals that have an activity of that phase below them', () => {
    // PURCHASE: apply-loan and loan-reminder serve bank-loan, under finance
    expect(findGaps(net, homeStats(), { by: 'goal', phase: 'PURCHASE' }).map((g) => g.id)).toEqual(['finance', 'bank-loan']);
    // USE: book-mover and pack-boxes serve move, under move-in
    expect(findGaps(net, homeStats(), { by: 'goal', phase: 'USE' }).map((g) => g.id)).toEqual(['move', 'move-in']);
  });
});
