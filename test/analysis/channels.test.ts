import { describe, expect, it } from 'vitest';
import { GoalNetwork } from '../../src/graph/goal-network.js';
import { channelPresence } from '../../src/analysis/channels.js';
import { homeDocument, homeStats } from '../helpers/home-model.js';

const net = new GoalNetwork(homeDocument());

/*
 * Customer steps per cell (contacts through a FIRM-initiated touchpoint left out; no channel, or an
 * unknown activity, left out):
 *   INFORMATION_SEARCH  WEB 10 (#1), SOCIAL 2 (#2)                         phase total 12
 *   EVALUATION          SALESPERSON 6 (#3), WORD_OF_MOUTH 2 (#8); #4 broker-call is FIRM   total 8
 *   PURCHASE            WEB 7 (#5), PHONE 1 (#11); #6, #13 bank-sms and #14 bank-call are FIRM   total 8
 *   USE                 APP 4 (#9); #10 pack-boxes has no channel            total 4
 * Firm (nordbank) steps: PURCHASE WEB 7, SMS 5 + 2 = 7, PHONE 1 + 4 = 5; POST_PURCHASE EMAIL 3.
 * Firm touchpoints used by activities: PURCHASE WEB bank-web, PURCHASE SMS bank-sms,
 * POST_PURCHASE EMAIL bank-email (bank-call is listed by no activity).
 */
describe('channelPresence', () => {
  const presence = channelPresence(net, homeStats());

  it('builds the phase × channel cells in vocabulary order', () => {
    expect(presence.focal).toBe('nordbank');
    expect(presence.cells).toEqual([
      { phase: 'INFORMATION_SEARCH', channel: 'WEB', customerSteps: 10, phaseShare: 0.8333, firmSteps: 0, firmTouchpoints: [], status: 'ABSENT' }, // 10/12
      { phase: 'INFORMATION_SEARCH', channel: 'SOCIAL', customerSteps: 2, phaseShare: 0.1667, firmSteps: 0, firmTouchpoints: [], status: 'ABSENT' }, // 2/12
      { phase: 'EVALUATION', channel: 'SALESPERSON', customerSteps: 6, phaseShare: 0.75, firmSteps: 0, firmTouchpoints: [], status: 'ABSENT' }, // 6/8
      { phase: 'EVALUATION', channel: 'WORD_OF_MOUTH', customerSteps: 2, phaseShare: 0.25, firmSteps: 0, firmTouchpoints: [], status: 'ABSENT' }, // 2/8
      { phase: 'PURCHASE', channel: 'WEB', customerSteps: 7, phaseShare: 0.875, firmSteps: 7, firmTouchpoints: ['bank-web'], status: 'PRESENT' }, // 7/8
      { phase: 'PURCHASE', channel: 'SMS', customerSteps: 0, phaseShare: 0, firmSteps: 7, firmTouchpoints: ['bank-sms'], status: 'FIRM_ONLY' },
      // present through observed steps with the firm alone (no touchpoint of it on PHONE is used in PURCHASE)
      { phase: 'PURCHASE', channel: 'PHONE', customerSteps: 1, phaseShare: 0.125, firmSteps: 5, firmTouchpoints: [], status: 'PRESENT' }, // 1/8
      { phase: 'USE', channel: 'APP', customerSteps: 4, phaseShare: 1, firmSteps: 0, firmTouchpoints: [], status: 'ABSENT' }, // 4/4
      // no customer steps in POST_PURCHASE at all: share 0, not NaN
      { phase: 'POST_PURCHASE', channel: 'EMAIL', customerSteps: 0, phaseShare: 0, firmSteps: 3, firmTouchpoints: ['bank-email'], status: 'FIRM_ONLY' },
    ]);
  });

  it('ranks the ABSENT cells by customer steps, ties by id', () => {
    expect(presence.gaps.map((g) => [g.id, g.score])).toEqual([
      ['INFORMATION_SEARCH/WEB', 10],
      ['EVALUATION/SALESPERSON', 6],
      ['USE/APP', 4],
      // 2 each: "EVALUATION/…" < "INFORMATION_SEARCH/…"
      ['EVALUATION/WORD_OF_MOUTH', 2],
      ['INFORMATION_SEARCH/SOCIAL', 2],
    ]);
    expect(presence.gaps[0].name).toBe('WEB in INFORMATION_SEARCH');
    expect(presence.gaps[0].reason).toBe(
      'Customers took 10 steps through WEB in INFORMATION_SEARCH (83% of that phase) and Nordbank has no touchpoint there',
    );
    expect(presence.gaps[0].evidence).toBe(presence.cells[0]);
    expect(presence.gaps[1].reason).toContain('6 steps through SALESPERSON in EVALUATION (75% of that phase)');
  });

  it('restricts to one phase', () => {
    const purchase = channelPresence(net, homeStats(), { phase: 'PURCHASE' });
    expect(purchase.cells.map((c) => `${c.channel}:${c.status}`)).toEqual(['WEB:PRESENT', 'SMS:FIRM_ONLY', 'PHONE:PRESENT']);
    expect(purchase.gaps).toEqual([]);
    const use = channelPresence(net, homeStats(), { phase: 'USE' });
    expect(use.gaps.map((g) => g.id)).toEqual(['USE/APP']);
  });

  it('takes the view of a named actor', () => {
    // From the broker's side: broker-web is its touchpoint in INFORMATION_SEARCH; it was with customers
    // in EVALUATION/SALESPERSON (#3) and EVALUATION/PHONE (#4, its own FIRM call: firm steps 2, no customer steps).
    const broker = channelPresence(net, homeStats(), { focal: 'broker' });
    const status = Object.fromEntries(broker.cells.map((c) => [`${c.phase}/${c.channel}`, [c.status, c.firmSteps, c.firmTouchpoints]]));
    expect(status['INFORMATION_SEARCH/WEB']).toEqual(['PRESENT', 10, ['broker-web']]);
    expect(status['EVALUATION/SALESPERSON']).toEqual(['PRESENT', 6, []]);
    expect(status['EVALUATION/PHONE']).toEqual(['FIRM_ONLY', 2, ['broker-call']]);
    expect(broker.gaps.map((g) => [g.id, g.score])).toEqual([
      ['PURCHASE/WEB', 7],
      ['USE/APP', 4],
      ['EVALUATION/WORD_OF_MOUTH', 2],
      ['INFORMATION_SEARCH/SOCIAL', 2],
      ['PURCHASE/PHONE', 1],
    ]);
  });
});
