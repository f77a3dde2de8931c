/**
 * MemoryStore: every GraphStore method, atomicity of refused writes, journey merging, compaction,
 * and the snapshot file (reopen, damaged files, a writer killed mid-save).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { GoalnetError } from '../src/model/errors.js';
import type { Journey, ModelDocument } from '../src/model/types.js';
import type { ImportProgress, JourneyInput, StepInput } from '../src/store/graph-store.js';
import { mergeJourneySteps, orderSteps, stepIdentities } from '../src/store/journey-merge.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';

const T0 = Date.UTC(2024, 4, 1);
const MIN = 60_000;
const at = (n: number): number => T0 + n * MIN;

function homeModel(): ModelDocument {
  return {
    model: { id: 'home', name: 'Buying a home' },
    goals: [
      { id: 'own-home', name: 'Own a home', refinement: 'AND' },
      { id: 'finance', name: 'Finance it', parent: 'own-home', refinement: 'OR' },
      { id: 'find-home', name: 'Find a home', parent: 'own-home', refinement: 'AND' },
    ],
    actors: [
      { id: 'nordbank', name: 'Nordbank', kind: 'BANK', focal: true },
      { id: 'broker', name: 'City Brokers', kind: 'BROKER', focal: false },
      { id: 'insurer', name: 'Safe Insurance', kind: 'INSURER', focal: false },
    ],
    touchpoints: [
      { id: 'bank-web', name: 'Bank web', actor: 'nordbank', channel: 'WEB', initiator: 'CUSTOMER', ownership: 'BRAND' },
      { id: 'broker-phone', name: 'Broker phone', actor: 'broker', channel: 'PHONE', initiator: 'CUSTOMER', ownership: 'EXTERNAL' },
    ],
    activities: [
      { id: 'search', name: 'Search', goal: 'find-home', phase: 'INFORMATION_SEARCH', mode: 'ACTIVE', actors: ['broker'], touchpoints: ['broker-phone'], next: ['apply'] },
      { id: 'apply', name: 'Apply', goal: 'finance', phase: 'PURCHASE', mode: 'ACTIVE', actors: ['nordbank'], touchpoints: ['bank-web'], next: [] },
      { id: 'insure', name: 'Insure', goal: 'finance', phase: 'POST_PURCHASE', mode: 'PASSIVE', actors: ['insurer'], touchpoints: [], next: [] },
    ],
    partnerships: [{ actors: ['nordbank', 'insurer'] }],
    segments: [
      { id: 'first-time', name: 'First-time buyers' },
      { id: 'upgrader', name: 'Upgraders' },
    ],
  };
}

function otherModel(): ModelDocument {
  return {
    model: { id: 'dinner', name: 'Cook dinner' },
    goals: [{ id: 'eat', name: 'Eat well', refinement: 'AND' }],
    actors: [{ id: 'shop', name: 'Shop', kind: 'RETAILER', focal: true }],
    touchpoints: [],
    activities: [{ id: 'buy', name: 'Buy food', goal: 'eat', phase: 'PURCHASE', mode: 'ACTIVE', actors: ['shop'], touchpoints: [], next: [] }],
    partnerships: [],
    segments: [],
  };
}

function sampleJourneys(): JourneyInput[] {
  return [
    {
      id: 'j2',
      segment: 'first-time',
      steps: [
        { timestamp: at(5), activity: 'apply', actor: 'nordbank', touchpoint: 'bank-web', channel: 'WEB', outcome: 'stuck', sentiment: -2, note: 'form broke' },
        { timestamp: at(0), activity: 'search', actor: 'broker', touchpoint: 'broker-phone', channel: 'PHONE', outcome: 'progressed', sentiment: 1 },
      ],
    },
    {
      id: 'j1',
      segment: 'upgrader',
      steps: [
        { timestamp: at(0), activity: 'search', outcome: 'progressed', attributes: { source: 'crm', region: 'north' } },
        { timestamp: at(3), activity: 'apply', actor: 'nordbank', outcome: 'progressed', note: '' },
        { timestamp: at(3), activity: 'insure', actor: 'insurer', outcome: 'completed', sentiment: 2 },
      ],
    },
    { id: 'j3', steps: [{ timestamp: at(9), activity: 'search', outcome: 'abandoned' }] },
  ];
}

async function caught(promise: Promise<unknown>): Promise<GoalnetError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GoalnetError);
    return error as GoalnetError;
  }
  throw new Error('expected the call to be refused');
}

/** Everything a store holds, for comparing two stores. */
async function contents(store: MemoryStore): Promise<{ docs: (ModelDocument | null)[]; journeys: Journey[][] }> {
  const models = await store.listModels();
  const docs = await Promise.all(models.map((m) => store.getDocument(m.id)));
  const journeys: Journey[][] = [];
  for (const m of models) {
    const page = await store.listJourneys(m.id, { first: 1_000_000 });
    journeys.push(await Promise.all(page.journeys.map(async (j) => (await store.getJourney(m.id, j.id))!)));
  }
  return { docs, journeys };
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'goalnet-memory-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

describe('journey merge (pure)', () => {
  const s = (minute: number, activity: string, extra: Partial<StepInput> = {}): StepInput => ({
    timestamp: at(minute), activity, outcome: 'progressed', ...extra,
  });

  it('identifies steps by timestamp, activity and occurrence among equal ones', () => {
    expect(stepIdentities([s(1, 'a'), s(1, 'a'), s(1, 'b'), s(2, 'a')])).toEqual([
      `${at(1)}\u0000a\u00000`,
      `${at(1)}\u0000a\u00001`,
      `${at(1)}\u0000b\u00000`,
      `${at(2)}\u0000a\u00000`,
    ]);
  });

  it('orders by timestamp, ties in list order', () => {
    const list = [s(2, 'x'), s(1, 'y'), s(2, 'z'), s(1, 'w')];
    expect(orderSteps(list).map((x) => x.activity)).toEqual(['y', 'w', 'x', 'z']);
  });

  it('replaces steps with the same identity in place and adds the others after stored ties', () => {
    const stored = [s(1, 'a'), s(1, 'a', { note: 'second' }), s(3, 'b')];
    const incoming = [s(1, 'a', { sentiment: -1 }), s(1, 'c'), s(1, 'a'), s(1, 'a'), s(2, 'd')];
    const merged = mergeJourneySteps(stored, incoming);
    // incoming[0] replaces stored[0]; incoming[2] is occurrence 1 of (1, a), replacing stored[1];
    // incoming[3] is occurrence 2, new. New steps go after stored steps with the same time.
    expect(merged.steps).toEqual([s(1, 'a', { sentiment: -1 }), s(1, 'a'), s(1, 'c'), s(1, 'a'), s(2, 'd'), s(3, 'b')]);
    expect([merged.added, merged.replaced, merged.changed]).toEqual([3, 2, true]);
  });

  it('changes nothing when merging a journey with itself', () => {
    const stored = [s(1, 'a'), s(1, 'a'), s(3, 'b', { attributes: { k: 'v' } })];
    const again = mergeJourneySteps(stored, stored.map((x) => ({ ...x })));
    expect([again.added, again.replaced, again.changed]).toEqual([0, 3, false]);
    expect(again.steps).toEqual(stored);
  });
});

describe('MemoryStore models and entities', () => {
  let store: MemoryStore;
  beforeEach(async () => {
    store = await MemoryStore.open({});
    await store.putDocument(homeModel());
  });

  it('reports health and refuses work after close', async () => {
    await store.putDocument(otherModel());
    const health = await store.health();
    expect(health).toMatchObject({ kind: 'memory', ok: true, models: 2 });
    expect(health.detail).toContain('memory only');
    await store.close();
    expect((await caught(store.listModels())).code).toBe('STORE_UNAVAILABLE');
    expect((await store.health()).ok).toBe(false);
  });

  it('holds several models side by side, listed by id', async () => {
    await store.putDocument(otherModel());
    expect(await store.listModels()).toEqual([
      { id: 'dinner', name: 'Cook dinner' },
      { id: 'home', name: 'Buying a home' },
    ]);
    expect(await store.getModel('dinner')).toEqual({ id: 'dinner', name: 'Cook dinner' });
    expect(await store.getModel('nope')).toBeNull();
    expect(await store.getDocument('nope')).toBeNull();
    expect((await store.getDocument('dinner'))!.activities[0].id).toBe('buy');
  });

  it('returns documents with partnerships sorted, as copies', async () => {
    const doc = (await store.getDocument('home'))!;
    const expected = homeModel();
    expected.partnerships = [{ actors: ['insurer', 'nordbank'] }];
    expect(doc).toEqual(expected);
    doc.goals.pop();
    doc.model.name = 'changed';
    expect(await store.getDocument('home')).toEqual(expected);
  });

  it('refuses an invalid document and changes nothing', async () => {
    const bad = homeModel();
    bad.model.name = 'Renamed';
    bad.activities[0].goal = 'no-such-goal';
    const error = await caught(store.putDocument(bad));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.problems.some((p) => p.where.includes('activities[0].goal'))).toBe(true);
    expect((await store.getModel('home'))!.name).toBe('Buying a home');
  });

  it('replaces a document and keeps its journeys, but not when journeys refer to what it leaves out', async () => {
    await store.importJourneys('home', sampleJourneys());
    const renamed = homeModel();
    renamed.model.name = 'Home, again';
    await store.putDocument(renamed);
    expect((await store.getModel('home'))!.name).toBe('Home, again');
    expect((await store.countJourneys('home')).journeys).toBe(3);

    const without = homeModel();
    without.activities = without.activities.filter((a) => a.id !== 'insure');
    without.segments = [];
    const error = await caught(store.putDocument(without));
    expect(error.code).toBe('CONFLICT');
    expect(error.problems).toEqual([
      { where: 'activity "insure"', message: '1 step(s) of recorded journeys refer to it (e.g. journey "j1")' },
      { where: 'segment "first-time"', message: '1 journey(s) of recorded journeys refer to it (e.g. journey "j2")' },
      { where: 'segment "upgrader"', message: '1 journey(s) of recorded journeys refer to it (e.g. journey "j1")' },
    ]);
    expect((await store.getDocument('home'))!.activities).toHaveLength(3);
  });

  it('deletes a model with its journeys', async () => {
    await store.importJourneys('home', sampleJourneys());
    expect(await store.deleteModel('home')).toBe(true);
    expect(await store.deleteModel('home')).toBe(false);
    expect(await store.listModels()).toEqual([]);
    expect((await caught(store.countJourneys('home'))).code).toBe('NOT_FOUND');
    await store.putDocument(homeModel());
    expect(await store.countJourneys('home')).toEqual({ journeys: 0, steps: 0 });
  });

  it('gets entities of a kind, all or by id, partnerships by a~b in either order', async () => {
    expect((await store.getEntities('home', 'goal')).map((g) => g.id)).toEqual(['own-home', 'finance', 'find-home']);
    expect(await store.getEntities('home', 'actor', ['insurer', 'nope'])).toEqual([{ id: 'insurer', name: 'Safe Insurance', kind: 'INSURER', focal: false }]);
    expect(await store.getEntities('home', 'partnership', ['nordbank~insurer'])).toEqual([{ actors: ['insurer', 'nordbank'] }]);
    expect(await store.getEntities('home', 'partnership', ['insurer~nordbank'])).toHaveLength(1);
    expect(await store.getEntities('home', 'segment', [])).toEqual([]);
    const goals = await store.getEntities('home', 'goal');
    goals[0].name = 'changed';
    expect((await store.getEntities('home', 'goal', ['own-home']))[0].name).toBe('Own a home');
    expect((await caught(store.getEntities('nope', 'goal'))).code).toBe('NOT_FOUND');
  });

  it('upserts entities, and a refused upsert changes nothing', async () => {
    await store.upsertEntities('home', 'touchpoint', [
      { id: 'insurer-mail', name: 'Mail', actor: 'insurer', channel: 'EMAIL', initiator: 'FIRM', ownership: 'PARTNER' },
    ]);
    await store.upsertEntities('home', 'partnership', [{ actors: ['nordbank', 'broker'] }]);
    expect((await store.getEntities('home', 'touchpoint')).map((t) => t.id)).toEqual(['bank-web', 'broker-phone', 'insurer-mail']);
    expect((await store.getEntities('home', 'partnership')).map((p) => p.actors)).toEqual([
      ['insurer', 'nordbank'],
      ['broker', 'nordbank'],
    ]);
    const before = await store.getDocument('home');
    const error = await caught(
      store.upsertEntities('home', 'touchpoint', [
        { id: 'ok', name: 'Fine', actor: 'broker', channel: 'WEB', initiator: 'CUSTOMER', ownership: 'EXTERNAL' },
        { id: 'bad', name: 'Bad', actor: 'ghost', channel: 'WEB', initiator: 'CUSTOMER', ownership: 'EXTERNAL' },
      ]),
    );
    expect(error.code).toBe('BAD_INPUT');
    expect(error.problems.some((p) => p.message.includes('ghost'))).toBe(true);
    expect(await store.getDocument('home')).toEqual(before);
    expect((await caught(store.upsertEntities('nope', 'goal', []))).code).toBe('NOT_FOUND');
  });

  it('deletes entities, refusing while the model or recorded journeys refer to them', async () => {
    await store.importJourneys('home', sampleJourneys());
    expect(await store.deleteEntities('home', 'partnership', ['nordbank~insurer'])).toBe(1);
    expect(await store.deleteEntities('home', 'partnership', ['nordbank~insurer'])).toBe(0);

    const goal = await caught(store.deleteEntities('home', 'goal', ['finance']));
    expect(goal.code).toBe('CONFLICT');
    expect(goal.problems.map((p) => p.where)).toEqual(['activities[1].goal', 'activities[2].goal']);

    // insure: nothing in the model refers to it, but journey j1 recorded a step there.
    const recorded = await caught(store.deleteEntities('home', 'activity', ['insure']));
    expect(recorded.code).toBe('CONFLICT');
    expect(recorded.problems).toEqual([{ where: 'activity "insure"', message: '1 step(s) of recorded journeys refer to it (e.g. journey "j1")' }]);
    const segment = await caught(store.deleteEntities('home', 'segment', ['upgrader', 'first-time']));
    expect(segment.problems.map((p) => p.where)).toEqual(['segment "first-time"', 'segment "upgrader"']);
    expect(await store.getEntities('home', 'segment')).toHaveLength(2);

    // The actor insurer: its activity refers to it first; with the activity gone, journey j1 does.
    await store.upsertEntities('home', 'activity', [{ ...homeModel().activities[2], actors: [] }]);
    const actor = await caught(store.deleteEntities('home', 'actor', ['insurer']));
    expect(actor.problems).toEqual([{ where: 'actor "insurer"', message: '1 step(s) of recorded journeys refer to it (e.g. journey "j1")' }]);

    expect(await store.deleteJourneys('home', ['j1'])).toBe(1);
    expect(await store.deleteEntities('home', 'activity', ['insure', 'nope'])).toBe(1);
    expect(await store.deleteEntities('home', 'actor', ['insurer'])).toBe(1);
    expect(await store.deleteEntities('home', 'segment', ['upgrader'])).toBe(1);
    expect((await store.getEntities('home', 'activity')).map((a) => a.id)).toEqual(['search', 'apply']);
  });
});

