/**
 * The layout kernel: pure functions over flat arrays of node positions and radii, which never see
 * a graph object. layout.ts converts a graph to these arrays, runs the steps in order and converts
 * back:
 *
 *   1. startPositions      seeded uniform random positions in a square of side 10·√n around 0
 *   2. runForceAtlas2      graphology's ForceAtlas2 iteration, `iterations` times on one matrix
 *   3. normaliseScale      centre on 0 and scale so that most nodes (a share `clear`) are clear of
 *                          their nearest neighbour: ForceAtlas2's scale knows nothing of radii
 *   4. untie               move apart nodes at exactly the same spot (deterministically)
 *   5. runNoverlap         graphology's noverlap iteration until no two discs come closer than
 *                          r₁ + r₂ + 2·margin, or `maxIterations`, or it stalls
 *   6. separate            our own deterministic pass that guarantees every pair ends at least
 *                          r₁ + r₂ + gap apart (noverlap alone may stop before it converges)
 *   7. finish              centre on 0, turn the principal axis horizontal, round to 2 decimals
 *                          (a shift of at most 0.0071 per node, far below `gap`)
 *
 * Nothing here uses Math.random: the same input gives the same output, bit for bit.
 */
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import forceAtlas2IterateModule from 'graphology-layout-forceatlas2/iterate.js';
import noverlapIterateModule from 'graphology-layout-noverlap/iterate.js';
import { seededRandom } from '../analysis/network-measures.js';
import { cjsDefault } from '../util/cjs.js';

const forceAtlas2 = cjsDefault(forceAtlas2Module);
const forceAtlas2Iterate = cjsDefault(forceAtlas2IterateModule);
const noverlapIterate = cjsDefault(noverlapIterateModule);

/** ForceAtlas2's settings, every one given (graphology-layout-forceatlas2's names and meaning). */
export interface ForceAtlas2KernelSettings {
  linLogMode: boolean;
  outboundAttractionDistribution: boolean;
  adjustSizes: boolean;
  edgeWeightInfluence: number;
  scalingRatio: number;
  strongGravityMode: boolean;
  gravity: number;
  slowDown: number;
  barnesHutOptimize: boolean;
  barnesHutTheta: number;
}

/** noverlap's settings (graphology-layout-noverlap's names and meaning). */
export interface NoverlapKernelSettings {
  gridSize: number;
  margin: number;
  expansion: number;
  ratio: number;
  speed: number;
}

/** Node positions; index i is the i-th node. */
export interface Positions {
  x: Float64Array;
  y: Float64Array;
}

/** Edges as parallel arrays of node indices and positive weights. */
export interface FlatEdges {
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
}

/** Floats per node and per edge in ForceAtlas2's matrices. */
const FA2_PPN = 10;
const FA2_PPE = 3;
const NOVERLAP_PPN = 3;

/** The golden angle: successive multiples spread directions evenly round the circle. */
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * ForceAtlas2 settings for a graph of `order` nodes: graphology's size-aware
 * `forceAtlas2.inferSettings` (in 0.10: strong gravity 0.05, scaling ratio 10, slow-down
 * 1 + ln n) over its defaults, with linear edge-weight influence, and Barnes-Hut above
 * `barnesHutAbove` nodes with theta 1.2 (Gephi's default; graphology's 0.5 makes 10,000 nodes
 * about 2.5 times slower for no visible gain).
 */
export function forceAtlas2Settings(order: number, barnesHutAbove: number): ForceAtlas2KernelSettings {
  return {
    ...FA2_DEFAULTS,
    ...forceAtlas2.inferSettings(Math.max(1, order)),
    edgeWeightInfluence: 1,
    barnesHutOptimize: order > barnesHutAbove,
    barnesHutTheta: 1.2,
  };
}

/** graphology-layout-forceatlas2's defaults (its defaults.js), which inferSettings overrides in part. */
const FA2_DEFAULTS: ForceAtlas2KernelSettings = {
  linLogMode: false,
  outboundAttractionDistribution: false,
  adjustSizes: false,
  edgeWeightInfluence: 1,
  scalingRatio: 1,
  strongGravityMode: false,
  gravity: 1,
  slowDown: 1,
  barnesHutOptimize: false,
  barnesHutTheta: 0.5,
};

