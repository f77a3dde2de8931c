/**
 * The two stores agree: the four example models with their event logs, imported into the memory
 * store and into Neo4j, give deep-equal documents, journeys, counts, JourneyStats (no filter, each
 * segment, time windows) and results of every analysis. Skipped when there is no Neo4j.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelPresence } from '../../src/analysis/channels.js';
import { findGaps } from '../../src/analysis/gaps.js';
import { networkMeasures } from '../../src/analysis/network-measures.js';
import { findPartnerOpportunities } from '../../src/analysis/partners.js';
import { contactPressure } from '../../src/analysis/pressure.js';
import { goalSatisfaction } from '../../src/analysis/satisfaction.js';
import { findStructuralGaps } from '../../src/analysis/structural-gaps.js';
import { findTransitions } from '../../src/analysis/transitions.js';
import { GoalNetwork } from '../../src/graph/goal-network.js';
import type { GraphStore, JourneyPage } from '../../src/store/graph-store.js';
import type { StatsFilter } from '../../src/store/journey-stats.js';
import { exampleData, homeJourneys, homeModel, renamed, type ExampleData } from './fixtures.js';
import { openStore } from '../../src/store/open.js';
import { syntheticJourneys, syntheticModel } from '../../bench/generate/index.js';
import { deleteTestModels, memoryFactory, neo4jConnection, neo4jFactory, uniqueModelId } from './stores.js';

const neo4j = neo4jFactory();

async function allSummaries(store: GraphStore, modelId: string): Promise<JourneyPage['journeys']> {
  const out: JourneyPage['journeys'] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.listJourneys(modelId, { first: 500, after });
    out.push(...page.journeys);
    if (!page.hasMore) return out;
    after = page.journeys[page.journeys.length - 1].id;
  }
}

/** Every analysis of the project on one store's document and stats. */
async function analyses(store: GraphStore, modelId: string, filter: StatsFilter = {}): Promise<Record<string, unknown>> {
  const doc = (await store.getDocument(modelId))!;
  const network = new GoalNetwork(doc);
  const stats = await store.journeyStats(modelId, filter);
  return {
    transitions: findTransitions(network, stats),
    gapsByActivity: findGaps(network, stats, { by: 'activity' }),
    gapsByGoal: findGaps(network, stats, { by: 'goal' }),
    structuralGaps: findStructuralGaps(network, stats),
    partners: findPartnerOpportunities(network, stats),
    channels: channelPresence(network, stats),
    pressure: contactPressure(network, stats),
    satisfaction: goalSatisfaction(network, stats),
    network: networkMeasures(network, stats),
  };
}

