/**
 * JourneyColumns: one model's journeys and steps in compact columns.
 *
 * Layout:
 * - Steps are rows of typed-array columns (timestamp Float64Array; activity, actor, touchpoint,
 *   note and attribute numbers Int32Array; channel, outcome, sentiment Int8Array). Strings are
 *   interned per model in string tables; `NONE` (-1) marks an absent value, `NO_SENTIMENT` an
 *   absent sentiment. Columns grow by capacity doubling.
 * - A journey is a *slot* with the first row and the number of rows of its steps, which are
 *   contiguous and ordered (timestamp, ties in recorded order). Rewriting a journey leaves its old
 *   rows as dead rows (a tombstone) and appends the new ones; deleting a journey sets its row
 *   count to 0. `compact()` rewrites the live rows and slots densely; the store calls it when
 *   dead rows pass a share of all rows (`needsCompaction`).
 */
import type { Journey, JourneySummary, Step } from '../../model/types.js';
import { CHANNELS, OUTCOMES, type Channel, type Outcome } from '../../model/vocabulary.js';
import type { StepInput } from '../graph-store.js';
import { withCapacity } from './growable.js';
import { StringTable } from './string-table.js';

/** An absent actor, touchpoint, channel, note, attributes or segment. */
export const NONE = -1;
/** An absent sentiment. */
export const NO_SENTIMENT = -128;
/** Compact when dead rows exceed this share of all rows (and `COMPACT_MIN_ROWS`). */
export const COMPACT_SHARE = 0.25;
export const COMPACT_MIN_ROWS = 4096;

const CHANNEL_NUMBER = new Map<string, number>(CHANNELS.map((c, i) => [c, i]));
const OUTCOME_NUMBER = new Map<string, number>(OUTCOMES.map((o, i) => [o, i]));

export function channelNumber(channel: Channel | undefined): number {
  return channel === undefined ? NONE : CHANNEL_NUMBER.get(channel)!;
}
export function outcomeNumber(outcome: Outcome): number {
  return OUTCOME_NUMBER.get(outcome)!;
}

/** The canonical text of a step's extra attributes (keys sorted), or null when there are none. */
export function attributesKey(attributes: Record<string, string> | undefined): string | null {
  if (!attributes) return null;
  const keys = Object.keys(attributes).sort();
  if (keys.length === 0) return null;
  return JSON.stringify(keys.map((k) => [k, attributes[k]]));
}

function attributesFromKey(key: string): Record<string, string> {
  return Object.fromEntries(JSON.parse(key) as [string, string][]);
}

/** The raw contents of the columns, as the snapshot stores them (dense: no dead rows). */
export interface ColumnData {
  activities: string[];
  actors: string[];
  touchpoints: string[];
  segments: string[];
  notes: string[];
  attributes: string[];
  journeyIds: string[];
  journeySegment: ArrayLike<number>;
  journeySteps: ArrayLike<number>;
  timestamp: ArrayLike<number>;
  activity: ArrayLike<number>;
  actor: ArrayLike<number>;
  touchpoint: ArrayLike<number>;
  channel: ArrayLike<number>;
  outcome: ArrayLike<number>;
  sentiment: ArrayLike<number>;
  note: ArrayLike<number>;
  attribute: ArrayLike<number>;
}

export class JourneyColumns {
  activities = new StringTable();
  actors = new StringTable();
  touchpoints = new StringTable();
  segments = new StringTable();
  notes = new StringTable();
  attributes = new StringTable();

  /** Rows written, live and dead. */
  rows = 0;
  timestamp = new Float64Array(0);
  activity = new Int32Array(0);
  actor = new Int32Array(0);
  touchpoint = new Int32Array(0);
  note = new Int32Array(0);
  attribute = new Int32Array(0);
  channel = new Int8Array(0);
  outcome = new Int8Array(0);
  sentiment = new Int8Array(0);

  /** Journey slots written, live and deleted. */
  slots = 0;
  journeyIds: string[] = [];
  journeyFirst = new Int32Array(0);
  /** Rows of each slot's journey; 0 for a deleted journey. */
  journeySteps = new Int32Array(0);
  journeySegment = new Int32Array(0);
  private bySlotId = new Map<string, number>();
  private sortedCache: Int32Array | null = null;

