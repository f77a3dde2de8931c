import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/ingest/csv.js';
import {
  formatRejectsCsv,
  parseEventLogText,
  parseTimestamp,
  readEventLog,
  type EventLogResult,
} from '../src/ingest/event-log.js';
import { GoalnetError } from '../src/model/errors.js';
import type { ModelDocument } from '../src/model/types.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'logs');
const tmp = mkdtempSync(join(tmpdir(), 'goalnet-event-log-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A small home-buying model, written out here so the test does not depend on the seeds. */
const DOC: ModelDocument = {
  model: { id: 'home', name: 'Buying a home' },
  goals: [
    { id: 'own-home', name: 'Own a home', refinement: 'AND' },
    { id: 'finance', name: 'Finance it', parent: 'own-home', refinement: 'AND' },
  ],
  actors: [
    { id: 'nordbank', name: 'Nordbank', kind: 'BANK', focal: true },
    { id: 'broker', name: 'City Brokers', kind: 'BROKER', focal: false },
    { id: 'insurer', name: 'Safe Insurance', kind: 'INSURER', focal: false },
  ],
  touchpoints: [
    { id: 'bank-web', name: 'Bank web', actor: 'nordbank', channel: 'WEB', initiator: 'CUSTOMER', ownership: 'BRAND' },
    { id: 'bank-app', name: 'Bank app', actor: 'nordbank', channel: 'APP', initiator: 'CUSTOMER', ownership: 'BRAND' },
    { id: 'bank-call-in', name: 'Hotline', actor: 'nordbank', channel: 'PHONE', initiator: 'CUSTOMER', ownership: 'BRAND' },
    { id: 'bank-call-out', name: 'Sales calls', actor: 'nordbank', channel: 'PHONE', initiator: 'FIRM', ownership: 'BRAND' },
    { id: 'insurer-phone', name: 'Insurer phone', actor: 'insurer', channel: 'PHONE', initiator: 'CUSTOMER', ownership: 'PARTNER' },
  ],
  activities: [
    { id: 'view-homes', name: 'View homes', goal: 'own-home', phase: 'EVALUATION', mode: 'ACTIVE', actors: ['broker'], touchpoints: [], next: [] },
    { id: 'apply-loan', name: 'Apply for a loan', goal: 'finance', phase: 'PURCHASE', mode: 'ACTIVE', actors: ['nordbank'], touchpoints: ['bank-web'], next: [] },
    { id: 'compare-insurance', name: 'Compare insurance', goal: 'finance', phase: 'EVALUATION', mode: 'ACTIVE', actors: ['insurer', 'nordbank'], touchpoints: [], next: [] },
    { id: 'sign-contract', name: 'Sign the contract', goal: 'own-home', phase: 'PURCHASE', mode: 'ACTIVE', actors: [], touchpoints: [], next: [] },
  ],
  partnerships: [],
  segments: [
    { id: 'first-time', name: 'First-time buyers' },
    { id: 'returning', name: 'Returning buyers' },
  ],
};

const HEADER = 'journey,timestamp,activity,actor,channel,touchpoint,outcome,sentiment,note,segment';
const T = (iso: string) => Date.parse(iso);

function parse(text: string, doc: ModelDocument = DOC): EventLogResult {
  return parseEventLogText(text, doc, 'test.csv');
}

/** The single reject of a log, or a failure when there is not exactly one. */
function onlyReject(result: EventLogResult) {
  expect(result.rejects).toHaveLength(1);
  return result.rejects[0];
}

function thrown(run: () => unknown): GoalnetError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GoalnetError);
    return error as GoalnetError;
  }
  throw new Error('expected an error');
}

