/**
 * The hand-made fixtures the graph and analysis tests share.
 *
 * `homeDocument()` — buying a home, seen by Nordbank (focal):
 *
 *   own-home (AND)
 *   ├─ finance (OR)
 *   │  ├─ bank-loan     apply-loan [nordbank, broker | bank-web]  loan-reminder [| bank-sms, PASSIVE]
 *   │  │                follow-up [| bank-email, POST_PURCHASE]
 *   │  └─ family-loan   ask-family [family]
 *   ├─ find-home        search-listings [| broker-web]  view-home [broker | broker-call]
 *   └─ move-in (AND)
 *      ├─ insure        (no activity)
 *      └─ move          book-mover [mover, insurer | mover-app]  pack-boxes [nobody]
 *
 *   Partnerships: nordbank–insurer, insurer–mover. `registry` serves nothing.
 *   `bank-call` (Nordbank, PHONE, FIRM) is listed by no activity.
 *
 * `homeStats()` — ten hand-made journeys' aggregates; every number is chosen, not computed.
 */
import type { ModelDocument } from '../../src/model/types.js';
import type { JourneyStats } from '../../src/model/journey-stats.js';
import { activity, actor, goal, modelDocument, partnership, touchpoint } from './model-builder.js';
import { activityStats, contact, journeyStats, placeStats, quantiles } from './stats-builder.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export function homeDocument(options: { focal?: boolean } = {}): ModelDocument {
  const focal = options.focal ?? true;
  return modelDocument({
    id: 'home-purchase',
    name: 'Buying a new home',
    goals: [
      goal('own-home', { name: 'Own a new home', refinement: 'AND' }),
      goal('finance', { name: 'Finance the purchase', parent: 'own-home', refinement: 'OR' }),
      goal('find-home', { name: 'Find a home', parent: 'own-home' }),
      goal('move-in', { name: 'Move in', parent: 'own-home', refinement: 'AND' }),
      goal('bank-loan', { name: 'Get a bank loan', parent: 'finance' }),
      goal('family-loan', { name: 'Borrow from family', parent: 'finance' }),
      goal('insure', { name: 'Insure the home', parent: 'move-in' }),
      goal('move', { name: 'Move the household', parent: 'move-in' }),
    ],
    actors: [
      actor('nordbank', 'BANK', { name: 'Nordbank', focal }),
      actor('broker', 'BROKER', { name: 'City Brokers' }),
      actor('insurer', 'INSURER', { name: 'Trygg' }),
      actor('mover', 'MOVER', { name: 'Movers AB' }),
      actor('family', 'PEER', { name: 'Family' }),
      actor('registry', 'AUTHORITY', { name: 'Land Registry' }),
    ],
    touchpoints: [
      touchpoint('broker-web', 'broker', 'WEB', 'CUSTOMER', { name: 'Broker website' }),
      touchpoint('broker-call', 'broker', 'PHONE', 'FIRM', { name: 'Broker calls' }),
      touchpoint('bank-web', 'nordbank', 'WEB', 'CUSTOMER', { name: 'Bank website', ownership: 'BRAND' }),
      touchpoint('bank-sms', 'nordbank', 'SMS', 'FIRM', { name: 'Bank SMS', ownership: 'BRAND' }),
      touchpoint('bank-email', 'nordbank', 'EMAIL', 'FIRM', { name: 'Bank newsletter', ownership: 'BRAND' }),
      touchpoint('bank-call', 'nordbank', 'PHONE', 'FIRM', { name: 'Bank call centre', ownership: 'BRAND' }),
      touchpoint('mover-app', 'mover', 'APP', 'CUSTOMER', { name: 'Mover app' }),
    ],
    activities: [
      activity('search-listings', 'find-home', 'INFORMATION_SEARCH', {
        name: 'Browse listings',
        touchpoints: ['broker-web'],
        next: ['view-home'],
      }),
      activity('view-home', 'find-home', 'EVALUATION', {
        name: 'View a home',
        actors: ['broker'],
        touchpoints: ['broker-call'],
        next: ['apply-loan'],
      }),
      activity('apply-loan', 'bank-loan', 'PURCHASE', {
        name: 'Apply for a loan',
        actors: ['nordbank', 'broker'],
        touchpoints: ['bank-web'],
        next: ['book-mover'],
      }),
      activity('loan-reminder', 'bank-loan', 'PURCHASE', { name: 'Loan reminder', mode: 'PASSIVE', touchpoints: ['bank-sms'] }),
      activity('follow-up', 'bank-loan', 'POST_PURCHASE', { name: 'Loan follow-up', touchpoints: ['bank-email'] }),
      activity('ask-family', 'family-loan', 'EVALUATION', { name: 'Ask family for a loan', actors: ['family'] }),
      activity('book-mover', 'move', 'USE', { name: 'Book a mover', actors: ['mover', 'insurer'], touchpoints: ['mover-app'] }),
      activity('pack-boxes', 'move', 'USE', { name: 'Pack boxes' }),
    ],
    partnerships: [partnership('nordbank', 'insurer'), partnership('mover', 'insurer')],
  });
}