  liveJourneys = 0;
  liveRows = 0;

  get deadRows(): number {
    return this.rows - this.liveRows;
  }

  /** The slot of a live journey, or -1. */
  slotOf(journeyId: string): number {
    return this.bySlotId.get(journeyId) ?? -1;
  }

  /** The steps of a slot's journey as step inputs (no journey id), ordered. */
  readSteps(slot: number): StepInput[] {
    const first = this.journeyFirst[slot];
    const end = first + this.journeySteps[slot];
    const steps: StepInput[] = [];
    for (let row = first; row < end; row++) steps.push(this.readRow(row));
    return steps;
  }

  private readRow(row: number): StepInput {
    const step: StepInput = {
      timestamp: this.timestamp[row],
      activity: this.activities.get(this.activity[row]),
      outcome: OUTCOMES[this.outcome[row]],
    };
    if (this.actor[row] !== NONE) step.actor = this.actors.get(this.actor[row]);
    if (this.channel[row] !== NONE) step.channel = CHANNELS[this.channel[row]];
    if (this.touchpoint[row] !== NONE) step.touchpoint = this.touchpoints.get(this.touchpoint[row]);
    if (this.sentiment[row] !== NO_SENTIMENT) step.sentiment = this.sentiment[row];
    if (this.note[row] !== NONE) step.note = this.notes.get(this.note[row]);
    if (this.attribute[row] !== NONE) step.attributes = attributesFromKey(this.attributes.get(this.attribute[row]));
    return step;
  }

  /** The segment of a slot's journey, or undefined. */
  segmentOf(slot: number): string | undefined {
    const s = this.journeySegment[slot];
    return s === NONE ? undefined : this.segments.get(s);
  }

  journey(slot: number): Journey {
    const id = this.journeyIds[slot];
    const steps: Step[] = this.readSteps(slot).map((s) => ({ journey: id, ...s }));
    const segment = this.segmentOf(slot);
    return segment === undefined ? { id, steps } : { id, segment, steps };
  }

  summary(slot: number): JourneySummary {
    const first = this.journeyFirst[slot];
    const last = first + this.journeySteps[slot] - 1;
    const summary: JourneySummary = {
      id: this.journeyIds[slot],
      steps: this.journeySteps[slot],
      start: this.timestamp[first],
      end: this.timestamp[last],
      outcome: OUTCOMES[this.outcome[last]],
    };
    const segment = this.segmentOf(slot);
    if (segment !== undefined) summary.segment = segment;
    return summary;
  }

  /** The outcome number of a slot's journey: its last step's. */
  journeyOutcome(slot: number): number {
    return this.outcome[this.journeyFirst[slot] + this.journeySteps[slot] - 1];
  }

  /**
   * Writes a journey's steps (already ordered, at least one) under its id, replacing what was
   * stored for it: the old rows become dead rows.
   */
  writeJourney(journeyId: string, segment: string | undefined, steps: readonly StepInput[]): void {
    let slot = this.slotOf(journeyId);
    if (slot >= 0) {
      this.liveRows -= this.journeySteps[slot];
    } else {
      slot = this.addSlot(journeyId);
    }
    this.journeySegment[slot] = segment === undefined ? NONE : this.segments.intern(segment);
    this.journeyFirst[slot] = this.rows;
    this.journeySteps[slot] = steps.length;
    this.ensureRows(this.rows + steps.length);
    for (const step of steps) this.appendRow(step);
    this.liveRows += steps.length;
  }

  private addSlot(journeyId: string): number {
    const slot = this.slots++;
    if (slot >= this.journeyFirst.length) {
      this.journeyFirst = withCapacity(this.journeyFirst, slot + 1);
      this.journeySteps = withCapacity(this.journeySteps, slot + 1);
      this.journeySegment = withCapacity(this.journeySegment, slot + 1);
    }
    this.journeyIds[slot] = journeyId;
    this.bySlotId.set(journeyId, slot);
    this.liveJourneys++;
    this.sortedCache = null;
    return slot;
  }