/** Uniform random positions in a square of side 10·√n centred on 0, from mulberry32(seed). */
export function startPositions(n: number, seed: number): Positions {
  const random = seededRandom(seed);
  const side = 10 * Math.sqrt(Math.max(1, n));
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = (random() - 0.5) * side;
    y[i] = (random() - 0.5) * side;
  }
  return { x, y };
}

/**
 * Runs `iterations` ForceAtlas2 iterations from `start` on one matrix (so the per-node speed
 * state carries from one iteration to the next), calling `onProgress(done, iterations)` after
 * every `chunk` iterations and at the end. Node mass is 1 + weighted degree, as in graphology.
 */
export function runForceAtlas2(
  start: Positions,
  edges: FlatEdges,
  settings: ForceAtlas2KernelSettings,
  iterations: number,
  chunk: number,
  onProgress?: (done: number, total: number) => void,
): Positions {
  const n = start.x.length;
  const m = edges.source.length;
  const nodes = new Float32Array(n * FA2_PPN);
  for (let i = 0; i < n; i++) {
    const o = i * FA2_PPN;
    nodes[o] = start.x[i];
    nodes[o + 1] = start.y[i];
    nodes[o + 6] = 1; // mass
    nodes[o + 7] = 1; // convergence
    nodes[o + 8] = 1; // size (read only with adjustSizes)
  }
  const matrix = new Float32Array(m * FA2_PPE);
  for (let e = 0; e < m; e++) {
    const s = edges.source[e];
    const t = edges.target[e];
    const w = edges.weight[e];
    matrix[e * FA2_PPE] = s * FA2_PPN;
    matrix[e * FA2_PPE + 1] = t * FA2_PPN;
    matrix[e * FA2_PPE + 2] = w;
    nodes[s * FA2_PPN + 6] += w;
    nodes[t * FA2_PPN + 6] += w;
  }
  if (n > 0) {
    for (let done = 0; done < iterations; ) {
      const next = Math.min(iterations, done + chunk);
      for (; done < next; done++) forceAtlas2Iterate(settings, nodes, matrix);
      onProgress?.(done, iterations);
    }
  } else {
    onProgress?.(iterations, iterations);
  }
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = nodes[i * FA2_PPN];
    y[i] = nodes[i * FA2_PPN + 1];
  }
  return { x, y };
}

/**
 * Centres the positions on 0 and scales them by the smallest factor that leaves a share `clear`
 * of the nodes at least r + r_nn + `gap` from their nearest neighbour nn (the `clear`-quantile,
 * nearest rank, of (r + r_nn + gap) / distance over the nodes; nodes sharing a spot are left
 * out). ForceAtlas2's own scale has nothing to do with the drawn radii; this puts the discs at a
 * density where noverlap only has local work left. A single node, or nodes all at one spot, end
 * at 0.
 */
export function normaliseScale(p: Positions, r: Float64Array, clear: number, gap: number): Positions {
  const n = p.x.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  if (n === 0) return { x, y };
  const box = bounds(p);
  const cx = (box.minX + box.maxX) / 2;
  const cy = (box.minY + box.maxY) / 2;
  const nearest = nearestNeighbours(p);
  const factors: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = nearest.index[i];
    if (j >= 0 && nearest.distance[i] > 0) factors.push((r[i] + r[j] + gap) / nearest.distance[i]);
  }
  factors.sort((a, b) => a - b);
  const k = factors.length === 0 ? 0 : factors[Math.max(0, Math.ceil(clear * factors.length) - 1)];
  for (let i = 0; i < n; i++) {
    x[i] = (p.x[i] - cx) * k;
    y[i] = (p.y[i] - cy) * k;
  }
  return { x, y };
}

/**
 * Each node's nearest other node (−1 when it is alone) and the distance to it, through a grid of
 * about one node per cell searched in growing rings.
 */