describe('readEventLog on a good log', () => {
  it('loads the journeys in order of first appearance, steps sorted by time with ties in file order', async () => {
    const result = await readEventLog(join(FIXTURES, 'good.csv'), DOC);
    expect(result.source).toBe(join(FIXTURES, 'good.csv'));
    expect(result.rows).toBe(6);
    expect(result.accepted).toBe(6);
    expect(result.rejects).toEqual([]);
    expect(result.columns).toEqual([...HEADER.split(','), 'device']);
    expect(result.journeys).toEqual([
      {
        id: 'j1',
        segment: 'first-time',
        steps: [
          {
            timestamp: T('2024-03-01T09:00:00Z'),
            activity: 'view-homes',
            actor: 'broker',
            outcome: 'progressed',
            sentiment: 1,
            attributes: { device: 'mobile' },
          },
          {
            timestamp: T('2024-03-01T09:00:00Z'),
            activity: 'apply-loan',
            actor: 'nordbank',
            channel: 'WEB',
            touchpoint: 'bank-web',
            outcome: 'stuck',
            sentiment: -1,
            note: 'Form lost my data, had to start over',
            attributes: { device: 'desktop' },
          },
          { timestamp: T('2024-03-01T09:00:00Z'), activity: 'sign-contract', outcome: 'completed' },
          {
            timestamp: T('2024-03-01T09:30:00Z'),
            activity: 'compare-insurance',
            actor: 'insurer',
            channel: 'PHONE',
            touchpoint: 'insurer-phone',
            outcome: 'progressed',
            sentiment: 0,
          },
        ],
      },
      {
        id: 'j2',
        segment: 'returning',
        steps: [
          { timestamp: T('2024-03-02T00:00:00Z'), activity: 'view-homes', actor: 'broker', outcome: 'progressed' },
          {
            timestamp: T('2024-03-02T08:15:30.250Z'),
            activity: 'apply-loan',
            actor: 'nordbank',
            channel: 'APP',
            touchpoint: 'bank-app',
            outcome: 'completed',
            sentiment: 2,
            note: 'Called "Anna" at the bank;\nshe sorted it out',
            attributes: { device: 'mobile' },
          },
        ],
      },
    ]);
    // No property is present with an undefined value: steps stay lean.
    for (const step of result.journeys.flatMap((j) => j.steps)) {
      for (const value of Object.values(step)) expect(value).not.toBeUndefined();
    }
  });

  it('reports progress up to the file size', async () => {
    const path = join(FIXTURES, 'good.csv');
    const calls: [number, number][] = [];
    await readEventLog(path, DOC, { onProgress: (read, total) => calls.push([read, total]) });
    const size = readFileSync(path).length;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.at(-1)).toEqual([size, size]);
  });

  it('says so when the file cannot be read', async () => {
    await expect(readEventLog(join(tmp, 'missing.csv'), DOC)).rejects.toThrow(/cannot read the event log .*missing\.csv/);
  });
});

