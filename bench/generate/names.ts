/**
 * Words the synthetic model is named with: a home purchase seen from a bank, in six themes that
 * follow the journey's phases, with actor names built from place-like prefixes and a noun per
 * actor kind. Names only make the model readable; no rule of the generator depends on them.
 */
import type { ActorKind, Channel, Initiator } from '../../src/model/vocabulary.js';

/** The level-1 goals, one per phase in phase order, each with the topics of its sub-goals. */
export const THEMES: readonly { name: string; topics: readonly string[] }[] = [
  {
    name: 'Know what we need',
    topics: ['space we need', 'budget', 'location', 'timing', 'commute', 'schools nearby', 'household plans', 'accessibility'],
  },
  {
    name: 'Find the right home',
    topics: ['listings', 'viewings', 'neighbourhood', 'floor plans', 'price history', 'building condition', 'open houses', 'agents'],
  },
  {
    name: 'Finance the purchase',
    topics: ['loan promise', 'deposit', 'interest rates', 'repayment plan', 'loan offers', 'guarantees', 'savings', 'fees'],
  },
  {
    name: 'Close the purchase',
    topics: ['bid', 'purchase contract', 'inspection', 'deed', 'title registration', 'transfer tax', 'down payment', 'handover date'],
  },
  {
    name: 'Move in',
    topics: ['removal', 'packing', 'address change', 'internet', 'keys', 'cleaning', 'storage', 'parking permit'],
  },
  {
    name: 'Look after the home',
    topics: ['home insurance', 'repairs', 'furniture', 'appliances', 'energy contract', 'housing association', 'garden', 'alarm'],
  },
];

/** How a level-3 goal treats its topic. */
export const ASPECTS: readonly string[] = ['Understand the', 'Compare the', 'Decide on the', 'Arrange the', 'Confirm the', 'Follow up the'];

/** Verbs of activities, by phase index. */
export const PHASE_VERBS: readonly (readonly string[])[] = [
  ['Notice the need for', 'Talk over the', 'Think about the'],
  ['Look up the', 'Read about the', 'Ask around about the'],
  ['Compare the', 'Weigh up the', 'Shortlist the'],
  ['Sign for the', 'Pay for the', 'Order the'],
  ['Use the', 'Get help with the', 'Sort out the'],
  ['Review the', 'Recommend the', 'Complain about the'],
];

export const PREFIXES: readonly string[] = [
  'Alder', 'Birch', 'Cedar', 'Harbour', 'Granite', 'Meadow', 'North', 'Summit', 'Willow', 'Riverside',
  'Oak', 'Lakeside', 'Beacon', 'Fjord', 'Heather', 'Juniper', 'Kestrel', 'Linden', 'Maple', 'Nordic',
  'Orchard', 'Pine', 'Quarry', 'Rowan', 'Saltmarsh', 'Thistle', 'Upland', 'Valley', 'Westgate', 'Yarrow',
  'Amber', 'Bridge', 'Coastal', 'Dune', 'Elm', 'Fern', 'Glen', 'Hillside', 'Island', 'Kings',
];

export const KIND_NOUNS: Readonly<Record<ActorKind, readonly string[]>> = {
  FIRM: ['Estate Agents', 'Property Group'],
  BANK: ['Bank', 'Savings Bank', 'Credit Union'],
  BROKER: ['Mortgage Brokers', 'Loan Advisers'],
  INSURER: ['Insurance', 'Mutual'],
  MOVER: ['Movers', 'Removals'],
  AUTHORITY: ['Land Registry Office', 'Tax Office', 'Municipality', 'Building Authority'],
  RETAILER: ['Home Store', 'Furniture', 'Hardware'],
  MANUFACTURER: ['Appliances', 'Kitchens', 'Windows'],
  HEALTHCARE: ['Health Centre'],
  PHARMACY: ['Pharmacy'],
  LOGISTICS: ['Deliveries', 'Freight'],
  MEDIA: ['Gazette', 'Home Magazine', 'Radio'],
  PLATFORM: ['Homes (listing site)', 'Property App', 'Compare (price site)'],
  PEER: ['Neighbours'],
  SERVICE: ['Surveyors', 'Electricians', 'Cleaning', 'Energy', 'Broadband', 'Valuers'],
  OTHER: ['Housing Association', 'Residents Club'],
};

/** Kinds of the actors that are neither the focal bank, its competitors, partners nor authorities. */
export const OTHER_KINDS: readonly (readonly [ActorKind, number])[] = [
  ['SERVICE', 5],
  ['RETAILER', 4],
  ['PLATFORM', 2],
  ['FIRM', 2],
  ['INSURER', 2],
  ['MOVER', 2],
  ['MANUFACTURER', 2],
  ['BROKER', 2],
  ['LOGISTICS', 1],
  ['MEDIA', 1],
  ['OTHER', 1],
  ['HEALTHCARE', 0.2],
  ['PHARMACY', 0.2],
];

