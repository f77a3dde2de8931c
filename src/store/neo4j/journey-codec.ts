/**
 * How a journey is kept in Neo4j (pure; no driver): one `:Journey` node whose steps are parallel
 * lists, one element per step, in step order (timestamp, ties in recorded order).
 *
 * Why lists and not one node per step: measured on this project's 2-core machine with Neo4j
 * Community 5.26, a node per step imported at 13-29k steps/s and each aggregation pass over 10^6
 * step nodes took 1.2-2 s; the same steps as lists on 10^5 journey nodes import several times
 * faster and aggregate in about half the time. A journey still reads well in Neo4j Browser: each
 * list is one column of the event log.
 *
 * Properties of a `:Journey` node (lists are absent when a journey has no such values):
 * - `model`, `id`, `segment` (absent when none), `sortKey` (see {@link sortKey}).
 * - Summary: `steps` (count), `start` and `end` (first and last timestamp), `outcome` (the last
 *   step's outcome).
 * - Step columns: `timestamps` (floats, ms since the epoch), `activities`, `actors`, `channels`,
 *   `touchpoints` (strings; `""` when the step has none: ids are never empty), `outcomes`,
 *   `sentiments` (integers; {@link NO_SENTIMENT} when the step has none).
 * - Sparse columns (Neo4j lists cannot hold nulls): `noteSteps` with `notes` (the positions of
 *   the steps that carry a note, and the notes, which may be empty text), `attributeSteps` with
 *   `attributes` (each the step's attributes as canonical JSON: `[[key, value], ...]`, keys sorted).
 * - Derived, rewritten with the journey, read only by the stats queries: `marks` (one integer per
 *   step, the sum of the {@link MARK} bits that hold for it), `contactKeys` (one text per step:
 *   activity, actor, channel, touchpoint, hand-over target, marks and sentiment joined by U+001F,
 *   which no id can hold; see {@link contactKey}; built by {@link contactKeysOf} as the journey
 *   is written) and `actorSet` (the distinct known actors of the
 *   journey, sorted by UTF-16 code units). `contactKeys` lets the stats group a million steps by
 *   one stored value instead of seven computed ones (measured: about three times faster).
 * - Derived from the steps and the model's goal tree: `goalKeys` and `goalTree` (goal-keys.ts).
 */
import type { Channel, Outcome } from '../../model/vocabulary.js';
import type { StepInput } from '../graph-store.js';

/** The stored sentiment of a step without one. */
export const NO_SENTIMENT = -128;

/**
 * Bits of a step's `marks`. "First ... in its journey" bits make distinct-journey counts plain
 * sums: a journey is counted once, at its first step that qualifies.
 */
export const MARK = {
  /** The first step of its activity in the journey. */
  FIRST_ACTIVITY: 1,
  /** The first step of its activity in the journey with outcome `stuck`. */
  FIRST_STUCK: 2,
  /** The first step of its activity in the journey with outcome `abandoned`. */
  FIRST_ABANDONED: 4,
  /** The first step of its activity in the journey with outcome `completed`. */
  FIRST_COMPLETED: 8,
  /**
   * The first step of its activity in the journey that is *affected*: outcome `stuck` or
   * `abandoned`, or the last step of a journey whose outcome is not `completed`.
   */
  FIRST_AFFECTED: 16,
  /** The first step with its (known) actor in the journey. */
  FIRST_ACTOR: 32,
  /** The first step of its contact group (activity, actor, channel, touchpoint) in the journey. */
  FIRST_CONTACT: 64,
  /** A hand-over starts here (see HANDOVER) and it is the first of its actor pair in the journey. */
  FIRST_HANDOVER: 128,
  /** Sentiment below 0. */
  NEGATIVE: 256,
  /** The step has a sentiment. */
  HAS_SENTIMENT: 512,
  /** The journey has a next step. */
  WITH_NEXT: 1024,
  /** The next step has sentiment below 0. */
  NEXT_NEGATIVE: 2048,
  /** The next step has outcome `abandoned`. */
  NEXT_ABANDONED: 4096,
  /** The last step of a journey whose outcome is not `completed`. */
  ENDED_INCOMPLETE: 8192,
  /** The actors of this step and the next are both known and differ (a hand-over). */
  HANDOVER: 16384,
} as const;

export type MarkName = keyof typeof MARK;

/** The properties of a `:Journey` node that hold its steps and summary (see the module rules). */
export interface StoredJourneyColumns {
  steps: number;
  start: number;
  end: number;
  outcome: Outcome;
  timestamps: number[];
  activities: string[];
  actors: string[];
  channels: string[];
  touchpoints: string[];
  outcomes: string[];
  sentiments: number[];
  noteSteps: number[] | null;
  notes: string[] | null;
  attributeSteps: number[] | null;
  attributes: string[] | null;
  marks: number[];
  actorSet: string[];
}

