/**
 * The example models and event logs under seeds/: the model files are consistent, the generator
 * is deterministic and regrows the committed logs, every row agrees with its model, and each
 * planted scenario shows up in the raw rows by a plain count.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GoalnetError } from '../src/model/errors.js';
import type { ModelDocument } from '../src/model/types.js';
import { parseModelDocument } from '../src/model/validate.js';
import {
  ACTOR_KINDS,
  CHANNELS,
  INITIATORS,
  MODES,
  OUTCOMES,
  OWNERSHIPS,
  PHASES,
  REFINEMENTS,
} from '../src/model/vocabulary.js';
import { parseEventLogText } from '../src/ingest/event-log.js';
import {
  checkSeedEvents,
  compileScenario,
  EVENT_LOG_HEADER,
  eventLogText,
  eventsPath,
  generateJourneys,
  modelPath,
  parseCli,
  scenarioFor,
  SEED_MODEL_IDS,
  writeEventLog,
} from '../seeds/generate.js';
import type { Scenario } from '../seeds/scenario.js';

// ---------------------------------------------------------------------------------------------
// Small self-contained helpers
// ---------------------------------------------------------------------------------------------

function rawModel(id: string): ModelDocument {
  return JSON.parse(readFileSync(modelPath(id), 'utf8')) as ModelDocument;
}

/**
 * Every reference problem of a model, as `path: message` strings: unknown ids, duplicates, not
 * exactly one overall goal or one focal actor, activities on non-leaf goals, activity
 * touchpoints whose actor is not among the activity's actors, values outside the vocabularies.
 */
function referenceProblems(doc: ModelDocument): string[] {
  const problems: string[] = [];
  const ids = (list: { id: string }[], what: string): Set<string> => {
    const seen = new Set<string>();
    list.forEach((e, i) => {
      if (seen.has(e.id)) problems.push(`${what}[${i}].id: duplicate "${e.id}"`);
      seen.add(e.id);
    });
    return seen;
  };
  const goals = ids(doc.goals, 'goals');
  const actors = ids(doc.actors, 'actors');
  const touchpoints = ids(doc.touchpoints, 'touchpoints');
  const activities = ids(doc.activities, 'activities');
  ids(doc.segments, 'segments');
  const parents = new Set(doc.goals.flatMap((g) => (g.parent === undefined ? [] : [g.parent])));
  const tpById = new Map(doc.touchpoints.map((t) => [t.id, t]));
  const oneOf = (p: string, list: readonly string[], v: string): void => {
    if (!list.includes(v)) problems.push(`${p}: "${v}" not in ${list.join('|')}`);
  };

  if (doc.goals.filter((g) => g.parent === undefined).length !== 1) problems.push('goals: not exactly one overall goal');
  if (doc.actors.filter((a) => a.focal).length !== 1) problems.push('actors: not exactly one focal actor');
  doc.goals.forEach((g, i) => {
    if (g.parent !== undefined && !goals.has(g.parent)) problems.push(`goals[${i}].parent: unknown "${g.parent}"`);
    oneOf(`goals[${i}].refinement`, REFINEMENTS, g.refinement);
  });
  doc.actors.forEach((a, i) => oneOf(`actors[${i}].kind`, ACTOR_KINDS, a.kind));
  doc.touchpoints.forEach((t, i) => {
    if (!actors.has(t.actor)) problems.push(`touchpoints[${i}].actor: unknown "${t.actor}"`);
    oneOf(`touchpoints[${i}].channel`, CHANNELS, t.channel);
    oneOf(`touchpoints[${i}].initiator`, INITIATORS, t.initiator);
    oneOf(`touchpoints[${i}].ownership`, OWNERSHIPS, t.ownership);
  });
  doc.activities.forEach((a, i) => {
    const at = `activities[${i}]`;
    if (!goals.has(a.goal)) problems.push(`${at}.goal: unknown "${a.goal}"`);
    else if (parents.has(a.goal)) problems.push(`${at}.goal: "${a.goal}" is not a leaf sub-goal`);
    oneOf(`${at}.phase`, PHASES, a.phase);
    oneOf(`${at}.mode`, MODES, a.mode);
    for (const x of a.actors) if (!actors.has(x)) problems.push(`${at}.actors: unknown "${x}"`);
    for (const x of a.next) if (!activities.has(x)) problems.push(`${at}.next: unknown "${x}"`);
    for (const x of a.touchpoints) {
      if (!touchpoints.has(x)) problems.push(`${at}.touchpoints: unknown "${x}"`);
      else if (!a.actors.includes(tpById.get(x)!.actor)) problems.push(`${at}.touchpoints: "${x}" belongs to none of the activity's actors`);
    }
  });
  doc.partnerships.forEach((p, i) => {
    for (const x of p.actors) if (!actors.has(x)) problems.push(`partnerships[${i}].actors: unknown "${x}"`);
  });
  return problems;
}