export function homeStats(): JourneyStats {
  return journeyStats({
    modelId: 'home-purchase',
    journeys: 10,
    steps: 44,
    outcomes: { progressed: 1, stuck: 2, abandoned: 3, completed: 4 },
    singleStepJourneys: 0,
    activities: [
      activityStats('apply-loan', {
        steps: 7, journeys: 6, stuck: 1, abandoned: 1, completed: 3, endedIncomplete: 1, affected: 3,
        negativeSteps: 2, sentimentSum: -1, sentimentCount: 5, dwell: quantiles(5, 30 * MIN, 2 * DAY),
        notes: [{ note: 'form timed out', count: 3 }], starts: 0, ends: 1,
      }),
      activityStats('ask-family', {
        steps: 2, journeys: 2, endedIncomplete: 1, affected: 1, dwell: quantiles(1, MIN, MIN), ends: 1,
      }),
      activityStats('book-mover', {
        steps: 4, journeys: 4, completed: 4, sentimentSum: 6, sentimentCount: 4, ends: 4,
      }),
      activityStats('follow-up', {
        steps: 3, journeys: 3, endedIncomplete: 2, affected: 2, negativeSteps: 2, sentimentSum: -2, sentimentCount: 3,
        dwell: quantiles(1, 90 * MIN, 90 * MIN), ends: 2,
      }),
      activityStats('loan-reminder', {
        steps: 5, journeys: 4, abandoned: 1, completed: 1, affected: 1, negativeSteps: 1, sentimentSum: -1, sentimentCount: 1,
        dwell: quantiles(5, 10 * MIN, HOUR),
      }),
      activityStats('pack-boxes', {
        steps: 3, journeys: 3, stuck: 2, affected: 2, negativeSteps: 3, sentimentSum: -4, sentimentCount: 3,
        dwell: quantiles(3, 3 * DAY, 5 * DAY),
        notes: [{ note: 'no boxes', count: 1 }, { note: 'ran out of tape', count: 1 }],
      }),
      activityStats('search-listings', {
        steps: 12, journeys: 9, abandoned: 1, completed: 3, affected: 1, negativeSteps: 1, sentimentSum: 4, sentimentCount: 8,
        dwell: quantiles(11, HOUR, 2 * HOUR), starts: 9,
      }),
      activityStats('view-home', {
        steps: 8, journeys: 6, stuck: 2, abandoned: 1, completed: 2, endedIncomplete: 2, affected: 3,
        negativeSteps: 4, sentimentSum: -3, sentimentCount: 6, dwell: quantiles(6, DAY, 2 * DAY),
        notes: [{ note: 'broker never called back', count: 2 }, { note: 'too expensive', count: 1 }],
        starts: 1, ends: 2,
      }),
    ],
    goals: [
      placeStats('bank-loan', {
        steps: 15, journeys: 6, stuck: 1, abandoned: 2, completed: 3, endedIncomplete: 3, affected: 4,
        negativeSteps: 5, sentimentSum: -4, sentimentCount: 9,
      }),
      placeStats('family-loan', { steps: 2, journeys: 2, endedIncomplete: 1, affected: 1 }),
      placeStats('finance', {
        steps: 17, journeys: 7, stuck: 1, abandoned: 2, completed: 3, endedIncomplete: 4, affected: 5,
        negativeSteps: 5, sentimentSum: -4, sentimentCount: 9, dwell: quantiles(9, 20 * MIN, DAY),
        notes: [{ note: 'form timed out', count: 3 }],
      }),
      placeStats('find-home', {
        steps: 20, journeys: 9, stuck: 2, abandoned: 2, completed: 3, endedIncomplete: 2, affected: 4,
        negativeSteps: 5, sentimentSum: 1, sentimentCount: 14,
      }),
      placeStats('move', { steps: 7, journeys: 5, stuck: 2, completed: 4, affected: 2, negativeSteps: 3, sentimentSum: 2, sentimentCount: 7 }),
      placeStats('move-in', { steps: 7, journeys: 5, stuck: 2, completed: 4, affected: 2, negativeSteps: 3, sentimentSum: 2, sentimentCount: 7 }),
      placeStats('own-home', {
        steps: 44, journeys: 10, stuck: 2, abandoned: 3, completed: 4, endedIncomplete: 6, affected: 6,
        negativeSteps: 13, sentimentSum: -1, sentimentCount: 30,
      }),
    ],
    transitions: [
      { from: 'apply-loan', to: 'book-mover', count: 3, duration: quantiles(3, 7 * DAY, 9 * DAY) },
      { from: 'apply-loan', to: 'follow-up', count: 1, duration: quantiles(1, 2 * DAY, 2 * DAY) },
      { from: 'loan-reminder', to: 'apply-loan', count: 4, duration: quantiles(4, 10 * MIN, HOUR) },
      { from: 'search-listings', to: 'ask-family', count: 2, duration: quantiles(2, 3 * HOUR, 5 * HOUR) },
      { from: 'search-listings', to: 'search-listings', count: 3, duration: quantiles(3, 5 * MIN, 20 * MIN) },
      { from: 'search-listings', to: 'view-home', count: 6, duration: quantiles(6, HOUR, 2 * HOUR) },
      { from: 'view-home', to: 'apply-loan', count: 4, duration: quantiles(4, DAY, 2 * DAY) },
    ],
    handovers: [
      { from: 'broker', to: 'mover', count: 1, journeys: 1 },
      { from: 'broker', to: 'nordbank', count: 5, journeys: 4 },
      { from: 'family', to: 'nordbank', count: 1, journeys: 1 },
      // An actor the model does not know (e.g. a log written against an older model): ignored.
      { from: 'ghost', to: 'nordbank', count: 2, journeys: 2 },
      { from: 'nordbank', to: 'broker', count: 2, journeys: 2 },
      { from: 'nordbank', to: 'insurer', count: 1, journeys: 1 },
      { from: 'nordbank', to: 'mover', count: 3, journeys: 3 },
    ],
    actors: [
      { actor: 'broker', steps: 20, journeys: 9 },
      { actor: 'family', steps: 2, journeys: 2 },
      { actor: 'insurer', steps: 1, journeys: 1 },
      { actor: 'mover', steps: 4, journeys: 4 },
      { actor: 'nordbank', steps: 15, journeys: 8 },
    ],
    actorPairs: [
      { actors: ['broker', 'family'], journeys: 2 },
      { actors: ['broker', 'mover'], journeys: 3 },
      { actors: ['broker', 'nordbank'], journeys: 5 },
      { actors: ['family', 'nordbank'], journeys: 2 },
      { actors: ['insurer', 'nordbank'], journeys: 1 },
      { actors: ['mover', 'nordbank'], journeys: 4 },
    ],
    contacts: [
      // #1 customers browse the broker's site
      contact('search-listings', 'broker', 'WEB', 'broker-web', { steps: 10, journeys: 9, negative: 1, nextNegative: 1, followedByTrouble: 1, withNext: 10 }),
      // #2 customers ask around on social media, no touchpoint
      contact('search-listings', null, 'SOCIAL', null, { steps: 2, journeys: 2, withNext: 1 }),
      // #3 viewings with the broker's salesperson
      contact('view-home', 'broker', 'SALESPERSON', null, {
        steps: 6, journeys: 5, negative: 3, nextNegative: 2, nextAbandoned: 1, followedByTrouble: 3, withNext: 6, endedIncomplete: 2,
      }),
      // #4 the broker calls customers (FIRM-initiated, not the focal firm)
      contact('view-home', 'broker', 'PHONE', 'broker-call', { steps: 2, journeys: 2, negative: 1, nextNegative: 1, followedByTrouble: 1, withNext: 2 }),
      // #5 loan applications on the bank's site
      contact('apply-loan', 'nordbank', 'WEB', 'bank-web', {
        steps: 7, journeys: 6, negative: 2, nextNegative: 1, nextAbandoned: 1, followedByTrouble: 2, withNext: 6, endedIncomplete: 1,
      }),
      // #6 the bank's reminder SMS (PASSIVE activity: sensitive)
      contact('loan-reminder', 'nordbank', 'SMS', 'bank-sms', { steps: 5, journeys: 4, negative: 1, nextNegative: 1, nextAbandoned: 1, followedByTrouble: 2, withNext: 5 }),
      // #7 the bank's follow-up mail (POST_PURCHASE: sensitive)
      contact('follow-up', 'nordbank', 'EMAIL', 'bank-email', { steps: 3, journeys: 3, negative: 2, nextNegative: 1, followedByTrouble: 1, withNext: 1, endedIncomplete: 2 }),
      // #8 asking family, by word of mouth
      contact('ask-family', 'family', 'WORD_OF_MOUTH', null, { steps: 2, journeys: 2, withNext: 1, endedIncomplete: 1 }),
      // #9 booking the mover in its app
      contact('book-mover', 'mover', 'APP', 'mover-app', { steps: 4, journeys: 4 }),
      // #10 packing, no channel at all
      contact('pack-boxes', null, null, null, { steps: 3, journeys: 3, negative: 3, nextNegative: 2, followedByTrouble: 2, withNext: 3 }),
      // #11 customers phone the bank about the application, no touchpoint recorded
      contact('apply-loan', 'nordbank', 'PHONE', null, { steps: 1, journeys: 1, withNext: 1 }),
      // #12 an activity the model does not know: ignored everywhere
      contact('ghost-activity', null, 'WEB', null, { steps: 5, journeys: 5, negative: 5, followedByTrouble: 5, withNext: 5 }),
      // #13 the bank's SMS during the (ACTIVE, PURCHASE) application: a contact, not sensitive
      contact('apply-loan', 'nordbank', 'SMS', 'bank-sms', { steps: 2, journeys: 2, withNext: 2 }),
      // #14 the bank's call centre calls applicants: a contact, not sensitive
      contact('apply-loan', 'nordbank', 'PHONE', 'bank-call', { steps: 4, journeys: 3, withNext: 4 }),
    ],
  });
}

