import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GoalNetwork } from '../../src/graph/goal-network.js';
import { readModelFile } from '../../src/ingest/model-file.js';
import { loadJourneyStats } from '../../src/library.js';
import { GoalnetError } from '../../src/model/errors.js';
import { layoutActorNetwork, layoutFromGraph, LAYOUT_DEFAULTS } from '../../src/viz/layout.js';
import { OTHER_COLOR, PALETTE } from '../../src/viz/palette.js';
import { syntheticActorNetwork } from '../../src/viz/synthetic.js';
import type { ActorLayout } from '../../src/viz/types.js';
import { clusterDocument, clusterStats, homeDocument, homeStats } from '../helpers/home-model.js';
import { actor, modelDocument } from '../helpers/model-builder.js';

const HOME_MODEL = 'seeds/models/home-purchase.json';
const HOME_EVENTS = 'seeds/events/home-purchase.csv';

/** Every pair of discs, checked directly: the closest pair and how far it falls short (≤ 0 is fine). */
function worstOverlap(x: ArrayLike<number>, y: ArrayLike<number>, r: ArrayLike<number>): { pair: [number, number]; shortBy: number } {
  let worst = { pair: [-1, -1] as [number, number], shortBy: Number.NEGATIVE_INFINITY };
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const shortBy = r[i] + r[j] - Math.hypot(x[i] - x[j], y[i] - y[j]);
      if (shortBy > worst.shortBy) worst = { pair: [i, j], shortBy };
    }
  }
  return worst;
}

function layoutOverlap(layout: ActorLayout) {
  return worstOverlap(
    layout.nodes.map((n) => n.x),
    layout.nodes.map((n) => n.y),
    layout.nodes.map((n) => n.size),
  );
}

function errorOf(f: () => unknown): GoalnetError {
  try {
    f();
  } catch (e) {
    if (e instanceof GoalnetError) return e;
    throw e;
  }
  throw new Error('expected a GoalnetError');
}

const home = new GoalNetwork(homeDocument());
const cluster = new GoalNetwork(clusterDocument());

describe('layoutActorNetwork: determinism', () => {
  it('gives the identical layout for the same input and seed', () => {
    const a = layoutActorNetwork(home, homeStats(), { seed: 7 });
    const b = layoutActorNetwork(home, homeStats(), { seed: 7 });
    expect(b).toEqual(a);
  });

  it('gives different positions for a different seed', () => {
    const a = layoutActorNetwork(home, homeStats(), { seed: 1 });
    const b = layoutActorNetwork(home, homeStats(), { seed: 2 });
    const moved = a.nodes.filter((n, i) => n.x !== b.nodes[i].x || n.y !== b.nodes[i].y);
    expect(moved.length).toBeGreaterThan(a.nodes.length / 2);
    // Only positions depend on the seed.
    expect(b.nodes.map(({ x, y, ...rest }) => rest)).toEqual(a.nodes.map(({ x, y, ...rest }) => rest));
  });

  it('does not depend on whether progress is reported', () => {
    const calls: [number, number][] = [];
    const a = layoutActorNetwork(cluster, clusterStats(), { onProgress: (done, total) => calls.push([done, total]) });
    const b = layoutActorNetwork(cluster, clusterStats());
    expect(a).toEqual(b);
    // 300 iterations in chunks of 25.
    expect(calls).toHaveLength(12);
    expect(calls[0]).toEqual([25, 300]);
    expect(calls[11]).toEqual([300, 300]);
    expect(calls.every(([d], i) => i === 0 || d > calls[i - 1][0])).toBe(true);
  });
});

describe('layoutActorNetwork: no two discs overlap', () => {
  it('on the hand-made home model', () => {
    const layout = layoutActorNetwork(home, homeStats());
    expect(layoutOverlap(layout).shortBy).toBeLessThanOrEqual(-LAYOUT_DEFAULTS.gap + 0.02);
  });

  it('on the cluster model, for several seeds', () => {
    for (const seed of [0, 1, 2, 3, 99]) {
      const layout = layoutActorNetwork(cluster, clusterStats(), { seed });
      expect(layoutOverlap(layout).shortBy, `seed ${seed}`).toBeLessThan(0);
    }
  });

  it('on a dense synthetic network of 400 actors', () => {
    const graph = syntheticActorNetwork({ nodes: 400, edgesPerNode: 12, communities: 4, seed: 3 });
    const layout = layoutFromGraph(graph, { iterations: 150 });
    const worst = worstOverlap(layout.x, layout.y, layout.radius);
    expect(worst.shortBy).toBeLessThanOrEqual(-LAYOUT_DEFAULTS.gap + 0.02);
  });

  it('when every node starts at one spot (no edges, one iteration)', () => {
    const graph = syntheticActorNetwork({ nodes: 60, edgesPerNode: 0, seed: 5 });
    const layout = layoutFromGraph(graph, { iterations: 1 });
    expect(worstOverlap(layout.x, layout.y, layout.radius).shortBy).toBeLessThan(0);
    expect(layoutFromGraph(graph, { iterations: 1 })).toEqual(layout);
  });
});