  /** Makes room for `more` rows after the ones written, so that writing them grows no column. */
  reserveRows(more: number): void {
    this.ensureRows(this.rows + more);
  }

  private ensureRows(needed: number): void {
    if (needed <= this.timestamp.length) return;
    this.timestamp = withCapacity(this.timestamp, needed);
    this.activity = withCapacity(this.activity, needed);
    this.actor = withCapacity(this.actor, needed);
    this.touchpoint = withCapacity(this.touchpoint, needed);
    this.note = withCapacity(this.note, needed);
    this.attribute = withCapacity(this.attribute, needed);
    this.channel = withCapacity(this.channel, needed);
    this.outcome = withCapacity(this.outcome, needed);
    this.sentiment = withCapacity(this.sentiment, needed);
  }

  private appendRow(step: StepInput): void {
    const row = this.rows++;
    this.timestamp[row] = step.timestamp;
    this.activity[row] = this.activities.intern(step.activity);
    this.actor[row] = step.actor === undefined ? NONE : this.actors.intern(step.actor);
    this.touchpoint[row] = step.touchpoint === undefined ? NONE : this.touchpoints.intern(step.touchpoint);
    this.channel[row] = channelNumber(step.channel);
    this.outcome[row] = outcomeNumber(step.outcome);
    this.sentiment[row] = step.sentiment === undefined ? NO_SENTIMENT : step.sentiment;
    this.note[row] = step.note === undefined ? NONE : this.notes.intern(step.note);
    const key = attributesKey(step.attributes);
    this.attribute[row] = key === null ? NONE : this.attributes.intern(key);
  }

  /** Deletes a journey; false when there was none. */
  deleteJourney(journeyId: string): boolean {
    const slot = this.slotOf(journeyId);
    if (slot < 0) return false;
    this.liveRows -= this.journeySteps[slot];
    this.journeySteps[slot] = 0;
    this.bySlotId.delete(journeyId);
    this.liveJourneys--;
    this.sortedCache = null;
    return true;
  }

