/**
 * How cooks walk the pasta-dinner model: value arises in use, and use is where it breaks.
 *
 * Planted (tests and analyses expect these to come out on top):
 * - finding the cooking time (`read-cooking-time`, on the Bella Pasta pack) and finding a sauce
 *   that goes with it (`find-sauce`) are where customers get stuck, with negative notes;
 * - the recipe site (`recipe-corner`) is where customers go right after the focal brand
 *   (`bella-pasta`): the most frequent hand-over out of Bella Pasta.
 */
import { ABANDON, DAY, END, HOUR, LEAVE, MINUTE, type Scenario } from '../scenario.js';

export const pastaDinner: Scenario = {
  modelId: 'pasta-dinner',
  journeys: 450,
  journeyPrefix: 'PD',
  seed: 'goalnet-pasta-dinner',
  startDate: '2025-01-01',
  spanDays: 365,
  start: { 'decide-dinner': 0.6, 'see-pasta-post': 0.4 },
  segments: [
    {
      id: 'weeknight-cooks',
      weight: 0.4,
      prefer: { 'buy-ready-sauce': 1.6, 'order-groceries-online': 1.6, 'pick-wine-and-candles': 0.3, 'share-photo': 0.5 },
    },
    {
      id: 'dinner-hosts',
      weight: 0.35,
      stuck: 0.8,
      prefer: { 'pick-wine-and-candles': 2, 'make-own-sauce': 1.4, 'share-photo': 1.6 },
    },
    { id: 'beginner-cooks', weight: 0.25, stuck: 1.3, activityStuck: { 'read-cooking-time': 1.3 } },
  ],
  defaults: {
    delay: { min: 10 * MINUTE, max: DAY },
    retryDelay: { min: 2 * MINUTE, max: 30 * MINUTE },
    sentiment: { blank: 0.55, mean: 0.4 },
    notes: { rate: 0.15, stuckRate: 0.75 },
  },
  activities: {
    'decide-dinner': {
      next: { 'see-pasta-post': 0.35, 'look-for-recipe': 0.6, [LEAVE]: 0.05 },
      delay: { min: HOUR, max: 3 * DAY },
      sentiment: { blank: 0.6, mean: 0.8 },
      notes: { positive: ['Friends coming on Friday, pasta is always a hit'] },
    },
    'see-pasta-post': {
      touchpoints: { 'bella-social': 2, 'influencer-posts': 1 },
      next: { 'look-for-recipe': 0.65, 'compare-pastas': 0.3, [LEAVE]: 0.05 },
      delay: { min: 30 * MINUTE, max: 2 * DAY },
      sentiment: { blank: 0.75, mean: 0.3 },
    },
    'look-for-recipe': {
      touchpoints: { 'recipe-web': 3, 'recipe-app': 2, 'influencer-videos': 1 },
      next: { 'compare-pastas': 0.65, 'order-groceries-online': 0.3, [LEAVE]: 0.05 },
      delay: { min: HOUR, max: 2 * DAY },
      notes: { positive: ['Found a lemon and parmesan recipe everyone loved'] },
    },
    'compare-pastas': {
      touchpoints: { 'grocer-store': 3, 'bella-shelf': 1 },
      delay: { min: 2 * MINUTE, max: 10 * MINUTE },
      sentiment: { blank: 0.7, mean: 0.2 },
      notes: { negative: ['Twelve kinds of spaghetti and nothing says which is for what'] },
    },
    'buy-pasta-in-store': {
      touchpoints: { 'grocer-store': 4, 'grocer-staff': 1 },
      delay: { min: 1 * MINUTE, max: 5 * MINUTE },
    },
    'order-groceries-online': {
      touchpoints: { 'matexpress-app': 3, 'matexpress-courier': 1, 'grocer-app': 2 },
      stuck: 0.04,
      retry: 0.8,
      delay: { min: 5 * MINUTE, max: HOUR },
      notes: { stuck: ['The delivery slot I wanted disappeared at checkout'] },
    },
    'find-sauce': {
      // Finding a sauce is not having one: only buying or making it reaches the sub-goal.
      completes: false,
      touchpoints: { 'grocer-store': 4, 'grocer-staff': 1, 'sugo-jar': 2, 'recipe-web': 1, 'bella-web': 1 },
      next: { 'buy-ready-sauce': 0.6, 'make-own-sauce': 0.4 },
      stuck: 0.34,
      retry: 0.3,
      stuckNext: { 'make-own-sauce': 0.3, 'buy-ready-sauce': 0.25, [ABANDON]: 0.3, [LEAVE]: 0.15 },
      delay: { min: 2 * MINUTE, max: 20 * MINUTE },
      retryDelay: { min: 3 * MINUTE, max: 20 * MINUTE },
      sentiment: { blank: 0.5, mean: -0.2 },
      notes: {
        rate: 0.25,
        stuckRate: 0.85,
        positive: ['The staff pointed me to a sauce that went perfectly'],
        negative: ['Ended up with the same jar of tomato sauce as always'],
        stuck: [
          'No sauce on the shelf said which pasta it goes with',
          'The recipe needed six things I did not have at home',
          'Stood in the sauce aisle for ten minutes without a clue',
          'The sauce on the Bella Pasta ad was nowhere to be found',
        ],
        abandoned: ['Gave up on the sauce and ordered pizza instead'],
      },
    },
    'buy-ready-sauce': {
      touchpoints: { 'grocer-store': 3, 'grocer-app': 1, 'sugo-jar': 2 },
      next: { 'pick-wine-and-candles': 0.3, 'read-cooking-time': 0.7 },
      delay: { min: HOUR, max: DAY },
    },
    'make-own-sauce': {
      touchpoints: { 'home-kitchen': 3, 'recipe-app': 2, 'recipe-web': 1 },
      next: { 'pick-wine-and-candles': 0.3, 'read-cooking-time': 0.7 },
      stuck: 0.08,
      retry: 0.7,
      delay: { min: 20 * MINUTE, max: 6 * HOUR },
      sentiment: { blank: 0.5, mean: 0.6 },
      notes: { positive: ['My own sauce, the kitchen smelled like Italy'], stuck: ['The sauce burnt while I looked for the basil'] },
    },
    'pick-wine-and-candles': {
      touchpoints: { 'wine-store': 3, 'wine-web': 1, 'interior-store': 2, 'interior-web': 1 },
      delay: { min: HOUR, max: DAY },
      sentiment: { blank: 0.6, mean: 0.8 },
      notes: { positive: ['The wine shop staff found a red that matched the sauce'] },
    },
    'read-cooking-time': {
      next: { 'look-up-cooking-time': 0.45, 'boil-pasta': 0.55 },
      stuck: 0.38,
      retry: 0.2,
      // A cook who cannot read the pack mostly looks it up: the hand-over to the recipe site.
      stuckNext: { 'look-up-cooking-time': 0.75, 'boil-pasta': 0.1, [ABANDON]: 0.1, [LEAVE]: 0.05 },
      delay: { min: 1 * MINUTE, max: 5 * MINUTE },
      retryDelay: { min: 1 * MINUTE, max: 4 * MINUTE },
      sentiment: { blank: 0.5, mean: -0.2 },
      stuckSentiment: { blank: 0.2, mean: -1.3 },
      notes: {
        rate: 0.25,
        stuckRate: 0.85,
        positive: ['Big clear numbers on the pack, eight minutes'],
        negative: ['The pack says 8 to 12 minutes, so which is it?'],
        stuck: [
          'The cooking time was printed under the fold of the pack',
          'The pack says 8 to 12 minutes, so which is it?',
          'Could not read the tiny print without my glasses',
          'Threw the pack away before I checked the time',
        ],
        abandoned: ['The guests were hungry, we made sandwiches instead'],
      },
    },
    'look-up-cooking-time': {
      touchpoints: { 'recipe-web': 4, 'recipe-app': 2, 'bella-web': 1, 'guests-chat': 1 },
      delay: { min: 1 * MINUTE, max: 5 * MINUTE },
      sentiment: { blank: 0.5, mean: 0.3 },
      notes: { positive: ['Recipe Corner had the exact time for this shape of pasta'], negative: ['Three sites, three different cooking times'] },
    },
    'boil-pasta': {
      stuck: 0.05,
      retry: 0.9,
      delay: { min: 8 * MINUTE, max: 20 * MINUTE },
      retryDelay: { min: 5 * MINUTE, max: 15 * MINUTE },
      notes: { stuck: ['Overcooked it into mush, had to start over'] },
    },
    'set-the-table': {
      touchpoints: { 'home-table': 5, 'interior-web': 1 },
      delay: { min: 2 * MINUTE, max: 15 * MINUTE },
      sentiment: { blank: 0.6, mean: 0.7 },
    },
    'eat-together': {
      next: { 'share-photo': 0.35, 'rate-recipe': 0.2, [END]: 0.45 },
      delay: { min: 30 * MINUTE, max: 4 * HOUR },
      sentiment: { blank: 0.3, mean: 1.3 },
      notes: { rate: 0.2, positive: ['Everyone asked for the recipe', 'Candles, wine and perfect pasta'], negative: ['The pasta was sticky and the sauce too thin'] },
    },
    'share-photo': {
      next: { 'rate-recipe': 0.3, [END]: 0.7 },
      delay: { min: HOUR, max: 2 * DAY },
      sentiment: { blank: 0.5, mean: 1.2 },
    },
    'rate-recipe': {
      touchpoints: { 'recipe-web': 3, 'bella-web': 1 },
      next: { [END]: 1 },
      sentiment: { blank: 0.3, mean: 0.8, spread: 1.5 },
      notes: { positive: ['Five stars, it worked first time'], negative: ['Would have been five stars if the cooking time was right'] },
    },
  },
};