describe('layoutActorNetwork: styling', () => {
  const layout = layoutActorNetwork(cluster, clusterStats());
  const byId = Object.fromEntries(layout.nodes.map((n) => [n.id, n]));

  it('keeps the model order of actors and the measures', () => {
    expect(layout.nodes.map((n) => n.id)).toEqual(['a1', 'a2', 'a3', 'x', 'b1', 'b2', 'b3', 'loner']);
    expect(byId.a1).toMatchObject({ degree: 3, weightedDegree: 8, kind: 'RETAILER', journeys: 4, handovers: 5 });
    expect(byId.loner).toMatchObject({ degree: 0, weightedDegree: 0, handovers: 0 });
    expect(layout.edges).toHaveLength(8); // two triangles, x–a1, x–b1
  });

  it('sizes by weighted degree: the largest gets the top radius, the smallest the bottom, areas grow linearly', () => {
    expect(byId.a1.size).toBe(28);
    expect(byId.loner.size).toBe(8);
    // a2: weighted degree 7 of 0..8 → 8 + 20·√(7/8)
    expect(byId.a2.size).toBeCloseTo(8 + 20 * Math.sqrt(7 / 8), 2);
    // b2: 2 of 0..8 → 8 + 20·√(1/4) = 18
    expect(byId.b2.size).toBe(18);
  });

  it('sizes by another measure when asked', () => {
    const byDegree = layoutActorNetwork(cluster, clusterStats(), { sizeBy: 'degree' });
    const sizes = Object.fromEntries(byDegree.nodes.map((n) => [n.id, n.size]));
    expect(sizes.a1).toBe(28); // degree 3 of 0..3
    expect(sizes.a3).toBeCloseTo(8 + 20 * Math.sqrt(2 / 3), 2);
    expect(byDegree.settings.sizeBy).toBe('degree');
  });

  it('colours by community: one palette colour per community, largest communities first', () => {
    const colourOf = (ids: string[]) => new Set(ids.map((id) => byId[id].color));
    const communityOf = (ids: string[]) => new Set(ids.map((id) => byId[id].community));
    for (const group of [['a1', 'a2', 'a3'], ['b1', 'b2', 'b3']]) {
      expect(communityOf(group).size).toBe(1);
      expect(colourOf(group).size).toBe(1);
    }
    expect(byId.a1.color).not.toBe(byId.b1.color);
    expect(byId.loner.color).not.toBe(byId.a1.color);
    for (const n of layout.nodes) expect(PALETTE).toContain(n.color);
    expect(layout.communities).toBe(new Set(layout.nodes.map((n) => n.community)).size);
  });

  it('colours by kind when asked', () => {
    const byKind = layoutActorNetwork(cluster, clusterStats(), { colorBy: 'kind' });
    const colour = Object.fromEntries(byKind.nodes.map((n) => [n.id, n.color]));
    // RETAILER and SERVICE have 3 actors each (RETAILER first in the model), then PLATFORM, OTHER.
    expect([colour.a1, colour.a2, colour.a3]).toEqual([PALETTE[0], PALETTE[0], PALETTE[0]]);
    expect([colour.b1, colour.b2, colour.b3]).toEqual([PALETTE[1], PALETTE[1], PALETTE[1]]);
    expect(colour.x).toBe(PALETTE[2]);
    expect(colour.loner).toBe(PALETTE[3]);
  });

  it('greys out communities beyond the palette', () => {
    // 12 actors without ties: 12 singleton communities.
    const doc = modelDocument({ actors: Array.from({ length: 12 }, (_, i) => actor(`s${String(i).padStart(2, '0')}`, 'OTHER')) });
    const layout12 = layoutActorNetwork(new GoalNetwork(doc));
    expect(layout12.nodes.slice(0, 9).map((n) => n.color)).toEqual([...PALETTE]);
    expect(layout12.nodes.slice(9).map((n) => n.color)).toEqual([OTHER_COLOR, OTHER_COLOR, OTHER_COLOR]);
  });

  it('sizes edges by hand-overs', () => {
    const a1a2 = layout.edges.find((e) => e.source === 'a1' && e.target === 'a2')!;
    expect(a1a2).toMatchObject({ handovers: 5, size: 6, weight: 6 });
    expect(layout.edges.filter((e) => e !== a1a2).every((e) => e.size === 1)).toBe(true);
  });

  it('marks the focal firm and its partners', () => {
    const homeLayout = layoutActorNetwork(home, homeStats());
    const marks = Object.fromEntries(homeLayout.nodes.map((n) => [n.id, [n.focal, n.partner]]));
    expect(marks).toEqual({
      nordbank: [true, false],
      broker: [false, false],
      insurer: [false, true],
      mover: [false, false],
      family: [false, false],
      registry: [false, false],
    });
    const nordbank = homeLayout.nodes.find((n) => n.id === 'nordbank')!;
    expect(nordbank.goals).toEqual(['bank-loan']);
    expect(nordbank.phases).toEqual(['PURCHASE', 'POST_PURCHASE']);
    expect(homeLayout).toMatchObject({ modelId: 'home-purchase', modelName: 'Buying a new home' });
    expect(homeLayout.settings).toEqual({ iterations: 300, seed: 42, barnesHut: false, sizeBy: 'weightedDegree', colorBy: 'community' });
  });

  it('lays out a model without actors, and one with a single actor', () => {
    expect(layoutActorNetwork(new GoalNetwork(modelDocument({}))).nodes).toEqual([]);
    const one = layoutActorNetwork(new GoalNetwork(modelDocument({ actors: [actor('solo', 'FIRM', { focal: true })] })));
    expect(one.nodes).toHaveLength(1);
    expect(one.nodes[0]).toMatchObject({ x: 0, y: 0, size: 18, focal: true });
  });
});

