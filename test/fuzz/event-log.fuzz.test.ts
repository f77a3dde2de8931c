/**
 * Fuzz tests of the event-log reader (src/ingest/event-log.ts) against the example models:
 * logs generated from a model's own ids load whole, exactly; a log with one broken row loses that
 * row only, with its line and a reason naming what was wrong; any damage at all (dropped and
 * swapped values, bad headers, random bytes) gives rejects with lines or a BAD_INPUT error that
 * names the file and line, never another exception. Case counts and seed: see runs.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCsvRecord } from '../../src/ingest/csv.js';
import { EVENT_LOG_COLUMNS, parseEventLogText, readEventLog, type EventLogResult } from '../../src/ingest/event-log.js';
import { readModelFile } from '../../src/ingest/model-file.js';
import { GoalnetError } from '../../src/model/errors.js';
import type { ModelDocument } from '../../src/model/types.js';
import { CHANNELS, OUTCOMES, type Outcome } from '../../src/model/vocabulary.js';
import type { StepInput } from '../../src/store/graph-store.js';
import { awkwardText, wellFormedText } from './arbitraries.js';
import { fuzzParameters } from './runs.js';

const SEEDS = join(import.meta.dirname, '..', '..', 'seeds', 'models');
const seedModels = await Promise.all(
  ['clinic-visit', 'home-purchase', 'pasta-dinner', 'retail-purchase'].map((name) => readModelFile(join(SEEDS, `${name}.json`))),
);
/** The example models, and one of them without segments (where any segment is accepted). */
const MODELS: ModelDocument[] = [...seedModels, { ...seedModels[1], segments: [] }];
// A counterexample names its model rather than printing it whole.
for (const doc of MODELS) {
  const name = `<model ${doc.model.id}${doc.segments.length === 0 ? ' without segments' : ''}>`;
  Object.defineProperty(doc, fc.toStringMethod, { value: () => name });
}

const tmp = mkdtempSync(join(tmpdir(), 'goalnet-fuzz-log-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let fileCount = 0;
function writeTemp(content: string | Buffer): string {
  const path = join(tmp, `log-${++fileCount}.csv`);
  writeFileSync(path, content);
  return path;
}

// ---------------------------------------------------------------------------------------------
// Valid logs built from a model's ids

/** One generated row, with the step it must become. */
interface GeneratedRow {
  journey: string;
  /** The row's values by column name (known columns and attributes). */
  values: Map<string, string>;
  /** The step's fields that do not depend on which columns the header has. */
  expected: StepInput;
  segment?: string;
}

interface GeneratedLog {
  doc: ModelDocument;
  /** Header names as written (case and spaces varied). */
  header: string[];
  /** Column keys in header order: a known column, or an attribute name. */
  keys: string[];
  rows: (GeneratedRow & { place: Place })[];
}

/** The actor, channel and touchpoint a step must have; a key left out is not checked. */
type Place = { touchpoint?: string; actor?: string; channel?: string };

/** Pads a value with spaces the reader trims. */
const padded = (value: fc.Arbitrary<string>) =>
  fc.tuple(fc.constantFrom('', ' ', '  '), value, fc.constantFrom('', ' ', '\t')).map(([a, v, b]) => a + v + b);

/** Random upper/lower case of each letter. */
const anyCase = (value: string) =>
  fc.array(fc.boolean(), { minLength: value.length, maxLength: value.length }).map((up) =>
    [...value].map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase())).join(''),
  );

const two = (n: number) => String(n).padStart(2, '0');

