/**
 * The event-log reader: a CSV of observed journey steps, checked and resolved against a model.
 *
 * ## Format
 * A header line, then one step per row. Columns, in any order (names matched ignoring case and
 * surrounding spaces): `journey`, `timestamp`, `activity` (required); `actor`, `channel`,
 * `touchpoint`, `outcome`, `sentiment`, `note`, `segment` (optional). Any other column is kept as
 * a step attribute under its header name, value as written (blank values are left out).
 *
 * Values of id-like columns (all but `note` and attributes) are trimmed of surrounding spaces.
 * - `timestamp`: ISO 8601 date-time with `Z` or an offset (`2024-03-01T09:30:00Z`,
 *   `2024-03-01T09:30+01:00`, `…+0100`, `…+01`; fractions of a second allowed; a space may stand
 *   for the `T`), or a date alone (`2024-03-01`, read as midnight UTC). A date-time without `Z`
 *   or an offset is refused: its time zone is unknown. Stored as epoch milliseconds.
 * - `activity`, `actor`, `touchpoint`: ids of the model, matched exactly.
 * - `channel`: one of the model's channels, ignoring case (`web` is `WEB`).
 * - `outcome`: progressed, stuck, abandoned or completed, ignoring case; blank means progressed.
 * - `sentiment`: an integer from -2 to 2 (a leading `+` is allowed); blank means none.
 * - `note`: free text, kept as written; blank means none.
 * - `segment`: the journey's customer segment. When the model declares segments it must be one of
 *   them; otherwise any value is accepted. A journey has one segment: a row naming a different
 *   segment from an earlier accepted row of the same journey is rejected.
 *
 * ## Resolution against the model, in this order
 * 1. A touchpoint given fills in the actor and channel with the touchpoint's own; a row whose
 *    actor or channel contradicts its touchpoint is rejected.
 * 2. No actor (and no touchpoint): when the activity lists exactly one actor, that actor.
 * 3. No touchpoint, but an actor (given or from rule 2) and a channel: the actor's touchpoint on
 *    that channel, when the actor has exactly one there; otherwise the step has no touchpoint.
 * An actor or touchpoint not listed on the activity is accepted: customers do surprising things,
 * and the row is a real observation.
 *
 * ## Result
 * Rows that break a rule are rejected with their line (where the record starts in the file) and
 * a reason saying what was wrong and what to do; every other row loads. Whole-file problems (an
 * empty file, a missing required column, duplicate or blank column names, an unclosed quote)
 * throw a BAD_INPUT GoalnetError naming the file. Journeys come in the order of their first
 * accepted row; the steps of each are sorted by timestamp, ties kept in file order. A journey
 * whose rows were all rejected is not in the result.
 */
import { open, writeFile } from 'node:fs/promises';
import { badInput, GoalnetError } from '../model/errors.js';
import { didYouMean } from '../model/validate.js';
import type { Activity, ModelDocument, Touchpoint } from '../model/types.js';
import { CHANNELS, OUTCOMES, SENTIMENT_MAX, SENTIMENT_MIN, type Channel, type Outcome } from '../model/vocabulary.js';
import type { JourneyInput, StepInput } from '../store/graph-store.js';
import { CsvParser, formatCsvRecord } from './csv.js';
import { readUtf8Lines } from './utf8-lines.js';

/** The columns the reader knows, in the order of the documented header. */
export const EVENT_LOG_COLUMNS = [
  'journey',
  'timestamp',
  'activity',
  'actor',
  'channel',
  'touchpoint',
  'outcome',
  'sentiment',
  'note',
  'segment',
] as const;
export type EventLogColumn = (typeof EVENT_LOG_COLUMNS)[number];
export const REQUIRED_EVENT_LOG_COLUMNS: readonly EventLogColumn[] = ['journey', 'timestamp', 'activity'];

/** A row that was not loaded. */
export interface Reject {
  /** The 1-based line where the row starts in the file. */
  line: number;
  /** What was wrong and what to do. */
  reason: string;
  /** The row's fields as read. */
  row: string[];
}