describe('layout options are checked at the edge', () => {
  it.each([
    [{ iterations: 0 }, 'iterations', 'positive integer'],
    [{ iterations: 2.5 }, 'iterations', 'positive integer'],
    [{ iterations: -10 }, 'iterations', 'got -10'],
    [{ iterations: '300' }, 'iterations', 'got "300"'],
    [{ seed: -1 }, 'seed', 'integer from 0'],
    [{ sizeBy: 'size' }, 'sizeBy', 'weightedDegree, degree, pagerank, betweenness, journeys'],
    [{ colorBy: 'colour' }, 'colorBy', 'community, kind'],
    [{ onProgress: 5 }, 'onProgress', 'must be a function'],
  ])('rejects %j', (options, where, words) => {
    const error = errorOf(() => layoutActorNetwork(home, undefined, options as never));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].where).toBe(where);
    expect(error.problems[0].message).toContain(words);
  });

  it('lists every wrong option at once', () => {
    const error = errorOf(() => layoutActorNetwork(home, undefined, { iterations: 0, seed: 1.5 }));
    expect(error.problems.map((p) => p.where)).toEqual(['iterations', 'seed']);
  });

  it('rejects a bare graph with a non-positive edge weight or radius', () => {
    const graph = syntheticActorNetwork({ nodes: 5, seed: 1 });
    const edge = graph.edges()[0];
    graph.setEdgeAttribute(edge, 'weight', -2);
    const error = errorOf(() => layoutFromGraph(graph));
    expect(error.problems[0]).toEqual({ where: `edges["${edge}"].weight`, message: 'must be a positive number (got -2)' });
    const error2 = errorOf(() => layoutFromGraph(syntheticActorNetwork({ nodes: 5 }), { radius: () => 0 }));
    expect(error2.problems[0].where).toBe('nodes["a0"].size');
  });
});

describe('layoutFromGraph', () => {
  it('uses Barnes-Hut above 500 nodes only', () => {
    expect(layoutFromGraph(syntheticActorNetwork({ nodes: 500 }), { iterations: 2 }).barnesHut).toBe(false);
    expect(layoutFromGraph(syntheticActorNetwork({ nodes: 501 }), { iterations: 2 }).barnesHut).toBe(true);
  });

  it('keeps community structure visible: planted communities sit closer together than random pairs', () => {
    const graph = syntheticActorNetwork({ nodes: 200, communities: 4, within: 0.95, seed: 11 });
    const layout = layoutFromGraph(graph);
    const community = graph.nodes().map((n) => graph.getNodeAttribute(n, 'community'));
    let same = 0;
    let sameCount = 0;
    let other = 0;
    let otherCount = 0;
    for (let i = 0; i < layout.nodes.length; i++) {
      for (let j = i + 1; j < layout.nodes.length; j++) {
        const d = Math.hypot(layout.x[i] - layout.x[j], layout.y[i] - layout.y[j]);
        if (community[i] === community[j]) (same += d), sameCount++;
        else (other += d), otherCount++;
      }
    }
    expect(same / sameCount).toBeLessThan(0.6 * (other / otherCount));
  });
});

describe.runIf(existsSync(HOME_MODEL) && existsSync(HOME_EVENTS))('the home-purchase example', () => {
  it('lays out without overlaps, deterministically', async () => {
    const network = new GoalNetwork(await readModelFile(HOME_MODEL));
    const stats = await loadJourneyStats(network, HOME_EVENTS);
    const layout = layoutActorNetwork(network, stats);
    expect(layout.nodes).toHaveLength(network.actors.length);
    expect(layoutOverlap(layout).shortBy).toBeLessThan(0);
    expect(layout.nodes.filter((n) => n.focal).map((n) => n.id)).toEqual(['nordbank']);
    expect(layout.nodes.some((n) => n.partner)).toBe(true);
    expect(layout.edges.some((e) => e.handovers > 0)).toBe(true);
    expect(layoutActorNetwork(network, stats)).toEqual(layout);
  });
});