/** A timestamp in one of the accepted ISO 8601 forms, with the epoch milliseconds it stands for. */
const timestamp: fc.Arbitrary<{ text: string; ms: number }> = fc
  .record({
    y: fc.integer({ min: 1970, max: 2999 }),
    mo: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.option(fc.integer({ min: 0, max: 59 })),
    frac: fc.option(fc.stringMatching(/^\d{1,6}$/)),
    sep: fc.constantFrom('T', 't', ' '),
    zone: fc.oneof(
      fc.constantFrom('Z', 'z'),
      fc.record({ sign: fc.constantFrom('+', '-'), oh: fc.integer({ min: 0, max: 23 }), om: fc.integer({ min: 0, max: 59 }), form: fc.constantFrom('hh:mm', 'hhmm', 'hh') }),
    ),
    dateOnly: fc.boolean(),
  })
  .map(({ y, mo, d, h, mi, s, frac, sep, zone, dateOnly }) => {
    const day = Math.min(d, new Date(Date.UTC(y, mo, 0)).getUTCDate());
    const date = `${y}-${two(mo)}-${two(day)}`;
    if (dateOnly) return { text: date, ms: Date.UTC(y, mo - 1, day) };
    let text = `${date}${sep}${two(h)}:${two(mi)}`;
    let ms = Date.UTC(y, mo - 1, day, h, mi);
    if (s !== null) {
      text += `:${two(s)}`;
      ms += s * 1000;
      if (frac !== null) {
        text += `.${frac}`;
        ms += Number(frac.slice(0, 3).padEnd(3, '0'));
      }
    }
    if (typeof zone === 'string') return { text: text + zone, ms };
    const om = zone.form === 'hh' ? 0 : zone.om;
    text += zone.sign + two(zone.oh) + (zone.form === 'hh:mm' ? `:${two(om)}` : zone.form === 'hhmm' ? two(om) : '');
    const offset = (zone.oh * 60 + om) * 60_000;
    return { text, ms: zone.sign === '+' ? ms - offset : ms + offset };
  });

const SENTIMENT_TEXTS: [string, number][] = [['-2', -2], ['-1', -1], ['0', 0], ['-0', 0], ['+0', 0], ['1', 1], ['+1', 1], ['2', 2], ['+2', 2]];

/** A journey id: not blank, no surrounding spaces (the reader trims them). */
const journeyId = wellFormedText({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== '' && s === s.trim());

/**
 * Attribute column names: not a known column (in any case, with any spaces), not blank, and
 * unique after trimming. Includes names that are special to JavaScript objects.
 */
const attributeNames = fc.uniqueArray(
  fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'Journey ID', 'region', 'ÅÄÖ', 'a,b', 'say "hi"'), wellFormedText({ minLength: 1, maxLength: 6 })),
  { maxLength: 3, selector: (s) => s.trim() },
).map((names) => names.filter((n) => n.trim() !== '' && !(EVENT_LOG_COLUMNS as readonly string[]).includes(n.trim().toLowerCase())));

