/**
 * What the product promises never to do: crash, or print NaN/Infinity, on thin or odd input —
 * a model without journeys, a journey of one step, an empty goal tree, no focal actor, an
 * unknown focal actor.
 */
import { describe, expect, it } from 'vitest';
import { GoalNetwork } from '../../src/graph/goal-network.js';
import { GoalnetError } from '../../src/model/errors.js';
import { findTransitions } from '../../src/analysis/transitions.js';
import { findGaps } from '../../src/analysis/gaps.js';
import { findStructuralGaps } from '../../src/analysis/structural-gaps.js';
import { findPartnerOpportunities } from '../../src/analysis/partners.js';
import { channelPresence } from '../../src/analysis/channels.js';
import { contactPressure } from '../../src/analysis/pressure.js';
import { goalSatisfaction } from '../../src/analysis/satisfaction.js';
import { networkMeasures } from '../../src/analysis/network-measures.js';
import type { JourneyStats } from '../../src/model/journey-stats.js';
import { emptyTreeDocument, homeDocument, homeStats, singleStepStats } from '../helpers/home-model.js';
import { emptyStats } from '../helpers/stats-builder.js';
import { nonFiniteNumbers, textsWithNonFinite } from '../helpers/non-finite.js';

/** Runs every analysis that needs no focal actor, and those that do when the model has one. */
function everything(net: GoalNetwork, stats: JourneyStats, withSatisfaction = true): Record<string, unknown> {
  const out: Record<string, unknown> = {
    transitions: findTransitions(net, stats),
    gaps: findGaps(net, stats),
    goalGaps: findGaps(net, stats, { by: 'goal' }),
    structural: findStructuralGaps(net, stats),
    network: networkMeasures(net, stats),
  };
  if (withSatisfaction) out.satisfaction = goalSatisfaction(net, stats);
  if (net.focalActor() !== undefined) {
    out.partners = findPartnerOpportunities(net, stats);
    out.channels = channelPresence(net, stats);
    out.pressure = contactPressure(net, stats);
  }
  return out;
}

function expectNoNonFinite(value: unknown): void {
  expect(nonFiniteNumbers(value)).toEqual([]);
  expect(textsWithNonFinite(value)).toEqual([]);
}

describe('the NaN scanner', () => {
  it('finds NaN and Infinity wherever they hide', () => {
    expect(nonFiniteNumbers({ a: [1, { b: NaN }], c: new Map([['k', Infinity]]), d: null })).toEqual([
      '$.a[1].b = NaN',
      '$.c.get(k) = Infinity',
    ]);
    expect(textsWithNonFinite({ reason: 'NaN% of steps' })).toEqual(['$.reason = "NaN% of steps"']);
    expect(nonFiniteNumbers({ fine: [0, -1, 0.5, null, 'x'] })).toEqual([]);
  });
});

describe('a model without journeys', () => {
  const net = new GoalNetwork(homeDocument());
  const stats = emptyStats('home-purchase');

  it('gives empty or zero results, never NaN', () => {
    const out = everything(net, stats);
    expectNoNonFinite(out);
    expect(out.transitions).toEqual({ journeys: 0, transitions: [], starts: [], ends: [] });
    expect(out.gaps).toEqual([]);
    expect(out.goalGaps).toEqual([]);
    expect((out.structural as { score: number }[]).every((g) => g.score === 0)).toBe(true);
  });

  it('contact pressure is all zeros', () => {
    expect(contactPressure(net, stats)).toEqual({
      focal: 'nordbank',
      journeys: 0,
      contacts: 0,
      perJourney: 0,
      byPhase: [],
      baseline: { withNext: 0, trouble: 0, rate: 0 },
      touchpoints: [],
    });
  });

  it('channel presence shows only where the firm is, and no gaps', () => {
    const presence = channelPresence(net, stats);
    expect(presence.cells.map((c) => [`${c.phase}/${c.channel}`, c.status, c.customerSteps, c.phaseShare])).toEqual([
      ['PURCHASE/WEB', 'FIRM_ONLY', 0, 0],
      ['PURCHASE/SMS', 'FIRM_ONLY', 0, 0],
      ['POST_PURCHASE/EMAIL', 'FIRM_ONLY', 0, 0],
    ]);
    expect(presence.gaps).toEqual([]);
  });

  it('partner opportunities keep only the structural sibling part', () => {
    // every journey-based part is 0/0 → 0; family serves family-loan, sibling of nordbank's bank-loan: 0.1 × 1
    const partners = findPartnerOpportunities(net, stats);
    expect(partners.map((p) => [p.id, p.score])).toEqual([['family', 0.1]]);
    expect(partners[0].reason).toBe('Family serves "Borrow from family", next to the sub-goals Nordbank serves');
  });

  it('network measures fall back to the model ties', () => {
    const m = networkMeasures(net, stats);
    expect(m.edges.map((e) => `${e.source}–${e.target}:${e.weight}`)).toEqual(['broker–nordbank:1', 'insurer–mover:1', 'insurer–nordbank:1']);
  });

  it('goal satisfaction has no value and claims no gain', () => {
    const s = goalSatisfaction(net, stats);
    expect(s.overall).toBeNull();
    expect(s.goals.every((g) => g.value === null)).toBe(true);
    // ties on gain and journeys: by id
    expect(s.leaves.map((l) => l.reason)).toEqual([
      'No journey reached "Get a bank loan" yet',
      'No journey reached "Borrow from family" yet',
      'No journey reached "Find a home" yet',
      'No journey reached "Insure the home" yet',
      'No journey reached "Move the household" yet',
    ]);
    // Without any journey there is nothing to gain "from": the gain should be 0, not 1 − 0.
    expect(s.leaves.map((l) => [l.id, l.score])).toEqual([
      ['bank-loan', 0],
      ['family-loan', 0],
      ['find-home', 0],
      ['insure', 0],
      ['move', 0],
    ]);
  });
});

