/**
 * The GraphStore contract: one set of tests, run against every store (memory and Neo4j). Each
 * expectation is written out by hand, so a store that drifts fails here on its own; the
 * agreement of the two stores on real data is in agreement.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoalnetError, type ErrorCode } from '../../src/model/errors.js';
import type { Journey, ModelDocument } from '../../src/model/types.js';
import type { GraphStore, ImportProgress, JourneyInput } from '../../src/store/graph-store.js';
import { at, homeJourneys, homeModel, MIN } from './fixtures.js';
import { deleteTestModels, STORE_FACTORIES, uniqueModelId } from './stores.js';

async function expectError(promise: Promise<unknown>, code: ErrorCode, text?: RegExp): Promise<GoalnetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a GoalnetError ${code}`).toBeInstanceOf(GoalnetError);
  expect((error as GoalnetError).code).toBe(code);
  if (text) expect((error as GoalnetError).message).toMatch(text);
  return error as GoalnetError;
}

/** Everything a store holds for a model, to show that a refused write changed nothing. */
async function snapshot(store: GraphStore, modelId: string): Promise<unknown> {
  const doc = await store.getDocument(modelId);
  if (!doc) return null;
  const page = await store.listJourneys(modelId, { first: 1000 });
  const journeys = await Promise.all(page.journeys.map((j) => store.getJourney(modelId, j.id)));
  return { doc, count: await store.countJourneys(modelId), page, journeys };
}

