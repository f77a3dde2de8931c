import { describe, expect, it } from 'vitest';
import { GoalNetwork } from '../../src/graph/goal-network.js';
import { contactPressure, PRESSURE_DEFAULTS } from '../../src/analysis/pressure.js';
import { homeDocument, homeStats } from '../helpers/home-model.js';
import { activity, actor, goal, modelDocument, touchpoint } from '../helpers/model-builder.js';
import { contact, journeyStats } from '../helpers/stats-builder.js';
import { nonFiniteNumbers } from '../helpers/non-finite.js';

const net = new GoalNetwork(homeDocument());

/*
 * Baseline: contacts not through a FIRM-initiated touchpoint (#1 #2 #3 #5 #8 #9 #10 #11; #4 is the
 * broker's FIRM call, #12 an unknown activity):
 *   withNext = 10 + 1 + 6 + 6 + 1 + 0 + 3 + 1 = 28
 *   trouble  =  1 + 0 + 3 + 2 + 0 + 0 + 2 + 0 = 8          rate = 8/28 = 0.285714… → 0.2857
 * Nordbank's contacts (FIRM touchpoints of the focal firm):
 *   bank-sms   #6 loan-reminder (PURCHASE, PASSIVE: sensitive) 5 steps, withNext 5, trouble 2 (1 neg, 1 abandoned)
 *              #13 apply-loan (PURCHASE, ACTIVE: not sensitive) 2 steps
 *   bank-email #7 follow-up (POST_PURCHASE: sensitive) 3 steps, withNext 1, trouble 1 (1 neg)
 *   bank-call  #14 apply-loan (not sensitive) 4 steps
 *   by phase: PURCHASE 5 + 2 + 4 = 11, POST_PURCHASE 3; total 14; J = 10
 */
describe('contactPressure', () => {
  const pressure = contactPressure(net, homeStats());

  it('counts contacts per journey, by phase', () => {
    expect(pressure.focal).toBe('nordbank');
    expect(pressure.journeys).toBe(10);
    expect(pressure.contacts).toBe(14);
    expect(pressure.perJourney).toBe(1.4); // 14/10
    expect(pressure.byPhase).toEqual([
      { phase: 'PURCHASE', contacts: 11, perJourney: 1.1 }, // 11/10
      { phase: 'POST_PURCHASE', contacts: 3, perJourney: 0.3 }, // 3/10
    ]);
  });

  it('measures the baseline on customer steps only', () => {
    expect(pressure.baseline).toEqual({ withNext: 28, trouble: 8, rate: 0.2857 });
  });

  it('ranks touchpoints by excess trouble after sensitive contacts', () => {
    expect(pressure.touchpoints.map((t) => [t.id, t.score])).toEqual([
      // 1 − (8/28) × 1 = 0.714285… → 0.7143
      ['bank-email', 0.7143],
      // 2 − (8/28) × 5 = 2 − 1.428571… = 0.571428… → 0.5714
      ['bank-sms', 0.5714],
      // no sensitive contact: 0 − baseline × 0 = 0
      ['bank-call', 0],
    ]);
  });

  it('carries the evidence: rate, lift, excess, flagged against the minimum', () => {
    expect(PRESSURE_DEFAULTS.minContacts).toBe(10);
    const sms = pressure.touchpoints.find((t) => t.id === 'bank-sms')!;
    expect(sms.name).toBe('Bank SMS');
    expect(sms.evidence).toEqual({
      touchpoint: 'bank-sms',
      channel: 'SMS',
      contacts: 7, // 5 + 2
      sensitiveContacts: 5,
      withNext: 5,
      nextNegative: 1,
      nextAbandoned: 1,
      trouble: 2,
      rate: 0.4, // 2/5
      baseline: 0.2857,
      lift: 1.4, // 0.4 / (8/28) = 1.4
      excess: 0.5714,
      flagged: false, // rate > baseline, but withNext 5 < 10
    });
    expect(sms.reason).toBe(
      'Bank SMS: 5 contacts in passive or post-purchase moments; 40% were followed by a negative step or a drop-out ' +
        '(1 negative, 1 abandoned) against 29% after customers\' own steps',
    );
    const email = pressure.touchpoints[0];
    expect(email.evidence).toMatchObject({ contacts: 3, sensitiveContacts: 3, withNext: 1, trouble: 1, rate: 1, lift: 3.5, flagged: false }); // 1 / (8/28) = 3.5
    const call = pressure.touchpoints[2];
    expect(call.evidence).toMatchObject({ contacts: 4, sensitiveContacts: 0, withNext: 0, rate: 0, lift: 0, excess: 0, flagged: false });
    expect(call.reason).toBe('Bank call centre: 4 contacts, none in passive or post-purchase moments');
  });

  it('flags touchpoints once they have enough sensitive contacts with a next step', () => {
    const low = contactPressure(net, homeStats(), { minContacts: 1 });
    const flagged = Object.fromEntries(low.touchpoints.map((t) => [t.id, t.evidence.flagged]));
    expect(flagged).toEqual({ 'bank-email': true, 'bank-sms': true, 'bank-call': false }); // bank-call: rate 0 ≤ baseline
    expect(low.touchpoints.find((t) => t.id === 'bank-sms')!.reason).toContain("against 29% after customers' own steps: 1.4× the baseline");
    expect(low.touchpoints.find((t) => t.id === 'bank-email')!.reason).toContain(': 3.5× the baseline');
    // exactly at the minimum counts: bank-sms has withNext 5
    expect(contactPressure(net, homeStats(), { minContacts: 5 }).touchpoints.find((t) => t.id === 'bank-sms')!.evidence.flagged).toBe(true);
    expect(contactPressure(net, homeStats(), { minContacts: 6 }).touchpoints.find((t) => t.id === 'bank-sms')!.evidence.flagged).toBe(false);
  });

  it('restricts contacts to one phase and keeps the baseline of all customer steps', () => {
    const post = contactPressure(net, homeStats(), { phase: 'POST_PURCHASE' });
    expect(post.contacts).toBe(3);
    expect(post.perJourney).toBe(0.3);
    expect(post.byPhase).toEqual([{ phase: 'POST_PURCHASE', contacts: 3, perJourney: 0.3 }]);
    expect(post.touchpoints.map((t) => t.id)).toEqual(['bank-email']);
    expect(post.baseline).toEqual({ withNext: 28, trouble: 8, rate: 0.2857 });
    expect(contactPressure(net, homeStats(), { phase: 'EVALUATION' }).touchpoints).toEqual([]);
  });

  it('takes the view of a named actor: the broker\'s own FIRM calls are its contacts', () => {
    const broker = contactPressure(net, homeStats(), { focal: 'broker' });
    // #4 view-home (EVALUATION, ACTIVE): 2 contacts, not sensitive
    expect(broker.contacts).toBe(2);
    expect(broker.byPhase).toEqual([{ phase: 'EVALUATION', contacts: 2, perJourney: 0.2 }]);
    expect(broker.touchpoints.map((t) => [t.id, t.score, t.evidence.sensitiveContacts])).toEqual([['broker-call', 0, 0]]);
    expect(broker.baseline).toEqual(pressure.baseline);
  });
});