describe('a journey of one step', () => {
  const net = new GoalNetwork(homeDocument());
  const stats = singleStepStats();

  it('never yields NaN', () => {
    expectNoNonFinite(everything(net, stats));
  });

  it('has a start and an end and no transition', () => {
    expect(findTransitions(net, stats)).toEqual({
      journeys: 1,
      transitions: [],
      starts: [{ activity: 'search-listings', journeys: 1 }],
      ends: [{ activity: 'search-listings', journeys: 1 }],
    });
  });

  it('is a gap without a dwell time', () => {
    const [gap] = findGaps(net, stats);
    expect(gap.evidence).toMatchObject({ reached: 1, affected: 1, affectedShare: 1, negativeShare: 1, meanSentiment: -2, medianDwellMs: null });
    // no "median … to the next step" part without a next step
    expect(gap.reason).toBe(
      '1 of 1 journeys that reached "Browse listings" got stuck, gave up or stopped there (100%); ' +
        '0 stuck, 1 abandoned, 1 ended there unfinished; 100% of steps negative; most told: "site down" (1×)',
    );
  });

  it('makes the only reached leaf the place to act', () => {
    // find-home 0/1 = 0; others null; own-home = min(0) = 0. find-home → 1 gives 1: gain 1.
    const s = goalSatisfaction(net, stats);
    expect(s.overall).toBe(0);
    expect(s.leaves[0]).toMatchObject({ id: 'find-home', score: 1, evidence: { value: 0, journeys: 1, completed: 0, gain: 1, overallIfFixed: 1 } });
    expect(s.leaves[0].reason).toBe('0 of 1 journeys reaching "Find a home" completed it (0%); fixing it would lift the overall goal from 0% to 100%');
  });

  it('channel presence: the one step is a gap; pressure has no contacts', () => {
    expect(channelPresence(net, stats).gaps.map((g) => [g.id, g.score, g.evidence.phaseShare])).toEqual([['INFORMATION_SEARCH/WEB', 1, 1]]);
    const p = contactPressure(net, stats);
    expect([p.contacts, p.perJourney, p.baseline.rate, p.touchpoints.length]).toEqual([0, 0, 0, 0]);
  });
});

describe('an empty goal tree', () => {
  const net = new GoalNetwork(emptyTreeDocument());
  const stats = emptyStats('empty-tree');

  it('goal satisfaction refuses with a clear BAD_INPUT', () => {
    let error: unknown;
    try {
      goalSatisfaction(net, stats);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GoalnetError);
    expect((error as GoalnetError).code).toBe('BAD_INPUT');
    expect((error as GoalnetError).message).toContain('model "empty-tree" has no goals');
  });

  it('every other analysis answers with nothing', () => {
    const out = everything(net, stats, false);
    expectNoNonFinite(out);
    expect(out.gaps).toEqual([]);
    expect(out.goalGaps).toEqual([]);
    expect(out.structural).toEqual([]);
    expect(out.partners).toEqual([]);
    expect(out.channels).toEqual({ focal: 'nordbank', cells: [], gaps: [] });
    expect((out.pressure as { touchpoints: unknown[] }).touchpoints).toEqual([]);
  });

  it('the other analyses do not crash on the home stats either (activities the model lacks)', () => {
    const out = everything(net, { ...homeStats(), modelId: 'empty-tree' }, false);
    expectNoNonFinite(out);
    // activity ids unknown to the model fall back to their ids as names
    expect((out.gaps as { id: string; name: string }[])[0]).toMatchObject({ id: 'view-home', name: 'view-home' });
  });
});

describe('the focal actor', () => {
  const net = new GoalNetwork(homeDocument());
  const noFocal = new GoalNetwork(homeDocument({ focal: false }));
  const valid = 'nordbank, broker, insurer, mover, family, registry';

  const focalAnalyses: [string, (n: GoalNetwork, focal?: string) => unknown][] = [
    ['findPartnerOpportunities', (n, focal) => findPartnerOpportunities(n, homeStats(), { focal })],
    ['channelPresence', (n, focal) => channelPresence(n, homeStats(), { focal })],
    ['contactPressure', (n, focal) => contactPressure(n, homeStats(), { focal })],
  ];

  for (const [name, run] of focalAnalyses) {
    it(`${name}: an unknown focal actor is BAD_INPUT naming it and the valid ids`, () => {
      expect(() => run(net, 'ghost')).toThrow(GoalnetError);
      expect(() => run(net, 'ghost')).toThrow(`unknown focal actor "ghost" in model "home-purchase"; use one of: ${valid}`);
    });

    it(`${name}: a model without a focal actor needs one named`, () => {
      expect(() => run(noFocal)).toThrow(
        'model "home-purchase" declares no focal actor: name one with --focal ACTOR (or set "focal": true on the firm\'s actor)',
      );
      expect(run(noFocal, 'nordbank')).toEqual(run(net));
    });
  }

  it('an unknown focal actor in a model without actors says so', () => {
    const bare = new GoalNetwork({ ...emptyTreeDocument(), actors: [], touchpoints: [] });
    expect(() => findPartnerOpportunities(bare, emptyStats(), { focal: 'ghost' })).toThrow('use one of: (the model has no actors)');
  });
});