interface Row {
  line: number;
  journey: string;
  timestamp: string;
  activity: string;
  actor: string;
  channel: string;
  touchpoint: string;
  outcome: string;
  sentiment: string;
  note: string;
  segment: string;
}

/** Splits CSV text into records (RFC 4180 quoting, no line breaks inside fields). */
function csvRecords(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const fields: string[] = [];
      let i = 0;
      while (i <= line.length) {
        if (line[i] === '"') {
          let value = '';
          i++;
          for (;;) {
            const q = line.indexOf('"', i);
            value += line.slice(i, q);
            if (line[q + 1] === '"') {
              value += '"';
              i = q + 2;
            } else {
              i = q + 2;
              break;
            }
          }
          fields.push(value);
        } else {
          const comma = line.indexOf(',', i);
          const end = comma === -1 ? line.length : comma;
          fields.push(line.slice(i, end));
          i = end + 1;
        }
      }
      return fields;
    });
}

function readRows(id: string): { header: string; rows: Row[] } {
  const text = readFileSync(eventsPath(id), 'utf8');
  const [head, ...records] = csvRecords(text);
  const rows = records.map((f, i) => ({
    line: i + 2,
    journey: f[0],
    timestamp: f[1],
    activity: f[2],
    actor: f[3],
    channel: f[4],
    touchpoint: f[5],
    outcome: f[6],
    sentiment: f[7],
    note: f[8],
    segment: f[9],
  }));
  for (const [i, f] of records.entries()) expect(f.length, `line ${i + 2}`).toBe(10);
  return { header: head.join(','), rows };
}

function journeysOf(rows: Row[]): Row[][] {
  const byId = new Map<string, Row[]>();
  for (const r of rows) {
    const list = byId.get(r.journey);
    if (list === undefined) byId.set(r.journey, [r]);
    else list.push(r);
  }
  return [...byId.values()];
}

function count<K>(keys: Iterable<K>): Map<K, number> {
  const m = new Map<K, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

/** Keys by count descending, then key ascending. */
function ranked<K>(m: Map<K, number>): [K, number][] {
  return [...m].sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : 1));
}

/** Consecutive step pairs of every journey. */
function pairs(journeys: Row[][]): [Row, Row][] {
  return journeys.flatMap((steps) => steps.slice(1).map((s, i) => [steps[i], s] as [Row, Row]));
}

/** Journeys with at least one step at `activity` whose outcome is in `outcomes`, by activity. */
function journeysWithOutcome(journeys: Row[][], outcomes: string[]): Map<string, number> {
  return count(journeys.flatMap((steps) => [...new Set(steps.filter((s) => outcomes.includes(s.outcome)).map((s) => s.activity))]));
}

const isPartner = (doc: ModelDocument, a: string, b: string): boolean =>
  doc.partnerships.some((p) => p.actors.includes(a) && p.actors.includes(b));

const negative = (r: Row): boolean => r.sentiment !== '' && Number(r.sentiment) < 0;
const positive = (r: Row): boolean => r.sentiment !== '' && Number(r.sentiment) > 0;

const models = new Map(SEED_MODEL_IDS.map((id) => [id, rawModel(id)]));
const logs = new Map(SEED_MODEL_IDS.map((id) => [id, readRows(id)]));

// ---------------------------------------------------------------------------------------------

