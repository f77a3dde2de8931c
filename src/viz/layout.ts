/**
 * The actor-network layout: where to draw each actor so that partner teams see who the customer
 * deals with, the clusters and the bridges.
 *
 *   layoutActorNetwork(network, stats?, options?)  the model's projected actor network
 *                                                  (graph/actor-network.ts) with its measures
 *                                                  (analysis/network-measures.ts), laid out and styled
 *   layoutFromGraph(graph, options?)               positions only, for any graphology graph
 *
 * Positions: seeded random start, ForceAtlas2 (settings from the graph's size, Barnes-Hut above
 * 500 nodes, edge weights pull), then noverlap and a separation pass so that no two discs overlap:
 * afterwards every two nodes are at least r₁ + r₂ + LAYOUT_DEFAULTS.gap apart (see kernel.ts).
 *
 * Styling (layoutActorNetwork):
 * - radius = min + (max − min) · √((v − lo) / (hi − lo)) for the size measure v of the actor, lo
 *   and hi its smallest and largest value over the actors (so areas grow linearly with v); the
 *   middle of the range when all values are equal. Default range 8–28.
 * - colour from the Louvain community (default) or the actor kind, see palette.ts.
 * - edge size = 1 + 5 · √(h / hmax) for an edge with h > 0 hand-overs, hmax the largest; 1 otherwise.
 *
 * The same network, stats and options give the same layout, number for number.
 */
import type { AbstractGraph, Attributes } from 'graphology-types';
import type { GoalNetwork } from '../graph/goal-network.js';
import type { JourneyStats } from '../model/journey-stats.js';
import { badInput, type Problem } from '../model/errors.js';
import { PHASES } from '../model/vocabulary.js';
import { networkMeasures, type ActorMeasures } from '../analysis/network-measures.js';
import {
  finish,
  forceAtlas2Settings,
  noverlapGridSize,
  normaliseScale,
  runForceAtlas2,
  runNoverlap,
  separate,
  startPositions,
  type FlatEdges,
} from './kernel.js';
import { colourGroups, colourOf } from './palette.js';
import type { ActorLayout, ColorBy, LayoutEdge, LayoutNode, LayoutOptions, SizeMeasure } from './types.js';

/** Every default of the layout, in one place. */
export const LAYOUT_DEFAULTS = {
  iterations: 300,
  seed: 42,
  sizeBy: 'weightedDegree' as SizeMeasure,
  colorBy: 'community' as ColorBy,
  /** ForceAtlas2 iterations between two progress reports. */
  progressChunk: 25,
  /** Barnes-Hut approximation for graphs with more nodes than this. */
  barnesHutAbove: 500,
  /** Drawn radius range of the actor network's nodes. */
  radius: { min: 8, max: 28 },
  /** Radius of a node of a bare graph without a numeric `size` attribute. */
  defaultRadius: 8,
  /** Drawn width range of the actor network's edges. */
  edgeSize: { min: 1, max: 6 },
  /** After ForceAtlas2, scale so that this share of the nodes is clear of its nearest neighbour. */
  clear: 0.9,
  /** noverlap's margin: it stops once every two discs are r₁ + r₂ + 2·margin apart. */
  margin: 3,
  /** The gap guaranteed between any two discs in the result. */
  gap: 1,
  noverlapIterations: 500,
  separationRounds: 50,
  maxIterations: 100_000,
};

export const SIZE_MEASURES: readonly SizeMeasure[] = ['weightedDegree', 'degree', 'pagerank', 'betweenness', 'journeys'];
export const COLOR_BYS: readonly ColorBy[] = ['community', 'kind'];