/** Separates the fields of a contact key: a control character, which ids never contain. */
export const KEY_SEPARATOR = '\u001f';

/** The fields of a step's contact key, as {@link parseContactKey} returns them. */
export interface ContactKey {
  activity: string;
  /** `""` when the step has none. */
  actor: string;
  channel: string;
  touchpoint: string;
  /** The actor of the next step when a hand-over starts here, else `""`. */
  handoverTo: string;
  marks: number;
  /** null when the step has none. */
  sentiment: number | null;
}

/** The contact keys of stored columns, one per step, written with the journey (neo4j-store.ts). */
export function contactKeysOf(c: Pick<StoredJourneyColumns, 'activities' | 'actors' | 'channels' | 'touchpoints' | 'marks' | 'sentiments'>): string[] {
  return c.activities.map((activity, i) =>
    contactKey({
      activity,
      actor: c.actors[i],
      channel: c.channels[i],
      touchpoint: c.touchpoints[i],
      handoverTo: c.marks[i] & MARK.HANDOVER ? c.actors[i + 1] : '',
      marks: c.marks[i],
      sentiment: c.sentiments[i] === NO_SENTIMENT ? null : c.sentiments[i],
    }),
  );
}

/** The contact key of a step (see the module rules). */
export function contactKey(k: ContactKey): string {
  return [k.activity, k.actor, k.channel, k.touchpoint, k.handoverTo, String(k.marks), k.sentiment === null ? '' : String(k.sentiment)].join(KEY_SEPARATOR);
}

export function parseContactKey(text: string): ContactKey {
  const [activity, actor, channel, touchpoint, handoverTo, marks, sentiment] = text.split(KEY_SEPARATOR);
  return { activity, actor, channel, touchpoint, handoverTo, marks: Number(marks), sentiment: sentiment === '' ? null : Number(sentiment) };
}

/** The canonical text of a step's attributes (keys sorted), or null when there are none. */
export function attributesText(attributes: Record<string, string> | undefined): string | null {
  if (!attributes) return null;
  const keys = Object.keys(attributes).sort();
  if (keys.length === 0) return null;
  return JSON.stringify(keys.map((k) => [k, attributes[k]]));
}

/**
 * A key whose Unicode code point order (Neo4j's string order) equals the UTF-16 code unit order
 * of `id` (JavaScript's, the order every list of this project is sorted by): each code unit from
 * U+D800 up is moved to a code point above U+FFFF, keeping their order. Ids without such code
 * units are their own key.
 */
export function sortKey(id: string): string {
  let needed = false;
  for (let i = 0; i < id.length; i++) {
    if (id.charCodeAt(i) >= 0xd800) {
      needed = true;
      break;
    }
  }
  if (!needed) return id;
  let out = '';
  for (let i = 0; i < id.length; i++) {
    const unit = id.charCodeAt(i);
    out += unit < 0xd800 ? id[i] : String.fromCodePoint(0x10000 + (unit - 0xd800));
  }
  return out;
}

