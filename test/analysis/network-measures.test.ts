import { describe, expect, it } from 'vitest';
import { GoalNetwork } from '../../src/graph/goal-network.js';
import { networkMeasures, seededRandom } from '../../src/analysis/network-measures.js';
import { clusterDocument, clusterStats, emptyTreeDocument, homeDocument, homeStats } from '../helpers/home-model.js';
import { nonFiniteNumbers } from '../helpers/non-finite.js';

const cluster = new GoalNetwork(clusterDocument());

function byId(result: ReturnType<typeof networkMeasures>) {
  return Object.fromEntries(result.actors.map((a) => [a.id, a.evidence]));
}

describe('networkMeasures on two clusters and a bridge', () => {
  const result = networkMeasures(cluster, clusterStats());
  const m = byId(result);

  it('gives exact degrees and weighted degrees', () => {
    // edges: a1–a2 (1 shared goal + 5 hand-overs = 6), every other edge 1
    expect(Object.fromEntries(result.actors.map((a) => [a.id, [a.evidence.degree, a.evidence.weightedDegree]]))).toEqual({
      a1: [3, 8], // a2 6 + a3 1 + x 1
      a2: [2, 7], // a1 6 + a3 1
      a3: [2, 2],
      x: [2, 2],
      b1: [3, 3],
      b2: [2, 2],
      b3: [2, 2],
      loner: [0, 0],
    });
  });

  it('gives the bridge the highest betweenness, over unweighted shortest paths', () => {
    /*
     * n = 8, so (n−1)(n−2)/2 = 21 pairs of other actors.
     * x lies on every shortest path between {a1,a2,a3} and {b1,b2,b3}: 9 pairs → 9/21 = 0.428571…
     * a1 lies on those between {a2,a3} and {x,b1,b2,b3}: 8 pairs → 8/21 = 0.380952…; b1 likewise.
     * a3 stays 0: paths are unweighted, so the heavy a1–a2 edge is not "long".
     */
    expect(m.x.betweenness).toBe(0.4286);
    expect(m.a1.betweenness).toBe(0.381);
    expect(m.b1.betweenness).toBe(0.381);
    for (const id of ['a2', 'a3', 'b2', 'b3', 'loner']) expect(m[id].betweenness).toBe(0);
    const top = [...result.actors].sort((p, q) => q.evidence.betweenness - p.evidence.betweenness)[0];
    expect(top.id).toBe('x');
  });

  it('puts two obviously separate clusters into different communities', () => {
    expect(m.a2.community).toBe(m.a1.community);
    expect(m.a3.community).toBe(m.a1.community);
    expect(m.b2.community).toBe(m.b1.community);
    expect(m.b3.community).toBe(m.b1.community);
    expect(m.a1.community).not.toBe(m.b1.community);
    expect(m.loner.community).not.toBe(m.a1.community);
    expect(m.loner.community).not.toBe(m.b1.community);
    expect(result.communities).toBe(3);
  });

  it('joins the bridge to the lighter cluster, the partition of highest modularity', () => {
    /*
     * Total weight m = 6 + 7 × 1 = 13; 2m = 26.
     * {a1,a2,a3} {x,b1,b2,b3}: inside 8 and 4; degree sums 17 and 9
     *   Q = 8/13 − (17/26)² + 4/13 − (9/26)² = 0.615385 − 0.427515 + 0.307692 − 0.119822 = 0.375740
     * {a1,a2,a3,x} {b1,b2,b3}: Q = 9/13 − (19/26)² + 3/13 − (7/26)² = 0.316568, lower.
     */
    expect(m.x.community).toBe(m.b1.community);
    expect(result.modularity).toBe(0.3757);
  });

  it('is deterministic: the same input gives the same output', () => {
    expect(networkMeasures(cluster, clusterStats())).toEqual(result);
    // without hand-overs the bridge could go either way (equal modularity); the seed fixes it
    expect(networkMeasures(cluster)).toEqual(networkMeasures(cluster));
    expect(networkMeasures(cluster, undefined, { seed: 7 })).toEqual(networkMeasures(cluster, undefined, { seed: 7 }));
  });

  it('scores by PageRank, which sums to 1, and ranks by it', () => {
    const total = result.actors.reduce((s, a) => s + a.evidence.pagerank, 0);
    expect(total).toBeCloseTo(1, 3);
    expect(result.actors.map((a) => a.score)).toEqual(result.actors.map((a) => a.evidence.pagerank));
    const scores = result.actors.map((a) => a.score);
    expect(scores).toEqual([...scores].sort((p, q) => q - p));
    // symmetric actors get equal rank; the heavier a2 outranks a3
    expect(m.b2.pagerank).toBe(m.b3.pagerank);
    expect(m.a2.pagerank).toBeGreaterThan(m.a3.pagerank);
    // the isolated actor: (1 − 0.85)/8 / (1 − 0.85/8) = 0.01875 / 0.89375 = 0.020979… (dangling mass spread evenly)
    expect(m.loner.pagerank).toBe(0.021);
  });

  it('lists the edges sorted, with their parts', () => {
    expect(result.edges.map((e) => `${e.source}–${e.target}:${e.weight}`)).toEqual([
      'a1–a2:6', 'a1–a3:1', 'a1–x:1', 'a2–a3:1', 'b1–b2:1', 'b1–b3:1', 'b1–x:1', 'b2–b3:1',
    ]);
    expect(result.edges[0]).toEqual({ source: 'a1', target: 'a2', weight: 6, sharedGoals: 1, handovers: 5, partnership: false });
  });

  it('says why in words and numbers', () => {
    const x = result.actors.find((a) => a.id === 'x')!;
    expect(x.reason).toMatch(/^x is tied to 2 actors \(weight 2\), PageRank 0\.\d{3}, betweenness 0\.429, community \d+$/);
    expect(result.actors.find((a) => a.id === 'loner')!.reason).toContain('loner is tied to 0 actors (weight 0)');
  });
});

