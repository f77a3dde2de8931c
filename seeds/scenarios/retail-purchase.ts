/**
 * How customers walk the retail-purchase model: a one-off purchase, then the firm keeps writing.
 *
 * Planted (tests and analyses expect these to come out on top):
 * - contact pressure: Elektra's (`elektra`) firm-initiated post-purchase contacts, the
 *   newsletter (`newsletter`, touchpoint `elektra-newsletter`), offer texts (`offer-sms`,
 *   `elektra-offer-sms`) and the satisfaction survey (`satisfaction-survey`,
 *   `elektra-survey-email`), are often followed by a negative next step or by an `abandoned`
 *   `unsubscribe` step;
 * - the post-purchase contacts customers value, delivery tracking (`track-delivery`) and help
 *   when the machine breaks (`report-fault`), are followed by positive sentiment.
 */
import { DAY, END, HOUR, LEAVE, MINUTE, WEEK, type Scenario } from '../scenario.js';

/** The firm's unsolicited contacts: irritation carried into the next step, which is usually rated. */
const PUSHY = { completes: false, nextSentimentBlank: 0.15 } as const;
/** Contacts customers value: delight carried into the next step. */
const HELPFUL = { nextSentimentShift: 1, nextSentimentBlank: 0.2 } as const;

export const retailPurchase: Scenario = {
  modelId: 'retail-purchase',
  journeys: 500,
  journeyPrefix: 'RP',
  seed: 'goalnet-retail-purchase',
  startDate: '2025-01-01',
  spanDays: 365,
  start: { 'talk-to-friends': 0.35, 'see-campaign': 0.3, 'compare-prices': 0.35 },
  segments: [
    { id: 'one-off-buyers', weight: 0.5, prefer: { unsubscribe: 1.8, 'buy-descaler': 0.5 } },
    { id: 'coffee-enthusiasts', weight: 0.3, prefer: { unsubscribe: 0.4, 'buy-descaler': 2.2, 'watch-reviews': 2 } },
    { id: 'price-hunters', weight: 0.2, prefer: { 'compare-prices': 1.5, 'order-online': 1.5, unsubscribe: 1.2 } },
  ],
  defaults: {
    delay: { min: HOUR, max: 3 * DAY },
    retryDelay: { min: 10 * MINUTE, max: DAY },
    sentiment: { blank: 0.6, mean: 0.4 },
    notes: { rate: 0.15, stuckRate: 0.7 },
  },
  activities: {
    'talk-to-friends': {
      next: { 'see-campaign': 0.3, 'compare-prices': 0.65, [LEAVE]: 0.05 },
      delay: { min: HOUR, max: WEEK },
      notes: { positive: ['A colleague swore by her bean-to-cup machine'] },
    },
    'see-campaign': {
      touchpoints: { 'elektra-social': 3, 'elektra-flyer': 1 },
      next: { 'compare-prices': 0.5, 'visit-store': 0.4, [LEAVE]: 0.1 },
      sentiment: { blank: 0.7, mean: 0.2 },
    },
    'compare-prices': {
      touchpoints: { 'pricescout-web': 2, 'pricescout-app': 1 },
      next: { 'watch-reviews': 0.35, 'visit-store': 0.25, 'order-online': 0.35, [LEAVE]: 0.05 },
      notes: { positive: ['Elektra had the best price with free delivery'] },
    },
    'watch-reviews': {
      next: { 'visit-store': 0.35, 'order-online': 0.6, [LEAVE]: 0.05 },
      notes: { positive: ['The review showed exactly how to clean the milk frother'] },
    },
    'visit-store': {
      touchpoints: { 'elektra-store': 2, 'elektra-staff': 3 },
      next: { 'buy-in-store': 0.6, 'order-online': 0.35, [LEAVE]: 0.05 },
      delay: { min: 10 * MINUTE, max: 2 * DAY },
      notes: { positive: ['The salesman let us taste coffee from three machines'], negative: ['Nobody in the store knew the difference between the models'] },
    },
    'order-online': {
      touchpoints: { 'elektra-web': 3, 'elektra-app': 2, 'paylater-checkout': 1 },
      stuck: 0.05,
      retry: 0.8,
      delay: { min: 1 * MINUTE, max: 10 * MINUTE },
      notes: { stuck: ['The payment failed twice at checkout'] },
    },
    'order-confirmation': {
      touchpoints: { 'elektra-order-email': 3, 'paylater-invoice': 1 },
      delay: { min: 4 * HOUR, max: 2 * DAY },
      sentiment: { blank: 0.85, mean: 0.3 },
    },
    'buy-in-store': {
      delay: { min: HOUR, max: 6 * HOUR },
      sentiment: { blank: 0.5, mean: 0.9 },
    },
    'track-delivery': {
      ...HELPFUL,
      touchpoints: { 'parcel-sms': 3, 'parcel-app': 2, 'elektra-tracking-email': 2 },
      delay: { min: HOUR, max: DAY },
      sentiment: { blank: 0.5, mean: 0.8 },
      notes: { positive: ['Could follow the parcel all the way to the locker', 'The text said exactly when it would arrive'] },
    },
    'collect-parcel': {
      touchpoints: { 'parcel-locker': 3, 'parcel-courier': 2 },
      stuck: 0.05,
      retry: 0.9,
      delay: { min: 30 * MINUTE, max: 6 * HOUR },
      sentiment: { blank: 0.5, mean: 0.8 },
      notes: { positive: ['The parcel was in the locker next to the supermarket'], stuck: ['The locker code did not work'] },
    },
    'unpack-and-set-up': {
      touchpoints: { 'brewmaster-manual': 3, 'brewmaster-app': 2, 'home-kitchen': 2 },
      stuck: 0.06,
      retry: 0.9,
      delay: { min: 20 * MINUTE, max: 3 * HOUR },
      notes: { stuck: ['The quick-start guide skipped the step with the water filter'] },
    },
    'first-coffee': {
      next: { 'satisfaction-survey': 0.5, newsletter: 0.25, 'daily-coffee': 0.25 },
      delay: { min: HOUR, max: 3 * DAY },
      sentiment: { blank: 0.4, mean: 1.2 },
      notes: { positive: ['The first cappuccino was better than the café’s'] },
    },
    'daily-coffee': {
      maxVisits: 4,
      touchpoints: { 'home-morning-routine': 3, 'home-kitchen': 1 },
      next: { newsletter: 0.28, 'offer-sms': 0.24, 'report-fault': 0.15, 'buy-descaler': 0.1, [END]: 0.23 },
      delay: { min: 3 * DAY, max: 4 * WEEK },
      sentiment: { blank: 0.6, mean: 0.8 },
      notes: { positive: ['Coffee every morning exactly the way I like it'] },
    },
    'satisfaction-survey': {
      ...PUSHY,
      // Unsubscribing is not in the firm's plan: an unplanned move.
      next: { newsletter: 0.35, 'daily-coffee': 0.4, unsubscribe: 0.17, [LEAVE]: 0.08 },
      nextSentimentShift: -1.4,
      delay: { min: 10 * MINUTE, max: 2 * DAY },
      sentiment: { blank: 0.5, mean: -0.3 },
      notes: {
        rate: 0.3,
        negative: ['A twenty-question survey for buying one machine', 'Sent from a no-reply address, so nobody reads the answers'],
      },
    },
    newsletter: {
      ...PUSHY,
      maxVisits: 3,
      next: { 'offer-sms': 0.3, 'buy-descaler': 0.1, 'daily-coffee': 0.4, unsubscribe: 0.16, [LEAVE]: 0.04 },
      nextSentimentShift: -1.2,
      delay: { min: 10 * MINUTE, max: 3 * DAY },
      sentiment: { blank: 0.6, mean: -0.4 },
      notes: { rate: 0.25, negative: ['Another newsletter about TVs, I bought a coffee machine'], positive: ['The descaling tip was actually useful'] },
    },
    'offer-sms': {
      ...PUSHY,
      maxVisits: 3,
      next: { newsletter: 0.3, 'daily-coffee': 0.42, unsubscribe: 0.24, [LEAVE]: 0.04 },
      nextSentimentShift: -1.5,
      delay: { min: 5 * MINUTE, max: 2 * DAY },
      sentiment: { blank: 0.5, mean: -0.8 },
      notes: { rate: 0.3, negative: ['An offer text at half past nine in the evening', 'The same discount code for the third time this week'] },
    },
    unsubscribe: {
      completes: false,
      abandon: 1,
      touchpoints: { 'elektra-preferences': 4, 'elektra-phone': 1 },
      stuck: 0.1,
      retry: 0.95,
      abandonSentiment: { blank: 0.1, mean: -1.5 },
      notes: {
        stuckRate: 0.9,
        stuck: ['The unsubscribe link wanted me to log in first'],
        abandoned: [
          'Third offer text this week, I only bought one coffee machine',
          'Unsubscribed from everything, it felt like being stalked',
          'I bought a coffee machine, not a relationship',
        ],
      },
    },
    'buy-descaler': {
      touchpoints: { 'elektra-web': 2, 'elektra-store': 1, 'roaster-shop': 2, 'roaster-web': 1 },
      delay: { min: DAY, max: 2 * WEEK },
      sentiment: { blank: 0.5, mean: 0.9 },
      notes: { positive: ['Descaling made the coffee taste new again', 'Found a roaster who grinds beans for my machine'] },
    },
    'report-fault': {
      ...HELPFUL,
      touchpoints: { 'elektra-support-chat': 3, 'elektra-phone': 2, 'brewmaster-support': 1 },
      stuck: 0.06,
      retry: 0.9,
      delay: { min: HOUR, max: 3 * DAY },
      sentiment: { blank: 0.4, mean: 0.7 },
      notes: {
        rate: 0.25,
        positive: ['Support answered in the chat within minutes and booked the repair', 'They knew exactly which machine I had bought'],
        stuck: ['Forty minutes in the phone queue'],
      },
    },
    'get-repair': {
      touchpoints: { 'fixit-workshop': 3, 'fixit-phone': 1, 'elektra-store': 2 },
      stuck: 0.05,
      retry: 0.9,
      delay: { min: DAY, max: 2 * WEEK },
      sentiment: { blank: 0.4, mean: 1 },
      notes: { positive: ['Got a replacement machine in three days'], stuck: ['The spare part was on back order for weeks'] },
    },
  },
};