export interface EventLogResult {
  journeys: JourneyInput[];
  /** Data rows read (the header and blank lines not counted). */
  rows: number;
  /** Rows loaded as steps: `rows - rejects.length`. */
  accepted: number;
  rejects: Reject[];
  /** The file path or name the log came from. */
  source: string;
  /** The header as written in the file (for writing rejects back out). */
  columns: string[];
}

export interface EventLogTextOptions {
  /**
   * Give up (throw BAD_INPUT) as soon as more than this many rows are rejected: a log that does
   * not fit the model at all fails fast instead of collecting a reject per row. Default: no limit.
   */
  maxRejects?: number;
}

export interface ReadEventLogOptions extends EventLogTextOptions {
  /**
   * Where to write the rejected rows as CSV: columns `line,reason,` then the log's own header, so
   * they can be fixed and imported again (drop the two added columns first, or they become step
   * attributes). Written even when nothing was rejected (header only), and also when the read
   * stops at `maxRejects`.
   */
  rejectsPath?: string;
  /** Called after each chunk read (about 1 MiB) with the bytes read so far and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Reads an event log file in chunks, checking and resolving each row against `doc`. */
export async function readEventLog(
  path: string,
  doc: ModelDocument,
  options: ReadEventLogOptions = {},
): Promise<EventLogResult> {
  const builder = new EventLogBuilder(doc, path, options.maxRejects);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw badInput(`cannot read the event log ${path}: ${(error as Error).message}; check the path`);
  }
  try {
    const totalBytes = (await handle.stat()).size;
    const parser = new CsvParser((fields, line) => builder.record(fields, line), { source: path });
    const onProgress = options.onProgress;
    await readUtf8Lines(
      handle,
      (text) => parser.push(text),
      onProgress === undefined ? undefined : (bytesRead) => onProgress(bytesRead, totalBytes),
    );
    parser.end();
  } catch (error) {
    if (error instanceof TooManyRejects && options.rejectsPath !== undefined) {
      await writeFile(options.rejectsPath, formatRejectsCsv(builder.columns, builder.rejects));
    }
    throw error;
  } finally {
    await handle.close();
  }
  const result = builder.finish();
  if (options.rejectsPath !== undefined) {
    await writeFile(options.rejectsPath, formatRejectsCsv(result.columns, result.rejects));
  }
  return result;
}

/** Reads an event log given as text (same rules as {@link readEventLog}); `source` names it in messages. */
export function parseEventLogText(
  text: string,
  doc: ModelDocument,
  source: string,
  options: EventLogTextOptions = {},
): EventLogResult {
  const builder = new EventLogBuilder(doc, source, options.maxRejects);
  const parser = new CsvParser((fields, line) => builder.record(fields, line), { source });
  parser.push(text);
  parser.end();
  return builder.finish();
}