export function nearestNeighbours(p: Positions): { index: Int32Array; distance: Float64Array } {
  const n = p.x.length;
  const index = new Int32Array(n).fill(-1);
  const distance = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  if (n < 2) return { index, distance };
  const box = bounds(p);
  const side = Math.max(box.maxX - box.minX, box.maxY - box.minY);
  if (!(side > 0)) {
    for (let i = 0; i < n; i++) {
      index[i] = i === 0 ? 1 : 0;
      distance[i] = 0;
    }
    return { index, distance };
  }
  const per = Math.max(1, Math.ceil(Math.sqrt(n)));
  const cell = side / per;
  const cols = Math.floor((box.maxX - box.minX) / cell) + 1;
  const rows = Math.floor((box.maxY - box.minY) / cell) + 1;
  const buckets: number[][] = Array.from({ length: cols * rows }, () => []);
  const col = new Int32Array(n);
  const row = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    col[i] = Math.min(cols - 1, Math.floor((p.x[i] - box.minX) / cell));
    row[i] = Math.min(rows - 1, Math.floor((p.y[i] - box.minY) / cell));
    buckets[col[i] * rows + row[i]].push(i);
  }
  const maxRing = Math.max(cols, rows);
  for (let i = 0; i < n; i++) {
    let best = Number.POSITIVE_INFINITY;
    let bestJ = -1;
    for (let ring = 0; ring <= maxRing; ring++) {
      // Every node in ring `ring` or beyond is at least (ring − 1) · cell away.
      if (bestJ >= 0 && (ring - 1) * cell > best) break;
      for (let c = col[i] - ring; c <= col[i] + ring; c++) {
        if (c < 0 || c >= cols) continue;
        const edge = c === col[i] - ring || c === col[i] + ring;
        for (let rr = row[i] - ring; rr <= row[i] + ring; rr += edge ? 1 : 2 * ring) {
          if (rr < 0 || rr >= rows) continue;
          for (const j of buckets[c * rows + rr]) {
            if (j === i) continue;
            const d = Math.hypot(p.x[j] - p.x[i], p.y[j] - p.y[i]);
            if (d < best || (d === best && j < bestJ)) {
              best = d;
              bestJ = j;
            }
          }
          if (ring === 0) break;
        }
      }
    }
    index[i] = bestJ;
    distance[i] = best;
  }
  return { index, distance };
}

/**
 * Moves apart nodes that sit at exactly the same spot: the k-th node found at a spot already
 * taken moves by `step` in the direction k·golden angle (and further out if that spot is taken
 * too). Returns new arrays; nodes at distinct spots keep their positions.
 */
export function untie(p: Positions, step: number): Positions {
  const n = p.x.length;
  const x = Float64Array.from(p.x);
  const y = Float64Array.from(p.y);
  const taken = new Map<number, number[]>();
  const has = (px: number, py: number): boolean => taken.get(px)?.includes(py) ?? false;
  const add = (px: number, py: number): void => {
    const list = taken.get(px);
    if (list === undefined) taken.set(px, [py]);
    else list.push(py);
  };
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (has(x[i], y[i])) {
      const ox = x[i];
      const oy = y[i];
      for (let ring = 1; has(x[i], y[i]); ring++) {
        k++;
        x[i] = ox + Math.cos(k * GOLDEN_ANGLE) * step * ring;
        y[i] = oy + Math.sin(k * GOLDEN_ANGLE) * step * ring;
      }
    }
    add(x[i], y[i]);
  }
  return { x, y };
}

export interface NoverlapResult extends Positions {
  /** Iterations run. */
  iterations: number;
  /** Whether noverlap reached a state without overlaps (with its margin) before the limit. */
  converged: boolean;
}

/**
 * graphology's noverlap: iterates until no two discs are closer than r₁·ratio + r₂·ratio +
 * 2·margin (then `converged`), or `maxIterations`, or until the count of too-close pairs has
 * not fallen over the last 25 iterations. Before each iteration, nodes that sit at the
 * same spot are untied, so that noverlap never falls back on its Math.random jitter.
 */
export function runNoverlap(
  start: Positions,
  r: Float64Array,
  settings: NoverlapKernelSettings,
  maxIterations: number,
): NoverlapResult {
  const n = start.x.length;
  const matrix = new Float32Array(n * NOVERLAP_PPN);
  const load = (p: Positions): void => {
    for (let i = 0; i < n; i++) {
      matrix[i * NOVERLAP_PPN] = p.x[i];
      matrix[i * NOVERLAP_PPN + 1] = p.y[i];
      matrix[i * NOVERLAP_PPN + 2] = r[i];
    }
  };
  const read = (): Positions => {
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = matrix[i * NOVERLAP_PPN];
      y[i] = matrix[i * NOVERLAP_PPN + 1];
    }
    return { x, y };
  };
  load(untie(start, tieStep(r)));
  let iterations = 0;
  let converged = n < 2;
  let lastCount = Number.POSITIVE_INFINITY;
  while (!converged && iterations < maxIterations) {
    const current = read();
    if (iterations > 0 && iterations % STALL_CHECK === 0) {
      // A jammed cluster can keep noverlap busy without progress: stop when the number of
      // too-close pairs has not fallen over the last STALL_CHECK iterations (separate() finishes).
      const count = findOverlaps(current, r, 2 * settings.margin).length;
      if (count >= lastCount) break;
      lastCount = count;
    }
    const untied = untie(current, tieStep(r));
    if (untied.x.some((v, i) => v !== current.x[i]) || untied.y.some((v, i) => v !== current.y[i])) load(untied);
    converged = noverlapIterate(settings, matrix).converged;
    iterations++;
  }
  return { ...read(), iterations, converged };
}