function rowArbitrary(doc: ModelDocument, attributes: string[], journeys: { id: string; segment?: string }[]): fc.Arbitrary<GeneratedRow> {
  const place = fc.oneof(
    // A touchpoint, with its actor and channel left blank or repeated (channel in any case).
    fc.constantFrom(...doc.touchpoints).chain((t) =>
      fc.record({
        touchpoint: padded(fc.constant(t.id)),
        actor: fc.constantFrom('', t.actor),
        channel: fc.oneof(fc.constant(''), anyCase(t.channel)),
      }),
    ),
    // No touchpoint: any actor or none, any channel or none.
    fc.record({ actor: fc.option(fc.constantFrom(...doc.actors.map((a) => a.id))), channel: fc.option(fc.constantFrom(...CHANNELS)) }).chain(({ actor, channel }) =>
      fc.record({
        touchpoint: fc.constant(''),
        actor: fc.constant(actor ?? ''),
        channel: channel === null ? fc.constant('') : anyCase(channel),
      }),
    ),
  );
  return fc
    .record({
      journey: fc.nat({ max: journeys.length - 1 }),
      journeyPad: fc.constantFrom('', ' '),
      timestamp,
      activity: fc.constantFrom(...doc.activities.map((a) => a.id)),
      place,
      outcome: fc.option(fc.constantFrom(...OUTCOMES).chain(anyCase)),
      sentiment: fc.option(fc.constantFrom(...SENTIMENT_TEXTS)),
      note: wellFormedText({ maxLength: 10 }),
      giveSegment: fc.boolean(),
      attributeValues: fc.array(wellFormedText({ maxLength: 6 }), { minLength: attributes.length, maxLength: attributes.length }),
    })
    .map((r) => {
      const journey = journeys[r.journey];
      const values = new Map<string, string>([
        ['journey', r.journeyPad + journey.id],
        ['timestamp', r.timestamp.text],
        ['activity', r.activity],
        ['actor', r.place.actor],
        ['channel', r.place.channel],
        ['touchpoint', r.place.touchpoint],
        ['outcome', r.outcome ?? ''],
        ['sentiment', r.sentiment?.[0] ?? ''],
        ['note', r.note],
        ['segment', r.giveSegment && journey.segment !== undefined ? journey.segment : ''],
      ]);
      const expected: StepInput = { timestamp: r.timestamp.ms, activity: r.activity, outcome: (r.outcome?.toLowerCase() ?? 'progressed') as Outcome };
      if (r.sentiment !== null) expected.sentiment = r.sentiment[1];
      if (r.note.trim() !== '') expected.note = r.note;
      // Built from entries, so that a name such as __proto__ becomes a key like any other.
      const kept: [string, string][] = [];
      attributes.forEach((name, i) => {
        const v = r.attributeValues[i];
        values.set(name, v);
        if (v.trim() !== '') kept.push([name.trim(), v]);
      });
      if (kept.length > 0) expected.attributes = Object.fromEntries(kept);
      return { journey: journey.id, values, expected, segment: values.get('segment') || undefined };
    });
}

/** A valid log for one of the models: header in any order and case, 1 to 12 rows. */
const validLog: fc.Arbitrary<GeneratedLog> = fc.constantFrom(...MODELS).chain((doc) =>
  fc
    .record({
      optional: fc.shuffledSubarray(['actor', 'channel', 'touchpoint', 'outcome', 'sentiment', 'note', 'segment']),
      attributes: attributeNames,
      journeys: fc.uniqueArray(
        fc.record({
          id: journeyId,
          segment: doc.segments.length > 0 ? fc.option(fc.constantFrom(...doc.segments.map((s) => s.id)), { nil: undefined }) : fc.option(journeyId, { nil: undefined }),
        }),
        { minLength: 1, maxLength: 4, selector: (j) => j.id },
      ),
    })
    .chain(({ optional, attributes, journeys }) =>
      fc.record({
        keys: fc.shuffledSubarray([...optional, ...attributes], { minLength: optional.length + attributes.length }).chain((rest) =>
          fc.shuffledSubarray(['journey', 'timestamp', 'activity', ...rest], { minLength: rest.length + 3 }),
        ),
        cases: fc.array(fc.constantFrom('lower', 'upper', 'padded'), { minLength: 16, maxLength: 16 }),
        rows: fc.array(rowArbitrary(doc, attributes, journeys), { minLength: 1, maxLength: 12 }),
      }),
    )
    .map(({ keys, cases, rows }) => {
      const header = keys.map((k, i) => {
        if (!(EVENT_LOG_COLUMNS as readonly string[]).includes(k)) return k;
        return cases[i % cases.length] === 'upper' ? k.toUpperCase() : cases[i % cases.length] === 'padded' ? ` ${k} ` : k;
      });
      // A column left out of the header drops its value from the step.
      const present = new Set(keys);
      const fitted = rows.map((row) => {
        const expected = { ...row.expected };
        if (!present.has('sentiment')) delete expected.sentiment;
        if (!present.has('note')) delete expected.note;
        if (!present.has('outcome')) expected.outcome = 'progressed';
        const value = (column: string) => (present.has(column) ? row.values.get(column)!.trim() : '');
        const touchpoint = doc.touchpoints.find((t) => t.id === value('touchpoint'));
        const place: Place = {};
        if (touchpoint !== undefined) {
          Object.assign(place, { touchpoint: touchpoint.id, actor: touchpoint.actor, channel: touchpoint.channel });
        } else {
          // Without a touchpoint the reader may fill in an actor (rule 2) and a touchpoint (rule 3).
          if (value('actor') !== '') place.actor = value('actor');
          if (value('channel') !== '') place.channel = value('channel').toUpperCase();
        }
        return { ...row, expected, place, segment: present.has('segment') ? row.segment : undefined };
      });
      return { doc, header, keys, rows: fitted };
    }),
);