describe('contactPressure with a zero baseline', () => {
  // Customers' own steps are never followed by trouble; the firm's passive SMS always is.
  const doc = modelDocument({
    id: 'zero-baseline',
    goals: [goal('g')],
    actors: [actor('firm', 'FIRM', { name: 'Firm', focal: true })],
    touchpoints: [touchpoint('web', 'firm', 'WEB', 'CUSTOMER'), touchpoint('sms', 'firm', 'SMS', 'FIRM', { name: 'Firm SMS' })],
    activities: [activity('browse', 'g', 'EVALUATION', { touchpoints: ['web'] }), activity('nudge', 'g', 'USE', { mode: 'PASSIVE', touchpoints: ['sms'] })],
  });
  const stats = journeyStats({
    modelId: 'zero-baseline',
    journeys: 12,
    contacts: [
      contact('browse', 'firm', 'WEB', 'web', { steps: 20, journeys: 12, withNext: 20 }),
      contact('nudge', 'firm', 'SMS', 'sms', { steps: 12, journeys: 12, withNext: 12, nextAbandoned: 6, followedByTrouble: 6 }),
    ],
  });
  const result = contactPressure(new GoalNetwork(doc), stats);
  const sms = result.touchpoints[0];

  it('never yields NaN or Infinity', () => {
    expect(nonFiniteNumbers(result)).toEqual([]);
    // rate 6/12 = 0.5; baseline 0/20 = 0; excess 6 − 0 × 12 = 6; flagged: 0.5 > 0 and 12 ≥ 10
    expect(sms.evidence).toMatchObject({ rate: 0.5, baseline: 0, excess: 6, flagged: true });
    expect(sms.score).toBe(6);
  });

  it('does not claim a flagged touchpoint is "0.0× the baseline" when the baseline is 0', () => {
    // lift = rate / baseline is undefined here; ratio() turns it into 0, and the reason of a flagged
    // touchpoint then says "0.0× the baseline" — the opposite of the finding.
    expect(sms.reason).toContain('50% were followed by a negative step or a drop-out (0 negative, 6 abandoned) against 0%');
    expect(sms.reason).not.toContain('0.0× the baseline');
  });
});
