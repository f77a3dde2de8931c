/**
 * The domain types of a goal-network model, as they appear in a model file and in every store.
 * Ids are strings chosen by the modeller, unique within a model.
 */
import type {
  ActorKind,
  Channel,
  Initiator,
  Mode,
  Outcome,
  Ownership,
  Phase,
  Refinement,
} from './vocabulary.js';

export interface ModelInfo {
  id: string;
  name: string;
  description?: string;
}

/** The overall goal (no parent) or a sub-goal. `refinement` says how its own sub-goals combine. */
export interface Goal {
  id: string;
  name: string;
  parent?: string;
  refinement: Refinement;
  description?: string;
}

export interface Actor {
  id: string;
  name: string;
  kind: ActorKind;
  /** The firm whose view the model takes. At most one actor per model is focal. */
  focal: boolean;
}

export interface Touchpoint {
  id: string;
  name: string;
  actor: string;
  channel: Channel;
  initiator: Initiator;
  ownership: Ownership;
}

/** What a customer does toward a sub-goal, in one phase of the journey. */
export interface Activity {
  id: string;
  name: string;
  goal: string;
  phase: Phase;
  mode: Mode;
  actors: string[];
  touchpoints: string[];
  /** Planned successors: the activities a customer is expected to go on to. */
  next: string[];
}

/** An existing partnership between two actors; stored with the two ids sorted. */
export interface Partnership {
  actors: [string, string];
}

export interface Segment {
  id: string;
  name: string;
}

/** Everything of one model except its observed journeys. */
export interface ModelDocument {
  model: ModelInfo;
  goals: Goal[];
  actors: Actor[];
  touchpoints: Touchpoint[];
  activities: Activity[];
  partnerships: Partnership[];
  segments: Segment[];
}

/**
 * One observed step of a journey, resolved against the model: `actor`, `channel` and
 * `touchpoint` are filled in from each other where the log leaves them out (see ingest).
 */
export interface Step {
  journey: string;
  /** Milliseconds since the epoch (UTC). */
  timestamp: number;
  activity: string;
  actor?: string;
  channel?: Channel;
  touchpoint?: string;
  outcome: Outcome;
  sentiment?: number;
  note?: string;
  /** Extra columns of the event log, kept as they were. */
  attributes?: Record<string, string>;
}

export interface Journey {
  id: string;
  segment?: string;
  /** Ordered by timestamp, ties in the order they were recorded. */
  steps: Step[];
}

/** A journey as a summary, without its steps. */
export interface JourneySummary {
  id: string;
  segment?: string;
  steps: number;
  start: number;
  end: number;
  /** The outcome of the journey's last step. */
  outcome: Outcome;
}

export function partnershipKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

export function sortedPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}
