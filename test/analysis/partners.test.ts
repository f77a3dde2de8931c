import { describe, expect, it } from 'vitest';
import { GoalNetwork } from '../../src/graph/goal-network.js';
import { findPartnerOpportunities, PARTNER_WEIGHTS } from '../../src/analysis/partners.js';
import { homeDocument, homeStats } from '../helpers/home-model.js';

const net = new GoalNetwork(homeDocument());

describe('findPartnerOpportunities for the focal firm', () => {
  const partners = findPartnerOpportunities(net, homeStats());

  it('uses the documented sibling weight', () => {
    expect(PARTNER_WEIGHTS.sibling).toBe(0.1);
  });

  it('ranks the non-partners by score; leaves out partners, itself and score 0', () => {
    // J = 10. nordbank serves bank-loan; its sibling family-loan is not served by nordbank.
    expect(partners.map((p) => [p.id, p.score])).toEqual([
      // broker: (4 journeys broker→nordbank + 2 nordbank→broker)/10 + 5 shared/10 + 0.1 × 0 = 0.6 + 0.5 = 1.1
      ['broker', 1.1],
      // mover: (0 + 3)/10 + 4/10 + 0 = 0.7
      ['mover', 0.7],
      // family: (1 + 0)/10 + 2/10 + 0.1 × 1 (family-loan) = 0.1 + 0.2 + 0.1 = 0.4
      ['family', 0.4],
    ]);
    // insurer is a partner already; registry scores 0 (no hand-over, no shared journey, no sibling goal)
    expect(partners.map((p) => p.id)).not.toContain('insurer');
    expect(partners.map((p) => p.id)).not.toContain('registry');
    expect(partners.map((p) => p.id)).not.toContain('nordbank');
  });

  it('carries the evidence: hand-over counts and journeys both ways, shared journeys, sibling goals', () => {
    expect(partners[0]).toEqual({
      id: 'broker',
      name: 'City Brokers',
      score: 1.1,
      reason: 'Customers go from City Brokers to Nordbank in 4 of 10 journeys; from Nordbank to City Brokers in 2; 5 journeys meet both',
      evidence: {
        focal: 'nordbank',
        kind: 'BROKER',
        journeys: 10,
        handoversToFocal: 5,
        handoversFromFocal: 2,
        journeysToFocal: 4,
        journeysFromFocal: 2,
        sharedJourneys: 5,
        // broker serves find-home and bank-loan; neither is a sibling of bank-loan outside nordbank's goals
        siblingGoals: [],
      },
    });
    expect(partners[2].evidence).toMatchObject({ journeysToFocal: 1, journeysFromFocal: 0, sharedJourneys: 2, siblingGoals: ['family-loan'] });
    expect(partners[2].reason).toBe(
      'Customers go from Family to Nordbank in 1 of 10 journeys; 2 journeys meet both; ' +
        'Family serves "Borrow from family", next to the sub-goals Nordbank serves',
    );
    expect(partners[1].reason).toBe('Customers go from Nordbank to Movers AB in 3 of 10 journeys; 4 journeys meet both');
  });

  it('ignores hand-overs with actors the model does not know', () => {
    // homeStats has ghost→nordbank 2: no candidate "ghost"
    expect(partners.find((p) => p.id === 'ghost')).toBeUndefined();
  });
});

describe('findPartnerOpportunities for a named actor', () => {
  it('takes the view of the actor named', () => {
    const partners = findPartnerOpportunities(net, homeStats(), { focal: 'mover' });
    // J = 10; mover's partner insurer is left out; mover serves move, whose sibling insure has no actor.
    expect(partners.map((p) => [p.id, p.score])).toEqual([
      // nordbank: (0 mover→nordbank + 3 nordbank→mover)/10 + 4/10 = 0.7
      ['nordbank', 0.7],
      // broker: (1 broker→mover + 0)/10 + 3/10 = 0.4
      ['broker', 0.4],
    ]);
    expect(partners[1].reason).toBe('Customers go from City Brokers to Movers AB in 1 of 10 journeys; 3 journeys meet both');
  });

  it('works on a model without a focal actor when one is named', () => {
    const noFocal = new GoalNetwork(homeDocument({ focal: false }));
    expect(findPartnerOpportunities(noFocal, homeStats(), { focal: 'nordbank' })).toEqual(findPartnerOpportunities(net, homeStats()));
  });
});