describe('rows that break a rule are rejected with their line, the rest still load', () => {
  it('handles the mixed fixture: bad timestamp, unknown activity, sentiment out of range, wrong field count', async () => {
    const rejectsPath = join(tmp, 'mixed-rejects.csv');
    const result = await readEventLog(join(FIXTURES, 'mixed.csv'), DOC, { rejectsPath });
    expect(result.rows).toBe(6);
    expect(result.accepted).toBe(2);
    expect(result.journeys.map((j) => [j.id, j.steps.map((s) => s.note)])).toEqual([
      ['j1', ['fine']],
      ['j3', ['ok']],
    ]);
    expect(result.rejects.map((r) => r.line)).toEqual([3, 4, 5, 8]);
    const [timestamp, activity, sentiment, width] = result.rejects;
    expect(timestamp.reason).toContain('timestamp "31/12/2024" is not an ISO 8601');
    expect(timestamp.reason).toContain('2024-03-01T09:30:00Z');
    expect(activity.reason).toContain('unknown activity "aply-loan": did you mean "apply-loan"?');
    expect(sentiment.reason).toContain('sentiment 3 is out of range: use an integer from -2 to 2');
    expect(sentiment.row).toEqual(['j2', '2024-03-01T10:00:00Z', 'view-homes', '3', 'too many viewings,\nall the same']);
    expect(width.reason).toContain('the row has 4 fields but the header has 5 columns');
    expect(width.row).toEqual(['j3', '2024-03-01T12:00:00Z', 'view-homes', '']);

    // The rejects file: line, reason, then the original header; it reads back as the same rows.
    const written = readFileSync(rejectsPath, 'utf8');
    expect(written.split('\n')[0]).toBe('line,reason,journey,timestamp,activity,sentiment,note');
    expect(written).toBe(formatRejectsCsv(result.columns, result.rejects));
    const back = parseCsv(written);
    expect(back.map((r) => r.fields)).toEqual([
      ['line', 'reason', 'journey', 'timestamp', 'activity', 'sentiment', 'note'],
      ...result.rejects.map((r) => [String(r.line), r.reason, ...r.row]),
    ]);
    expect(back[3].fields.slice(2)).toEqual(['j2', '2024-03-01T10:00:00Z', 'view-homes', '3', 'too many viewings,\nall the same']);
  });

  it('writes a header-only rejects file when nothing was rejected', async () => {
    const rejectsPath = join(tmp, 'none.csv');
    await readEventLog(join(FIXTURES, 'good.csv'), DOC, { rejectsPath });
    expect(readFileSync(rejectsPath, 'utf8')).toBe(`line,reason,${HEADER},device\n`);
  });

  it('accepts ISO 8601 with Z, offsets and date-only; refuses other forms, quoting the value', () => {
    const result = parse(
      [
        'journey,timestamp,activity',
        'j,2024-03-01T09:30:00Z,view-homes',
        'j,2024-03-01T10:30:00.5+01:00,view-homes',
        'j,2024-03-01 04:30-0500,view-homes',
        'j,2024-03-01,view-homes',
        'j,31/12/2024,view-homes',
        'j,2024-03-01T09:30:00,view-homes',
        'j,2024-02-30T09:30:00Z,view-homes',
        'j,March 1 2024,view-homes',
        'j,,view-homes',
      ].join('\n'),
    );
    expect(result.journeys[0].steps.map((s) => s.timestamp)).toEqual([
      T('2024-03-01T00:00:00Z'),
      T('2024-03-01T09:30:00Z'),
      T('2024-03-01T09:30:00Z'),
      T('2024-03-01T09:30:00.500Z'),
    ]);
    expect(result.journeys[0].steps.map((s) => s.timestamp)).toHaveLength(4);
    expect(result.rejects.map((r) => [r.line, r.reason.split(':')[0]])).toEqual([
      [6, 'timestamp "31/12/2024" is not an ISO 8601 date or date-time'],
      [7, 'timestamp "2024-03-01T09'],
      [8, 'timestamp "2024-02-30T09'],
      [9, 'timestamp "March 1 2024" is not an ISO 8601 date or date-time'],
      [10, 'timestamp is blank'],
    ]);
    expect(result.rejects[1].reason).toContain('has no time zone: add Z for UTC or an offset');
    expect(result.rejects[2].reason).toContain('is not an ISO 8601');
  });

  it('rejects blank and unknown values, saying what to use instead', () => {
    const result = parse(
      [
        HEADER,
        ',2024-03-01,view-homes,,,,,,,',
        'j,2024-03-01,,,,,,,,',
        'j,2024-03-01,view-homes,brokr,,,,,,',
        'j,2024-03-01,view-homes,,telepathy,,,,,',
        'j,2024-03-01,view-homes,,,bank-webb,,,,',
        'j,2024-03-01,view-homes,,,,done,,,',
        'j,2024-03-01,view-homes,,,,,good,,',
        'j,2024-03-01,view-homes,,,,,-3,,',
        'j,2024-03-01,view-homes,,,,,,,vip',
        'j,2024-03-01,Apply-Loan,,,,,,,',
        'j,2024-03-01,view-homes,,,,,,,',
      ].join('\n'),
    );
    expect(result.accepted).toBe(1);
    const reasons = Object.fromEntries(result.rejects.map((r) => [r.line, r.reason]));
    expect(reasons[2]).toMatch(/^journey is blank: give the id of the journey/);
    expect(reasons[3]).toMatch(/^activity is blank: give the id of one of the model's activities, e.g. "view-homes"/);
    expect(reasons[4]).toBe(
      `unknown actor "brokr": did you mean "broker"? Use one of the model's actor ids, leave it blank, or add the actor to the model.`,
    );
    expect(reasons[5]).toMatch(/^unknown channel "telepathy": the channels are "WEB", "APP", .*"OTHER"\. Use one of the channels/);
    expect(reasons[6]).toMatch(/^unknown touchpoint "bank-webb": did you mean "bank-web"\?/);
    expect(reasons[7]).toBe('unknown outcome "done": use progressed, stuck, abandoned or completed (blank means progressed)');
    expect(reasons[8]).toBe('sentiment "good" is not an integer: use an integer from -2 to 2, or leave it blank');
    expect(reasons[9]).toBe('sentiment -3 is out of range: use an integer from -2 to 2, or leave it blank');
    expect(reasons[10]).toMatch(/^unknown segment "vip": the model declares the segments "first-time", "returning"/);
    expect(reasons[11]).toMatch(/^unknown activity "Apply-Loan": did you mean "apply-loan"\?/);
  });

  it('lists the model ids when no id is close, and joins several problems of one row', () => {
    const reject = onlyReject(parse(`${HEADER}\nj,yesterday,paint-walls,,,,,9,,`));
    expect(reject.reason).toContain('timestamp "yesterday" is not an ISO 8601');
    expect(reject.reason).toContain(
      `unknown activity "paint-walls": the model's activities are "view-homes", "apply-loan", "compare-insurance", "sign-contract".`,
    );
    expect(reject.reason).toContain('sentiment 9 is out of range');
    expect(reject.reason.split('; ')).toHaveLength(3);
  });

  it('accepts values with spaces around them, channels and outcomes in any case', () => {
    const result = parse(`${HEADER}\n j1 , 2024-03-01 , apply-loan , nordbank , web ,, Stuck , +2 ,  a note  , returning `);
    expect(result.rejects).toEqual([]);
    expect(result.journeys).toEqual([
      {
        id: 'j1',
        segment: 'returning',
        steps: [
          {
            timestamp: T('2024-03-01T00:00:00Z'),
            activity: 'apply-loan',
            actor: 'nordbank',
            channel: 'WEB',
            touchpoint: 'bank-web',
            outcome: 'stuck',
            sentiment: 2,
            note: '  a note  ',
          },
        ],
      },
    ]);
  });

  it('stops with BAD_INPUT once more than maxRejects rows are rejected, writing the rejects so far', async () => {
    const path = join(tmp, 'wrong-model.csv');
    const rows = Array.from({ length: 50 }, (_, i) => `j${i},2024-03-01,paint-walls`);
    writeFileSync(path, ['journey,timestamp,activity', ...rows].join('\n'));
    const rejectsPath = join(tmp, 'wrong-model-rejects.csv');
    const error = await readEventLog(path, DOC, { maxRejects: 3, rejectsPath }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoalnetError);
    expect((error as GoalnetError).code).toBe('BAD_INPUT');
    expect((error as GoalnetError).message).toContain('more than 3 rows rejected, so the read stopped at line 5');
    expect((error as GoalnetError).problems[0].where).toBe(`${path}:2`);
    expect(parseCsv(readFileSync(rejectsPath, 'utf8')).map((r) => r.fields[0])).toEqual(['line', '2', '3', '4', '5']);
  });
});

describe('whole-file problems throw BAD_INPUT naming the file', () => {
  it('an empty file, or one with only a byte-order mark and blank lines', async () => {
    const empty = join(tmp, 'empty.csv');
    writeFileSync(empty, '');
    await expect(readEventLog(empty, DOC)).rejects.toThrow(
      `${empty} is empty: expected a header line such as journey,timestamp,activity,actor,channel,touchpoint,outcome,sentiment,note,segment`,
    );
    const error = thrown(() => parse('\uFEFF\r\n\n'));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toMatch(/^test\.csv is empty/);
  });

  it('a header without a required column names it, the columns found and the required ones', () => {
    const error = thrown(() => parse('journey,time,activity,note\nj1,2024-03-01,view-homes,x\n'));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].where).toBe('test.csv:1');
    const message = error.problems[0].message;
    expect(message).toContain('the header has no "timestamp" column');
    expect(message).toContain('Columns found: journey, time, activity, note');
    expect(message).toContain('Required: journey, timestamp, activity (in any order)');
    expect(message).toContain('rename "time" to "timestamp"?');
    expect(error.message).toContain('test.csv');
  });

  it('names every missing required column', () => {
    const error = thrown(() => parse('id,when,activity\n'));
    expect(error.problems[0].message).toContain('the header has no "journey" or "timestamp" columns');
  });

  it('duplicate and blank header names', () => {
    const duplicate = thrown(() => parse('journey,timestamp,activity,Note,note\n'));
    expect(duplicate.problems.map((p) => p.message)).toEqual([
      'column "note" appears twice in the header (columns 4 and 5): rename or remove one of them',
    ]);
    const blank = thrown(() => parse('journey,timestamp,,activity\n'));
    expect(blank.problems[0].message).toContain('column 3 of the header has no name');
  });

  it('an unclosed quote names the line where the field starts', () => {
    const error = thrown(() => parse(`journey,timestamp,activity,note\nj,2024-03-01,view-homes,ok\nj,2024-03-02,view-homes,"oops\nj,2024-03-03,view-homes,\n`));
    expect(error.problems[0].where).toBe('test.csv:3');
  });

  it('a header alone is a valid, empty log; columns may come in any order and in any case', () => {
    expect(parse('Activity, JOURNEY ,timestamp\n')).toMatchObject({ journeys: [], rows: 0, accepted: 0, rejects: [] });
    const result = parse('Activity, JOURNEY ,timestamp\nview-homes,j9,2024-03-01\n');
    expect(result.journeys).toEqual([
      { id: 'j9', steps: [{ timestamp: T('2024-03-01T00:00:00Z'), activity: 'view-homes', actor: 'broker', outcome: 'progressed' }] },
    ]);
  });
});

