import { describe, expect, it } from 'vitest';
import { GoalNetwork } from '../../src/graph/goal-network.js';
import { findTransitions } from '../../src/analysis/transitions.js';
import { DAY, HOUR, MIN, homeDocument, homeStats } from '../helpers/home-model.js';

const net = new GoalNetwork(homeDocument());

describe('findTransitions', () => {
  const result = findTransitions(net, homeStats());

  it('ranks directly-follows pairs by count, ties by id', () => {
    expect(result.journeys).toBe(10);
    expect(result.transitions.map((t) => [t.id, t.score])).toEqual([
      ['search-listings->view-home', 6],
      // two with 4: "loan-reminder->…" < "view-home->…"
      ['loan-reminder->apply-loan', 4],
      ['view-home->apply-loan', 4],
      // two with 3: "apply-loan->…" < "search-listings->…"
      ['apply-loan->book-mover', 3],
      ['search-listings->search-listings', 3],
      ['search-listings->ask-family', 2],
      ['apply-loan->follow-up', 1],
    ]);
  });

  it('gives each its share of what follows the source activity', () => {
    const share = Object.fromEntries(result.transitions.map((t) => [t.id, t.evidence.share]));
    // search-listings has 6 + 2 + 3 = 11 outgoing
    expect(share['search-listings->view-home']).toBe(0.5455); // 6/11 = 0.54545…
    expect(share['search-listings->ask-family']).toBe(0.1818); // 2/11 = 0.18181…
    expect(share['search-listings->search-listings']).toBe(0.2727); // 3/11 = 0.27272…
    // apply-loan has 3 + 1 = 4 outgoing
    expect(share['apply-loan->book-mover']).toBe(0.75); // 3/4
    expect(share['apply-loan->follow-up']).toBe(0.25); // 1/4
    expect(share['loan-reminder->apply-loan']).toBe(1); // 4/4
    expect(share['view-home->apply-loan']).toBe(1); // 4/4
  });

  it('carries the evidence and says it in words', () => {
    const top = result.transitions[0];
    expect(top.name).toBe('Browse listings → View a home');
    expect(top.evidence).toEqual({
      from: 'search-listings',
      to: 'view-home',
      count: 6,
      share: 0.5455,
      duration: { count: 6, median: HOUR, p90: 2 * HOUR },
    });
    // 0.5455 → 55%; median 60 min
    expect(top.reason).toBe(
      '6 times customers went from "Browse listings" straight to "View a home" (55% of what follows "Browse listings"), median 60 min later',
    );
    const viewToApply = result.transitions.find((t) => t.id === 'view-home->apply-loan')!;
    // 1 day = 24 h (< 48 h is shown in hours)
    expect(viewToApply.reason).toContain('(100% of what follows "View a home"), median 24.0 h later');
    const applyToMover = result.transitions.find((t) => t.id === 'apply-loan->book-mover')!;
    // 7 days = 168 h (≥ 48 h is shown in days)
    expect(applyToMover.reason).toContain('(75% of what follows "Apply for a loan"), median 7.0 d later');
    const reminder = result.transitions.find((t) => t.id === 'loan-reminder->apply-loan')!;
    expect(reminder.evidence.duration.median).toBe(10 * MIN);
    expect(reminder.reason).toContain('median 10 min later');
    expect(applyToMover.evidence.duration.p90).toBe(9 * DAY);
  });

  it('lists starts and ends by journeys, ties by activity id', () => {
    expect(result.starts).toEqual([
      { activity: 'search-listings', journeys: 9 },
      { activity: 'view-home', journeys: 1 },
    ]);
    expect(result.ends).toEqual([
      { activity: 'book-mover', journeys: 4 },
      { activity: 'follow-up', journeys: 2 },
      { activity: 'view-home', journeys: 2 },
      { activity: 'apply-loan', journeys: 1 },
      { activity: 'ask-family', journeys: 1 },
    ]);
  });

  it('with a phase keeps transitions into or out of that phase, shares still of all outgoing', () => {
    const evaluation = findTransitions(net, homeStats(), { phase: 'EVALUATION' });
    // EVALUATION activities: view-home, ask-family
    expect(evaluation.transitions.map((t) => t.id)).toEqual([
      'search-listings->view-home', // into view-home
      'view-home->apply-loan', // out of view-home
      'search-listings->ask-family', // into ask-family
    ]);
    expect(evaluation.transitions[0].evidence.share).toBe(0.5455); // still 6/11
    expect(evaluation.starts).toEqual([{ activity: 'view-home', journeys: 1 }]);
    expect(evaluation.ends).toEqual([
      { activity: 'view-home', journeys: 2 },
      { activity: 'ask-family', journeys: 1 },
    ]);
    expect(evaluation.journeys).toBe(10);
  });

  it('with a phase nothing happens in gives nothing', () => {
    const none = findTransitions(net, homeStats(), { phase: 'NEED_RECOGNITION' });
    expect(none).toEqual({ journeys: 10, transitions: [], starts: [], ends: [] });
  });
});