/** Options after validation, with every default filled in. */
export interface ResolvedLayoutOptions {
  iterations: number;
  seed: number;
  sizeBy: SizeMeasure;
  colorBy: ColorBy;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Checks layout options from outside (CLI, API, scripts) and fills in the defaults. Throws a
 * BAD_INPUT GoalnetError naming each wrong option and what it accepts.
 */
export function resolveLayoutOptions(options: LayoutOptions = {}): ResolvedLayoutOptions {
  const problems: Problem[] = [];
  const o = options as Record<string, unknown>;
  const iterations = o.iterations ?? LAYOUT_DEFAULTS.iterations;
  if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 1 || iterations > LAYOUT_DEFAULTS.maxIterations) {
    problems.push({
      where: 'iterations',
      message: `must be a positive integer up to ${LAYOUT_DEFAULTS.maxIterations} (got ${show(iterations)}); the default is ${LAYOUT_DEFAULTS.iterations}`,
    });
  }
  const seed = o.seed ?? LAYOUT_DEFAULTS.seed;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    problems.push({ where: 'seed', message: `must be an integer from 0 to 4294967295 (got ${show(seed)})` });
  }
  const sizeBy = o.sizeBy ?? LAYOUT_DEFAULTS.sizeBy;
  if (!(SIZE_MEASURES as readonly unknown[]).includes(sizeBy)) {
    problems.push({ where: 'sizeBy', message: `must be one of ${SIZE_MEASURES.join(', ')} (got ${show(sizeBy)})` });
  }
  const colorBy = o.colorBy ?? LAYOUT_DEFAULTS.colorBy;
  if (!(COLOR_BYS as readonly unknown[]).includes(colorBy)) {
    problems.push({ where: 'colorBy', message: `must be one of ${COLOR_BYS.join(', ')} (got ${show(colorBy)})` });
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    problems.push({ where: 'onProgress', message: `must be a function (done, total) => void (got ${show(o.onProgress)})` });
  }
  if (problems.length > 0) throw badInput('Invalid layout options', problems);
  return {
    iterations: iterations as number,
    seed: seed as number,
    sizeBy: sizeBy as SizeMeasure,
    colorBy: colorBy as ColorBy,
    onProgress: options.onProgress,
  };
}

export interface GraphLayoutOptions {
  iterations?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  /** The drawn radius of a node; default: its numeric `size` attribute, else LAYOUT_DEFAULTS.defaultRadius. */
  radius?: (node: string, attributes: Attributes) => number;
  /** Edge attribute holding the weight (default `weight`); edges without one weigh 1. */
  weightAttribute?: string;
}

/** Positions of a bare graph's nodes, index i for `nodes[i]` (the graph's node order). */
export interface GraphLayout {
  nodes: string[];
  x: Float64Array;
  y: Float64Array;
  radius: Float64Array;
  iterations: number;
  seed: number;
  barnesHut: boolean;
  noverlap: { iterations: number; converged: boolean };
  separation: { rounds: number; moves: number; spread: number };
}

/**
 * Lays out any graphology graph (edges are taken as undirected; self-loops are ignored). Edge
 * weights must be positive finite numbers where given.
 */
export function layoutFromGraph(graph: AbstractGraph, options: GraphLayoutOptions = {}): GraphLayout {
  const resolved = resolveLayoutOptions({ iterations: options.iterations, seed: options.seed, onProgress: options.onProgress });
  const nodes = graph.nodes();
  const index = new Map(nodes.map((node, i) => [node, i]));
  const radius = new Float64Array(nodes.length);
  const problems: Problem[] = [];
  nodes.forEach((node, i) => {
    const attributes = graph.getNodeAttributes(node);
    const r = options.radius !== undefined ? options.radius(node, attributes) : attributes.size ?? LAYOUT_DEFAULTS.defaultRadius;
    if (typeof r !== 'number' || !Number.isFinite(r) || r <= 0) {
      problems.push({ where: `nodes["${node}"].size`, message: `radius must be a positive number (got ${show(r)})` });
    }
    radius[i] = r;
  });
  const weightAttribute = options.weightAttribute ?? 'weight';
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  graph.forEachEdge((edge, attributes, s, t) => {
    if (s === t) return;
    const w = attributes[weightAttribute] ?? 1;
    if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0) {
      problems.push({ where: `edges["${edge}"].${weightAttribute}`, message: `must be a positive number (got ${show(w)})` });
      return;
    }
    source.push(index.get(s)!);
    target.push(index.get(t)!);
    weight.push(w);
  });
  if (problems.length > 0) throw badInput('Cannot lay out the graph', problems);
  const edges: FlatEdges = { source: Int32Array.from(source), target: Int32Array.from(target), weight: Float64Array.from(weight) };
  return { nodes, ...layoutArrays(radius, edges, resolved) };
}

/** The pure pipeline of kernel.ts over flat arrays (see its module comment). */
export function layoutArrays(
  radius: Float64Array,
  edges: FlatEdges,
  options: ResolvedLayoutOptions,
): Omit<GraphLayout, 'nodes'> {
  const n = radius.length;
  const settings = forceAtlas2Settings(n, LAYOUT_DEFAULTS.barnesHutAbove);
  const start = startPositions(n, options.seed);
  const moved = runForceAtlas2(start, edges, settings, options.iterations, LAYOUT_DEFAULTS.progressChunk, options.onProgress);
  const scaled = normaliseScale(moved, radius, LAYOUT_DEFAULTS.clear, 2 * LAYOUT_DEFAULTS.margin);
  const apart = runNoverlap(
    scaled,
    radius,
    { gridSize: noverlapGridSize(n), margin: LAYOUT_DEFAULTS.margin, expansion: 1.1, ratio: 1, speed: 3 },
    LAYOUT_DEFAULTS.noverlapIterations,
  );
  const separated = separate(apart, radius, LAYOUT_DEFAULTS.gap, LAYOUT_DEFAULTS.separationRounds);
  const done = finish(separated);
  return {
    x: done.x,
    y: done.y,
    radius,
    iterations: options.iterations,
    seed: options.seed,
    barnesHut: settings.barnesHutOptimize,
    noverlap: { iterations: apart.iterations, converged: apart.converged },
    separation: { rounds: separated.rounds, moves: separated.moves, spread: separated.spread },
  };
}