describe('MemoryStore journeys', () => {
  let store: MemoryStore;
  beforeEach(async () => {
    store = await MemoryStore.open({});
    await store.putDocument(homeModel());
    await store.putDocument(otherModel());
  });

  it('imports journeys, ordering steps by time with ties in recorded order', async () => {
    const result = await store.importJourneys('home', sampleJourneys());
    expect(result).toEqual({ journeys: 3, steps: 6, stepsAdded: 6, batches: 1 });
    expect(await store.getJourney('home', 'j1')).toEqual({
      id: 'j1',
      segment: 'upgrader',
      steps: [
        { journey: 'j1', timestamp: at(0), activity: 'search', outcome: 'progressed', attributes: { region: 'north', source: 'crm' } },
        { journey: 'j1', timestamp: at(3), activity: 'apply', actor: 'nordbank', outcome: 'progressed', note: '' },
        { journey: 'j1', timestamp: at(3), activity: 'insure', actor: 'insurer', outcome: 'completed', sentiment: 2 },
      ],
    });
    expect((await store.getJourney('home', 'j2'))!.steps.map((s) => s.activity)).toEqual(['search', 'apply']);
    expect(await store.getJourney('home', 'j3')).toEqual({
      id: 'j3',
      steps: [{ journey: 'j3', timestamp: at(9), activity: 'search', outcome: 'abandoned' }],
    });
    expect(await store.getJourney('home', 'nope')).toBeNull();
    expect(await store.countJourneys('home')).toEqual({ journeys: 3, steps: 6 });
    expect(await store.countJourneys('dinner')).toEqual({ journeys: 0, steps: 0 });
  });

  it('refuses a whole import naming the journey and step of each dangling reference', async () => {
    const journeys = sampleJourneys();
    journeys[1].steps[2].activity = 'teleport';
    journeys[2].steps[0].touchpoint = 'fax';
    journeys.push({ id: 'j4', segment: 'retiree', steps: [{ timestamp: at(1), activity: 'search', actor: 'ghost', outcome: 'won' as 'stuck', sentiment: 3 }] });
    journeys.push({ id: 'j5', steps: [] });
    const error = await caught(store.importJourneys('home', journeys));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.problems.map((p) => p.where)).toEqual([
      'journeys[1] (journey "j1").steps[2].activity',
      'journeys[2] (journey "j3").steps[0].touchpoint',
      'journeys[3] (journey "j4").segment',
      'journeys[3] (journey "j4").steps[0].actor',
      'journeys[3] (journey "j4").steps[0].outcome',
      'journeys[3] (journey "j4").steps[0].sentiment',
      'journeys[4] (journey "j5").steps',
    ]);
    expect(error.problems[0].message).toContain('unknown activity "teleport"');
    expect(await store.countJourneys('home')).toEqual({ journeys: 0, steps: 0 });
    // Another model's activities do not count.
    const cross = await caught(store.importJourneys('dinner', [sampleJourneys()[2]]));
    expect(cross.problems[0].where).toBe('journeys[0] (journey "j3").steps[0].activity');
    expect((await caught(store.importJourneys('nope', []))).code).toBe('NOT_FOUND');
  });

  it('reports progress per batch and stops between batches when aborted', async () => {
    const many: JourneyInput[] = Array.from({ length: 25 }, (_, i) => ({
      id: `m${String(i).padStart(2, '0')}`,
      steps: [{ timestamp: at(i), activity: 'search', outcome: 'progressed' }, { timestamp: at(i + 1), activity: 'apply', outcome: 'completed' }],
    }));
    const progress: ImportProgress[] = [];
    const result = await store.importJourneys('home', many, { batchSize: 10, onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ journeys: 25, steps: 50, stepsAdded: 50, batches: 3 });
    expect(progress).toEqual([
      { batch: 1, batches: 3, journeys: 10, steps: 20 },
      { batch: 2, batches: 3, journeys: 20, steps: 40 },
      { batch: 3, batches: 3, journeys: 25, steps: 50 },
    ]);

    const controller = new AbortController();
    const more = many.map((j) => ({ ...j, id: `n${j.id}` }));
    const aborted = store.importJourneys('dinner', more.map((j) => ({ ...j, steps: [{ timestamp: at(0), activity: 'buy', outcome: 'completed' as const }] })), {
      batchSize: 10,
      onProgress: (p) => {
        if (p.batch === 1) controller.abort();
      },
      signal: controller.signal,
    });
    await expect(aborted).rejects.toThrow(/abort/i);
    // The first batch was written and stays written.
    expect(await store.countJourneys('dinner')).toEqual({ journeys: 10, steps: 10 });
  });

  it('merges a re-import: the same log changes nothing, a later log adds and replaces steps', async () => {
    await store.importJourneys('home', sampleJourneys());
    const before = await contents(store);
    const again = await store.importJourneys('home', sampleJourneys());
    expect(again).toEqual({ journeys: 3, steps: 6, stepsAdded: 0, batches: 1 });
    expect(await contents(store)).toEqual(before);

    const later: JourneyInput[] = [
      {
        id: 'j2', // no segment: keeps first-time
        steps: [
          { timestamp: at(5), activity: 'apply', actor: 'nordbank', outcome: 'progressed', sentiment: 0 }, // replaces
          { timestamp: at(5), activity: 'apply', outcome: 'completed' }, // a second (5, apply): new
          { timestamp: at(1), activity: 'insure', outcome: 'progressed' }, // new
        ],
      },
      { id: 'j9', segment: 'upgrader', steps: [{ timestamp: at(2), activity: 'search', outcome: 'stuck' }] },
    ];
    expect(await store.importJourneys('home', later)).toEqual({ journeys: 2, steps: 5, stepsAdded: 3, batches: 1 });
    expect(await store.getJourney('home', 'j2')).toEqual({
      id: 'j2',
      segment: 'first-time',
      steps: [
        { journey: 'j2', timestamp: at(0), activity: 'search', actor: 'broker', touchpoint: 'broker-phone', channel: 'PHONE', outcome: 'progressed', sentiment: 1 },
        { journey: 'j2', timestamp: at(1), activity: 'insure', outcome: 'progressed' },
        { journey: 'j2', timestamp: at(5), activity: 'apply', actor: 'nordbank', outcome: 'progressed', sentiment: 0 },
        { journey: 'j2', timestamp: at(5), activity: 'apply', outcome: 'completed' },
      ],
    });
    expect(await store.countJourneys('home')).toEqual({ journeys: 4, steps: 9 });
    // A later import may move a journey to another segment.
    await store.importJourneys('home', [{ id: 'j2', segment: 'upgrader', steps: [{ timestamp: at(0), activity: 'search', actor: 'broker', touchpoint: 'broker-phone', channel: 'PHONE', outcome: 'progressed', sentiment: 1 }] }]);
    expect((await store.getJourney('home', 'j2'))!.segment).toBe('upgrader');
  });

  it('lists journeys sorted by id, with a cursor, a page size, a total and filters', async () => {
    const many: JourneyInput[] = Array.from({ length: 120 }, (_, i) => ({
      id: `k${String(119 - i).padStart(3, '0')}`,
      segment: i % 2 === 0 ? 'first-time' : undefined,
      steps: [
        { timestamp: at(i), activity: 'search', outcome: 'progressed' },
        { timestamp: at(i + 10), activity: 'apply', outcome: i % 3 === 0 ? 'stuck' : 'completed' },
      ],
    }));
    await store.importJourneys('home', many);
    const first = await store.listJourneys('home');
    expect(first.total).toBe(120);
    expect(first.hasMore).toBe(true);
    expect(first.journeys).toHaveLength(50);
    expect(first.journeys[0]).toEqual({ id: 'k000', steps: 2, start: at(119), end: at(129), outcome: 'completed' });
    expect(first.journeys[1]).toEqual({ id: 'k001', segment: 'first-time', steps: 2, start: at(118), end: at(128), outcome: 'completed' });

    const ids: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.listJourneys('home', { first: 35, after });
      expect(page.total).toBe(120);
      ids.push(...page.journeys.map((j) => j.id));
      if (!page.hasMore) break;
      after = page.journeys[page.journeys.length - 1].id;
    }
    expect(ids).toEqual(many.map((j) => j.id).sort());
    expect(await store.listJourneys('home', { after: 'k119' })).toEqual({ journeys: [], total: 120, hasMore: false });
    expect((await store.listJourneys('home', { after: 'k0505' })).journeys[0].id).toBe('k051');

    // i % 3 === 0 are stuck: i = 0, 3, …, 117 -> 40 journeys; of them i even (first-time): 20.
    const stuck = await store.listJourneys('home', { outcome: 'stuck', first: 5 });
    expect([stuck.total, stuck.journeys.length, stuck.hasMore]).toEqual([40, 5, true]);
    expect(stuck.journeys.every((j) => j.outcome === 'stuck')).toBe(true);
    const both = await store.listJourneys('home', { outcome: 'stuck', segment: 'first-time', first: 100 });
    expect([both.total, both.journeys.length, both.hasMore]).toEqual([20, 20, false]);
    expect((await store.listJourneys('home', { segment: 'upgrader' })).total).toBe(0);
    expect((await store.listJourneys('home', { segment: 'nobody' })).total).toBe(0);
    expect(await store.listJourneys('home', { first: 0 })).toEqual({ journeys: [], total: 120, hasMore: true });
    expect((await caught(store.listJourneys('home', { first: -1 }))).code).toBe('BAD_INPUT');
    expect((await caught(store.listJourneys('home', { outcome: 'lost' as 'stuck' }))).code).toBe('BAD_INPUT');
  });

  it('deletes journeys and counts what existed', async () => {
    await store.importJourneys('home', sampleJourneys());
    expect(await store.deleteJourneys('home', ['j1', 'j1', 'nope'])).toBe(1);
    expect(await store.getJourney('home', 'j1')).toBeNull();
    expect(await store.countJourneys('home')).toEqual({ journeys: 2, steps: 3 });
    expect((await store.listJourneys('home')).journeys.map((j) => j.id)).toEqual(['j2', 'j3']);
    // Deleted, then imported again: a new journey.
    await store.importJourneys('home', [sampleJourneys()[1]]);
    expect((await store.getJourney('home', 'j1'))!.steps).toHaveLength(3);
  });

  it('compacts dead rows without changing what it holds', async () => {
    const base: JourneyInput[] = Array.from({ length: 1500 }, (_, i) => ({
      id: `c${i}`,
      segment: i % 2 ? 'upgrader' : undefined,
      steps: Array.from({ length: 4 }, (_, k) => ({ timestamp: at(i + k), activity: k % 2 ? 'apply' : 'search', outcome: 'progressed' as const, note: `n${i % 7}` })),
    }));
    await store.importJourneys('home', base);
    // Each journey gets one more step: its old rows become dead (6000 dead of 13500 rows).
    const extra = base.map((j, i) => ({ id: j.id, steps: [{ timestamp: at(i + 9), activity: 'insure', outcome: 'completed' as const }] }));
    await store.importJourneys('home', extra);
    type Internals = { models: Map<string, { journeys: { rows: number; liveRows: number } }> };
    const rows = () => (store as unknown as Internals).models.get('home')!.journeys;
    expect([rows().rows, rows().liveRows]).toEqual([7500, 7500]);
    // Deleting two journeys leaves 10 dead rows: too few to compact.
    await store.deleteJourneys('home', ['c0', 'c1']);
    expect([rows().rows, rows().liveRows]).toEqual([7500, 7490]);

    const fresh = await MemoryStore.open({});
    await fresh.putDocument(homeModel());
    await fresh.importJourneys(
      'home',
      base.slice(2).map((j, i) => ({ ...j, steps: [...j.steps, extra[i + 2].steps[0]] })),
    );
    expect(await store.countJourneys('home')).toEqual({ journeys: 1498, steps: 7490 });
    expect(await store.getJourney('home', 'c77')).toEqual(await fresh.getJourney('home', 'c77'));
    expect(await store.journeyStats('home')).toEqual(await fresh.journeyStats('home'));
    expect(await store.listJourneys('home', { segment: 'upgrader', first: 3 })).toEqual(await fresh.listJourneys('home', { segment: 'upgrader', first: 3 }));
  });

  it('runs concurrent writes one after another', async () => {
    const writes = Array.from({ length: 20 }, (_, i) =>
      store.upsertEntities('home', 'segment', [{ id: `seg${i}`, name: `Segment ${i}` }]),
    );
    writes.push(store.importJourneys('home', sampleJourneys()).then(() => undefined));
    await Promise.all(writes);
    expect(await store.getEntities('home', 'segment')).toHaveLength(22);
    expect((await store.countJourneys('home')).journeys).toBe(3);
  });
});