describe('seed models', () => {
  it('are the four examples', () => {
    expect([...SEED_MODEL_IDS].sort()).toEqual(['clinic-visit', 'home-purchase', 'pasta-dinner', 'retail-purchase']);
  });

  for (const id of SEED_MODEL_IDS) {
    describe(id, () => {
      const doc = models.get(id)!;

      it('refers only to ids it defines, with one overall goal and one focal actor', () => {
        expect(doc.model.id).toBe(id);
        expect(referenceProblems(doc)).toEqual([]);
      });

      it('has the size and spread the brief asks for', () => {
        expect(doc.actors.length).toBeGreaterThanOrEqual(8);
        expect(doc.actors.length).toBeLessThanOrEqual(20);
        expect(doc.activities.length).toBeGreaterThanOrEqual(10);
        expect(doc.activities.length).toBeLessThanOrEqual(25);
        expect(new Set(doc.activities.map((a) => a.phase))).toEqual(new Set(PHASES));
        expect(doc.segments.length).toBeGreaterThanOrEqual(2);
        expect(doc.segments.length).toBeLessThanOrEqual(3);
        const focal = doc.actors.find((a) => a.focal)!.id;
        expect(doc.actors.some((a) => a.id !== focal && !isPartner(doc, focal, a.id))).toBe(true);
        for (const a of doc.actors) {
          expect(doc.touchpoints.filter((t) => t.actor === a.id).length, a.id).toBeGreaterThanOrEqual(2);
        }
        expect(doc.activities.some((a) => a.next.length > 0)).toBe(true);
        expect(doc.goals.some((g) => g.refinement === 'OR')).toBe(true);
      });

      it('passes the project validator unchanged (every field already in normal form)', () => {
        expect(parseModelDocument(doc, `seeds/models/${id}.json`)).toEqual(doc);
      });
    });
  }

  it('the reference check finds broken references (it can fail)', () => {
    const doc = structuredClone(models.get('home-purchase')!);
    doc.activities[0].actors = ['nobody'];
    doc.activities[1].goal = 'find-home';
    doc.actors[1].focal = true;
    expect(referenceProblems(doc)).toEqual([
      'actors: not exactly one focal actor',
      'activities[0].actors: unknown "nobody"',
      'activities[0].touchpoints: "peers-talk" belongs to none of the activity\'s actors',
      'activities[0].touchpoints: "peers-social" belongs to none of the activity\'s actors',
      'activities[1].goal: "find-home" is not a leaf sub-goal',
    ]);
  });
});