interface Serialized {
  text: string;
  /** The line each data row starts on. */
  lines: number[];
}

function serialize(header: string[], rows: string[][], lineEnd = '\n'): Serialized {
  let text = formatCsvRecord(header) + lineEnd;
  let line = 1 + (text.split('\n').length - 1);
  const lines: number[] = [];
  for (const row of rows) {
    lines.push(line);
    const record = formatCsvRecord(row) + lineEnd;
    text += record;
    line += record.split('\n').length - 1;
  }
  return { text, lines };
}

const fieldsOf = (log: GeneratedLog) => log.rows.map((r) => log.keys.map((k) => r.values.get(k) ?? ''));

/** The journeys the log must give: in order of first row, steps stable-sorted by time. */
function expectedJourneys(log: GeneratedLog): { id: string; segment?: string; steps: { step: StepInput; place: Place }[] }[] {
  const byId = new Map<string, { id: string; segment?: string; steps: { step: StepInput; place: Place }[] }>();
  for (const row of log.rows) {
    let j = byId.get(row.journey);
    if (j === undefined) byId.set(row.journey, (j = { id: row.journey, steps: [] }));
    if (row.segment !== undefined && j.segment === undefined) j.segment = row.segment;
    j.steps.push({ step: row.expected, place: row.place });
  }
  for (const j of byId.values()) j.steps.sort((a, b) => a.step.timestamp - b.step.timestamp);
  return [...byId.values()];
}

/** A step's fields the generator fixes, and of actor, channel and touchpoint those `place` names. */
function comparable(step: StepInput, place: Place): Record<string, unknown> {
  const { timestamp, activity, outcome, sentiment, note, attributes } = step;
  const picked: Record<string, unknown> = { timestamp, activity, outcome, sentiment, note, attributes };
  for (const key of Object.keys(place) as (keyof Place)[]) picked[key] = step[key];
  return picked;
}

// ---------------------------------------------------------------------------------------------
// Damage

const ID_COLUMNS = ['activity', 'actor', 'touchpoint', 'channel'] as const;

/** A value that is not a timestamp the reader accepts. */
const badTimestamp = fc.oneof(
  fc.constantFrom('', '2024-02-30', '2023-02-29', '2024-13-01', '2024-03-01T24:00Z', '2024-03-01T09:60Z', '2024-03-01T09:30', '2024-03-01T09:30:00', '2024-03-01T09:30+24:00', '2024-03-01T09:30:00.Z', '1/3/2024', 'yesterday', '2024-3-1', '20240301', '2024-03-01T09:30:00Zjunk', 'NaN'),
  awkwardText({ maxLength: 8 }).filter((s) => !/\d{4}-\d{2}-\d{2}/.test(s)),
);

/** A sentiment the reader refuses. */
const badSentiment = fc.oneof(
  fc.integer().filter((n) => n < -2 || n > 2).map(String),
  fc.constantFrom('1.5', '+-1', '--1', 'two', '1e0', '0x1', '３', '2 2', '+3', '-3', '99999999999999999999'),
);