describe.skipIf(!neo4j.available)('memory and Neo4j stores agree', () => {
  let memory: GraphStore;
  let graph: GraphStore;
  let examples: (ExampleData & { modelId: string })[] = [];

  beforeAll(async () => {
    memory = await memoryFactory.open();
    graph = await neo4j.open();
    examples = (await exampleData()).map((e) => ({ ...e, modelId: uniqueModelId(e.id) }));
    for (const e of examples) {
      for (const store of [memory, graph]) {
        await store.putDocument(renamed(e.doc, e.modelId));
        await store.importJourneys(e.modelId, e.journeys, { batchSize: 250 });
      }
    }
  }, 300_000);

  afterAll(async () => {
    if (graph) {
      await deleteTestModels(graph);
      await graph.close();
    }
    await memory?.close();
  });

  it('holds the same documents, counts and journeys', async () => {
    expect(examples.map((e) => e.id)).toEqual(['clinic-visit', 'home-purchase', 'pasta-dinner', 'retail-purchase']);
    for (const e of examples) {
      expect(await graph.getDocument(e.modelId)).toEqual(await memory.getDocument(e.modelId));
      const count = await graph.countJourneys(e.modelId);
      expect(count).toEqual(await memory.countJourneys(e.modelId));
      expect(count).toEqual({ journeys: e.journeys.length, steps: e.rows });
      const summaries = await allSummaries(graph, e.modelId);
      expect(summaries).toEqual(await allSummaries(memory, e.modelId));
      expect(summaries.length).toBe(e.journeys.length);
      for (const s of summaries.filter((_, i) => i % 25 === 0)) {
        expect(await graph.getJourney(e.modelId, s.id)).toEqual(await memory.getJourney(e.modelId, s.id));
      }
      for (const query of [{ outcome: 'abandoned' as const, first: 7 }, { segment: e.doc.segments[0]?.id, first: 5, after: summaries[3].id }]) {
        expect(await graph.listJourneys(e.modelId, query)).toEqual(await memory.listJourneys(e.modelId, query));
      }
    }
  });

  it('computes deep-equal journey stats: no filter, each segment, time windows', async () => {
    for (const e of examples) {
      const summaries = await allSummaries(memory, e.modelId);
      const starts = summaries.map((s) => s.start).sort((a, b) => a - b);
      const middle = starts[Math.floor(starts.length / 2)];
      const filters: StatsFilter[] = [
        {},
        ...e.doc.segments.map((s) => ({ segment: s.id })),
        { segment: 'no-such-segment' },
        { from: middle },
        { to: middle },
        { from: starts[Math.floor(starts.length / 4)], to: middle },
        { segment: e.doc.segments[0]?.id, from: starts[0], to: middle },
      ];
      for (const filter of filters) {
        const expected = await memory.journeyStats(e.modelId, filter);
        expect(await graph.journeyStats(e.modelId, filter), `${e.id} ${JSON.stringify(filter)}`).toEqual(expected);
      }
      const all = await memory.journeyStats(e.modelId);
      expect(all.journeys).toBe(e.journeys.length);
      expect(all.transitions.length).toBeGreaterThan(0);
      expect(all.handovers.length).toBeGreaterThan(0);
      expect(all.activities.some((a) => a.notes.length > 0)).toBe(true);
    }
  });

  it('gives identical results for every analysis', async () => {
    for (const e of examples) {
      expect(await analyses(graph, e.modelId), e.id).toEqual(await analyses(memory, e.modelId));
      const segment = e.doc.segments[0]?.id;
      if (segment) expect(await analyses(graph, e.modelId, { segment }), `${e.id} ${segment}`).toEqual(await analyses(memory, e.modelId, { segment }));
    }
  });

  it('agrees when the stats queries run in one read transaction, or six at once', async () => {
    for (const statsConcurrency of [1, 6]) {
      const other = await neo4jFactory({ statsConcurrency }).open();
      try {
        for (const e of examples.slice(0, 2)) {
          expect(await other.journeyStats(e.modelId, { segment: e.doc.segments[1]?.id })).toEqual(
            await memory.journeyStats(e.modelId, { segment: e.doc.segments[1]?.id }),
          );
        }
      } finally {
        await other.close();
      }
    }
  });

  it('agrees with a store opened from the environment (openStore with NEO4J_URI)', async () => {
    const c = neo4jConnection()!;
    const opened = await openStore({ NEO4J_URI: c.uri, NEO4J_USER: c.user, NEO4J_PASSWORD: c.password, NEO4J_DATABASE: c.database });
    expect(opened.kind).toBe('neo4j');
    try {
      const health = await opened.health();
      expect(health).toMatchObject({ kind: 'neo4j', ok: true });
      expect(health.models).toBeGreaterThanOrEqual(examples.length);
      for (const e of examples.slice(2)) {
        expect(await opened.journeyStats(e.modelId)).toEqual(await memory.journeyStats(e.modelId));
      }
    } finally {
      await opened.close();
    }
  });

  it('changes nothing in either store when the logs are imported again', async () => {
    const e = examples[1];
    const before = await graph.journeyStats(e.modelId);
    for (const store of [memory, graph]) {
      const result = await store.importJourneys(e.modelId, e.journeys, { batchSize: 400 });
      expect(result).toMatchObject({ journeys: e.journeys.length, steps: e.rows, stepsAdded: 0 });
      expect(await store.countJourneys(e.modelId)).toEqual({ journeys: e.journeys.length, steps: e.rows });
    }
    expect(await graph.journeyStats(e.modelId)).toEqual(before);
    expect(await memory.journeyStats(e.modelId)).toEqual(before);
  });

  it('agrees on hand-made journeys with edge cases (notes, ties, unknown actors, one-step journeys)', async () => {
    const id = uniqueModelId('edge');
    const doc = homeModel(id);
    const journeys = homeJourneys();
    const base = journeys[0].steps[0].timestamp;
    journeys.push(
      { id: 'single', segment: 'upgrader', steps: [{ timestamp: base, activity: 'insure', outcome: 'completed', note: 'zz' }] },
      {
        id: 'ties',
        steps: [
          { timestamp: base, activity: 'apply', outcome: 'stuck', note: 'b\uFF01' },
          { timestamp: base, activity: 'apply', outcome: 'stuck', note: 'b\u{1F600}' },
          { timestamp: base, activity: 'apply', actor: 'registry', outcome: 'abandoned', note: 'a', sentiment: -2 },
          { timestamp: base + 1, activity: 'search', actor: 'registry', channel: 'EVENT', outcome: 'progressed', note: 'c' },
          { timestamp: base + 1, activity: 'apply', actor: 'broker', outcome: 'progressed', note: 'd' },
          { timestamp: base + 2.5, activity: 'apply', actor: 'broker', outcome: 'completed', note: 'e', sentiment: 2 },
        ],
      },
    );
    for (const store of [memory, graph]) {
      await store.putDocument(doc);
      await store.importJourneys(id, journeys);
    }
    for (const filter of [{}, { segment: 'upgrader' }, { from: base, to: base + 1 }]) {
      expect(await graph.journeyStats(id, filter)).toEqual(await memory.journeyStats(id, filter));
    }
    const apply = (await graph.journeyStats(id)).activities.find((a) => a.id === 'apply')!;
    // Six notes tie at count 1 behind "form broke"; UTF-16 order puts U+1F600 before U+FF01.
    expect(apply.notes.map((n) => n.note)).toEqual(['form broke', 'a', 'b\u{1F600}', 'b\uFF01', 'd']);
    expect(await analyses(graph, id)).toEqual(await analyses(memory, id));
  });

  it('agrees on a synthetic model with a hundred goals, most of them reached', async () => {
    const { model, planted } = syntheticModel({ seed: 'contract-wide', actors: 300, journeys: 1500 });
    expect(model.goals.length).toBeGreaterThanOrEqual(90);
    const id = uniqueModelId('wide');
    const doc = renamed(model, id);
    const journeys = [...syntheticJourneys(model, planted, { seed: 'contract-wide', actors: 300, journeys: 1500 })];
    for (const store of [memory, graph]) {
      await store.putDocument(doc);
      await store.importJourneys(id, journeys, { batchSize: 500 });
    }
    const stats = await memory.journeyStats(id);
    expect(stats.goals.filter((g) => g.journeys > 0).length).toBeGreaterThan(model.goals.length / 2);
    for (const filter of [{}, { segment: doc.segments[0].id }]) {
      expect(await graph.journeyStats(id, filter)).toEqual(await memory.journeyStats(id, filter));
    }
    expect(await analyses(graph, id)).toEqual(await analyses(memory, id));
  }, 120_000);
});
