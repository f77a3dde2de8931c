/**
 * How patients walk the clinic-visit model.
 *
 * Planted (tests and analyses expect these to come out on top):
 * - finding a parking space (`find-parking`, actor `citypark`, which the clinic does not
 *   control) is where most patients get stuck or give up, with negative notes such as
 *   "Drove around for 20 minutes looking for a space";
 * - the pharmacy (`hjartat-pharmacy`, activity `collect-medicine`) follows the visit in most
 *   journeys: the clinic hands patients over to it, yet they are not partners.
 */
import { DAY, END, HOUR, LEAVE, MINUTE, type Scenario } from '../scenario.js';

export const clinicVisit: Scenario = {
  modelId: 'clinic-visit',
  journeys: 500,
  journeyPrefix: 'CV',
  seed: 'goalnet-clinic-visit',
  startDate: '2025-01-01',
  spanDays: 365,
  start: { 'notice-symptoms': 0.5, 'check-1177': 0.35, 'call-clinic': 0.15 },
  segments: [
    { id: 'working-adults', weight: 0.45, prefer: { 'report-sick': 2.5 } },
    { id: 'parents', weight: 0.3, activityStuck: { 'find-parking': 1.3 }, prefer: { 'drive-to-clinic': 1.4, 'find-parking': 1.4, 'report-sick': 1.5 } },
    {
      id: 'seniors',
      weight: 0.25,
      activityStuck: { 'call-clinic': 1.4 },
      prefer: { 'take-bus': 1.3, 'try-video-doctor': 0.3, 'report-sick': 0.1 },
    },
  ],
  defaults: {
    delay: { min: 30 * MINUTE, max: DAY },
    retryDelay: { min: 15 * MINUTE, max: 6 * HOUR },
    sentiment: { blank: 0.55, mean: 0.3 },
    notes: { rate: 0.15, stuckRate: 0.7 },
  },
  activities: {
    'notice-symptoms': {
      // Some get better by themselves and never call.
      next: { 'check-1177': 0.62, 'call-clinic': 0.33, [LEAVE]: 0.05 },
      delay: { min: HOUR, max: 2 * DAY },
      sentiment: { blank: 0.6, mean: -0.5 },
      notes: { negative: ['My partner said I should have called days ago'] },
    },
    'check-1177': {
      touchpoints: { 'guide-web': 3, 'guide-phone': 1 },
      next: { 'call-clinic': 0.75, 'try-video-doctor': 0.15, [LEAVE]: 0.1 },
      delay: { min: 10 * MINUTE, max: DAY },
      notes: { positive: ['1177 told me clearly to book a visit within a few days'] },
    },
    'try-video-doctor': {
      touchpoints: { 'quickdoc-app': 3, 'quickdoc-social': 1 },
      // Half are helped by the video doctor and never come to the clinic.
      next: { 'call-clinic': 0.5, [LEAVE]: 0.5 },
      delay: { min: HOUR, max: DAY },
      notes: { positive: ['The video doctor answered in ten minutes'], negative: ['The video doctor just told me to see someone in person'] },
    },
    'call-clinic': {
      touchpoints: { 'clinic-phone': 4, 'clinic-app': 1 },
      stuck: 0.12,
      retry: 0.8,
      abandonAfterStuck: 0.3,
      delay: { min: 30 * MINUTE, max: 8 * HOUR },
      retryDelay: { min: HOUR, max: DAY },
      notes: {
        stuck: ['On hold for 45 minutes, then the line closed', 'The phone queue was full, call again tomorrow at eight'],
        abandoned: ['Stopped trying to get through and went to the emergency room'],
      },
    },
    'nurse-callback': {
      stuck: 0.05,
      retry: 0.9,
      delay: { min: 10 * MINUTE, max: 4 * HOUR },
      sentiment: { blank: 0.5, mean: 0.7 },
      notes: { positive: ['The nurse listened and got me a time the same week'], stuck: ['Missed the callback because I was on the bus'] },
    },
    'book-appointment': {
      touchpoints: { 'clinic-phone': 3, 'clinic-app': 2 },
      delay: { min: DAY, max: 5 * DAY },
    },
    'appointment-reminder': {
      // Drivers who know the way go straight to the car park.
      next: { 'drive-to-clinic': 0.32, 'find-parking': 0.32, 'take-bus': 0.36 },
      delay: { min: 10 * HOUR, max: 30 * HOUR },
      sentiment: { blank: 0.8, mean: 0.5 },
    },
    'drive-to-clinic': {
      delay: { min: 10 * MINUTE, max: 35 * MINUTE },
      sentiment: { blank: 0.8, mean: 0.2 },
    },
    'find-parking': {
      touchpoints: { 'citypark-app': 3, 'citypark-meter': 2, 'citypark-signs': 2 },
      stuck: 0.42,
      retry: 0.55,
      abandonAfterStuck: 0.45,
      delay: { min: 3 * MINUTE, max: 15 * MINUTE },
      retryDelay: { min: 5 * MINUTE, max: 25 * MINUTE },
      sentiment: { blank: 0.4, mean: -0.4 },
      stuckSentiment: { blank: 0.2, mean: -1.4 },
      notes: {
        rate: 0.3,
        stuckRate: 0.85,
        positive: ['Found a spot right by the entrance'],
        negative: ['Paid 60 kronor for an hour of parking at a health centre'],
        stuck: [
          'Drove around for 20 minutes looking for a space',
          'The car park was full and the street spaces are for residents only',
          'The parking app would not take my card',
          'Parked far away and came late to the appointment',
        ],
        abandoned: [
          'Gave up and drove home, missed the appointment',
          'Could not find anywhere to park with a feverish child in the car, went home',
        ],
      },
    },
    'take-bus': {
      touchpoints: { 'bus-app': 2, 'bus-stop': 3 },
      stuck: 0.05,
      retry: 0.9,
      delay: { min: 5 * MINUTE, max: 20 * MINUTE },
      notes: { stuck: ['The bus was twenty minutes late'] },
    },
    'check-in': {
      touchpoints: { 'clinic-reception': 2, 'clinic-kiosk': 3 },
      stuck: 0.04,
      retry: 0.95,
      delay: { min: 2 * MINUTE, max: 10 * MINUTE },
      retryDelay: { min: 2 * MINUTE, max: 10 * MINUTE },
      notes: { stuck: ['The kiosk did not recognise my ID card'] },
    },
    'wait-to-be-called': {
      delay: { min: 5 * MINUTE, max: 60 * MINUTE },
      sentiment: { blank: 0.5, mean: -0.3 },
      notes: { negative: ['Waited 50 minutes past my appointment time'], positive: ['Called in exactly on time'] },
    },
    'doctor-consultation': {
      // Some need no medicine and go home to rest (an unplanned move).
      next: { 'get-e-prescription': 0.8, 'give-blood-sample': 0.12, 'recover-at-home': 0.08 },
      delay: { min: 5 * MINUTE, max: 40 * MINUTE },
      sentiment: { blank: 0.35, mean: 1 },
      notes: {
        rate: 0.25,
        positive: ['The doctor took the time to explain everything', 'Finally someone took my pain seriously'],
        negative: ['The doctor kept looking at the screen, not at me'],
      },
    },
    'give-blood-sample': {
      // Sometimes only the test results remain (an unplanned move).
      next: { 'get-e-prescription': 0.7, 'get-test-results': 0.3 },
      delay: { min: 10 * MINUTE, max: 2 * HOUR },
    },
    'get-e-prescription': {
      touchpoints: { 'clinic-app': 3, 'clinic-doctor': 2, 'eprescription-web': 0.3, 'eprescription-sms': 0.3 },
      next: { 'collect-medicine': 0.95, [LEAVE]: 0.05 },
      delay: { min: 15 * MINUTE, max: 6 * HOUR },
      sentiment: { blank: 0.7, mean: 0.5 },
    },
    'collect-medicine': {
      touchpoints: { 'pharmacy-counter': 5, 'pharmacy-app': 2, 'pharmacy-web': 1 },
      stuck: 0.06,
      retry: 0.85,
      next: { 'report-sick': 0.25, 'get-test-results': 0.4, 'ask-about-side-effects': 0.12, 'recover-at-home': 0.23 },
      delay: { min: HOUR, max: 2 * DAY },
      retryDelay: { min: 3 * HOUR, max: 2 * DAY },
      notes: {
        positive: ['The pharmacist explained how to take it'],
        negative: ['The pharmacy had never heard of my prescription'],
        stuck: ['Out of stock, come back on Thursday'],
      },
    },
    'report-sick': {
      touchpoints: { 'employer-email': 2, 'employer-phone': 1, 'insurance-web': 2, 'insurance-phone': 1 },
      next: { 'get-test-results': 0.5, 'recover-at-home': 0.5 },
      stuck: 0.05,
      retry: 0.8,
      notes: { stuck: ['The Social Insurance form wanted a doctor’s certificate I did not have'] },
    },
    'get-test-results': {
      touchpoints: { 'clinic-app': 3, 'clinic-sms': 1, 'lab-results': 2 },
      next: { 'patient-survey': 0.45, 'recover-at-home': 0.25, [END]: 0.3 },
      delay: { min: HOUR, max: 3 * DAY },
      sentiment: { blank: 0.5, mean: 0.6 },
      notes: { positive: ['The results were in the app the next morning'], negative: ['Results with no explanation of what they mean'] },
    },
    'ask-about-side-effects': {
      touchpoints: { 'clinic-phone': 3, 'clinic-app': 1 },
      stuck: 0.08,
      retry: 0.8,
      sentiment: { blank: 0.4, mean: -0.6 },
      notes: {
        negative: ['The tablets made me dizzy and nobody had warned me'],
        positive: ['The nurse changed the dose over the phone'],
        stuck: ['Could not reach anyone who knew my case'],
      },
    },
    'patient-survey': {
      completes: false,
      sentiment: { blank: 0.6, mean: -0.1 },
      notes: { negative: ['Another survey with no room to say what actually went wrong'] },
    },
    'recover-at-home': {
      next: { [END]: 1 },
      sentiment: { blank: 0.5, mean: 1 },
      notes: { positive: ['Back on my feet within the week'] },
    },
  },
};