/** One broken row: what was done, and a piece of text the reason must contain. */
type Breakage = { kind: string; apply: (log: GeneratedLog, fields: string[]) => { fields: string[]; mention: string } | null };

const breakage: fc.Arbitrary<Breakage> = fc.oneof(
  fc.tuple(fc.nat(), fc.boolean()).map(([i, add]): Breakage => ({
    kind: add ? 'an extra field' : 'a dropped field',
    apply: (_log, fields) => {
      const f = [...fields];
      if (add) f.splice(i % (f.length + 1), 0, 'extra');
      else f.splice(i % f.length, 1);
      return { fields: f, mention: `the row has ${f.length} field${f.length === 1 ? '' : 's'} but the header has ${fields.length} columns` };
    },
  })),
  badTimestamp.map((bad): Breakage => ({
    kind: 'a bad timestamp',
    apply: (log, fields) => {
      const f = [...fields];
      f[log.keys.indexOf('timestamp')] = bad;
      return { fields: f, mention: bad.trim() === '' ? 'timestamp is blank' : `timestamp "${bad.trim()}"` };
    },
  })),
  fc.tuple(fc.constantFrom(...ID_COLUMNS), awkwardText({ minLength: 1, maxLength: 10 })).map(([column, bad]): Breakage => ({
    kind: `an unknown ${column}`,
    apply: (log, fields) => {
      const at = log.keys.indexOf(column);
      const value = bad.trim();
      const known =
        column === 'activity' ? log.doc.activities.map((a) => a.id) : column === 'actor' ? log.doc.actors.map((a) => a.id) : column === 'touchpoint' ? log.doc.touchpoints.map((t) => t.id) : [...CHANNELS];
      if (at === -1 || value === '' || known.some((k) => k.toUpperCase() === value.toUpperCase())) return null;
      const f = [...fields];
      f[at] = bad;
      return { fields: f, mention: `unknown ${column} "${value}"` };
    },
  })),
  badSentiment.map((bad): Breakage => ({
    kind: 'a sentiment out of range',
    apply: (log, fields) => {
      const at = log.keys.indexOf('sentiment');
      if (at === -1) return null;
      const f = [...fields];
      f[at] = bad;
      return { fields: f, mention: `sentiment` };
    },
  })),
  fc.constantFrom('later', 'PROGRESS', 'done', '1').map((bad): Breakage => ({
    kind: 'an unknown outcome',
    apply: (log, fields) => {
      const at = log.keys.indexOf('outcome');
      if (at === -1) return null;
      const f = [...fields];
      f[at] = bad;
      return { fields: f, mention: `unknown outcome "${bad}"` };
    },
  })),
  fc.constant<Breakage>({
    kind: 'timestamp and activity swapped',
    apply: (log, fields) => {
      const f = [...fields];
      const t = log.keys.indexOf('timestamp');
      const a = log.keys.indexOf('activity');
      if (f[t] === undefined || f[a] === undefined) return null;
      [f[t], f[a]] = [f[a], f[t]];
      return { fields: f, mention: `unknown activity "${f[a].trim()}"` };
    },
  }),
);

/** What a read gives: a result, or a GoalnetError (any other exception fails the test). */
async function attempt(read: () => EventLogResult | Promise<EventLogResult>): Promise<{ result: EventLogResult } | { error: GoalnetError }> {
  try {
    return { result: await read() };
  } catch (error) {
    if (!(error instanceof GoalnetError)) throw error;
    return { error };
  }
}

