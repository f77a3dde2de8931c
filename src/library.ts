/**
 * Conveniences for analysts' scripts: load a model file as a GoalNetwork, and journey aggregates
 * from an event log or a store.
 *
 *   const net = await loadModel('seeds/models/home-purchase.json');
 *   const stats = await loadJourneyStats(net, 'seeds/events/home-purchase.csv');
 *   const gaps = findGaps(net, stats);
 */
import { GoalNetwork } from './graph/goal-network.js';
import { readModelFile } from './ingest/model-file.js';
import { readEventLog, type EventLogResult } from './ingest/event-log.js';
import { badInput } from './model/errors.js';
import type { JourneyStats, StatsFilter } from './model/journey-stats.js';
import type { GraphStore } from './store/graph-store.js';
import { MemoryStore } from './store/memory/memory-store.js';

export async function loadModel(path: string): Promise<GoalNetwork> {
  return new GoalNetwork(await readModelFile(path));
}

/**
 * Reads an event log against a model and returns its journey aggregates. Rejected rows are left
 * out; pass `onRejects` to see them (they are never dropped silently: without it, any rejected
 * row makes this throw).
 */
export async function loadJourneyStats(
  network: GoalNetwork,
  eventLogPath: string,
  options: { filter?: StatsFilter; onRejects?: (log: EventLogResult) => void } = {},
): Promise<JourneyStats> {
  const log = await readEventLog(eventLogPath, network.document);
  if (log.rejects.length > 0) {
    if (options.onRejects === undefined) {
      throw badInput(
        `${eventLogPath}: ${log.rejects.length} rows rejected`,
        log.rejects.slice(0, 20).map((r) => ({ where: `${eventLogPath}:${r.line}`, message: r.reason })),
      );
    }
    options.onRejects(log);
  }
  const store = await MemoryStore.open({});
  try {
    await store.putDocument(network.document);
    await store.importJourneys(network.model.id, log.journeys);
    return await store.journeyStats(network.model.id, options.filter);
  } finally {
    await store.close();
  }
}

export interface SegmentResult<T> {
  segment: string;
  journeys: number;
  result: T;
}

/** Runs one analysis per declared segment of a stored model, for comparison side by side. */
export async function compareSegments<T>(
  store: GraphStore,
  network: GoalNetwork,
  analyse: (network: GoalNetwork, stats: JourneyStats) => T,
  filter: Omit<StatsFilter, 'segment'> = {},
): Promise<SegmentResult<T>[]> {
  const results: SegmentResult<T>[] = [];
  for (const segment of network.segments) {
    const stats = await store.journeyStats(network.model.id, { ...filter, segment: segment.id });
    results.push({ segment: segment.id, journeys: stats.journeys, result: analyse(network, stats) });
  }
  return results;
}
