/**
 * Store round trips of a deep nested query do not grow with the number of entities: the store is
 * wrapped in a counting proxy and the same query runs over a small and a large generated model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GraphStore } from '../../src/store/graph-store.js';
import type { ModelDocument } from '../../src/model/types.js';
import { PHASES } from '../../src/model/vocabulary.js';
import { memoryFactory, startApi, type TestApi } from './helpers.js';

/** Wraps every method of the store so that calls are counted by name. */
function counting(store: GraphStore): { store: GraphStore; calls: Map<string, number>; total(): number; reset(): void } {
  const calls = new Map<string, number>();
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(prop), (calls.get(String(prop)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls, total: () => [...calls.values()].reduce((a, b) => a + b, 0), reset: () => calls.clear() };
}

/** A model with `n` sub-goals, 3 activities each, n/2 actors and 3 touchpoints per actor. */
function generatedModel(id: string, n: number): ModelDocument {
  const actors = Array.from({ length: Math.max(2, Math.floor(n / 2)) }, (_, i) => ({ id: `actor-${i}`, name: `Actor ${i}`, kind: 'SERVICE' as const, focal: i === 0 }));
  const touchpoints = actors.flatMap((a, i) =>
    (['WEB', 'APP', 'PHONE'] as const).map((channel) => ({ id: `${a.id}-${channel}`, name: `${a.name} ${channel}`, actor: a.id, channel, initiator: 'CUSTOMER' as const, ownership: i === 0 ? ('BRAND' as const) : ('EXTERNAL' as const) })),
  );
  const goals = [{ id: 'root', name: 'Root', refinement: 'AND' as const }, ...Array.from({ length: n }, (_, i) => ({ id: `goal-${i}`, name: `Goal ${i}`, parent: 'root', refinement: 'AND' as const }))];
  const activities = Array.from({ length: n * 3 }, (_, i) => {
    const a = actors[i % actors.length];
    const b = actors[(i * 7 + 1) % actors.length];
    return {
      id: `act-${i}`,
      name: `Activity ${i}`,
      goal: `goal-${Math.floor(i / 3)}`,
      phase: PHASES[i % PHASES.length],
      mode: 'ACTIVE' as const,
      actors: a.id === b.id ? [a.id] : [a.id, b.id],
      touchpoints: [touchpoints[(i * 3 + (i % 3)) % touchpoints.length].id],
      next: i + 1 < n * 3 ? [`act-${i + 1}`] : [],
    };
  });
  const partnerships = actors.slice(1, Math.min(actors.length, 6)).map((a) => ({ actors: ['actor-0', a.id].sort() as [string, string] }));
  return { model: { id, name: `Generated ${n}` }, goals, actors, touchpoints, activities, partnerships, segments: [] };
}

const DEEP = `{ models { id
  goals { id depth parent { id } subGoals { id }
    activities { id goal { id } next { id } previous { id }
      actors { id partners { id } servedGoals { id }
        touchpoints { id actor { id }
          activities { id actors { id touchpoints { id } } } } } } } } }`;

describe('DataLoaders: store round trips of a nested query', () => {
  let api: TestApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function roundTrips(n: number): Promise<{ total: number; calls: Record<string, number>; goals: number; objects: number }> {
    const base = await memoryFactory.create();
    await base.putDocument(generatedModel('generated', n));
    const counter = counting(base);
    api = await startApi({ store: counter.store, examples: false, limits: { maxDepth: 20, maxComplexity: Number.MAX_SAFE_INTEGER } });
    counter.reset();
    const data = await api.ok(DEEP);
    const text = JSON.stringify(data);
    const result = { total: counter.total(), calls: Object.fromEntries(counter.calls), goals: data.models[0].goals.length, objects: (text.match(/"id"/g) ?? []).length };
    await api.close();
    await base.close();
    api = undefined;
    return result;
  }

  it('costs the same number of store calls for 5 and for 200 sub-goals', async () => {
    const small = await roundTrips(5);
    const large = await roundTrips(200);
    expect(small.goals).toBe(6);
    expect(large.goals).toBe(201);
    expect(large.objects).toBeGreaterThan(small.objects * 20);
    expect(large.calls).toEqual(small.calls);
    // One listModels, one getEntities for the listed goals, one getDocument for the relations,
    // however deep the query walks.
    expect(large.calls).toEqual({ listModels: 1, getEntities: 1, getDocument: 1 });
  });

  it('shares one journeyStats between analyses of the same model and filter', async () => {
    const base = await memoryFactory.create();
    const counter = counting(base);
    api = await startApi({ store: counter.store });
    counter.reset();
    await api.ok(`{
      gaps(modelId: "home-purchase") { journeys }
      byGoal: gaps(modelId: "home-purchase", by: GOAL) { journeys }
      transitions(modelId: "home-purchase") { journeys }
      goalSatisfaction(modelId: "home-purchase") { overall }
      young: goalSatisfaction(modelId: "home-purchase", filter: { segment: "first-time-buyers" }) { overall }
    }`);
    expect(counter.calls.get('journeyStats')).toBe(2);
    expect(counter.calls.get('getDocument')).toBe(1);
  });
});