export const PARTNER_KINDS: readonly ActorKind[] = ['INSURER', 'FIRM', 'MOVER', 'SERVICE', 'PLATFORM'];

/** Channels an actor of each kind may have, most typical first, with who starts contact there. */
export const KIND_CHANNELS: Readonly<Record<ActorKind, readonly (readonly [Channel, Initiator])[]>> = {
  FIRM: [['WEB', 'CUSTOMER'], ['SALESPERSON', 'CUSTOMER'], ['EMAIL', 'FIRM'], ['EVENT', 'CUSTOMER']],
  BANK: [['WEB', 'CUSTOMER'], ['APP', 'CUSTOMER'], ['PHONE', 'CUSTOMER'], ['STORE', 'CUSTOMER'], ['EMAIL', 'FIRM'], ['SMS', 'FIRM']],
  BROKER: [['PHONE', 'CUSTOMER'], ['SALESPERSON', 'CUSTOMER'], ['WEB', 'CUSTOMER'], ['EMAIL', 'FIRM']],
  INSURER: [['WEB', 'CUSTOMER'], ['PHONE', 'CUSTOMER'], ['EMAIL', 'FIRM']],
  MOVER: [['PHONE', 'CUSTOMER'], ['WEB', 'CUSTOMER'], ['SMS', 'FIRM']],
  AUTHORITY: [['WEB', 'CUSTOMER'], ['PHONE', 'CUSTOMER'], ['PRINT', 'FIRM'], ['EMAIL', 'FIRM']],
  RETAILER: [['STORE', 'CUSTOMER'], ['WEB', 'CUSTOMER'], ['APP', 'CUSTOMER'], ['EMAIL', 'FIRM']],
  MANUFACTURER: [['WEB', 'CUSTOMER'], ['EVENT', 'CUSTOMER'], ['PRINT', 'FIRM']],
  HEALTHCARE: [['PHONE', 'CUSTOMER'], ['WEB', 'CUSTOMER']],
  PHARMACY: [['STORE', 'CUSTOMER'], ['APP', 'CUSTOMER']],
  LOGISTICS: [['SMS', 'FIRM'], ['WEB', 'CUSTOMER'], ['APP', 'CUSTOMER']],
  MEDIA: [['PRINT', 'FIRM'], ['SOCIAL', 'FIRM'], ['WEB', 'CUSTOMER']],
  PLATFORM: [['WEB', 'CUSTOMER'], ['APP', 'CUSTOMER'], ['SOCIAL', 'CUSTOMER'], ['EMAIL', 'FIRM']],
  PEER: [['WORD_OF_MOUTH', 'CUSTOMER'], ['SOCIAL', 'CUSTOMER']],
  SERVICE: [['PHONE', 'CUSTOMER'], ['WEB', 'CUSTOMER'], ['SALESPERSON', 'CUSTOMER'], ['SMS', 'FIRM']],
  OTHER: [['WEB', 'CUSTOMER'], ['EVENT', 'CUSTOMER'], ['OTHER', 'CUSTOMER']],
};

export const SEGMENTS: readonly { id: string; name: string }[] = [
  { id: 'first-time-buyers', name: 'First-time buyers' },
  { id: 'moving-up', name: 'Families moving to a bigger home' },
  { id: 'downsizers', name: 'Downsizing seniors' },
  { id: 'relocating', name: 'Relocating for work' },
  { id: 'investors', name: 'Buy-to-let investors' },
];

/** Critical incidents at the planted stuck points and elsewhere, in the customer's words. */
export const NOTES = {
  stuck: [
    'The valuer has not called back in two weeks',
    'Nobody could tell us when the valuation would be done',
    'The bank wants the valuation, the valuer wants the bank\'s reference number',
  ],
  secondStuck: [
    'The old supplier says we still live there',
    'Three calls, three different answers about the meter',
    'The form said "optional", then the switch was refused without it',
  ],
  trouble: [
    'Could not find who to ask',
    'Waiting for a reply, again',
    'The website kept logging us out',
    'Asked for the same papers twice',
    'Too many forms, and none of them explained',
  ],
  positive: ['Quick and friendly', 'Exactly what we needed', 'They called back the same day', 'Clear, simple, done'],
  negative: ['Took far longer than promised', 'Felt like nobody was in charge', 'Confusing, but we got there'],
} as const;

/** A lower-case id fragment from a name: letters and digits, words joined by hyphens. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