describe('networkMeasures on the home model', () => {
  const result = networkMeasures(new GoalNetwork(homeDocument()), homeStats());
  const m = byId(result);

  it('gives exact degrees and weighted degrees', () => {
    // edges (see actor-network.test.ts): broker–nordbank 8, broker–mover 1, family–nordbank 1,
    // mover–nordbank 3, insurer–nordbank 1, insurer–mover 1
    expect(Object.fromEntries(result.actors.map((a) => [a.id, [a.evidence.degree, a.evidence.weightedDegree]]))).toEqual({
      nordbank: [4, 13], // 8 + 1 + 3 + 1
      broker: [2, 9], // 8 + 1
      mover: [3, 5], // 1 + 3 + 1
      insurer: [2, 2],
      family: [1, 1],
      registry: [0, 0],
    });
    expect(m.nordbank).toMatchObject({ focal: true, kind: 'BANK', journeys: 8 });
  });

  it('gives exact betweenness', () => {
    /*
     * n = 6 → 10 pairs of others. Non-adjacent pairs and their shortest paths:
     *   broker–family  via nordbank               nordbank +1
     *   broker–insurer via nordbank or via mover  nordbank +½, mover +½
     *   family–mover   via nordbank               nordbank +1
     *   family–insurer via nordbank               nordbank +1
     * nordbank 3.5/10 = 0.35; mover 0.5/10 = 0.05
     */
    expect(Object.fromEntries(result.actors.map((a) => [a.id, a.evidence.betweenness]))).toEqual({
      nordbank: 0.35,
      mover: 0.05,
      broker: 0,
      insurer: 0,
      family: 0,
      registry: 0,
    });
  });
});

describe('networkMeasures on networks without ties', () => {
  it('lists every actor with zeros, its own community and an even PageRank', () => {
    const result = networkMeasures(new GoalNetwork(emptyTreeDocument()));
    expect(result.edges).toEqual([]);
    expect(result.communities).toBe(2);
    expect(result.modularity).toBe(0);
    const m = byId(result);
    expect(m.nordbank).toMatchObject({ degree: 0, weightedDegree: 0, betweenness: 0, pagerank: 0.5 }); // 1/2
    expect(m.broker.pagerank).toBe(0.5);
    expect(m.nordbank.community).not.toBe(m.broker.community);
    expect(nonFiniteNumbers(result)).toEqual([]);
  });
});

describe('seededRandom', () => {
  it('repeats the same sequence for the same seed, within [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    expect(seededRandom(43)()).not.toBe(xs[0]);
  });
});