/** How often runNoverlap checks that it still makes progress, in iterations. */
const STALL_CHECK = 25;

/** A grid size for noverlap that keeps a few nodes per cell: ⌈√n / 2⌉ within [20, 200]. */
export function noverlapGridSize(n: number): number {
  return Math.min(200, Math.max(20, Math.ceil(Math.sqrt(n) / 2)));
}

/**
 * All pairs i < j whose discs come closer than r_i + r_j + gap, found through a uniform grid of
 * cells as wide as the largest disc plus gap (so only neighbouring cells need checking). Pairs are
 * sorted by i, then j.
 */
export function findOverlaps(p: Positions, r: Float64Array, gap: number): [number, number][] {
  const n = p.x.length;
  const pairs: [number, number][] = [];
  if (n < 2) return pairs;
  let maxR = 0;
  for (let i = 0; i < n; i++) maxR = Math.max(maxR, r[i]);
  const cell = 2 * maxR + gap > 0 ? 2 * maxR + gap : 1;
  const box = bounds(p);
  // Cells are keyed col · 2²⁶ + row; a layout wider than 2²⁶ cells is checked pair by pair.
  const SPAN = 67_108_864;
  if ((box.maxX - box.minX) / cell >= SPAN || (box.maxY - box.minY) / cell >= SPAN) return allPairsOverlaps(p, r, gap);
  const buckets = new Map<number, number[]>();
  const col = new Int32Array(n);
  const row = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    col[i] = Math.floor((p.x[i] - box.minX) / cell);
    row[i] = Math.floor((p.y[i] - box.minY) / cell);
    const key = col[i] * SPAN + row[i];
    const list = buckets.get(key);
    if (list === undefined) buckets.set(key, [i]);
    else list.push(i);
  }
  for (let i = 0; i < n; i++) {
    for (let dc = -1; dc <= 1; dc++) {
      const c = col[i] + dc;
      if (c < 0) continue;
      for (let dr = -1; dr <= 1; dr++) {
        const rr = row[i] + dr;
        if (rr < 0) continue;
        const list = buckets.get(c * SPAN + rr);
        if (list === undefined) continue;
        for (const j of list) {
          if (j <= i) continue;
          const dx = p.x[j] - p.x[i];
          const dy = p.y[j] - p.y[i];
          const need = r[i] + r[j] + gap;
          if (dx * dx + dy * dy < need * need) pairs.push([i, j]);
        }
      }
    }
  }
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return pairs;
}

function allPairsOverlaps(p: Positions, r: Float64Array, gap: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < p.x.length; i++) {
    for (let j = i + 1; j < p.x.length; j++) {
      const dx = p.x[j] - p.x[i];
      const dy = p.y[j] - p.y[i];
      const need = r[i] + r[j] + gap;
      if (dx * dx + dy * dy < need * need) pairs.push([i, j]);
    }
  }
  return pairs;
}

export interface SeparationResult extends Positions {
  /** Relaxation rounds that found overlaps. */
  rounds: number;
  /** Pairs pushed apart, over all rounds. */
  moves: number;
  /** The factor all positions were finally spread by (1 when relaxation sufficed). */
  spread: number;
}

/**
 * Guarantees that every two discs end at least r_i + r_j + gap apart. Up to `maxRounds` rounds
 * of relaxation push each too-close pair (in index order) apart along the line between them,
 * each node by half of what is missing plus 1 %; nodes at the same spot part in direction
 * i·golden angle. If pairs are still too close after that, all positions are spread from their
 * centre by the largest factor (r_i + r_j + gap) / distance over those pairs (× 1.001): spreading
 * never brings two nodes closer, so afterwards no pair is too close.
 */
