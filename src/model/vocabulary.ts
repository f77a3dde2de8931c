/**
 * The fixed vocabularies of a goal-network model. Each list is the public contract of the model
 * file and the event log; add to the end, never rename.
 */

/** Journey phases, after the purchase process (need recognition to post-purchase evaluation) plus use. */
export const PHASES = [
  'NEED_RECOGNITION',
  'INFORMATION_SEARCH',
  'EVALUATION',
  'PURCHASE',
  'USE',
  'POST_PURCHASE',
] as const;
export type Phase = (typeof PHASES)[number];

/** Channels through which a customer meets an actor. */
export const CHANNELS = [
  'WEB',
  'APP',
  'SOCIAL',
  'EMAIL',
  'SMS',
  'PHONE',
  'STORE',
  'SALESPERSON',
  'EVENT',
  'PRINT',
  'WORD_OF_MOUTH',
  'OTHER',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** Kinds of actor a customer deals with on the way to a goal. */
export const ACTOR_KINDS = [
  'FIRM',
  'BANK',
  'BROKER',
  'INSURER',
  'MOVER',
  'AUTHORITY',
  'RETAILER',
  'MANUFACTURER',
  'HEALTHCARE',
  'PHARMACY',
  'LOGISTICS',
  'MEDIA',
  'PLATFORM',
  'PEER',
  'SERVICE',
  'OTHER',
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** How a goal is refined into its sub-goals: AND needs all of them, OR needs any one. */
export const REFINEMENTS = ['AND', 'OR'] as const;
export type Refinement = (typeof REFINEMENTS)[number];

/** Whether the customer acts (ACTIVE) or is reached without acting (PASSIVE) in an activity. */
export const MODES = ['ACTIVE', 'PASSIVE'] as const;
export type Mode = (typeof MODES)[number];

/** Who starts a contact through a touchpoint: the customer, or the actor owning the touchpoint. */
export const INITIATORS = ['CUSTOMER', 'FIRM'] as const;
export type Initiator = (typeof INITIATORS)[number];

/** Touchpoint ownership, after Lemon & Verhoef: brand-owned, partner-owned, customer-owned, external. */
export const OWNERSHIPS = ['BRAND', 'PARTNER', 'CUSTOMER', 'EXTERNAL'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

/** What a step did for the customer. */
export const OUTCOMES = ['progressed', 'stuck', 'abandoned', 'completed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Sentiment of a step: an integer from -2 (very negative) to 2 (very positive). */
export const SENTIMENT_MIN = -2;
export const SENTIMENT_MAX = 2;

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