/** The checks every read must pass, whatever the input. */
function checkOutcome(outcome: { result: EventLogResult } | { error: GoalnetError }, source: string, lastLine: number): void {
  if ('error' in outcome) {
    const { error } = outcome;
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain(source);
    expect(error.problems.length).toBeGreaterThan(0);
    for (const p of error.problems) {
      expect(p.where).toMatch(new RegExp(`^${source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+$`));
      expect(Number(p.where.slice(source.length + 1))).toBeLessThanOrEqual(lastLine);
      expect(p.message.trim()).not.toBe('');
    }
    return;
  }
  const r = outcome.result;
  expect(r.accepted).toBe(r.rows - r.rejects.length);
  expect(r.journeys.reduce((n, j) => n + j.steps.length, 0)).toBe(r.accepted);
  for (const reject of r.rejects) {
    expect(Number.isInteger(reject.line)).toBe(true);
    expect(reject.line).toBeGreaterThanOrEqual(2);
    expect(reject.line).toBeLessThanOrEqual(lastLine);
    expect(reject.reason.trim()).not.toBe('');
    expect(reject.row.every((f) => typeof f === 'string')).toBe(true);
  }
  for (const j of r.journeys) {
    expect(j.id.trim()).toBe(j.id);
    expect(j.id).not.toBe('');
    for (const s of j.steps) expect(Number.isFinite(s.timestamp)).toBe(true);
  }
}

const lastLineOf = (text: string) => text.split('\n').length;

