/**
 * journeyStats results kept between writes: per model and filter, with the version of the data
 * they were computed from, and served (as a copy) only while that version is still the current
 * one. Both stores keep one: the memory store's version counts its writes; the Neo4j store's is
 * the `version` of the `:Model` node, which every write transaction of the model raises, so a
 * write by another process is seen too.
 */
import type { JourneyStats, StatsFilter } from './journey-stats.js';

/** Distinct (model, filter) results kept at most (an API serving many filters recomputes the rest). */
export const STATS_CACHE_SIZE = 64;

/**
 * A deep copy of JSON-shaped data (plain objects, arrays, primitives), which is all a model
 * document, its entities and JourneyStats hold. Several times faster than structuredClone on the
 * small objects every API read copies (measured: structuredClone was a sixth of the server's time
 * answering a model query).
 */
export function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const copy = copyJson((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return out as T;
}

/** The cache key of a model and filter. String(), not JSON: JSON writes Infinity as null, which would mix "no bound" with an endless one. */
function statsKey(modelId: string, filter: StatsFilter): string {
  return [modelId, filter.segment, filter.from, filter.to].map((v) => (v === undefined ? '' : `${typeof v}:${String(v)}`)).join('\u0000');
}

export class StatsCache {
  private readonly entries = new Map<string, { version: number; stats: JourneyStats }>();

  constructor(private readonly capacity = STATS_CACHE_SIZE) {}

  /** A copy of the result kept for this model and filter at this version, if any. */
  get(modelId: string, filter: StatsFilter, version: number): JourneyStats | undefined {
    const entry = this.entries.get(statsKey(modelId, filter));
    return entry !== undefined && entry.version === version ? copyJson(entry.stats) : undefined;
  }

  /** Keeps a result computed at `version` (the caller keeps ownership of `stats`: a copy is kept). */
  set(modelId: string, filter: StatsFilter, version: number, stats: JourneyStats): void {
    const key = statsKey(modelId, filter);
    if (!this.entries.has(key) && this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(key, { version, stats: copyJson(stats) });
  }
}