describe('a file with a byte-order mark and Windows line ends', () => {
  it('loads, with the right line numbers for rejects after a multi-line note', async () => {
    const path = join(tmp, 'windows.csv');
    const text =
      '\uFEFFjourney,timestamp,activity,note\r\n' +
      'w1,2024-03-01T09:00:00Z,view-homes,"first line\r\nsecond, line"\r\n' +
      'w1,2024-03-01T08:00:00Z,apply-loan,\r\n' +
      '\r\n' +
      'w2,2024-13-01,view-homes,bad month\r\n' +
      'w2,2024-03-02,view-homes,"""quoted"""\r\n';
    writeFileSync(path, text, 'utf8');
    const result = await readEventLog(path, DOC);
    expect(result.columns).toEqual(['journey', 'timestamp', 'activity', 'note']);
    expect(result.journeys.map((j) => [j.id, j.steps.map((s) => s.activity)])).toEqual([
      ['w1', ['apply-loan', 'view-homes']],
      ['w2', ['view-homes']],
    ]);
    expect(result.journeys[0].steps[1].note).toBe('first line\r\nsecond, line');
    expect(result.journeys[0].steps[0].note).toBeUndefined();
    expect(result.journeys[1].steps[0].note).toBe('"quoted"');
    const reject = onlyReject(result);
    expect(reject.line).toBe(6);
    expect(reject.reason).toContain('timestamp "2024-13-01"');
  });
});