describe('the generator', () => {
  const doc = models.get('clinic-visit')!;
  const scenario = scenarioFor('clinic-visit');

  it('gives the same text for the same seed and a different text for another seed', () => {
    const a = eventLogText(doc, scenario, { journeys: 60, seed: 's1' });
    const b = eventLogText(doc, scenario, { journeys: 60, seed: 's1' });
    const c = eventLogText(doc, scenario, { journeys: 60, seed: 's2' });
    expect(a.startsWith(`${EVENT_LOG_HEADER}\n`)).toBe(true);
    expect(a.split('\n').length).toBeGreaterThan(300);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('makes journey i independent of how many journeys follow it', () => {
    const short = eventLogText(doc, scenario, { journeys: 20 });
    const long = eventLogText(doc, scenario, { journeys: 40 });
    expect(long.startsWith(short)).toBe(true);
  });

  it('streams to a file exactly what it generates in memory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'goalnet-seeds-'));
    try {
      const file = path.join(dir, 'log.csv');
      const progress: number[] = [];
      const result = await writeEventLog(doc, scenario, file, { journeys: 150, progressEvery: 50, onProgress: (p) => progress.push(p.journeys) });
      const text = eventLogText(doc, scenario, { journeys: 150 });
      expect(readFileSync(file, 'utf8')).toBe(text);
      expect(result.journeys).toBe(150);
      expect(result.steps).toBe(text.split('\n').length - 2);
      expect(result.bytes).toBe(Buffer.byteLength(text));
      expect(progress).toEqual([50, 100, 150, 150]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a scenario that does not fit its model, naming each place', () => {
    const broken: Scenario = {
      ...scenario,
      start: { 'no-such-start': 1 },
      activities: { ...scenario.activities, 'find-parking': { ...scenario.activities['find-parking'], next: { 'check-inn': 1 }, stuck: 1.5 } },
    };
    let error: unknown;
    try {
      compileScenario(doc, broken, 'clinic.ts');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GoalnetError);
    const wheres = (error as GoalnetError).problems.map((p) => p.where);
    expect(wheres).toEqual(
      expect.arrayContaining([
        'clinic.ts: start.no-such-start',
        'clinic.ts: activities.find-parking.stuck',
        'clinic.ts: activities.find-parking.next.check-inn',
      ]),
    );
  });

  it('reads its command line and refuses what it cannot do', () => {
    expect(parseCli([])).toMatchObject({ models: SEED_MODEL_IDS, check: false });
    expect(parseCli(['--model', 'home-purchase', '--journeys', '100000', '--out', '/tmp/x.csv', '--seed', 'x'])).toMatchObject({
      models: ['home-purchase'],
      journeys: 100000,
      out: '/tmp/x.csv',
      seed: 'x',
    });
    expect(() => parseCli(['--out', '/tmp/x.csv'])).toThrow(/--model/);
    expect(() => parseCli(['--model', 'nope'])).toThrow(/no example "nope"/);
    expect(() => parseCli(['--journeys', 'many'])).toThrow(/not a whole number/);
    expect(() => parseCli(['--bogus'])).toThrow(GoalnetError);
  });
});

describe('committed event logs', () => {
  for (const id of SEED_MODEL_IDS) {
    describe(id, () => {
      const doc = models.get(id)!;
      const { header, rows } = logs.get(id)!;
      const journeys = journeysOf(rows);

      it('equal a fresh generation (the --check logic)', () => {
        const result = checkSeedEvents(id);
        expect(result.detail).toMatch(/up to date/);
        expect(result.ok).toBe(true);
      });

      it('have the header, 300–600 journeys spread over a year, ordered steps', () => {
        expect(header).toBe(EVENT_LOG_HEADER);
        expect(journeys.length).toBeGreaterThanOrEqual(300);
        expect(journeys.length).toBeLessThanOrEqual(600);
        // Each journey's rows are together and in time order.
        const seen = new Set<string>();
        let previous = '';
        for (const r of rows) {
          if (r.journey !== previous) {
            expect(seen.has(r.journey), `line ${r.line}: journey ${r.journey} split`).toBe(false);
            seen.add(r.journey);
            previous = r.journey;
          }
          expect(r.timestamp, `line ${r.line}`).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        }
        for (const steps of journeys) {
          for (let i = 1; i < steps.length; i++) expect(steps[i].timestamp > steps[i - 1].timestamp, `line ${steps[i].line}`).toBe(true);
        }
        const starts = journeys.map((s) => Date.parse(s[0].timestamp)).sort((a, b) => a - b);
        expect((starts[starts.length - 1] - starts[0]) / 86_400_000).toBeGreaterThan(300);
      });

      it('agree with the model in every row', () => {
        const activities = new Map(doc.activities.map((a) => [a.id, a]));
        const touchpoints = new Map(doc.touchpoints.map((t) => [t.id, t]));
        const segments = new Set(doc.segments.map((s) => s.id));
        for (const r of rows) {
          const where = `line ${r.line}`;
          const activity = activities.get(r.activity);
          expect(activity, where).toBeDefined();
          expect(activity!.actors, where).toContain(r.actor);
          expect(activity!.touchpoints, where).toContain(r.touchpoint);
          expect(touchpoints.get(r.touchpoint), where).toMatchObject({ actor: r.actor, channel: r.channel });
          expect(OUTCOMES as readonly string[], where).toContain(r.outcome);
          expect(['', '-2', '-1', '0', '1', '2'], where).toContain(r.sentiment);
          expect(segments.has(r.segment), where).toBe(true);
        }
        for (const steps of journeys) {
          expect(new Set(steps.map((s) => s.segment)).size).toBe(1);
          // `abandoned` only as a journey's last step.
          expect(steps.slice(0, -1).filter((s) => s.outcome === 'abandoned')).toEqual([]);
        }
        const outcomes = count(journeys.map((s) => s[s.length - 1].outcome));
        for (const o of OUTCOMES) expect(outcomes.get(o) ?? 0, `journeys ending ${o}`).toBeGreaterThan(0);
        expect(rows.filter((r) => r.note !== '').length).toBeGreaterThan(100);
        expect(rows.filter((r) => r.sentiment === '').length).toBeGreaterThan(rows.length / 4);
      });

      it('load through the project event-log reader without a reject', () => {
        const result = parseEventLogText(readFileSync(eventsPath(id), 'utf8'), parseModelDocument(doc, id), id);
        expect(result.rejects).toEqual([]);
        expect(result.accepted).toBe(rows.length);
        expect(result.journeys.length).toBe(journeys.length);
      });
    });
  }
});

describe('planted scenarios', () => {
  it('home-purchase: stuck at the loan valuation and the land registry', () => {
    const journeys = journeysOf(logs.get('home-purchase')!.rows);
    const stuck = ranked(journeysWithOutcome(journeys, ['stuck', 'abandoned']));
    expect(new Set(stuck.slice(0, 2).map(([a]) => a))).toEqual(new Set(['loan-valuation-approval', 'apply-title-registration']));
    // Clearly ahead of the third place.
    expect(stuck[1][1]).toBeGreaterThan(2 * stuck[2][1]);
  });

  it('home-purchase: City Brokers hand customers to Nordbank most, without a partnership; the insurer is a partner', () => {
    const doc = models.get('home-purchase')!;
    const journeys = journeysOf(logs.get('home-purchase')!.rows);
    const into = ranked(count(pairs(journeys).filter(([a, b]) => a.actor !== b.actor && b.actor === 'nordbank').map(([a]) => a.actor)));
    expect(into[0][0]).toBe('city-brokers');
    expect(into[0][1]).toBeGreaterThan(2 * into[1][1]);
    expect(isPartner(doc, 'city-brokers', 'nordbank')).toBe(false);
    expect(isPartner(doc, 'nordbank', 'trygg-insurance')).toBe(true);
  });

  it('home-purchase: most households that sign a contract meet the mover afterwards', () => {
    const journeys = journeysOf(logs.get('home-purchase')!.rows);
    const signed = journeys.filter((s) => s.some((r) => r.activity === 'sign-purchase-contract'));
    const moved = signed.filter((s) => {
      const at = s.findIndex((r) => r.activity === 'sign-purchase-contract');
      return s.slice(at + 1).some((r) => r.actor === 'snabbflytt');
    });
    expect(moved.length / signed.length).toBeGreaterThan(0.6);
  });

  it('clinic-visit: finding parking is the top stuck and abandon point, with negative notes', () => {
    const journeys = journeysOf(logs.get('clinic-visit')!.rows);
    const stuck = ranked(journeysWithOutcome(journeys, ['stuck']));
    const abandoned = ranked(journeysWithOutcome(journeys, ['abandoned']));
    expect(stuck[0][0]).toBe('find-parking');
    expect(abandoned[0][0]).toBe('find-parking');
    expect(stuck[0][1]).toBeGreaterThan(1.5 * stuck[1][1]);
    const notes = logs.get('clinic-visit')!.rows.filter((r) => r.activity === 'find-parking' && r.note !== '');
    expect(notes.map((r) => r.note)).toContain('Drove around for 20 minutes looking for a space');
    expect(notes.filter(negative).length).toBeGreaterThan(notes.filter(positive).length);
  });

  it('clinic-visit: the pharmacy follows the visit in most journeys, and is no partner', () => {
    const doc = models.get('clinic-visit')!;
    const journeys = journeysOf(logs.get('clinic-visit')!.rows);
    const visited = journeys.filter((s) => s.some((r) => r.activity === 'doctor-consultation'));
    const toPharmacy = visited.filter((s) => {
      const at = s.findIndex((r) => r.activity === 'doctor-consultation');
      return s.slice(at + 1).some((r) => r.activity === 'collect-medicine');
    });
    expect(toPharmacy.length / visited.length).toBeGreaterThan(0.6);
    const out = ranked(
      count(
        pairs(journeys)
          .filter(([a, b]) => a.actor === 'ekdal-clinic' && b.actor !== 'ekdal-clinic' && !isPartner(doc, 'ekdal-clinic', b.actor))
          .map(([, b]) => b.actor),
      ),
    );
    expect(out[0][0]).toBe('hjartat-pharmacy');
    expect(isPartner(doc, 'ekdal-clinic', 'hjartat-pharmacy')).toBe(false);
  });

  it('pasta-dinner: value in use breaks at the cooking time and the sauce', () => {
    const { rows } = logs.get('pasta-dinner')!;
    const journeys = journeysOf(rows);
    const stuck = ranked(journeysWithOutcome(journeys, ['stuck', 'abandoned']));
    expect(new Set(stuck.slice(0, 2).map(([a]) => a))).toEqual(new Set(['read-cooking-time', 'find-sauce']));
    expect(stuck[1][1]).toBeGreaterThan(3 * stuck[2][1]);
    for (const activity of ['read-cooking-time', 'find-sauce']) {
      const here = rows.filter((r) => r.activity === activity);
      expect(here.filter(negative).length, activity).toBeGreaterThan(here.filter(positive).length);
      expect(here.filter((r) => r.outcome === 'stuck' && r.note !== '').length, activity).toBeGreaterThan(50);
    }
  });

  it('pasta-dinner: the recipe site is where customers go right after the brand', () => {
    const journeys = journeysOf(logs.get('pasta-dinner')!.rows);
    const after = ranked(count(pairs(journeys).filter(([a, b]) => a.actor === 'bella-pasta' && b.actor !== 'bella-pasta').map(([, b]) => b.actor)));
    expect(after[0][0]).toBe('recipe-corner');
  });

  it('retail-purchase: the firm’s mails, texts and surveys are followed by negative steps or unsubscribing', () => {
    const doc = models.get('retail-purchase')!;
    const journeys = journeysOf(logs.get('retail-purchase')!.rows);
    const firmContacts = new Set(['elektra-newsletter', 'elektra-offer-sms', 'elektra-survey-email']);
    for (const tp of firmContacts) expect(doc.touchpoints.find((t) => t.id === tp)).toMatchObject({ actor: 'elektra', initiator: 'FIRM' });
    const all = pairs(journeys);
    const share = (from: (r: Row) => boolean, then: (r: Row) => boolean): number => {
      const selected = all.filter(([a]) => from(a));
      expect(selected.length).toBeGreaterThan(40);
      return selected.filter(([, b]) => then(b)).length / selected.length;
    };
    const badNext = (r: Row): boolean => negative(r) || r.outcome === 'abandoned';
    const pushy = share((r) => firmContacts.has(r.touchpoint), badNext);
    const baseline = share(() => true, badNext);
    expect(pushy).toBeGreaterThan(0.5);
    expect(pushy).toBeGreaterThan(3 * baseline);
    // Unsubscribing ends a journey, and comes right after one of those contacts.
    const unsubscribes = all.filter(([, b]) => b.activity === 'unsubscribe' && b.outcome === 'abandoned');
    expect(unsubscribes.length).toBeGreaterThan(100);
    expect(unsubscribes.every(([a]) => firmContacts.has(a.touchpoint) || a.activity === 'unsubscribe')).toBe(true);
    // What customers value after the purchase is followed by positive steps.
    for (const activity of ['track-delivery', 'report-fault']) {
      expect(share((r) => r.activity === activity, positive), activity).toBeGreaterThan(0.5);
      expect(share((r) => r.activity === activity, badNext), activity).toBeLessThan(0.1);
    }
  });
});

// Keep generateJourneys in the public surface the benchmarks use.
it('generateJourneys yields JourneyInput-shaped journeys', () => {
  const [first] = generateJourneys(models.get('pasta-dinner')!, scenarioFor('pasta-dinner'), { journeys: 1 });
  expect(first.id).toBe('PD-0001');
  expect(first.steps.length).toBeGreaterThan(0);
  expect(typeof first.steps[0].timestamp).toBe('number');
});
