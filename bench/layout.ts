/**
 * Layout at scale: ForceAtlas2 (300 iterations, Barnes-Hut above 500 nodes) + noverlap +
 * separation on seeded synthetic actor networks with community structure (src/viz/synthetic.ts:
 * 5 ties drawn per actor, 85 % inside its community), 1,000, 3,000 and 10,000 actors, with the
 * peak resident memory of each size (lib/measure.ts) and the fitted growth of the time.
 *
 *   npx tsx bench/layout.ts [--sizes 1000,3000,10000] [--iterations 300]
 *
 * Prints one JSON line (lib/machine.ts), a line per size on standard error.
 * Targets on the project's 2-core machine: 1,000 actors under 2 s, 10,000 under 20 s.
 * Every run also checks its result: no two discs may overlap.
 */
import { describeGrowth, fitPowerLaw } from './lib/growth.js';
import { machine, progress, report } from './lib/machine.js';
import { peakIsPerPhase, peakRssMb, resetPeakRss } from './lib/measure.js';
import { findOverlaps } from '../src/viz/kernel.js';
import { layoutFromGraph } from '../src/viz/layout.js';
import { syntheticActorNetwork } from '../src/viz/synthetic.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const SIZES = (flag('--sizes') ?? '1000,3000,10000').split(',').map(Number);
const ITERATIONS = Number(flag('--iterations') ?? 300);
const TARGET_MS: Record<number, number> = { 1000: 2000, 10000: 20000 };

interface Figures {
  nodes: number;
  edges: number;
  iterations: number;
  barnesHut: boolean;
  totalMs: number;
  forceAtlas2Ms: number;
  noverlapAndSeparationMs: number;
  msPerIteration: number;
  noverlapIterations: number;
  noverlapConverged: boolean;
  separationRounds: number;
  separationSpread: number;
  overlappingPairs: number;
  heapUsedMb: number;
  peakRssMb: number;
  targetMs: number | null;
  metTarget: boolean | null;
}

function run(nodes: number): Figures {
  resetPeakRss();
  const graph = syntheticActorNetwork({ nodes, edgesPerNode: 5, seed: 1 });
  const start = performance.now();
  let forceAtlas2Done = start;
  const layout = layoutFromGraph(graph, {
    iterations: ITERATIONS,
    seed: 42,
    onProgress: (done, total) => {
      if (process.stderr.isTTY) process.stderr.write(`\r  ${nodes} actors: ForceAtlas2 ${done}/${total}`);
      if (done === total) forceAtlas2Done = performance.now();
    },
  });
  const end = performance.now();
  if (process.stderr.isTTY) process.stderr.write('\n');
  const overlaps = findOverlaps({ x: layout.x, y: layout.y }, layout.radius, 0).length;
  const totalMs = end - start;
  const target = TARGET_MS[nodes] ?? null;
  return {
    nodes,
    edges: graph.size,
    iterations: ITERATIONS,
    barnesHut: layout.barnesHut,
    totalMs: Math.round(totalMs),
    forceAtlas2Ms: Math.round(forceAtlas2Done - start),
    noverlapAndSeparationMs: Math.round(end - forceAtlas2Done),
    msPerIteration: Number(((forceAtlas2Done - start) / ITERATIONS).toFixed(2)),
    noverlapIterations: layout.noverlap.iterations,
    noverlapConverged: layout.noverlap.converged,
    separationRounds: layout.separation.rounds,
    separationSpread: Number(layout.separation.spread.toFixed(4)),
    overlappingPairs: overlaps,
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1e6),
    peakRssMb: peakRssMb(),
    targetMs: target,
    metTarget: target === null ? null : totalMs < target && overlaps === 0,
  };
}

// Warm the JIT on a small network so the first measured size is not penalised.
layoutFromGraph(syntheticActorNetwork({ nodes: 600, seed: 2 }), { iterations: 20 });

const results: Figures[] = [];
for (const nodes of SIZES) {
  const r = run(nodes);
  results.push(r);
  progress(
    'layout',
    `${r.nodes} actors, ${r.edges} ties: ${(r.totalMs / 1000).toFixed(2)} s (ForceAtlas2 ${r.forceAtlas2Ms} ms, ${r.msPerIteration} ms/iteration, ` +
      `noverlap + separation ${r.noverlapAndSeparationMs} ms), ${r.overlappingPairs} overlaps, peak ${r.peakRssMb} MB` +
      (r.targetMs === null ? '' : `; target < ${r.targetMs / 1000} s ${r.metTarget ? 'met' : 'NOT met'}`),
  );
}
const growth = fitPowerLaw(results.map((r) => ({ n: r.nodes, value: r.totalMs })));
progress('layout', `time ${describeGrowth(growth)}`);

report('layout', {
  bench: 'layout',
  date: new Date().toISOString(),
  machine: machine(),
  peakPerSize: peakIsPerPhase(),
  results,
  growth,
});
if (results.some((r) => r.overlappingPairs > 0)) {
  console.error('some layout has overlapping discs');
  process.exitCode = 1;
}