describe('extra columns', () => {
  it('are kept as step attributes under their header names; blank values are left out', () => {
    const result = parse('journey,timestamp,activity,device, Store Id \nj,2024-03-01,view-homes,mobile,\nj,2024-03-02,view-homes,,S-12\n');
    expect(result.journeys[0].steps.map((s) => s.attributes)).toEqual([{ device: 'mobile' }, { 'Store Id': 'S-12' }]);
  });
});

describe('resolution against the model', () => {
  const run = (rows: string[]) => parse([HEADER, ...rows].join('\n'));

  it('a touchpoint fills in its actor and channel', () => {
    const step = run(['j,2024-03-01,apply-loan,,,bank-app,,,,']).journeys[0].steps[0];
    expect(step).toMatchObject({ actor: 'nordbank', channel: 'APP', touchpoint: 'bank-app' });
  });

  it('an actor or channel that contradicts the touchpoint is rejected', () => {
    const result = run([
      'j,2024-03-01,apply-loan,broker,,bank-web,,,,',
      'j,2024-03-01,apply-loan,,PHONE,bank-web,,,,',
      'j,2024-03-01,apply-loan,nordbank,WEB,bank-web,,,,',
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejects.map((r) => r.line)).toEqual([2, 3]);
    expect(result.rejects[0].reason).toBe(
      `actor "broker" contradicts touchpoint "bank-web", which belongs to "nordbank": leave actor blank to take the touchpoint's, or correct one of them`,
    );
    expect(result.rejects[1].reason).toContain('channel PHONE contradicts touchpoint "bank-web", which is on WEB');
  });

  it("an actor and channel without a touchpoint find the actor's only touchpoint on that channel", () => {
    const steps = run([
      'j,2024-03-01T01:00Z,apply-loan,nordbank,WEB,,,,,',
      'j,2024-03-01T02:00Z,apply-loan,nordbank,PHONE,,,,,',
      'j,2024-03-01T03:00Z,apply-loan,nordbank,EMAIL,,,,,',
    ]).journeys[0].steps;
    expect(steps[0]).toMatchObject({ actor: 'nordbank', channel: 'WEB', touchpoint: 'bank-web' });
    // Two PHONE touchpoints: ambiguous, so none; no EMAIL touchpoint: none.
    expect(steps[1]).toEqual({ timestamp: T('2024-03-01T02:00Z'), activity: 'apply-loan', actor: 'nordbank', channel: 'PHONE', outcome: 'progressed' });
    expect(steps[2]).toEqual({ timestamp: T('2024-03-01T03:00Z'), activity: 'apply-loan', actor: 'nordbank', channel: 'EMAIL', outcome: 'progressed' });
  });

  it("no actor: the activity's only actor, and then its touchpoint on the channel", () => {
    const steps = run([
      'j,2024-03-01T01:00Z,apply-loan,,,,,,,',
      'j,2024-03-01T02:00Z,apply-loan,,APP,,,,,',
      'j,2024-03-01T03:00Z,compare-insurance,,PHONE,,,,,',
      'j,2024-03-01T04:00Z,sign-contract,,,,,,,',
    ]).journeys[0].steps;
    expect(steps[0]).toEqual({ timestamp: T('2024-03-01T01:00Z'), activity: 'apply-loan', actor: 'nordbank', outcome: 'progressed' });
    expect(steps[1]).toMatchObject({ actor: 'nordbank', channel: 'APP', touchpoint: 'bank-app' });
    // compare-insurance lists two actors, sign-contract none: no actor is guessed.
    expect(steps[2]).toEqual({ timestamp: T('2024-03-01T03:00Z'), activity: 'compare-insurance', channel: 'PHONE', outcome: 'progressed' });
    expect(steps[3]).toEqual({ timestamp: T('2024-03-01T04:00Z'), activity: 'sign-contract', outcome: 'progressed' });
  });

  it('an actor not listed on the activity is accepted as a real observation', () => {
    const result = run(['j,2024-03-01,view-homes,nordbank,,,,,,', 'j,2024-03-01,view-homes,,,insurer-phone,,,,']);
    expect(result.rejects).toEqual([]);
    expect(result.journeys[0].steps.map((s) => [s.actor, s.touchpoint])).toEqual([
      ['nordbank', undefined],
      ['insurer', 'insurer-phone'],
    ]);
  });
});

describe('step order', () => {
  it('sorts each journey by timestamp and keeps rows with equal timestamps in file order', () => {
    const rows = ['c1', 'a', 'c2', 'b1', 'c3', 'b2', 'c4'].map((note) => {
      const time = note === 'a' ? '08:00' : note.startsWith('b') ? '09:00' : '10:00';
      return `j,2024-03-01T${time}Z,view-homes,${note}`;
    });
    const result = parse(['journey,timestamp,activity,note', ...rows].join('\n'));
    expect(result.journeys[0].steps.map((s) => s.note)).toEqual(['a', 'b1', 'b2', 'c1', 'c2', 'c3', 'c4']);
  });
});

describe('segments', () => {
  it('a journey keeps the first segment given; a later row with another segment is rejected', () => {
    const result = parse(
      [
        HEADER,
        'j1,2024-03-01T01:00Z,view-homes,,,,,,,',
        'j1,2024-03-01T02:00Z,view-homes,,,,,,,first-time',
        'j1,2024-03-01T03:00Z,view-homes,,,,,,,first-time',
        'j1,2024-03-01T04:00Z,view-homes,,,,,,,returning',
        'j1,2024-03-01T05:00Z,view-homes,,,,,,,',
      ].join('\n'),
    );
    expect(result.journeys).toHaveLength(1);
    expect(result.journeys[0].segment).toBe('first-time');
    expect(result.journeys[0].steps).toHaveLength(4);
    const reject = onlyReject(result);
    expect(reject.line).toBe(5);
    expect(reject.reason).toBe(
      'journey "j1" already has segment "first-time" (line 3) but this row says "returning": a journey has one segment; correct one of the rows or leave this one blank',
    );
  });

  it('any segment is accepted when the model declares none', () => {
    const result = parse(`${HEADER}\nj1,2024-03-01,view-homes,,,,,,,vip`, { ...DOC, segments: [] });
    expect(result.rejects).toEqual([]);
    expect(result.journeys[0].segment).toBe('vip');
  });
});

describe('parseTimestamp', () => {
  it('agrees with Date.parse on the forms it accepts', () => {
    for (const s of [
      '1970-01-01',
      '2000-02-29',
      '2024-12-31T23:59:59.999Z',
      '1999-06-15T12:00:00-07:30',
      '2024-03-01T09:30+0130',
      '2024-03-01T09:30:00.123456+01',
    ]) {
      const normal = s.length === 10 ? s : s.replace(/(\.\d{3})\d+/, '$1').replace(/([+-]\d\d)(\d\d)$/, '$1:$2').replace(/([+-]\d\d)$/, '$1:00');
      expect(parseTimestamp(s), s).toBe(Date.parse(normal));
    }
  });

  it('refuses local times, impossible dates and other orders', () => {
    for (const s of ['2023-02-29', '2024-03-01T24:00Z', '2024-03-01T09:60Z', '2024-03-01T09:30', '20240301', '2024-3-1', '01/03/2024', '2024-03-01Z', '2024-03-01T09:30:00.Z', '2024-03-01T09:30Zjunk'])
      expect(parseTimestamp(s), s).toBeUndefined();
  });
});