/** The rejects as CSV: `line,reason,` then the log's header, one line per reject, LF line ends. */
export function formatRejectsCsv(columns: readonly string[], rejects: readonly Reject[]): string {
  const lines = [formatCsvRecord(['line', 'reason', ...columns])];
  for (const r of rejects) lines.push(formatCsvRecord([String(r.line), r.reason, ...r.row]));
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Timestamps

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days from 1970-01-01 to the given proleptic Gregorian date (month 1-12). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Reads `count` ASCII digits at `at`, or -1 when any is not a digit. */
function digits(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Epoch milliseconds of an ISO 8601 timestamp, or undefined when it is not one this reader
 * accepts: `YYYY-MM-DD` (midnight UTC), or `YYYY-MM-DD` `T` (or a space) `hh:mm[:ss[.fff…]]`
 * followed by `Z` or an offset `±hh:mm`, `±hhmm` or `±hh`. Fractions beyond milliseconds are
 * truncated. Field ranges are checked (no 2024-02-30, no 24:00).
 */
export function parseTimestamp(s: string): number | undefined {
  const len = s.length;
  if (len < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo - 1]) return undefined;
  if (mo === 2 && d === 29 && !isLeap(y)) return undefined;
  const day = daysFromCivil(y, mo, d) * 86_400_000;
  if (len === 10) return day;
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 116 && sep !== 32) || len < 16 || s.charCodeAt(13) !== 58) return undefined;
  const hh = digits(s, 11, 2);
  const mm = digits(s, 14, 2);
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return undefined;
  let ms = (hh * 60 + mm) * 60_000;
  let i = 16;
  if (s.charCodeAt(i) === 58) {
    const ss = digits(s, i + 1, 2);
    if (ss < 0 || ss > 59) return undefined;
    ms += ss * 1000;
    i += 3;
    const dot = s.charCodeAt(i);
    if (dot === 46 || dot === 44) {
      i++;
      const start = i;
      let frac = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        if (i - start < 3) frac = frac * 10 + c;
      }
      const n = i - start;
      if (n === 0) return undefined;
      ms += n === 1 ? frac * 100 : n === 2 ? frac * 10 : frac;
    }
  }
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) return i + 1 === len ? day + ms : undefined;
  if (z !== 43 && z !== 45) return undefined;
  const rest = len - i - 1;
  const oh = digits(s, i + 1, 2);
  let om = 0;
  if (rest === 5 && s.charCodeAt(i + 3) === 58) om = digits(s, i + 4, 2);
  else if (rest === 4) om = digits(s, i + 3, 2);
  else if (rest !== 2) return undefined;
  if (oh < 0 || oh > 23 || om < 0 || om > 59) return undefined;
  const offset = (oh * 60 + om) * 60_000;
  return day + ms + (z === 43 ? -offset : offset);
}

/** Why a timestamp was refused, with the way to write it. */
function timestampReason(value: string): string {
  if (value === '') return 'timestamp is blank: give when the step happened, e.g. 2024-03-01T09:30:00Z';
  const noZone = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(value);
  if (noZone && parseTimestamp(value + 'Z') !== undefined) {
    return (
      `timestamp "${value}" has no time zone: add Z for UTC or an offset such as +01:00 ` +
      `(e.g. ${value}Z)`
    );
  }
  return (
    `timestamp "${value}" is not an ISO 8601 date or date-time: write it as ` +
    '2024-03-01T09:30:00Z, 2024-03-01T09:30:00+01:00, or 2024-03-01 for a date alone (midnight UTC)'
  );
}

// ---------------------------------------------------------------------------------------------
// Suggestions (did-you-mean comes from the model validator, so every message suggests alike)

/** Joins the reasons a row is refused, in the order found. */
function also(reason: string, more: string): string {
  return reason === '' ? more : `${reason}; ${more}`;
}

function quoteList(values: readonly string[], max = 10): string {
  const shown = values.slice(0, max).map((v) => `"${v}"`);
  if (values.length > max) shown.push(`… (${values.length - max} more)`);
  return shown.join(', ');
}

function unknownReason(kind: string, value: string, ids: readonly string[], fix: string): string {
  const suggestion = didYouMean(value, ids);
  const hint =
    suggestion !== undefined
      ? `did you mean "${suggestion}"?`
      : ids.length === 0
        ? `the model has no ${plural(kind)}.`
        : `the ${kind === 'channel' ? '' : "model's "}${plural(kind)} are ${quoteList(ids, kind === 'channel' ? ids.length : 10)}.`;
  return `unknown ${kind} "${value}": ${hint} ${fix}`;
}

function plural(kind: string): string {
  return kind === 'activity' ? 'activities' : `${kind}s`;
}

/** Names other tools give the required columns (process-mining and XES conventions among them). */
const COLUMN_ALIASES: Record<string, readonly string[]> = {
  journey: ['case', 'case id', 'case_id', 'caseid', 'case:concept:name', 'journey id', 'journey_id', 'customer', 'session'],
  timestamp: ['time', 'date', 'datetime', 'date_time', 'ts', 'time:timestamp', 'event time', 'start', 'start_time', 'when'],
  activity: ['event', 'action', 'activity id', 'activity_id', 'activity name', 'concept:name', 'step', 'task'],
};