/** One journey of one step: a customer opens the broker's site and gives up. */
export function singleStepStats(): JourneyStats {
  return journeyStats({
    modelId: 'home-purchase',
    journeys: 1,
    steps: 1,
    outcomes: { progressed: 0, stuck: 0, abandoned: 1, completed: 0 },
    singleStepJourneys: 1,
    activities: [
      activityStats('search-listings', {
        steps: 1, journeys: 1, abandoned: 1, endedIncomplete: 1, affected: 1, negativeSteps: 1, sentimentSum: -2, sentimentCount: 1,
        notes: [{ note: 'site down', count: 1 }], starts: 1, ends: 1,
      }),
    ],
    goals: [
      placeStats('find-home', { steps: 1, journeys: 1, abandoned: 1, endedIncomplete: 1, affected: 1, negativeSteps: 1, sentimentSum: -2, sentimentCount: 1 }),
      placeStats('own-home', { steps: 1, journeys: 1, abandoned: 1, endedIncomplete: 1, affected: 1, negativeSteps: 1, sentimentSum: -2, sentimentCount: 1 }),
    ],
    actors: [{ actor: 'broker', steps: 1, journeys: 1 }],
    contacts: [contact('search-listings', 'broker', 'WEB', 'broker-web', { steps: 1, journeys: 1, negative: 1, endedIncomplete: 1 })],
  });
}

