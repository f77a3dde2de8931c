/**
 * How households walk the home-purchase model.
 *
 * Planted (tests and analyses expect these to come out on top):
 * - customers get stuck waiting for the valuation and loan approval (`loan-valuation-approval`)
 *   and at the land registry (`apply-title-registration`): the two largest stuck/abandon points;
 * - City Brokers (`city-brokers`) hand customers over to Nordbank (`nordbank`) more than anyone
 *   else (after the contract is signed, and at viewings for a loan promise), yet they are not
 *   partners;
 * - the insurer (`trygg-insurance`) is already Nordbank's partner;
 * - most households that sign a purchase contract meet the mover (`snabbflytt`) afterwards.
 */
import { DAY, END, HOUR, LEAVE, WEEK, type Scenario } from '../scenario.js';

export const homePurchase: Scenario = {
  modelId: 'home-purchase',
  journeys: 400,
  journeyPrefix: 'HP',
  seed: 'goalnet-home-purchase',
  startDate: '2025-01-01',
  spanDays: 365,
  start: { 'talk-to-family': 0.55, 'browse-listings': 0.45 },
  segments: [
    {
      id: 'first-time-buyers',
      weight: 0.45,
      activityStuck: { 'loan-valuation-approval': 1.25, 'apply-title-registration': 1.2 },
      prefer: { 'use-loan-calculator': 1.5, 'book-mover': 0.7 },
    },
    { id: 'growing-families', weight: 0.35, prefer: { 'book-mover': 1.6, 'inspect-apartment': 1.3 } },
    { id: 'downsizers', weight: 0.2, stuck: 0.8, prefer: { 'mortgage-kustbanken': 0.6, 'book-mover': 1.5 } },
  ],
  defaults: {
    delay: { min: 2 * HOUR, max: 5 * DAY },
    retryDelay: { min: HOUR, max: 3 * DAY },
    sentiment: { blank: 0.55, mean: 0.3 },
    notes: { rate: 0.15, stuckRate: 0.7 },
  },
  activities: {
    'talk-to-family': {
      next: { 'browse-listings': 0.92, [LEAVE]: 0.08 },
      delay: { min: DAY, max: 3 * WEEK },
      sentiment: { blank: 0.6, mean: 0.6 },
      notes: { positive: ['My sister said now is a good time to buy'], negative: ['Everyone had an opinion about where we should live'] },
    },
    'browse-listings': {
      touchpoints: { 'portal-web': 3, 'portal-app': 3, 'homefinder-app': 2, 'homefinder-web': 1 },
      next: { 'get-listing-alerts': 0.35, 'use-loan-calculator': 0.2, 'attend-viewing': 0.4, [LEAVE]: 0.05 },
      stuck: 0.03,
      notes: {
        positive: ['Found three places in our price range the same evening'],
        negative: ['The same overpriced listings every day'],
      },
    },
    'get-listing-alerts': {
      next: { 'attend-viewing': 0.75, 'use-loan-calculator': 0.2, [LEAVE]: 0.05 },
      delay: { min: HOUR, max: 4 * DAY },
      sentiment: { blank: 0.7, mean: 0.4 },
    },
    'use-loan-calculator': {
      touchpoints: { 'nordbank-web': 4, 'nordbank-app': 2, 'kustbanken-web': 2 },
      next: { 'get-loan-promise': 0.9, [LEAVE]: 0.1 },
      delay: { min: HOUR, max: 3 * DAY },
      notes: { positive: ['The calculator showed we could afford more than we thought'] },
    },
    'get-loan-promise': {
      touchpoints: { 'nordbank-advisor': 3, 'nordbank-app': 3, 'kustbanken-advisor': 2 },
      next: { 'attend-viewing': 0.6, 'inspect-apartment': 0.2, 'place-bids': 0.2 },
      stuck: 0.05,
      notes: {
        positive: ['Had the loan promise in the app within a day'],
        negative: ['The promise was lower than the apartments we liked'],
        stuck: ['They wanted six months of payslips before even talking to us'],
      },
    },
    'attend-viewing': {
      maxVisits: 3,
      touchpoints: { 'brokers-viewing': 5, 'brokers-web': 2, 'brokers-phone': 1 },
      next: { 'get-loan-promise': 0.6, 'inspect-apartment': 0.25, 'place-bids': 0.15, [LEAVE]: 0.05 },
      delay: { min: 2 * HOUR, max: 4 * DAY },
      notes: {
        positive: ['The broker walked us through the whole building, very helpful'],
        negative: ['Forty people at a viewing in a one-bedroom flat'],
      },
    },
    'inspect-apartment': {
      touchpoints: { 'inspector-visit': 3, 'inspector-report': 2, 'brokers-agent': 1 },
      // Back to viewings when the inspection finds problems: an unplanned loop.
      next: { 'place-bids': 0.85, 'attend-viewing': 0.1, [LEAVE]: 0.05 },
      notes: {
        positive: ['The inspector explained every crack, we felt safe bidding'],
        negative: ['The inspector found moisture in the bathroom'],
      },
    },
    'place-bids': {
      maxVisits: 3,
      touchpoints: { 'brokers-agent': 2, 'brokers-sms': 3, 'brokers-phone': 1 },
      // Outbid: back to viewings (unplanned loop).
      next: { 'sign-purchase-contract': 0.7, 'attend-viewing': 0.25, [LEAVE]: 0.05 },
      delay: { min: HOUR, max: 3 * DAY },
      sentiment: { blank: 0.4, mean: 0 },
      notes: {
        rate: 0.25,
        positive: ['Our bid was accepted on a Sunday night'],
        negative: ['Outbid again at the last minute', 'Bidding went 300,000 over the asking price in an hour'],
      },
    },
    'sign-purchase-contract': {
      next: { 'apply-mortgage-nordbank': 0.72, 'mortgage-kustbanken': 0.28 },
      delay: { min: HOUR, max: 2 * DAY },
      sentiment: { blank: 0.3, mean: 1.3 },
      notes: { rate: 0.2, positive: ['We got it! Signed at the broker’s office the next morning'] },
    },
    'apply-mortgage-nordbank': {
      touchpoints: { 'nordbank-advisor': 3, 'nordbank-web': 2, 'nordbank-phone': 1 },
      stuck: 0.05,
      delay: { min: HOUR, max: 2 * DAY },
      notes: { stuck: ['The application form timed out and we had to start over'] },
    },
    'loan-valuation-approval': {
      touchpoints: { 'nordbank-email': 3, 'nordbank-phone': 2, 'nordbank-app': 2 },
      stuck: 0.38,
      retry: 0.7,
      abandonAfterStuck: 0.55,
      delay: { min: 2 * DAY, max: 10 * DAY },
      retryDelay: { min: 3 * DAY, max: 2 * WEEK },
      sentiment: { blank: 0.5, mean: -0.2 },
      notes: {
        rate: 0.2,
        stuckRate: 0.8,
        positive: ['The approval came through before the deposit was due'],
        negative: ['Nobody could tell us how long the approval would take'],
        stuck: [
          'Waited three weeks for the valuation, nobody called back',
          'The bank’s valuation came in under the price we paid',
          'Our approval sat with the credit team while the contract deadline got closer',
          'Had to send the same payslips for the third time',
        ],
        abandoned: ['Gave up on Nordbank and went to another lender', 'The deadline passed and we had to walk away from the deal'],
      },
    },
    'sign-mortgage-nordbank': {
      touchpoints: { 'nordbank-advisor': 2, 'nordbank-app': 3 },
      next: { 'buy-home-insurance': 0.75, 'join-association-board': 0.25 },
      delay: { min: HOUR, max: 3 * DAY },
      sentiment: { blank: 0.4, mean: 1 },
      notes: { positive: ['Signed the loan papers in the app in two minutes'] },
    },
    'mortgage-kustbanken': {
      stuck: 0.08,
      next: { 'buy-home-insurance': 0.5, 'join-association-board': 0.5 },
      notes: { stuck: ['Kustbanken needed a second guarantor'] },
    },
    'buy-home-insurance': {
      touchpoints: { 'trygg-offer-email': 3, 'trygg-web': 2, 'trygg-phone': 1 },
      sentiment: { blank: 0.5, mean: 0.8 },
      notes: { positive: ['The insurance offer came with the loan papers, one thing less to think about'] },
    },
    'join-association-board': {
      next: { 'book-mover': 0.85, 'report-move': 0.15 },
      stuck: 0.06,
      delay: { min: DAY, max: 2 * WEEK },
      notes: { stuck: ['The board only meets once a month'] },
    },
    'book-mover': {
      touchpoints: { 'mover-web': 3, 'mover-phone': 2 },
      next: { 'moving-day': 0.97, [LEAVE]: 0.03 },
      delay: { min: 3 * DAY, max: 4 * WEEK },
      notes: { positive: ['Got a fixed price for the move online'], negative: ['Every mover was booked the last week of the month'] },
    },
    'moving-day': {
      touchpoints: { 'mover-crew': 4, 'mover-phone': 1 },
      sentiment: { blank: 0.35, mean: 0.6, spread: 1.4 },
      notes: {
        rate: 0.25,
        positive: ['The movers were done by lunch'],
        negative: ['A scratched table and a missing box of books'],
      },
    },
    'report-move': {
      stuck: 0.04,
      delay: { min: HOUR, max: 5 * DAY },
      sentiment: { blank: 0.7, mean: 0.3 },
    },
    'sign-electricity': {
      next: { 'apply-title-registration': 0.97, [LEAVE]: 0.03 },
      delay: { min: DAY, max: 3 * WEEK },
    },
    'apply-title-registration': {
      touchpoints: { 'registry-web': 3, 'registry-phone': 1 },
      stuck: 0.33,
      retry: 0.6,
      abandonAfterStuck: 0.35,
      delay: { min: DAY, max: 3 * WEEK },
      retryDelay: { min: 2 * DAY, max: 3 * WEEK },
      sentiment: { blank: 0.5, mean: -0.3 },
      notes: {
        rate: 0.2,
        stuckRate: 0.8,
        negative: ['Nobody explained what a title registration even is'],
        stuck: [
          'The e-service rejected our purchase contract scan twice',
          'Nobody told us the stamp duty had to be paid first',
          'On hold with the Land Registry for an hour',
          'Neither the broker nor the bank knew who should send the deed',
        ],
        abandoned: ['Stopped chasing the title, the paperwork can wait'],
      },
    },
    'receive-title-decision': {
      // Some skip the finance review and go straight to the housewarming (unplanned).
      next: { 'review-finances': 0.8, housewarming: 0.15, [LEAVE]: 0.05 },
      stuck: 0.04,
      delay: { min: DAY, max: 3 * WEEK },
      sentiment: { blank: 0.5, mean: 0.9 },
      notes: { positive: ['The title deed letter finally came, it is really ours'] },
    },
    'review-finances': {
      touchpoints: { 'nordbank-app': 3, 'nordbank-advisor': 1, 'kustbanken-web': 1 },
      // Done without a party: the goal is reached all the same.
      next: { housewarming: 0.65, [END]: 0.35 },
      delay: { min: DAY, max: 4 * WEEK },
      notes: { positive: ['The advisor called to check the first payment went fine'] },
    },
    housewarming: {
      next: { [END]: 1 },
      sentiment: { blank: 0.3, mean: 1.5 },
      notes: { rate: 0.2, positive: ['Finally home, twenty friends on the balcony'] },
    },
  },
};
