/**
 * Seeded random actor networks with community structure, for the layout benchmark and tests:
 *
 * - `nodes` actors `a0 … a(n−1)`, actor i in community i mod `communities`
 *   (default max(2, round(√n / 2)));
 * - from each actor, `edgesPerNode` ties (default 5) to another actor drawn uniformly from its own
 *   community with probability `within` (default 0.85), else from all actors; a tie drawn twice
 *   or to itself is skipped, so the network has a little under n · edgesPerNode ties;
 * - weight 1 + ⌊9 · u²⌋ for u uniform in [0, 1) (mostly light ties, a few heavy ones);
 * - node attribute `size` (the drawn radius) 4 + 12 · u², `community` its planted community.
 *
 * The same options give the same network (mulberry32 from `seed`, default 1).
 */
import { UndirectedGraph } from 'graphology';
import { seededRandom } from '../analysis/network-measures.js';

export interface SyntheticOptions {
  nodes: number;
  edgesPerNode?: number;
  communities?: number;
  within?: number;
  seed?: number;
}

export type SyntheticNetwork = UndirectedGraph<{ size: number; community: number; label: string }, { weight: number }>;

export function syntheticActorNetwork(options: SyntheticOptions): SyntheticNetwork {
  const n = options.nodes;
  const perNode = options.edgesPerNode ?? 5;
  const k = Math.max(1, Math.min(n, options.communities ?? Math.max(2, Math.round(Math.sqrt(n) / 2))));
  const within = options.within ?? 0.85;
  const random = seededRandom(options.seed ?? 1);
  const graph: SyntheticNetwork = new UndirectedGraph({ allowSelfLoops: false });
  for (let i = 0; i < n; i++) {
    const u = random();
    graph.addNode(`a${i}`, { size: round2(4 + 12 * u * u), community: i % k, label: `Actor ${i}` });
  }
  const perCommunity = Math.ceil(n / k);
  for (let i = 0; i < n; i++) {
    const community = i % k;
    for (let e = 0; e < perNode; e++) {
      let j: number;
      if (random() < within) {
        const slot = Math.floor(random() * perCommunity);
        j = slot * k + community;
        if (j >= n) j = community;
      } else {
        j = Math.floor(random() * n);
      }
      const u = random();
      if (j === i || graph.hasEdge(`a${i}`, `a${j}`)) continue;
      graph.addEdge(`a${i}`, `a${j}`, { weight: 1 + Math.floor(9 * u * u) });
    }
  }
  return graph;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