/** The column in `found` that is most likely meant as the `wanted` column, if any. */
function likelyColumn(wanted: string, found: readonly string[]): string | undefined {
  const aliases = COLUMN_ALIASES[wanted] ?? [];
  return found.find((f) => aliases.includes(f.toLowerCase())) ?? didYouMean(wanted, found);
}

// ---------------------------------------------------------------------------------------------
// The builder: header, then rows

class TooManyRejects extends GoalnetError {}

/** Copies a string so it no longer shares memory with the chunk of file text it was cut from. */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

const SENTIMENTS = new Map<string, number>();
for (let v = SENTIMENT_MIN; v <= SENTIMENT_MAX; v++) {
  SENTIMENTS.set(String(v), v);
  if (v >= 0) SENTIMENTS.set(`+${v}`, v);
}
SENTIMENTS.set('-0', 0);

const MAX_INTERNED = 100_000;

interface OpenJourney {
  input: JourneyInput;
  /** Line of the accepted row that gave the segment. */
  segmentLine: number;
  lastTimestamp: number;
  sorted: boolean;
}

class EventLogBuilder {
  columns: string[] = [];
  readonly rejects: Reject[] = [];
  private readonly doc: ModelDocument;
  private readonly source: string;
  private readonly maxRejects: number;
  private hasHeader = false;
  private width = 0;
  private rows = 0;
  private readonly col: Record<EventLogColumn, number> = {
    journey: -1,
    timestamp: -1,
    activity: -1,
    actor: -1,
    channel: -1,
    touchpoint: -1,
    outcome: -1,
    sentiment: -1,
    note: -1,
    segment: -1,
  };
  private readonly attributeColumns: number[] = [];
  private readonly attributeNames: string[] = [];

  private readonly activities = new Map<string, Activity>();
  /** Model ids by themselves, so steps share the model's strings rather than the file's. */
  private readonly actors = new Map<string, string>();
  private readonly touchpoints = new Map<string, Touchpoint>();
  /** actor → channel → that actor's only touchpoint on the channel, or null when it has several. */
  private readonly touchpointByActorChannel = new Map<string, Map<Channel, Touchpoint | null>>();
  private readonly channels = new Map<string, Channel>();
  private readonly outcomes = new Map<string, Outcome>();
  private readonly segments: Map<string, string> | null;
  /** Reasons already worded for unknown values, by kind and value. */
  private readonly unknownReasons = new Map<string, string>();
  private readonly interned = new Map<string, string>();
  private readonly journeys = new Map<string, OpenJourney>();
  /** The journey of the last accepted row: rows of one journey often come together. */
  private lastJourney: OpenJourney | undefined;

  constructor(doc: ModelDocument, source: string, maxRejects = Infinity) {
    this.doc = doc;
    this.source = source;
    this.maxRejects = maxRejects;
    for (const a of doc.activities) this.activities.set(a.id, a);
    for (const a of doc.actors) this.actors.set(a.id, a.id);
    for (const t of doc.touchpoints) {
      this.touchpoints.set(t.id, t);
      let byChannel = this.touchpointByActorChannel.get(t.actor);
      if (byChannel === undefined) this.touchpointByActorChannel.set(t.actor, (byChannel = new Map()));
      byChannel.set(t.channel, byChannel.has(t.channel) ? null : t);
    }
    for (const c of CHANNELS) {
      this.channels.set(c, c);
      this.channels.set(c.toLowerCase(), c);
    }
    for (const o of OUTCOMES) {
      this.outcomes.set(o, o);
      this.outcomes.set(o.toUpperCase(), o);
    }
    this.segments = doc.segments.length > 0 ? new Map(doc.segments.map((s) => [s.id, s.id])) : null;
  }

  record(fields: string[], line: number): void {
    if (this.hasHeader) this.row(fields, line);
    else this.header(fields, line);
  }