/** A model with actors and a touchpoint but no goals and no activities yet. */
export function emptyTreeDocument(): ModelDocument {
  return modelDocument({
    id: 'empty-tree',
    actors: [actor('nordbank', 'BANK', { name: 'Nordbank', focal: true }), actor('broker', 'BROKER', { name: 'City Brokers' })],
    touchpoints: [touchpoint('bank-web', 'nordbank', 'WEB', 'CUSTOMER')],
  });
}

/**
 * Two obviously separate clusters joined by one bridge actor `x`, plus an actor with no tie:
 *
 *   a2 ─ a1 ─ x ─ b1 ─ b2        a1,a2,a3 share goal ga; b1,b2,b3 share gb;
 *    \  /          \  /          x shares gxa with a1 and gxb with b1.
 *     a3            b3           loner serves nothing.
 */
export function clusterDocument(): ModelDocument {
  return modelDocument({
    id: 'clusters',
    goals: [
      goal('root', { refinement: 'AND' }),
      goal('ga', { parent: 'root' }),
      goal('gb', { parent: 'root' }),
      goal('gxa', { parent: 'root' }),
      goal('gxb', { parent: 'root' }),
    ],
    actors: [
      actor('a1', 'RETAILER'),
      actor('a2', 'RETAILER'),
      actor('a3', 'RETAILER'),
      actor('x', 'PLATFORM'),
      actor('b1', 'SERVICE'),
      actor('b2', 'SERVICE'),
      actor('b3', 'SERVICE'),
      actor('loner', 'OTHER'),
    ],
    activities: [
      activity('act-a', 'ga', 'PURCHASE', { actors: ['a1', 'a2', 'a3'] }),
      activity('act-b', 'gb', 'USE', { actors: ['b1', 'b2', 'b3'] }),
      activity('act-xa', 'gxa', 'PURCHASE', { actors: ['x', 'a1'] }),
      activity('act-xb', 'gxb', 'USE', { actors: ['x', 'b1'] }),
    ],
  });
}

/** Hand-overs between a1 and a2 only: 3 one way, 2 the other. */
export function clusterStats(): JourneyStats {
  return journeyStats({
    modelId: 'clusters',
    journeys: 4,
    steps: 9,
    handovers: [
      { from: 'a1', to: 'a2', count: 3, journeys: 3 },
      { from: 'a2', to: 'a1', count: 2, journeys: 2 },
    ],
    actors: [
      { actor: 'a1', steps: 5, journeys: 4 },
      { actor: 'a2', steps: 4, journeys: 3 },
    ],
  });
}
