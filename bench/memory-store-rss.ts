/**
 * Memory store at scale: resident memory after importing STEPS steps (default 1,000,000 in
 * 100,000 journeys of 10 steps), the time of `journeyStats` over them, and (with --snapshot)
 * the time and size of a snapshot save and reload.
 *
 *   node --expose-gc --import tsx bench/memory-store-rss.ts [--steps 1000000] [--snapshot]
 *
 * Journeys are generated in chunks and dropped after import, so the figure is the store's own
 * footprint (plus Node itself, about 40-50 MB), not the generator's. Prints one JSON line.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Goal, ModelDocument } from '../src/model/types.js';
import { CHANNELS, OUTCOMES, type Outcome } from '../src/model/vocabulary.js';
import type { JourneyInput, StepInput } from '../src/store/graph-store.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const STEPS = Number(flag('--steps') ?? 1_000_000);
const PER_JOURNEY = 10;
const CHUNK = 10_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function benchModel(): ModelDocument {
  const goals: Goal[] = [{ id: 'g0', name: 'Overall', refinement: 'AND' }];
  for (let i = 1; i <= 4; i++) goals.push({ id: `g${i}`, name: `Sub ${i}`, parent: 'g0', refinement: 'AND' });
  for (let i = 5; i <= 12; i++) goals.push({ id: `g${i}`, name: `Leaf ${i}`, parent: `g${1 + (i % 4)}`, refinement: 'OR' });
  const actors = Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, name: `Actor ${i}`, kind: 'OTHER' as const, focal: i === 0 }));
  const touchpoints = Array.from({ length: 20 }, (_, i) => ({
    id: `t${i}`, name: `Touchpoint ${i}`, actor: `a${i % 10}`, channel: CHANNELS[i % CHANNELS.length],
    initiator: 'CUSTOMER' as const, ownership: 'EXTERNAL' as const,
  }));
  const activities = Array.from({ length: 40 }, (_, i) => ({
    id: `act${i}`, name: `Activity ${i}`, goal: `g${5 + (i % 8)}`, phase: 'PURCHASE' as const, mode: 'ACTIVE' as const,
    actors: [`a${i % 10}`], touchpoints: [`t${i % 20}`], next: [],
  }));
  return {
    model: { id: 'bench', name: 'Bench' }, goals, actors, touchpoints, activities, partnerships: [],
    segments: [{ id: 's0', name: 'S0' }, { id: 's1', name: 'S1' }, { id: 's2', name: 'S2' }],
  };
}

function generate(rand: () => number, from: number, count: number): JourneyInput[] {
  const out: JourneyInput[] = [];
  for (let j = from; j < from + count; j++) {
    let t = Date.UTC(2024, 0, 1) + Math.floor(rand() * 300) * 86_400_000;
    const steps: StepInput[] = [];
    for (let k = 0; k < PER_JOURNEY; k++) {
      t += Math.floor(rand() * 7_200_000);
      const tp = Math.floor(rand() * 20);
      const step: StepInput = {
        timestamp: t,
        activity: `act${Math.floor(rand() * 40)}`,
        actor: `a${tp % 10}`,
        touchpoint: `t${tp}`,
        channel: CHANNELS[tp % CHANNELS.length],
        outcome: (k === PER_JOURNEY - 1 ? OUTCOMES[Math.floor(rand() * 4)] : 'progressed') as Outcome,
        sentiment: Math.floor(rand() * 5) - 2,
      };
      if (rand() < 0.05) step.note = `note ${Math.floor(rand() * 500)}`;
      steps.push(step);
    }
    out.push({ id: `j${String(j).padStart(7, '0')}`, segment: `s${j % 3}`, steps });
  }
  return out;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

async function main(): Promise<void> {
  const store = await MemoryStore.open({});
  await store.putDocument(benchModel());
  const rand = mulberry32(42);
  const journeys = Math.ceil(STEPS / PER_JOURNEY);
  const t0 = performance.now();
  for (let j = 0; j < journeys; j += CHUNK) {
    await store.importJourneys('bench', generate(rand, j, Math.min(CHUNK, journeys - j)), { batchSize: 5000 });
  }
  const importMs = performance.now() - t0;
  gc();
  gc();
  const mem = process.memoryUsage();
  const counts = await store.countJourneys('bench');

  // Each run right after a write, so that it computes afresh (the store keeps results between writes).
  const doc = (await store.getDocument('bench'))!;
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    await store.upsertEntities('bench', 'actor', [doc.actors[0]]);
    const s = performance.now();
    await store.journeyStats('bench');
    runs.push(performance.now() - s);
  }
  const sf = performance.now();
  await store.journeyStats('bench', { segment: 's1', from: Date.UTC(2024, 3, 1) });
  const filteredMs = performance.now() - sf;

  const result: Record<string, unknown> = {
    steps: counts.steps,
    journeys: counts.journeys,
    importMs: Math.round(importMs),
    rssMB: mb(mem.rss),
    heapUsedMB: mb(mem.heapUsed),
    arrayBuffersMB: mb(mem.arrayBuffers),
    statsMs: runs.map((r) => Math.round(r)),
    statsFilteredMs: Math.round(filteredMs),
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };

  if (args.includes('--snapshot')) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'goalnet-bench-'));
    const file = path.join(dir, 'snapshot.json');
    const withSnapshot = new MemoryStore({ snapshotPath: file });
    await withSnapshot.putDocument(benchModel());
    const store2 = withSnapshot as unknown as { models: Map<string, unknown> };
    // Reuse the columns already built instead of importing again.
    store2.models.set('bench', (store as unknown as { models: Map<string, unknown> }).models.get('bench'));
    const s1 = performance.now();
    await withSnapshot.putDocument(benchModel()); // a write: saves the whole store
    result.snapshotSaveMs = Math.round(performance.now() - s1);
    result.snapshotMB = mb((await stat(file)).size);
    const s2 = performance.now();
    const reopened = await MemoryStore.open({ snapshotPath: file });
    result.snapshotLoadMs = Math.round(performance.now() - s2);
    result.reloadedSteps = (await reopened.countJourneys('bench')).steps;
    await rm(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(result));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