  finish(): EventLogResult {
    if (!this.hasHeader) {
      throw badInput(
        `${this.source} is empty: expected a header line such as ${EVENT_LOG_COLUMNS.join(',')} ` +
          '(journey, timestamp and activity are required), then one row per step',
        [{ where: `${this.source}:1`, message: 'no header line' }],
      );
    }
    const journeys: JourneyInput[] = [];
    for (const j of this.journeys.values()) {
      if (!j.sorted) j.input.steps.sort((a, b) => a.timestamp - b.timestamp);
      journeys.push(j.input);
    }
    this.journeys.clear();
    return {
      journeys,
      rows: this.rows,
      accepted: this.rows - this.rejects.length,
      rejects: this.rejects,
      source: this.source,
      columns: this.columns,
    };
  }

  private header(fields: string[], line: number): void {
    const where = `${this.source}:${line}`;
    const names = fields.map((f) => detach(f.trim()));
    const known = new Set<string>(EVENT_LOG_COLUMNS);
    const seen = new Map<string, number>();
    const problems: string[] = [];
    names.forEach((name, i) => {
      if (name === '') {
        problems.push(`column ${i + 1} of the header has no name: name it, or remove the column from every row`);
        return;
      }
      const key = known.has(name.toLowerCase()) ? name.toLowerCase() : name;
      const first = seen.get(key);
      if (first !== undefined) {
        problems.push(
          `column "${name}" appears twice in the header (columns ${first + 1} and ${i + 1}): ` +
            'rename or remove one of them',
        );
        return;
      }
      seen.set(key, i);
      if (known.has(key)) this.col[key as EventLogColumn] = i;
      else {
        this.attributeColumns.push(i);
        this.attributeNames.push(name);
      }
    });
    const missing = REQUIRED_EVENT_LOG_COLUMNS.filter((c) => this.col[c] === -1);
    if (missing.length > 0) {
      const renames = missing
        .map((m) => [likelyColumn(m, this.attributeNames), m] as const)
        .filter(([found]) => found !== undefined)
        .map(([found, m]) => `rename "${found}" to "${m}"?`);
      problems.push(
        `the header has no ${missing.map((m) => `"${m}"`).join(' or ')} column` +
          `${missing.length > 1 ? 's' : ''}. Columns found: ${names.join(', ')}. ` +
          `Required: ${REQUIRED_EVENT_LOG_COLUMNS.join(', ')} (in any order); optional: ` +
          `${EVENT_LOG_COLUMNS.filter((c) => !REQUIRED_EVENT_LOG_COLUMNS.includes(c)).join(', ')}; ` +
          'other columns are kept as step attributes.' +
          (renames.length > 0 ? ` ${renames.join(' ')}` : ''),
      );
    }
    if (problems.length > 0) {
      throw badInput(
        `${this.source}: the header line of the event log is not usable`,
        problems.map((message) => ({ where, message })),
      );
    }
    this.columns = names;
    this.width = names.length;
    this.hasHeader = true;
  }