/** The stored columns of ordered steps (at least one). */
export function encodeSteps(steps: readonly StepInput[]): StoredJourneyColumns {
  const n = steps.length;
  const last = steps[n - 1];
  const jOutcome = last.outcome;
  const timestamps: number[] = new Array(n);
  const activities: string[] = new Array(n);
  const actors: string[] = new Array(n);
  const channels: string[] = new Array(n);
  const touchpoints: string[] = new Array(n);
  const outcomes: string[] = new Array(n);
  const sentiments: number[] = new Array(n);
  const marks: number[] = new Array(n);
  const noteSteps: number[] = [];
  const notes: string[] = [];
  const attributeSteps: number[] = [];
  const attributes: string[] = [];

  const seenActivity = new Set<string>();
  const seenOutcome = new Set<string>();
  const seenAffected = new Set<string>();
  const seenActor = new Set<string>();
  const seenContact = new Set<string>();
  const seenHandover = new Set<string>();

  for (let i = 0; i < n; i++) {
    const s = steps[i];
    const next = i + 1 < n ? steps[i + 1] : undefined;
    timestamps[i] = s.timestamp;
    activities[i] = s.activity;
    actors[i] = s.actor ?? '';
    channels[i] = s.channel ?? '';
    touchpoints[i] = s.touchpoint ?? '';
    outcomes[i] = s.outcome;
    sentiments[i] = s.sentiment ?? NO_SENTIMENT;
    if (s.note !== undefined) {
      noteSteps.push(i);
      notes.push(s.note);
    }
    const attrs = attributesText(s.attributes);
    if (attrs !== null) {
      attributeSteps.push(i);
      attributes.push(attrs);
    }

    let m = 0;
    if (!seenActivity.has(s.activity)) {
      seenActivity.add(s.activity);
      m |= MARK.FIRST_ACTIVITY;
    }
    if (s.outcome === 'stuck' || s.outcome === 'abandoned' || s.outcome === 'completed') {
      const key = `${s.outcome}\u0000${s.activity}`;
      if (!seenOutcome.has(key)) {
        seenOutcome.add(key);
        m |= s.outcome === 'stuck' ? MARK.FIRST_STUCK : s.outcome === 'abandoned' ? MARK.FIRST_ABANDONED : MARK.FIRST_COMPLETED;
      }
    }
    const endedIncomplete = next === undefined && jOutcome !== 'completed';
    if ((s.outcome === 'stuck' || s.outcome === 'abandoned' || endedIncomplete) && !seenAffected.has(s.activity)) {
      seenAffected.add(s.activity);
      m |= MARK.FIRST_AFFECTED;
    }
    if (s.actor !== undefined && !seenActor.has(s.actor)) {
      seenActor.add(s.actor);
      m |= MARK.FIRST_ACTOR;
    }
    const contact = `${s.activity}\u0000${s.actor ?? ''}\u0000${s.channel ?? ''}\u0000${s.touchpoint ?? ''}`;
    if (!seenContact.has(contact)) {
      seenContact.add(contact);
      m |= MARK.FIRST_CONTACT;
    }
    if (s.sentiment !== undefined) {
      m |= MARK.HAS_SENTIMENT;
      if (s.sentiment < 0) m |= MARK.NEGATIVE;
    }
    if (next !== undefined) {
      m |= MARK.WITH_NEXT;
      if (next.sentiment !== undefined && next.sentiment < 0) m |= MARK.NEXT_NEGATIVE;
      if (next.outcome === 'abandoned') m |= MARK.NEXT_ABANDONED;
      if (s.actor !== undefined && next.actor !== undefined && s.actor !== next.actor) {
        m |= MARK.HANDOVER;
        const pair = `${s.actor}\u0000${next.actor}`;
        if (!seenHandover.has(pair)) {
          seenHandover.add(pair);
          m |= MARK.FIRST_HANDOVER;
        }
      }
    }
    if (endedIncomplete) m |= MARK.ENDED_INCOMPLETE;
    marks[i] = m;
  }

  return {
    steps: n,
    start: steps[0].timestamp,
    end: last.timestamp,
    outcome: jOutcome,
    timestamps,
    activities,
    actors,
    channels,
    touchpoints,
    outcomes,
    sentiments,
    noteSteps: noteSteps.length > 0 ? noteSteps : null,
    notes: notes.length > 0 ? notes : null,
    attributeSteps: attributeSteps.length > 0 ? attributeSteps : null,
    attributes: attributes.length > 0 ? attributes : null,
    marks,
    actorSet: [...seenActor].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}

/** The step columns as read back from a `:Journey` node (lists may be absent). */
export interface ReadJourneyColumns {
  timestamps: number[];
  activities: string[];
  actors: string[];
  channels: string[];
  touchpoints: string[];
  outcomes: string[];
  sentiments: number[];
  noteSteps?: number[] | null;
  notes?: string[] | null;
  attributeSteps?: number[] | null;
  attributes?: string[] | null;
}

/** The steps of stored columns, in order; the inverse of {@link encodeSteps}. */
export function decodeSteps(c: ReadJourneyColumns): StepInput[] {
  const n = c.activities.length;
  const steps: StepInput[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const step: StepInput = { timestamp: c.timestamps[i], activity: c.activities[i], outcome: c.outcomes[i] as Outcome };
    if (c.actors[i] !== '') step.actor = c.actors[i];
    if (c.channels[i] !== '') step.channel = c.channels[i] as Channel;
    if (c.touchpoints[i] !== '') step.touchpoint = c.touchpoints[i];
    if (c.sentiments[i] !== NO_SENTIMENT) step.sentiment = c.sentiments[i];
    steps[i] = step;
  }
  const noteSteps = c.noteSteps ?? [];
  for (let k = 0; k < noteSteps.length; k++) steps[noteSteps[k]].note = c.notes![k];
  const attributeSteps = c.attributeSteps ?? [];
  for (let k = 0; k < attributeSteps.length; k++) {
    steps[attributeSteps[k]].attributes = Object.fromEntries(JSON.parse(c.attributes![k]) as [string, string][]);
  }
  return steps;
}