describe.each(STORE_FACTORIES)('GraphStore contract: $name store', (factory) => {
  let store: GraphStore;

  beforeAll(async () => {
    if (factory.available) store = await factory.open();
  });

  afterAll(async () => {
    if (!store) return;
    await deleteTestModels(store);
    await store.close();
  });

  /** A new model holding the home document (and, when asked, the home journeys). */
  async function newHome(withJourneys = false): Promise<{ id: string; doc: ModelDocument }> {
    const id = uniqueModelId('home');
    const doc = homeModel(id);
    await store.putDocument(doc);
    if (withJourneys) await store.importJourneys(id, homeJourneys());
    return { id, doc };
  }

  describe.skipIf(!factory.available)('models', () => {
    it('stores a document and reads it back exactly; lists and gets the model', async () => {
      const { id, doc } = await newHome();
      expect(await store.getDocument(id)).toEqual(doc);
      expect(await store.getModel(id)).toEqual({ id, name: 'Buying a home', description: 'A contract-suite model' });
      const listed = await store.listModels();
      expect(listed).toContainEqual({ id, name: 'Buying a home', description: 'A contract-suite model' });
      const ids = listed.map((m) => m.id);
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    });

    it('keeps partnership pairs sorted and entity lists in their order', async () => {
      const id = uniqueModelId('order');
      const doc = homeModel(id);
      doc.partnerships = [{ actors: ['registry', 'broker'] }, { actors: ['nordbank', 'insurer'] }];
      doc.actors.reverse();
      await store.putDocument(doc);
      const stored = (await store.getDocument(id))!;
      expect(stored.partnerships).toEqual([{ actors: ['broker', 'registry'] }, { actors: ['insurer', 'nordbank'] }]);
      expect(stored.actors.map((a) => a.id)).toEqual(['registry', 'insurer', 'broker', 'nordbank']);
    });

    it('returns null (getModel, getDocument) and false (deleteModel) for a missing model', async () => {
      const id = uniqueModelId('missing');
      expect(await store.getModel(id)).toBeNull();
      expect(await store.getDocument(id)).toBeNull();
      expect(await store.deleteModel(id)).toBe(false);
    });

    it('refuses an invalid document and changes nothing (BAD_INPUT)', async () => {
      const { id, doc } = await newHome(true);
      const before = await snapshot(store, id);
      const broken = homeModel(id);
      broken.activities[0].goal = 'no-such-goal';
      broken.model.name = 'Changed';
      await expectError(store.putDocument(broken), 'BAD_INPUT', /nothing was changed/);
      expect(await snapshot(store, id)).toEqual(before);
      const fresh = homeModel(uniqueModelId('never'));
      fresh.goals.push({ id: 'own-home', name: 'Twice', refinement: 'AND' });
      await expectError(store.putDocument(fresh), 'BAD_INPUT');
      expect(await store.getModel(fresh.model.id)).toBeNull();
      expect(doc.model.id).toBe(id);
    });

    it('replaces the entities of a model and keeps its journeys', async () => {
      const { id } = await newHome(true);
      const j1 = await store.getJourney(id, 'j1');
      const next = homeModel(id);
      next.model = { id, name: 'Buying a flat' };
      next.actors = next.actors.filter((a) => a.id !== 'registry');
      next.actors[1] = { ...next.actors[1], name: 'Town Brokers' };
      next.goals.push({ id: 'move-in', name: 'Move in', parent: 'own-home', refinement: 'AND' });
      next.activities.push({ id: 'move', name: 'Move', goal: 'move-in', phase: 'USE', mode: 'ACTIVE', actors: ['broker'], touchpoints: [], next: [] });
      next.activities[0] = { ...next.activities[0], next: ['apply', 'move'] };
      next.segments.reverse();
      await store.putDocument(next);
      expect(await store.getDocument(id)).toEqual(next);
      expect(await store.countJourneys(id)).toEqual({ journeys: 3, steps: 8 });
      expect(await store.getJourney(id, 'j1')).toEqual(j1);
    });

    it('refuses a document that leaves out entities recorded journeys use (CONFLICT), changing nothing', async () => {
      const { id } = await newHome(true);
      const before = await snapshot(store, id);
      const next = homeModel(id);
      next.activities = next.activities.filter((a) => a.id !== 'insure');
      next.activities[1].next = [];
      next.segments = next.segments.filter((s) => s.id !== 'upgrader');
      const error = await expectError(store.putDocument(next), 'CONFLICT', /recorded journeys/);
      expect(error.problems.map((p) => p.where).sort()).toEqual(['activity "insure"', 'segment "upgrader"']);
      expect(await snapshot(store, id)).toEqual(before);
    });

    it('deletes a model with its journeys', async () => {
      const { id, doc } = await newHome(true);
      expect(await store.deleteModel(id)).toBe(true);
      expect(await store.getModel(id)).toBeNull();
      await expectError(store.countJourneys(id), 'NOT_FOUND');
      expect(await store.deleteModel(id)).toBe(false);
      await store.putDocument(doc);
      expect(await store.countJourneys(id)).toEqual({ journeys: 0, steps: 0 });
      expect(await store.getJourney(id, 'j1')).toBeNull();
    });
  });

  describe.skipIf(!factory.available)('entities', () => {
    it('gets entities of every kind, all or by id (partnerships by either order of their actors)', async () => {
      const { id, doc } = await newHome();
      expect(await store.getEntities(id, 'goal')).toEqual(doc.goals);
      expect(await store.getEntities(id, 'actor')).toEqual(doc.actors);
      expect(await store.getEntities(id, 'touchpoint')).toEqual(doc.touchpoints);
      expect(await store.getEntities(id, 'activity')).toEqual(doc.activities);
      expect(await store.getEntities(id, 'partnership')).toEqual(doc.partnerships);
      expect(await store.getEntities(id, 'segment')).toEqual(doc.segments);
      expect(await store.getEntities(id, 'goal', ['finance', 'no-such'])).toEqual([doc.goals[1]]);
      expect(await store.getEntities(id, 'partnership', ['nordbank~insurer'])).toEqual([{ actors: ['insurer', 'nordbank'] }]);
      expect(await store.getEntities(id, 'activity', [])).toEqual([]);
    });

    it('upserts: replaces in place, appends new ones, keeps pairs sorted', async () => {
      const { id, doc } = await newHome();
      await store.upsertEntities(id, 'actor', [
        { id: 'broker', name: 'Town Brokers', kind: 'BROKER', focal: false },
        { id: 'mover', name: 'Movers', kind: 'MOVER', focal: false },
      ]);
      await store.upsertEntities(id, 'partnership', [{ actors: ['registry', 'broker'] }]);
      await store.upsertEntities(id, 'goal', [{ id: 'find-home', name: 'Find the home', parent: 'own-home', refinement: 'OR', description: 'Search' }]);
      await store.upsertEntities(id, 'segment', [{ id: 'investor', name: 'Investors' }]);
      await store.upsertEntities(id, 'touchpoint', [{ id: 'mover-app', name: 'Mover app', actor: 'mover', channel: 'APP', initiator: 'CUSTOMER', ownership: 'PARTNER' }]);
      await store.upsertEntities(id, 'activity', [
        { id: 'search', name: 'Search', goal: 'find-home', phase: 'EVALUATION', mode: 'ACTIVE', actors: ['broker', 'registry'], touchpoints: [], next: [] },
      ]);
      const expected = homeModel(id);
      expected.actors[1] = { id: 'broker', name: 'Town Brokers', kind: 'BROKER', focal: false };
      expected.actors.push({ id: 'mover', name: 'Movers', kind: 'MOVER', focal: false });
      expected.partnerships.push({ actors: ['broker', 'registry'] });
      expected.goals[2] = { id: 'find-home', name: 'Find the home', parent: 'own-home', refinement: 'OR', description: 'Search' };
      expected.segments.push({ id: 'investor', name: 'Investors' });
      expected.touchpoints.push({ id: 'mover-app', name: 'Mover app', actor: 'mover', channel: 'APP', initiator: 'CUSTOMER', ownership: 'PARTNER' });
      expected.activities[0] = { id: 'search', name: 'Search', goal: 'find-home', phase: 'EVALUATION', mode: 'ACTIVE', actors: ['broker', 'registry'], touchpoints: [], next: [] };
      expect(await store.getDocument(id)).toEqual(expected);
      expect(doc.actors[1].name).toBe('City Brokers');
    });

    it('refuses upserts that break the model or repeat an id, changing nothing (BAD_INPUT)', async () => {
      const { id } = await newHome(true);
      const before = await snapshot(store, id);
      await expectError(
        store.upsertEntities(id, 'activity', [{ id: 'x', name: 'X', goal: 'nope', phase: 'USE', mode: 'ACTIVE', actors: [], touchpoints: [], next: [] }]),
        'BAD_INPUT',
        /nothing was changed/,
      );
      await expectError(
        store.upsertEntities(id, 'segment', [
          { id: 's', name: 'S' },
          { id: 's', name: 'S again' },
        ]),
        'BAD_INPUT',
      );
      await expectError(store.upsertEntities(id, 'actor', [{ id: 'broker2', name: 'B', kind: 'BROKER', focal: true }]), 'BAD_INPUT');
      await expectError(store.upsertEntities(id, 'partnership', [{ actors: ['broker', 'broker'] }]), 'BAD_INPUT');
      expect(await snapshot(store, id)).toEqual(before);
    });

    it('deletes unreferenced entities and refuses referenced ones (CONFLICT), changing nothing', async () => {
      const { id } = await newHome();
      const before = await snapshot(store, id);
      const error = await expectError(store.deleteEntities(id, 'actor', ['nordbank']), 'CONFLICT', /nothing was deleted/);
      expect(error.problems.length).toBe(4); // two touchpoints, one activity, one partnership
      await expectError(store.deleteEntities(id, 'goal', ['finance']), 'CONFLICT');
      await expectError(store.deleteEntities(id, 'touchpoint', ['bank-sms']), 'CONFLICT');
      expect(await snapshot(store, id)).toEqual(before);

      expect(await store.deleteEntities(id, 'actor', ['registry', 'no-such'])).toBe(1);
      expect(await store.deleteEntities(id, 'partnership', ['nordbank~insurer'])).toBe(1);
      expect(await store.deleteEntities(id, 'segment', ['no-such'])).toBe(0);
      // A goal together with its sub-goals is no reference problem once their activities are gone.
      expect(await store.deleteEntities(id, 'activity', ['search', 'apply', 'insure'])).toBe(3);
      expect(await store.deleteEntities(id, 'goal', ['find-home', 'finance'])).toBe(2);
      const doc = (await store.getDocument(id))!;
      expect(doc.actors.map((a) => a.id)).toEqual(['nordbank', 'broker', 'insurer']);
      expect(doc.partnerships).toEqual([]);
      expect(doc.activities).toEqual([]);
      expect(doc.goals.map((g) => g.id)).toEqual(['own-home']);
    });

    it('refuses to delete entities that recorded journeys use (CONFLICT), until the journeys are gone', async () => {
      const { id } = await newHome(true);
      await store.upsertEntities(id, 'activity', [{ id: 'extra', name: 'Extra', goal: 'find-home', phase: 'USE', mode: 'PASSIVE', actors: [], touchpoints: [], next: [] }]);
      await store.importJourneys(id, [{ id: 'jx', steps: [{ timestamp: at(1), activity: 'extra', actor: 'registry', outcome: 'progressed' }] }]);
      const before = await snapshot(store, id);
      const activity = await expectError(store.deleteEntities(id, 'activity', ['extra']), 'CONFLICT', /recorded journeys/);
      expect(activity.problems).toEqual([{ where: 'activity "extra"', message: '1 step(s) of recorded journeys refer to it (e.g. journey "jx")' }]);
      await expectError(store.deleteEntities(id, 'actor', ['registry']), 'CONFLICT', /recorded journeys/);
      const segment = await expectError(store.deleteEntities(id, 'segment', ['first-time']), 'CONFLICT');
      expect(segment.problems).toEqual([{ where: 'segment "first-time"', message: '1 journey(s) of recorded journeys refer to it (e.g. journey "j2")' }]);
      expect(await snapshot(store, id)).toEqual(before);

      expect(await store.deleteJourneys(id, ['jx', 'j2'])).toBe(2);
      expect(await store.deleteEntities(id, 'activity', ['extra'])).toBe(1);
      expect(await store.deleteEntities(id, 'actor', ['registry'])).toBe(1);
      expect(await store.deleteEntities(id, 'segment', ['first-time'])).toBe(1);
    });

    it('answers NOT_FOUND for entities of a missing model', async () => {
      const id = uniqueModelId('missing');
      await expectError(store.getEntities(id, 'goal'), 'NOT_FOUND');
      await expectError(store.upsertEntities(id, 'segment', [{ id: 's', name: 'S' }]), 'NOT_FOUND');
      await expectError(store.deleteEntities(id, 'segment', ['s']), 'NOT_FOUND');
      expect(await store.getModel(id)).toBeNull();
    });
  });

  describe.skipIf(!factory.available)('journeys', () => {
    const J2: Journey = {
      id: 'j2',
      segment: 'first-time',
      steps: [
        { journey: 'j2', timestamp: at(0), activity: 'search', actor: 'broker', touchpoint: 'broker-phone', channel: 'PHONE', outcome: 'progressed', sentiment: 1 },
        { journey: 'j2', timestamp: at(5), activity: 'apply', actor: 'nordbank', touchpoint: 'bank-web', channel: 'WEB', outcome: 'stuck', sentiment: -2, note: 'form broke' },
      ],
    };
    const J1: Journey = {
      id: 'j1',
      segment: 'upgrader',
      steps: [
        { journey: 'j1', timestamp: at(0), activity: 'search', outcome: 'progressed', attributes: { region: 'north', source: 'crm' } },
        { journey: 'j1', timestamp: at(3), activity: 'apply', actor: 'nordbank', outcome: 'progressed', note: '' },
        { journey: 'j1', timestamp: at(3), activity: 'insure', actor: 'insurer', outcome: 'completed', sentiment: 2 },
      ],
    };

    it('imports in batches, reporting progress, and reads every journey back exactly', async () => {
      const { id } = await newHome();
      const progress: ImportProgress[] = [];
      const result = await store.importJourneys(id, homeJourneys(), { batchSize: 2, onProgress: (p) => progress.push(p) });
      expect(result).toEqual({ journeys: 3, steps: 8, stepsAdded: 8, batches: 2 });
      expect(progress).toEqual([
        { batch: 1, batches: 2, journeys: 2, steps: 5 },
        { batch: 2, batches: 2, journeys: 3, steps: 8 },
      ]);
      expect(await store.getJourney(id, 'j2')).toEqual(J2);
      expect(await store.getJourney(id, 'j1')).toEqual(J1);
      const j3 = (await store.getJourney(id, 'j3'))!;
      expect(j3.segment).toBeUndefined();
      expect(j3.steps.map((s) => [s.activity, s.actor, s.channel, s.touchpoint, s.outcome, s.sentiment, s.note])).toEqual([
        ['search', 'broker', 'PHONE', undefined, 'progressed', 0, undefined],
        ['apply', 'nordbank', 'SMS', 'bank-sms', 'progressed', -1, 'form broke'],
        ['apply', 'broker', undefined, undefined, 'abandoned', undefined, 'too slow'],
      ]);
      expect(await store.getJourney(id, 'no-such')).toBeNull();
      expect(await store.countJourneys(id)).toEqual({ journeys: 3, steps: 8 });
    });

    it('changes nothing when the same journeys are imported again', async () => {
      const { id } = await newHome(true);
      const before = await snapshot(store, id);
      const stats = await store.journeyStats(id);
      expect(await store.importJourneys(id, homeJourneys(), { batchSize: 1 })).toEqual({ journeys: 3, steps: 8, stepsAdded: 0, batches: 3 });
      expect(await snapshot(store, id)).toEqual(before);
      expect(await store.journeyStats(id)).toEqual(stats);
    });

    it('merges a later log into stored journeys: same identity replaces, new steps are added in order', async () => {
      const { id } = await newHome(true);
      const result = await store.importJourneys(id, [
        {
          id: 'j2',
          steps: [
            { timestamp: at(5), activity: 'apply', actor: 'nordbank', touchpoint: 'bank-web', channel: 'WEB', outcome: 'progressed', sentiment: 0 },
            { timestamp: at(9), activity: 'insure', actor: 'insurer', outcome: 'completed' },
            { timestamp: at(5), activity: 'apply', actor: 'nordbank', outcome: 'progressed' },
          ],
        },
        { id: 'j1', segment: 'first-time', steps: [{ timestamp: at(0), activity: 'search', outcome: 'progressed', attributes: { source: 'crm', region: 'north' } }] },
      ]);
      expect(result).toEqual({ journeys: 2, steps: 7, stepsAdded: 2, batches: 1 });
      expect(await store.getJourney(id, 'j2')).toEqual({
        id: 'j2',
        segment: 'first-time',
        steps: [
          J2.steps[0],
          { journey: 'j2', timestamp: at(5), activity: 'apply', actor: 'nordbank', touchpoint: 'bank-web', channel: 'WEB', outcome: 'progressed', sentiment: 0 },
          { journey: 'j2', timestamp: at(5), activity: 'apply', actor: 'nordbank', outcome: 'progressed' },
          { journey: 'j2', timestamp: at(9), activity: 'insure', actor: 'insurer', outcome: 'completed' },
        ],
      });
      expect(await store.getJourney(id, 'j1')).toEqual({ ...J1, segment: 'first-time' });
      expect(await store.countJourneys(id)).toEqual({ journeys: 3, steps: 10 });
    });

    it('merges a journey given twice in one call', async () => {
      const { id } = await newHome();
      const result = await store.importJourneys(id, [
        { id: 'd', segment: 'upgrader', steps: [{ timestamp: at(2), activity: 'apply', outcome: 'progressed' }] },
        { id: 'd', steps: [{ timestamp: at(1), activity: 'search', outcome: 'progressed' }] },
      ]);
      expect(result).toEqual({ journeys: 1, steps: 2, stepsAdded: 2, batches: 1 });
      expect((await store.getJourney(id, 'd'))!.steps.map((s) => s.activity)).toEqual(['search', 'apply']);
      expect((await store.getJourney(id, 'd'))!.segment).toBe('upgrader');
    });

    it('refuses the whole import when any journey breaks the model, importing nothing (BAD_INPUT)', async () => {
      const { id } = await newHome(true);
      const before = await snapshot(store, id);
      const bad: JourneyInput[] = [
        { id: 'ok', steps: [{ timestamp: at(1), activity: 'search', outcome: 'progressed' }] },
        { id: 'bad', segment: 'no-such', steps: [{ timestamp: at(1), activity: 'nope', outcome: 'progressed', sentiment: 7 }] },
        { id: 'empty', steps: [] },
      ];
      const error = await expectError(store.importJourneys(id, bad, { batchSize: 1 }), 'BAD_INPUT', /nothing was imported/);
      expect(error.problems.map((p) => p.where)).toEqual([
        'journeys[1] (journey "bad").segment',
        'journeys[1] (journey "bad").steps[0].activity',
        'journeys[1] (journey "bad").steps[0].sentiment',
        'journeys[2] (journey "empty").steps',
      ]);
      await expectError(store.importJourneys(id, homeJourneys(), { batchSize: 0 }), 'BAD_INPUT');
      await expectError(store.importJourneys(id, homeJourneys(), { resumeKey: '' }), 'BAD_INPUT', /resume key/);
      await expectError(store.importJourneys(uniqueModelId('missing'), homeJourneys()), 'NOT_FOUND');
      expect(await snapshot(store, id)).toEqual(before);
    });

    it('stops between batches when aborted; the batches written stay written', async () => {
      const { id } = await newHome();
      const controller = new AbortController();
      const run = store.importJourneys(id, homeJourneys(), {
        batchSize: 1,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.batch === 2) controller.abort();
        },
      });
      await expect(run).rejects.toThrow();
      expect(await store.countJourneys(id)).toEqual({ journeys: 2, steps: 5 });
    });

    it('lists journeys in UTF-16 order of their ids, page by page, filtered by outcome and segment', async () => {
      const { id } = await newHome();
      const ids = ['b', 'a', '\u{1F600}x', '\uFF01y', 'ä', 'A', 'a b'];
      await store.importJourneys(
        id,
        ids.map((jid, i) => ({
          id: jid,
          segment: i % 2 === 0 ? 'upgrader' : undefined,
          steps: [
            { timestamp: at(i), activity: 'search', outcome: 'progressed' },
            { timestamp: at(i + 1), activity: 'apply', outcome: i % 3 === 0 ? 'completed' : 'stuck' },
          ],
        })),
      );
      const order = [...ids].sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
      expect(order).toEqual(['A', 'a', 'a b', 'b', 'ä', '\u{1F600}x', '\uFF01y']);
      const all = await store.listJourneys(id, { first: 100 });
      expect(all.journeys.map((j) => j.id)).toEqual(order);
      expect(all).toMatchObject({ total: 7, hasMore: false });
      expect(all.journeys[3]).toEqual({ id: 'b', segment: 'upgrader', steps: 2, start: at(0), end: at(1), outcome: 'completed' });
      expect(all.journeys[4]).toEqual({ id: 'ä', segment: 'upgrader', steps: 2, start: at(4), end: at(5), outcome: 'stuck' });
      expect(all.journeys[1]).toEqual({ id: 'a', steps: 2, start: at(1), end: at(2), outcome: 'stuck' });

      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.listJourneys(id, { first: 3, after });
        expect(page.total).toBe(7);
        seen.push(...page.journeys.map((j) => j.id));
        if (!page.hasMore) break;
        after = page.journeys[page.journeys.length - 1].id;
      }
      expect(seen).toEqual(order);
      expect(await store.listJourneys(id, { after: '\u{1F600}x' })).toMatchObject({ journeys: [{ id: '\uFF01y' }], hasMore: false });
      expect(await store.listJourneys(id, { first: 0 })).toEqual({ journeys: [], total: 7, hasMore: true });

      const completed = await store.listJourneys(id, { outcome: 'completed' });
      expect(completed.journeys.map((j) => j.id)).toEqual(['a b', 'b', '\uFF01y']);
      const upgraders = await store.listJourneys(id, { segment: 'upgrader', first: 2 });
      expect(upgraders).toMatchObject({ total: 4, hasMore: true });
      expect(upgraders.journeys.map((j) => j.id)).toEqual(['a b', 'b']);
      expect(await store.listJourneys(id, { segment: 'first-time' })).toEqual({ journeys: [], total: 0, hasMore: false });
      await expectError(store.listJourneys(id, { first: -1 }), 'BAD_INPUT');
      await expectError(store.listJourneys(id, { outcome: 'lost' as never }), 'BAD_INPUT');
      await expectError(store.listJourneys(uniqueModelId('missing')), 'NOT_FOUND');
    });

    it('deletes journeys by id and counts what existed', async () => {
      const { id } = await newHome(true);
      expect(await store.deleteJourneys(id, ['j1', 'j1', 'no-such'])).toBe(1);
      expect(await store.getJourney(id, 'j1')).toBeNull();
      expect(await store.countJourneys(id)).toEqual({ journeys: 2, steps: 5 });
      expect(await store.deleteJourneys(id, [])).toBe(0);
      await expectError(store.deleteJourneys(uniqueModelId('missing'), ['j1']), 'NOT_FOUND');
      await expectError(store.getJourney(uniqueModelId('missing'), 'j1'), 'NOT_FOUND');
    });
  });

  describe.skipIf(!factory.available)('journey stats', () => {
    it('counts journeys, outcomes, places, transitions and hand-overs as defined', async () => {
      const { id } = await newHome(true);
      const stats = await store.journeyStats(id);
      expect(stats).toMatchObject({
        modelId: id,
        filter: {},
        journeys: 3,
        steps: 8,
        outcomes: { progressed: 0, stuck: 1, abandoned: 1, completed: 1 },
        singleStepJourneys: 0,
      });
      const apply = stats.activities.find((a) => a.id === 'apply')!;
      expect(apply).toEqual({
        id: 'apply',
        steps: 4,
        journeys: 3,
        stuck: 1,
        abandoned: 1,
        completed: 0,
        endedIncomplete: 2,
        affected: 2,
        negativeSteps: 2,
        sentimentSum: -3,
        sentimentCount: 2,
        dwell: { count: 2, median: 0, p90: MIN },
        notes: [
          { note: 'form broke', count: 2 },
          { note: 'too slow', count: 1 },
        ],
        starts: 0,
        ends: 2,
      });
      expect(stats.activities.map((a) => a.id)).toEqual(['apply', 'insure', 'search']);
      expect(stats.goals.map((g) => [g.id, g.journeys, g.steps, g.affected, g.completed])).toEqual([
        ['finance', 3, 5, 2, 1],
        ['find-home', 3, 3, 0, 0],
        ['own-home', 3, 8, 2, 1],
      ]);
      expect(stats.transitions.map((t) => [t.from, t.to, t.count, t.duration.median])).toEqual([
        ['apply', 'apply', 1, MIN],
        ['apply', 'insure', 1, 0],
        ['search', 'apply', 3, 5 * MIN],
      ]);
      expect(stats.handovers).toEqual([
        { from: 'broker', to: 'nordbank', count: 2, journeys: 2 },
        { from: 'nordbank', to: 'broker', count: 1, journeys: 1 },
        { from: 'nordbank', to: 'insurer', count: 1, journeys: 1 },
      ]);
      expect(stats.actors).toEqual([
        { actor: 'broker', steps: 3, journeys: 2 },
        { actor: 'insurer', steps: 1, journeys: 1 },
        { actor: 'nordbank', steps: 3, journeys: 3 },
      ]);
      expect(stats.actorPairs).toEqual([
        { actors: ['broker', 'nordbank'], journeys: 2 },
        { actors: ['insurer', 'nordbank'], journeys: 1 },
      ]);
      expect(stats.contacts.filter((c) => c.activity === 'search')).toEqual([
        { activity: 'search', actor: null, channel: null, touchpoint: null, steps: 1, journeys: 1, negative: 0, nextNegative: 0, nextAbandoned: 0, followedByTrouble: 0, withNext: 1, endedIncomplete: 0 },
        { activity: 'search', actor: 'broker', channel: 'PHONE', touchpoint: null, steps: 1, journeys: 1, negative: 0, nextNegative: 1, nextAbandoned: 0, followedByTrouble: 1, withNext: 1, endedIncomplete: 0 },
        { activity: 'search', actor: 'broker', channel: 'PHONE', touchpoint: 'broker-phone', steps: 1, journeys: 1, negative: 0, nextNegative: 1, nextAbandoned: 0, followedByTrouble: 1, withNext: 1, endedIncomplete: 0 },
      ]);
    });

    it('filters by segment and by the time of the first step', async () => {
      const { id } = await newHome(true);
      const firstTime = await store.journeyStats(id, { segment: 'first-time' });
      expect([firstTime.journeys, firstTime.steps, firstTime.filter]).toEqual([1, 2, { segment: 'first-time' }]);
      const late = await store.journeyStats(id, { from: at(5) });
      expect([late.journeys, late.activities.map((a) => a.id)]).toEqual([1, ['apply', 'search']]);
      const early = await store.journeyStats(id, { from: at(0), to: at(10) });
      expect(early.journeys).toBe(2);
      const none = await store.journeyStats(id, { segment: 'no-such' });
      expect([none.journeys, none.activities, none.goals, none.contacts]).toEqual([0, [], [], []]);
      await expectError(store.journeyStats(id, { from: Number.NaN }), 'BAD_INPUT');
      await expectError(store.journeyStats(uniqueModelId('missing')), 'NOT_FOUND');
    });

    it('follows the current goal tree', async () => {
      const { id } = await newHome(true);
      await store.upsertEntities(id, 'activity', [
        { id: 'insure', name: 'Insure', goal: 'find-home', phase: 'POST_PURCHASE', mode: 'PASSIVE', actors: ['insurer'], touchpoints: [], next: [] },
      ]);
      const stats = await store.journeyStats(id);
      expect(stats.goals.map((g) => [g.id, g.steps, g.completed])).toEqual([
        ['finance', 4, 0],
        ['find-home', 4, 1],
        ['own-home', 8, 1],
      ]);
    });
  });
});