/**
 * Lays out and styles the model's actor network (see the module comment). Nodes come in the
 * model's actor order, edges sorted by source then target id.
 */
export function layoutActorNetwork(network: GoalNetwork, stats?: JourneyStats, options: LayoutOptions = {}): ActorLayout {
  const resolved = resolveLayoutOptions(options);
  const measures = networkMeasures(network, stats);
  const measuresOf = new Map<string, ActorMeasures>(measures.actors.map((a) => [a.id, a.evidence]));
  const actors = network.actors;
  const index = new Map(actors.map((a, i) => [a.id, i]));

  const values = actors.map((a) => measureValue(measuresOf.get(a.id)!, resolved.sizeBy));
  const radius = Float64Array.from(radii(values, LAYOUT_DEFAULTS.radius.min, LAYOUT_DEFAULTS.radius.max));
  const edges: FlatEdges = {
    source: Int32Array.from(measures.edges.map((e) => index.get(e.source)!)),
    target: Int32Array.from(measures.edges.map((e) => index.get(e.target)!)),
    weight: Float64Array.from(measures.edges.map((e) => e.weight)),
  };
  const placed = layoutArrays(radius, edges, resolved);

  const handoversOf = new Map<string, number>();
  for (const e of measures.edges) {
    handoversOf.set(e.source, (handoversOf.get(e.source) ?? 0) + e.handovers);
    handoversOf.set(e.target, (handoversOf.get(e.target) ?? 0) + e.handovers);
  }
  const focal = network.focalActor();
  const partners = new Set(focal === undefined ? [] : network.partnersOf(focal.id).map((a) => a.id));

  const nodes: LayoutNode[] = actors.map((actor, i) => {
    const m = measuresOf.get(actor.id)!;
    const phases = new Set(network.activitiesOfActor(actor.id).map((a) => a.phase));
    return {
      id: actor.id,
      name: actor.name,
      kind: actor.kind,
      focal: actor.focal,
      partner: partners.has(actor.id),
      x: placed.x[i],
      y: placed.y[i],
      size: round2(radius[i]),
      color: '',
      community: m.community,
      degree: m.degree,
      weightedDegree: m.weightedDegree,
      betweenness: m.betweenness,
      pagerank: m.pagerank,
      goals: network.goalsOfActor(actor.id).map((g) => g.id),
      phases: PHASES.filter((p) => phases.has(p)),
      journeys: m.journeys,
      handovers: handoversOf.get(actor.id) ?? 0,
    };
  });
  const colours = colourOf(colourGroups(nodes, resolved.colorBy));
  for (const node of nodes) node.color = colours.get(node.id)!;

  const maxHandovers = measures.edges.reduce((max, e) => Math.max(max, e.handovers), 0);
  const { min, max } = LAYOUT_DEFAULTS.edgeSize;
  const layoutEdges: LayoutEdge[] = measures.edges.map((e) => ({
    source: e.source,
    target: e.target,
    weight: e.weight,
    sharedGoals: e.sharedGoals,
    handovers: e.handovers,
    partnership: e.partnership,
    size: e.handovers > 0 && maxHandovers > 0 ? round2(min + (max - min) * Math.sqrt(e.handovers / maxHandovers)) : min,
  }));

  return {
    modelId: network.model.id,
    modelName: network.model.name,
    nodes,
    edges: layoutEdges,
    communities: measures.communities,
    settings: {
      iterations: resolved.iterations,
      seed: resolved.seed,
      barnesHut: placed.barnesHut,
      sizeBy: resolved.sizeBy,
      colorBy: resolved.colorBy,
    },
  };
}

function measureValue(m: ActorMeasures, sizeBy: SizeMeasure): number {
  return m[sizeBy];
}

/**
 * Radii from values: min + (max − min) · √((v − lo) / (hi − lo)); all (min + max) / 2 when the
 * values are all equal.
 */
export function radii(values: readonly number[], min: number, max: number): number[] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return values.map((v) => (hi > lo ? min + (max - min) * Math.sqrt((v - lo) / (hi - lo)) : (min + max) / 2));
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function show(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return typeof value;
}