describe('event-log reader, fuzzed against the example models', () => {
  it('a log built from the model ids loads whole: no rejects, every row a step, journeys as written', async () => {
    await fc.assert(
      fc.asyncProperty(validLog, fc.constantFrom('\n', '\r\n'), async (log, lineEnd) => {
        const { text } = serialize(log.header, fieldsOf(log), lineEnd);
        const result = parseEventLogText(text, log.doc, 'log.csv');
        expect(result.rejects).toEqual([]);
        expect(result.rows).toBe(log.rows.length);
        expect(result.accepted).toBe(log.rows.length);
        const expected = expectedJourneys(log);
        expect(result.journeys.map((j) => j.id)).toEqual(expected.map((j) => j.id));
        result.journeys.forEach((j, i) => {
          expect(j.segment).toBe(expected[i].segment);
          const want = expected[i].steps;
          expect(j.steps.map((s, k) => comparable(s, want[k].place))).toEqual(want.map((w) => comparable({ ...w.step, ...w.place } as StepInput, w.place)));
        });
        // The same text from a file reads the same.
        const fromFile = await readEventLog(writeTemp(text), log.doc);
        expect({ ...fromFile, source: 'log.csv' }).toEqual(result);
      }),
      fuzzParameters(),
    );
  });

  it('one broken row is rejected alone, at its line, with a reason naming the column or value', () => {
    fc.assert(
      fc.property(validLog, fc.nat(), breakage, (log, which, broken) => {
        const rows = fieldsOf(log);
        const at = which % rows.length;
        const applied = broken.apply(log, rows[at]);
        fc.pre(applied !== null);
        rows[at] = applied!.fields;
        const { text, lines } = serialize(log.header, rows);
        const result = parseEventLogText(text, log.doc, 'log.csv');
        expect(result.rows).toBe(rows.length);
        expect(result.rejects.map((r) => r.line)).toEqual([lines[at]]);
        expect(result.rejects[0].reason).toContain(applied!.mention);
        expect(result.rejects[0].row).toEqual(applied!.fields);
        expect(result.accepted).toBe(rows.length - 1);
      }),
      fuzzParameters(),
    );
  });

  it('any damage gives rejects with lines and reasons, or BAD_INPUT naming file and line; never another exception', async () => {
    const damage = fc.oneof(
      fc.record({ kind: fc.constant('row' as const), row: fc.nat(), broken: breakage }),
      fc.record({ kind: fc.constant('drop column' as const), column: fc.nat() }),
      fc.record({ kind: fc.constant('duplicate column' as const), column: fc.nat() }),
      fc.record({ kind: fc.constant('blank header name' as const), column: fc.nat() }),
      fc.record({ kind: fc.constant('swap cells' as const), row: fc.nat(), a: fc.nat(), b: fc.nat() }),
      fc.record({ kind: fc.constant('replace cell' as const), row: fc.nat(), column: fc.nat(), value: awkwardText({ maxLength: 12 }) }),
      fc.record({ kind: fc.constant('insert text' as const), at: fc.nat(), value: awkwardText({ minLength: 1, maxLength: 6 }) }),
      fc.record({ kind: fc.constant('cut text' as const), at: fc.nat(), length: fc.nat({ max: 40 }) }),
    );
    await fc.assert(
      fc.asyncProperty(
        validLog,
        fc.array(damage, { minLength: 1, maxLength: 4 }),
        fc.option(fc.nat({ max: 3 }), { nil: undefined }),
        async (log, damages, maxRejects) => {
          let header = [...log.header];
          let rows = fieldsOf(log);
          let text: string | undefined;
          for (const d of damages) {
            if (text !== undefined && d.kind !== 'insert text' && d.kind !== 'cut text') continue;
            switch (d.kind) {
              case 'row': {
                // A row breakage finds its columns by the generated header.
                if (header.length !== log.header.length) continue;
                const at = d.row % rows.length;
                rows[at] = d.broken.apply(log, rows[at])?.fields ?? rows[at];
                break;
              }
              case 'drop column': {
                const c = d.column % header.length;
                header = header.filter((_, i) => i !== c);
                rows = rows.map((r) => r.filter((_, i) => i !== c));
                break;
              }
              case 'duplicate column': {
                const c = d.column % header.length;
                header = [...header, header[c].toUpperCase()];
                rows = rows.map((r) => [...r, r[c] ?? '']);
                break;
              }
              case 'blank header name':
                header = header.map((h, i) => (i === d.column % header.length ? ' ' : h));
                break;
              case 'swap cells': {
                const r = rows[d.row % rows.length];
                const a = d.a % r.length;
                const b = d.b % r.length;
                [r[a], r[b]] = [r[b], r[a]];
                break;
              }
              case 'replace cell': {
                const r = rows[d.row % rows.length];
                r[d.column % r.length] = d.value;
                break;
              }
              case 'insert text': {
                text ??= serialize(header, rows).text;
                const at = d.at % (text.length + 1);
                text = text.slice(0, at) + d.value + text.slice(at);
                break;
              }
              case 'cut text': {
                text ??= serialize(header, rows).text;
                const at = d.at % (text.length + 1);
                text = text.slice(0, at) + text.slice(at + d.length);
                break;
              }
            }
          }
          text ??= serialize(header, rows).text;
          const outcome = await attempt(() => parseEventLogText(text, log.doc, 'log.csv', { maxRejects }));
          checkOutcome(outcome, 'log.csv', lastLineOf(text));
          if ('result' in outcome && maxRejects !== undefined) expect(outcome.result.rejects.length).toBeLessThanOrEqual(maxRejects);
        },
      ),
      fuzzParameters(),
    );
  });

  it('a file with random bytes in it reads, or fails with BAD_INPUT naming the file and line', async () => {
    await fc.assert(
      fc.asyncProperty(
        validLog,
        fc.array(fc.record({ at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }), { minLength: 1, maxLength: 4 }),
        async (log, insertions) => {
          let bytes = Buffer.from(serialize(log.header, fieldsOf(log)).text, 'utf8');
          for (const { at, bytes: junk } of insertions) {
            const i = at % (bytes.length + 1);
            bytes = Buffer.concat([bytes.subarray(0, i), junk, bytes.subarray(i)]);
          }
          const path = writeTemp(bytes);
          const decoded = bytes.toString('utf8');
          const fromFile = await attempt(() => readEventLog(path, log.doc, { rejectsPath: `${path}.rejects.csv` }));
          checkOutcome(fromFile, path, lastLineOf(decoded));
          // The file reads exactly as its text does.
          const fromText = await attempt(() => parseEventLogText(decoded, log.doc, path));
          expect(fromFile).toEqual(fromText);
        },
      ),
      fuzzParameters(),
    );
  });
});