  private row(f: string[], line: number): void {
    this.rows++;
    if (f.length !== this.width) {
      this.reject(
        line,
        f,
        `the row has ${f.length} field${f.length === 1 ? '' : 's'} but the header has ${this.width} ` +
          'columns: give every row one value per column (blank for none), and put values that ' +
          'contain commas, quotes or line breaks in double quotes',
      );
      return;
    }
    const col = this.col;
    let reason = '';

    const journeyId = f[col.journey].trim();
    if (journeyId === '') reason = also(reason, 'journey is blank: give the id of the journey (case) this step belongs to');

    const timestampText = f[col.timestamp].trim();
    const timestamp = parseTimestamp(timestampText);
    if (timestamp === undefined) reason = also(reason, timestampReason(timestampText));

    const activityId = f[col.activity].trim();
    const activity = this.activities.get(activityId);
    if (activity === undefined) {
      if (activityId === '') {
        reason = also(reason, 
          `activity is blank: give the id of one of the model's activities` +
            (this.doc.activities.length > 0 ? `, e.g. "${this.doc.activities[0].id}"` : ''),
        );
      } else reason = also(reason, this.unknown('activity', activityId));
    }

    let actor: string | undefined;
    let actorOk = true;
    if (col.actor >= 0) {
      const v = f[col.actor].trim();
      if (v !== '') {
        actor = this.actors.get(v);
        if (actor === undefined) {
          actorOk = false;
          reason = also(reason, this.unknown('actor', v));
        }
      }
    }

    let channel: Channel | undefined;
    let channelOk = true;
    if (col.channel >= 0) {
      const v = f[col.channel].trim();
      if (v !== '') {
        channel = this.channels.get(v) ?? this.channels.get(v.toUpperCase());
        if (channel === undefined) {
          channelOk = false;
          reason = also(reason, this.unknown('channel', v));
        }
      }
    }

    let touchpoint: Touchpoint | undefined;
    if (col.touchpoint >= 0) {
      const v = f[col.touchpoint].trim();
      if (v !== '') {
        touchpoint = this.touchpoints.get(v);
        if (touchpoint === undefined) reason = also(reason, this.unknown('touchpoint', v));
      }
    }

    let outcome: Outcome = 'progressed';
    if (col.outcome >= 0) {
      const v = f[col.outcome].trim();
      if (v !== '') {
        const o = this.outcomes.get(v) ?? this.outcomes.get(v.toLowerCase());
        if (o === undefined) {
          reason = also(reason, `unknown outcome "${v}": use progressed, stuck, abandoned or completed (blank means progressed)`);
        } else outcome = o;
      }
    }

    let sentiment: number | undefined;
    if (col.sentiment >= 0) {
      const v = f[col.sentiment].trim();
      if (v !== '') {
        sentiment = SENTIMENTS.get(v);
        if (sentiment === undefined) {
          reason = also(reason, 
            /^[+-]?\d+$/.test(v)
              ? `sentiment ${v} is out of range: use an integer from ${SENTIMENT_MIN} to ${SENTIMENT_MAX}, or leave it blank`
              : `sentiment "${v}" is not an integer: use an integer from ${SENTIMENT_MIN} to ${SENTIMENT_MAX}, or leave it blank`,
          );
        }
      }
    }

    let segment: string | undefined;
    if (col.segment >= 0) {
      const v = f[col.segment].trim();
      if (v !== '') {
        segment = this.segments === null ? v : this.segments.get(v);
        if (segment === undefined) {
          reason = also(reason, 
            `unknown segment "${v}": the model declares the segments ${quoteList([...this.segments!.keys()])}; ` +
              'use one of them, leave it blank, or add the segment to the model',
          );
        }
      }
    }

    // Resolution: touchpoint → actor and channel; activity's only actor; actor + channel → touchpoint.
    if (touchpoint !== undefined && actorOk && channelOk) {
      if (actor !== undefined && actor !== touchpoint.actor) {
        reason = also(reason, 
          `actor "${actor}" contradicts touchpoint "${touchpoint.id}", which belongs to "${touchpoint.actor}": ` +
            "leave actor blank to take the touchpoint's, or correct one of them",
        );
      }
      if (channel !== undefined && channel !== touchpoint.channel) {
        reason = also(reason, 
          `channel ${channel} contradicts touchpoint "${touchpoint.id}", which is on ${touchpoint.channel}: ` +
            "leave channel blank to take the touchpoint's, or correct one of them",
        );
      }
      actor = touchpoint.actor;
      channel = touchpoint.channel;
    }

    let open: OpenJourney | undefined;
    if (reason === '') {
      open = journeyId === this.lastJourney?.input.id ? this.lastJourney : this.journeys.get(journeyId);
      if (segment !== undefined && open?.input.segment !== undefined && open.input.segment !== segment) {
        reason = also(reason, 
          `journey "${journeyId}" already has segment "${open.input.segment}" (line ${open.segmentLine}) ` +
            `but this row says "${segment}": a journey has one segment; correct one of the rows or leave this one blank`,
        );
      }
    }
    if (reason !== '') {
      this.reject(line, f, reason);
      return;
    }

    const act = activity as Activity;
    if (touchpoint === undefined) {
      if (actor === undefined && act.actors.length === 1) actor = act.actors[0];
      if (actor !== undefined && channel !== undefined) {
        const only = this.touchpointByActorChannel.get(actor)?.get(channel);
        if (only !== undefined && only !== null) touchpoint = only;
      }
    }

    // The usual shapes are built by one object literal each, at their final size, rather than
    // grown property by property; the properties come in the same order either way.
    let step: StepInput;
    if (actor !== undefined && channel !== undefined && touchpoint !== undefined) {
      step =
        sentiment === undefined
          ? { timestamp: timestamp as number, activity: act.id, outcome, actor, channel, touchpoint: touchpoint.id }
          : { timestamp: timestamp as number, activity: act.id, outcome, actor, channel, touchpoint: touchpoint.id, sentiment };
    } else {
      step = { timestamp: timestamp as number, activity: act.id, outcome };
      if (actor !== undefined) step.actor = actor;
      if (channel !== undefined) step.channel = channel;
      if (touchpoint !== undefined) step.touchpoint = touchpoint.id;
      if (sentiment !== undefined) step.sentiment = sentiment;
    }
    if (col.note >= 0) {
      const note = f[col.note];
      if (note.trim() !== '') step.note = detach(note);
    }
    const names = this.attributeNames;
    if (names.length > 0) {
      let attributes: Record<string, string> | undefined;
      for (let i = 0; i < names.length; i++) {
        const v = f[this.attributeColumns[i]];
        if (v === '' || v.trim() === '') continue;
        attributes ??= {};
        // A column named __proto__ is an attribute like any other; assigning it would set the
        // object's prototype instead, and its value would be lost.
        if (names[i] === '__proto__') Object.defineProperty(attributes, names[i], { value: this.intern(v), enumerable: true, writable: true, configurable: true });
        else attributes[names[i]] = this.intern(v);
      }
      if (attributes !== undefined) step.attributes = attributes;
    }

    if (open === undefined) {
      const id = detach(journeyId);
      open = { input: { id, steps: [] }, segmentLine: 0, lastTimestamp: step.timestamp, sorted: true };
      this.journeys.set(id, open);
    } else if (step.timestamp < open.lastTimestamp) open.sorted = false;
    else open.lastTimestamp = step.timestamp;
    this.lastJourney = open;
    if (segment !== undefined && open.input.segment === undefined) {
      open.input.segment = this.segments !== null ? segment : detach(segment);
      open.segmentLine = line;
    }
    open.input.steps.push(step);
  }