  /** Live slots in the order of their journey ids (code-unit order). Cached until the next change of ids. */
  sortedSlots(): Int32Array {
    if (!this.sortedCache) {
      const slots = new Int32Array(this.liveJourneys);
      let n = 0;
      for (let slot = 0; slot < this.slots; slot++) if (this.journeySteps[slot] > 0) slots[n++] = slot;
      const ids = this.journeyIds;
      this.sortedCache = Int32Array.from(
        Array.from(slots).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0)),
      );
    }
    return this.sortedCache;
  }

  needsCompaction(): boolean {
    const dead = this.deadRows;
    return dead >= COMPACT_MIN_ROWS && dead > COMPACT_SHARE * this.rows;
  }

  /** The dense contents (live journeys in slot order), for a snapshot or compaction. */
  data(): ColumnData {
    const live: number[] = [];
    for (let slot = 0; slot < this.slots; slot++) if (this.journeySteps[slot] > 0) live.push(slot);
    const n = this.liveRows;
    const pick = <C extends Float64Array | Int32Array | Int8Array>(column: C): C => {
      const out = new (column.constructor as new (length: number) => C)(n);
      let at = 0;
      for (const slot of live) {
        const first = this.journeyFirst[slot];
        const count = this.journeySteps[slot];
        out.set(column.subarray(first, first + count), at);
        at += count;
      }
      return out;
    };
    return {
      activities: this.activities.values.slice(),
      actors: this.actors.values.slice(),
      touchpoints: this.touchpoints.values.slice(),
      segments: this.segments.values.slice(),
      notes: this.notes.values.slice(),
      attributes: this.attributes.values.slice(),
      journeyIds: live.map((slot) => this.journeyIds[slot]),
      journeySegment: Int32Array.from(live, (slot) => this.journeySegment[slot]),
      journeySteps: Int32Array.from(live, (slot) => this.journeySteps[slot]),
      timestamp: pick(this.timestamp),
      activity: pick(this.activity),
      actor: pick(this.actor),
      touchpoint: pick(this.touchpoint),
      channel: pick(this.channel),
      outcome: pick(this.outcome),
      sentiment: pick(this.sentiment),
      note: pick(this.note),
      attribute: pick(this.attribute),
    };
  }

  /**
   * Columns holding exactly `data` (trusted: the snapshot loader checks it first). Notes and
   * attributes are re-interned so that strings no live row uses are dropped.
   */
  static fromData(data: ColumnData): JourneyColumns {
    const c = new JourneyColumns();
    c.activities = StringTable.from(data.activities);
    c.actors = StringTable.from(data.actors);
    c.touchpoints = StringTable.from(data.touchpoints);
    c.segments = StringTable.from(data.segments);
    const rows = data.timestamp.length;
    c.ensureRows(rows);
    c.rows = rows;
    c.timestamp.set(data.timestamp);
    c.activity.set(data.activity);
    c.actor.set(data.actor);
    c.touchpoint.set(data.touchpoint);
    c.channel.set(data.channel);
    c.outcome.set(data.outcome);
    c.sentiment.set(data.sentiment);
    for (let row = 0; row < rows; row++) {
      const note = data.note[row];
      c.note[row] = note === NONE ? NONE : c.notes.intern(data.notes[note]);
      const attribute = data.attribute[row];
      c.attribute[row] = attribute === NONE ? NONE : c.attributes.intern(data.attributes[attribute]);
    }
    const journeys = data.journeyIds.length;
    c.journeyFirst = new Int32Array(Math.max(16, journeys));
    c.journeySteps = new Int32Array(Math.max(16, journeys));
    c.journeySegment = new Int32Array(Math.max(16, journeys));
    let first = 0;
    for (let slot = 0; slot < journeys; slot++) {
      c.journeyIds[slot] = data.journeyIds[slot];
      c.bySlotId.set(data.journeyIds[slot], slot);
      c.journeyFirst[slot] = first;
      c.journeySteps[slot] = data.journeySteps[slot];
      c.journeySegment[slot] = data.journeySegment[slot];
      first += data.journeySteps[slot];
    }
    c.slots = journeys;
    c.liveJourneys = journeys;
    c.liveRows = rows;
    return c;
  }

  /** These columns rewritten densely: no dead rows, no deleted slots, no unused notes. */
  compacted(): JourneyColumns {
    return JourneyColumns.fromData(this.data());
  }

  /**
   * The ids of the model's entities that live steps and journeys refer to, with one example
   * journey each, so the store can refuse to delete them.
   */
  usage(): Usage {
    const tally = (table: StringTable) => ({ table, steps: new Int32Array(table.size), example: new Int32Array(table.size).fill(-1) });
    const activity = tally(this.activities);
    const actor = tally(this.actors);
    const touchpoint = tally(this.touchpoints);
    const segment = tally(this.segments);
    const count = (t: ReturnType<typeof tally>, n: number, slot: number): void => {
      t.steps[n]++;
      if (t.example[n] < 0) t.example[n] = slot;
    };
    for (let slot = 0; slot < this.slots; slot++) {
      const steps = this.journeySteps[slot];
      if (steps === 0) continue;
      if (this.journeySegment[slot] !== NONE) count(segment, this.journeySegment[slot], slot);
      const first = this.journeyFirst[slot];
      for (let row = first; row < first + steps; row++) {
        count(activity, this.activity[row], slot);
        if (this.actor[row] !== NONE) count(actor, this.actor[row], slot);
        if (this.touchpoint[row] !== NONE) count(touchpoint, this.touchpoint[row], slot);
      }
    }
    const toMap = (t: ReturnType<typeof tally>): Map<string, UsageCount> => {
      const map = new Map<string, UsageCount>();
      for (let n = 0; n < t.steps.length; n++) {
        if (t.steps[n] > 0) map.set(t.table.get(n), { steps: t.steps[n], example: this.journeyIds[t.example[n]] });
      }
      return map;
    };
    return { activity: toMap(activity), actor: toMap(actor), touchpoint: toMap(touchpoint), segment: toMap(segment) };
  }
}

export interface UsageCount {
  /** Steps (for a segment: journeys) that refer to the id. */
  steps: number;
  /** One journey that refers to it. */
  example: string;
}

export type Usage = Record<'activity' | 'actor' | 'touchpoint' | 'segment', Map<string, UsageCount>>;
