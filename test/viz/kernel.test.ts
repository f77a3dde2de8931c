import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/analysis/network-measures.js';
import {
  finish,
  findOverlaps,
  nearestNeighbours,
  runNoverlap,
  separate,
  startPositions,
  untie,
  type Positions,
} from '../../src/viz/kernel.js';

function randomCloud(n: number, side: number, seed: number): { p: Positions; r: Float64Array } {
  const random = seededRandom(seed);
  const p = { x: new Float64Array(n), y: new Float64Array(n) };
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    p.x[i] = (random() - 0.5) * side;
    p.y[i] = (random() - 0.5) * side;
    r[i] = 2 + 10 * random();
  }
  return { p, r };
}

function bruteOverlaps(p: Positions, r: Float64Array, gap: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < r.length; i++) {
    for (let j = i + 1; j < r.length; j++) {
      if (Math.hypot(p.x[i] - p.x[j], p.y[i] - p.y[j]) < r[i] + r[j] + gap) pairs.push([i, j]);
    }
  }
  return pairs;
}

describe('findOverlaps', () => {
  it('finds exactly the pairs a check of all pairs finds', () => {
    for (const seed of [1, 2, 3]) {
      const { p, r } = randomCloud(300, 400, seed);
      expect(findOverlaps(p, r, 1.5)).toEqual(bruteOverlaps(p, r, 1.5));
    }
  });
});

describe('nearestNeighbours', () => {
  it('agrees with a check of all pairs', () => {
    const { p } = randomCloud(250, 1000, 4);
    const { index, distance } = nearestNeighbours(p);
    for (let i = 0; i < 250; i++) {
      let best = Infinity;
      for (let j = 0; j < 250; j++) if (j !== i) best = Math.min(best, Math.hypot(p.x[i] - p.x[j], p.y[i] - p.y[j]));
      expect(distance[i]).toBe(best);
      expect(Math.hypot(p.x[i] - p.x[index[i]], p.y[i] - p.y[index[i]])).toBe(best);
    }
  });
});

describe('untie', () => {
  it('moves apart nodes at the same spot, and only those', () => {
    const p = { x: Float64Array.from([0, 0, 0, 5]), y: Float64Array.from([0, 0, 0, 5]) };
    const out = untie(p, 0.5);
    const spots = new Set([...out.x].map((x, i) => `${x},${out.y[i]}`));
    expect(spots.size).toBe(4);
    expect([out.x[0], out.y[0], out.x[3], out.y[3]]).toEqual([0, 0, 5, 5]);
  });
});

describe('separate', () => {
  it('leaves every pair at least r1 + r2 + gap apart, even from a heap at one spot', () => {
    const n = 80;
    const p = { x: new Float64Array(n), y: new Float64Array(n) };
    const r = Float64Array.from({ length: n }, (_, i) => 3 + (i % 7));
    const out = separate(p, r, 1, 50);
    expect(bruteOverlaps(out, r, 1)).toEqual([]);
    expect(separate(p, r, 1, 50)).toEqual(out);
  });

  it('falls back on spreading when relaxation is not given enough rounds', () => {
    const { p, r } = randomCloud(200, 60, 6);
    const out = separate(p, r, 1, 2);
    expect(out.spread).toBeGreaterThan(1);
    expect(bruteOverlaps(out, r, 1)).toEqual([]);
  });

  it('does nothing to a layout without overlaps', () => {
    const p = { x: Float64Array.from([0, 100]), y: Float64Array.from([0, 0]) };
    const out = separate(p, Float64Array.from([10, 10]), 1, 50);
    expect([...out.x]).toEqual([0, 100]);
    expect(out).toMatchObject({ rounds: 0, moves: 0, spread: 1 });
  });
});

describe('runNoverlap', () => {
  it('is deterministic even for nodes stacked at one spot (no Math.random jitter)', () => {
    const n = 30;
    const p = { x: new Float64Array(n).fill(3), y: new Float64Array(n).fill(-2) };
    const r = new Float64Array(n).fill(5);
    const a = runNoverlap(p, r, { gridSize: 20, margin: 1, expansion: 1.1, ratio: 1, speed: 3 }, 200);
    const b = runNoverlap(p, r, { gridSize: 20, margin: 1, expansion: 1.1, ratio: 1, speed: 3 }, 200);
    expect(a).toEqual(b);
    expect(new Set([...a.x].map((x, i) => `${x},${a.y[i]}`)).size).toBe(n);
  });

  it('converges on a loose cloud', () => {
    const { p, r } = randomCloud(100, 600, 8);
    const out = runNoverlap(p, r, { gridSize: 20, margin: 2, expansion: 1.1, ratio: 1, speed: 3 }, 500);
    expect(out.converged).toBe(true);
    expect(bruteOverlaps(out, r, 2 * 2 - 1e-3)).toEqual([]);
  });
});

describe('startPositions and finish', () => {
  it('start positions depend on the seed only', () => {
    expect(startPositions(10, 5)).toEqual(startPositions(10, 5));
    expect(startPositions(10, 5).x).not.toEqual(startPositions(10, 6).x);
  });

  it('finish keeps distances (up to rounding), centres on 0 and lays the long side along x', () => {
    // A tall thin line of points, turned to lie along x.
    const p = { x: Float64Array.from([0, 1, 0, 1, 0]), y: Float64Array.from([0, 50, 100, 150, 200]) };
    const out = finish(p);
    const width = Math.max(...out.x) - Math.min(...out.x);
    const height = Math.max(...out.y) - Math.min(...out.y);
    expect(width).toBeGreaterThan(height);
    expect(Math.max(...out.x) + Math.min(...out.x)).toBeCloseTo(0, 1);
    for (let i = 0; i < 5; i++) {
      for (let j = i + 1; j < 5; j++) {
        const before = Math.hypot(p.x[i] - p.x[j], p.y[i] - p.y[j]);
        const after = Math.hypot(out.x[i] - out.x[j], out.y[i] - out.y[j]);
        expect(Math.abs(after - before)).toBeLessThan(0.015);
      }
    }
    for (const v of [...out.x, ...out.y]) expect(Math.round(v * 100) / 100).toBe(v);
  });
});