export function separate(start: Positions, r: Float64Array, gap: number, maxRounds: number): SeparationResult {
  const x = Float64Array.from(start.x);
  const y = Float64Array.from(start.y);
  const p = { x, y };
  let rounds = 0;
  let moves = 0;
  for (; rounds < maxRounds; rounds++) {
    const pairs = findOverlaps(p, r, gap);
    if (pairs.length === 0) return { x, y, rounds, moves, spread: 1 };
    for (const [i, j] of pairs) {
      let dx = x[j] - x[i];
      let dy = y[j] - y[i];
      const d = Math.hypot(dx, dy);
      const need = r[i] + r[j] + gap;
      if (d >= need) continue;
      if (d === 0) {
        dx = Math.cos(i * GOLDEN_ANGLE);
        dy = Math.sin(i * GOLDEN_ANGLE);
      } else {
        dx /= d;
        dy /= d;
      }
      const push = ((need - d) / 2) * 1.01;
      x[i] -= dx * push;
      y[i] -= dy * push;
      x[j] += dx * push;
      y[j] += dy * push;
      moves++;
    }
  }
  const pairs = findOverlaps(p, r, gap);
  if (pairs.length === 0) return { x, y, rounds, moves, spread: 1 };
  let factor = 1;
  for (const [i, j] of pairs) {
    const d = Math.hypot(x[j] - x[i], y[j] - y[i]);
    factor = Math.max(factor, d > 0 ? (r[i] + r[j] + gap) / d : Number.POSITIVE_INFINITY);
  }
  if (!Number.isFinite(factor)) {
    // Two nodes at one spot after relaxation cannot happen (relaxation parts them), but never
    // spread by infinity: untie first, then spread.
    const untied = untie(p, gap);
    return separate(untied, r, gap, 0);
  }
  factor *= 1.001;
  const box = bounds(p);
  const cx = (box.minX + box.maxX) / 2;
  const cy = (box.minY + box.maxY) / 2;
  for (let i = 0; i < x.length; i++) {
    x[i] = cx + (x[i] - cx) * factor;
    y[i] = cy + (y[i] - cy) * factor;
  }
  return { x, y, rounds, moves, spread: factor };
}

/**
 * Centres the positions on 0, turns them so that their direction of greatest spread (the
 * principal axis of the centres) lies along x — pictures are wider than tall — and rounds them
 * to 2 decimals. Turning and shifting keep all distances, so no two discs come closer.
 */
export function finish(p: Positions): Positions {
  const n = p.x.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  if (n === 0) return { x, y };
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += p.x[i];
    my += p.y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = p.x[i] - mx;
    const dy = p.y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const cos = Math.cos(-angle);
  const sin = Math.sin(-angle);
  const turned: Positions = { x: new Float64Array(n), y: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const dx = p.x[i] - mx;
    const dy = p.y[i] - my;
    turned.x[i] = dx * cos - dy * sin;
    turned.y[i] = dx * sin + dy * cos;
  }
  const box = bounds(turned);
  const cx = (box.minX + box.maxX) / 2;
  const cy = (box.minY + box.maxY) / 2;
  for (let i = 0; i < n; i++) {
    x[i] = round2(turned.x[i] - cx);
    y[i] = round2(turned.y[i] - cy);
  }
  return { x, y };
}

export function round2(v: number): number {
  const r = Math.round(v * 100) / 100;
  return r === 0 ? 0 : r; // no -0 in the output
}

export interface Bounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** The bounding box of the positions (all zeros when there are none). */
export function bounds(p: Positions): Bounds {
  if (p.x.length === 0) return { minX: 0, maxX: 0, minY: 0, maxY: 0 };
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < p.x.length; i++) {
    minX = Math.min(minX, p.x[i]);
    maxX = Math.max(maxX, p.x[i]);
    minY = Math.min(minY, p.y[i]);
    maxY = Math.max(maxY, p.y[i]);
  }
  return { minX, maxX, minY, maxY };
}

/** How far `untie` moves a node: a tenth of the smallest radius, at least 0.01. */
function tieStep(r: Float64Array): number {
  let min = Infinity;
  for (let i = 0; i < r.length; i++) min = Math.min(min, r[i]);
  return Number.isFinite(min) ? Math.max(0.01, min / 10) : 0.01;
}