describe('MemoryStore snapshot', () => {
  it('starts empty without a file, and reopens with identical documents, journeys and stats', async () => {
    const file = path.join(tempDir(), 'nested', 'snapshot.json');
    const store = await MemoryStore.open({ snapshotPath: file });
    expect(await store.listModels()).toEqual([]);
    expect(existsSync(file)).toBe(false);
    await store.putDocument(homeModel());
    await store.putDocument(otherModel());
    await store.importJourneys('home', sampleJourneys());
    await store.importJourneys('home', [{ id: 'j1', steps: [{ timestamp: at(7), activity: 'apply', outcome: 'stuck', note: 'form broke' }] }]);
    await store.deleteJourneys('home', ['j3']);
    await store.importJourneys('dinner', [{ id: 'd1', steps: [{ timestamp: at(0), activity: 'buy', outcome: 'completed', sentiment: -1 }] }]);
    await store.close();

    const raw = JSON.parse(readFileSync(file, 'utf8'));
    expect([raw.format, raw.version]).toEqual(['goalnet-snapshot', 1]);
    expect(raw.models).toHaveLength(2);
    expect(Array.isArray(raw.models[0].steps.timestamp)).toBe(true);

    const reopened = await MemoryStore.open({ snapshotPath: file });
    const expected = await contents(store as MemoryStore).catch(() => null);
    expect(expected).toBeNull(); // the closed store refuses reads
    const now = await contents(reopened);
    expect(now.docs.map((d) => d!.model.id)).toEqual(['dinner', 'home']);
    expect(now.journeys[1].map((j) => j.id)).toEqual(['j1', 'j2']);
    expect(now.journeys[1][0].steps).toHaveLength(4);
    expect(now.journeys[1][0].steps[0].attributes).toEqual({ region: 'north', source: 'crm' });
    expect(now.journeys[1][0].steps[1].note).toBe('');

    // The same operations in a store without a snapshot give the same contents and stats.
    const mirror = await MemoryStore.open({});
    await mirror.putDocument(homeModel());
    await mirror.putDocument(otherModel());
    await mirror.importJourneys('home', sampleJourneys());
    await mirror.importJourneys('home', [{ id: 'j1', steps: [{ timestamp: at(7), activity: 'apply', outcome: 'stuck', note: 'form broke' }] }]);
    await mirror.deleteJourneys('home', ['j3']);
    await mirror.importJourneys('dinner', [{ id: 'd1', steps: [{ timestamp: at(0), activity: 'buy', outcome: 'completed', sentiment: -1 }] }]);
    expect(now).toEqual(await contents(mirror));
    expect(await reopened.journeyStats('home')).toEqual(await mirror.journeyStats('home'));
    expect(await reopened.journeyStats('home', { segment: 'first-time' })).toEqual(await mirror.journeyStats('home', { segment: 'first-time' }));

    // Writes keep saving: delete the model and reopen.
    expect(await reopened.deleteModel('dinner')).toBe(true);
    expect((await (await MemoryStore.open({ snapshotPath: file })).listModels()).map((m) => m.id)).toEqual(['home']);
  });

  it('does not save a refused write', async () => {
    const file = path.join(tempDir(), 'snapshot.json');
    const store = await MemoryStore.open({ snapshotPath: file });
    await store.putDocument(homeModel());
    const before = readFileSync(file, 'utf8');
    await caught(store.importJourneys('home', [{ id: 'x', steps: [{ timestamp: at(0), activity: 'nope', outcome: 'stuck' }] }]));
    await caught(store.deleteEntities('home', 'goal', ['own-home']));
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses a damaged or half-written snapshot with an error naming the file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'snapshot.json');
    const store = await MemoryStore.open({ snapshotPath: file });
    await store.putDocument(homeModel());
    await store.importJourneys('home', sampleJourneys());
    const good = readFileSync(file, 'utf8');

    writeFileSync(file, good.slice(0, Math.floor(good.length / 2)));
    const half = await caught(MemoryStore.open({ snapshotPath: file }));
    expect(half.code).toBe('STORE_UNAVAILABLE');
    expect(half.message).toContain(file);
    expect(half.message).toMatch(/half-written/);

    writeFileSync(file, '');
    expect((await caught(MemoryStore.open({ snapshotPath: file }))).message).toContain(file);

    const broken = JSON.parse(good);
    broken.models[0].steps.activity[0] = 99;
    writeFileSync(file, JSON.stringify(broken));
    const index = await caught(MemoryStore.open({ snapshotPath: file }));
    expect(index.problems[0].where).toBe('models[0].steps.activity[0]');

    const other = JSON.parse(good);
    other.format = 'something-else';
    writeFileSync(file, JSON.stringify(other));
    expect((await caught(MemoryStore.open({ snapshotPath: file }))).problems[0].where).toBe('format');

    const dangling = JSON.parse(good);
    dangling.models[0].document.segments = [];
    writeFileSync(file, JSON.stringify(dangling));
    expect((await caught(MemoryStore.open({ snapshotPath: file }))).problems[0].message).toMatch(/segment "(first-time|upgrader)"/);

    // A store constructed directly fails every call the same way, and reports unhealthy.
    const direct = new MemoryStore({ snapshotPath: file });
    expect((await caught(direct.listModels())).message).toContain(file);
    expect((await direct.health()).ok).toBe(false);
  });

  it('ignores and removes a partial temporary file a dead writer left', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'snapshot.json');
    const store = await MemoryStore.open({ snapshotPath: file });
    await store.putDocument(homeModel());
    await store.importJourneys('home', sampleJourneys());
    const leftover = `${file}.tmp-99999999`;
    writeFileSync(leftover, readFileSync(file, 'utf8').slice(0, 100));
    const reopened = await MemoryStore.open({ snapshotPath: file });
    expect(await reopened.countJourneys('home')).toEqual({ journeys: 3, steps: 6 });
    expect(existsSync(leftover)).toBe(false);
  });

  it('keeps the previous snapshot loadable when a writer is killed mid-save', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'snapshot.json');
    const store = await MemoryStore.open({ snapshotPath: file });
    await store.putDocument(homeModel());
    await store.importJourneys('home', sampleJourneys());
    const previous = readFileSync(file, 'utf8');

    // A child process opens the same snapshot, imports 400,000 steps and saves; it is killed as
    // soon as its temporary file appears, so the save is cut off part-way.
    const storeModule = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'store', 'memory', 'memory-store.ts')).href;
    const script = path.join(dir, 'writer.mts');
    writeFileSync(
      script,
      `import { MemoryStore } from ${JSON.stringify(storeModule)};
const store = await MemoryStore.open({ snapshotPath: ${JSON.stringify(file)} });
const journeys = [];
for (let j = 0; j < 40000; j++) {
  const steps = [];
  for (let k = 0; k < 10; k++) steps.push({ timestamp: ${T0} + j * 1000 + k, activity: k % 2 ? 'apply' : 'search', outcome: 'progressed', note: 'note ' + (j % 1000) });
  journeys.push({ id: 'big' + j, steps });
}
process.stdout.write('importing\\n');
await store.importJourneys('home', journeys, { batchSize: 40000 });
process.stdout.write('saved\\n');
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: path.join(path.dirname(fileURLToPath(import.meta.url)), '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const tmp = `${file}.tmp-${child.pid}`;
    let sawTemporary = false;
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && child.exitCode === null && !child.killed) {
      if (existsSync(tmp)) {
        sawTemporary = true;
        child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    if (!child.killed) child.kill('SIGKILL');
    await exited;
    expect(output).toContain('importing');
    expect(sawTemporary).toBe(true);

    // Unless the rename had already happened, the snapshot is the previous one, byte for byte.
    const now = readFileSync(file, 'utf8');
    const reopened = await MemoryStore.open({ snapshotPath: file });
    const counts = await reopened.countJourneys('home');
    if (now === previous) {
      expect(counts).toEqual({ journeys: 3, steps: 6 });
    } else {
      expect(counts).toEqual({ journeys: 40003, steps: 400006 });
    }
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});
