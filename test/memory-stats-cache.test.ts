/**
 * The memory store keeps journeyStats results between writes: the same answers as computing
 * afresh, a private copy per caller, and every kind of write makes the next answer current.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import { homeJourneys, homeModel } from './contract/fixtures.js';

describe('memory store journeyStats between writes', () => {
  it('answers as a fresh computation, gives each caller its own copy, and follows every write', async () => {
    const store = await MemoryStore.open({});
    const id = 'cache-home';
    await store.putDocument(homeModel(id));
    const journeys = homeJourneys();
    await store.importJourneys(id, journeys.slice(1));

    const first = await store.journeyStats(id);
    const fresh = await MemoryStore.open({});
    await fresh.putDocument(homeModel(id));
    await fresh.importJourneys(id, journeys.slice(1));
    expect(first).toEqual(await fresh.journeyStats(id));

    // A caller changing its answer changes nobody else's.
    const journeyCount = first.journeys;
    first.journeys = -1;
    first.activities.length = 0;
    const second = await store.journeyStats(id);
    expect(second.journeys).toBe(journeyCount);
    expect(second.activities.length).toBeGreaterThan(0);

    // Each filter has its own answer.
    const segment = homeModel(id).segments[0].id;
    expect(await store.journeyStats(id, { segment })).toEqual(await fresh.journeyStats(id, { segment }));

    // Writes of every kind: an import, an entity edit, a journey deletion.
    await store.importJourneys(id, journeys.slice(0, 1));
    await fresh.importJourneys(id, journeys.slice(0, 1));
    expect((await store.journeyStats(id)).journeys).toBe(journeyCount + 1);
    expect(await store.journeyStats(id)).toEqual(await fresh.journeyStats(id));

    const activity = homeModel(id).activities[0];
    await store.upsertEntities(id, 'activity', [{ ...activity, name: 'Renamed activity' }]);
    await fresh.upsertEntities(id, 'activity', [{ ...activity, name: 'Renamed activity' }]);
    const renamed = await store.journeyStats(id);
    expect(renamed).toEqual(await fresh.journeyStats(id));

    await store.deleteJourneys(id, [journeys[0].id]);
    expect((await store.journeyStats(id)).journeys).toBe(journeyCount);
    // An endless bound is not the absence of one (nothing starts at or after +Infinity).
    expect((await store.journeyStats(id)).journeys).toBe(journeyCount);
    expect((await store.journeyStats(id, { from: Infinity })).journeys).toBe(0);
    expect((await store.journeyStats(id)).journeys).toBe(journeyCount);
    expect((await store.journeyStats(id, { to: -Infinity })).journeys).toBe(0);
    await store.close();
    await fresh.close();
  });
});