  private intern(value: string): string {
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    const copy = detach(value);
    if (this.interned.size < MAX_INTERNED) this.interned.set(copy, copy);
    return copy;
  }

  private unknown(kind: 'activity' | 'actor' | 'channel' | 'touchpoint', value: string): string {
    const key = `${kind}\u0000${value}`;
    let reason = this.unknownReasons.get(key);
    if (reason === undefined) {
      const ids =
        kind === 'activity'
          ? this.doc.activities.map((a) => a.id)
          : kind === 'actor'
            ? this.doc.actors.map((a) => a.id)
            : kind === 'touchpoint'
              ? this.doc.touchpoints.map((t) => t.id)
              : [...CHANNELS];
      const fix =
        kind === 'channel'
          ? 'Use one of the channels above, or leave it blank.'
          : kind === 'activity'
            ? "Use one of the model's activity ids, or add the activity to the model."
            : `Use one of the model's ${kind} ids, leave it blank, or add the ${kind} to the model.`;
      reason = unknownReason(kind, value, ids, fix);
      if (this.unknownReasons.size < 10_000) this.unknownReasons.set(key, reason);
    }
    return reason;
  }

  private reject(line: number, row: string[], reason: string): void {
    this.rejects.push({ line, reason, row: row.map(detach) });
    if (this.rejects.length > this.maxRejects) {
      throw new TooManyRejects(
        'BAD_INPUT',
        `${this.source}: more than ${this.maxRejects} rows rejected, so the read stopped at line ${line}: ` +
          'check that the log belongs to this model, fix the rows, or allow more rejects',
        this.rejects.slice(0, 5).map((r) => ({ where: `${this.source}:${r.line}`, message: r.reason })),
      );
    }
  }
}
