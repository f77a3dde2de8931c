/**
 * The benchmark suite's arithmetic and report: the fitted growth exponent, and a size whose
 * planted findings were not ranked first shown as FAILED (not as a time) and counted as a missed
 * target. No timing here: the figures are made up and only their handling is checked.
 */
import { describe, expect, it } from 'vitest';
import { describeGrowth, fitPowerLaw } from '../bench/lib/growth.js';
import { markdown, targets, type BenchOutcome, type SuiteSummary } from '../bench/report.js';
import type { MemorySeries, SizeFigures } from '../bench/memory-series.js';

describe('fitPowerLaw', () => {
  it('recovers the exponent and coefficient of an exact power law', () => {
    const points = [1e4, 1e5, 1e6, 1e7].map((n) => ({ n, value: 3 * n ** 1.5 }));
    const g = fitPowerLaw(points)!;
    expect(g.exponent).toBeCloseTo(1.5, 9);
    expect(g.coefficient).toBeCloseTo(3, 6);
    expect(g.r2).toBeCloseTo(1, 9);
    expect(g.lastStep).toBeCloseTo(1.5, 9);
    expect(describeGrowth(g)).toContain('n^1.50');
  });

  it('states the exponent between the two largest sizes apart from the fit over all', () => {
    // A fixed cost of 10,000 dominates the small sizes: the fit is flattened, the last step nearly linear.
    const g = fitPowerLaw([1e2, 1e3, 1e4, 1e5, 1e6].map((n) => ({ n, value: 10_000 + n })))!;
    expect(g.lastStep).toBeCloseTo(Math.log(1_010_000 / 110_000) / Math.log(10), 9);
    expect(g.lastStep).toBeGreaterThan(0.95);
    expect(g.exponent).toBeLessThan(0.6);
    expect(describeGrowth(g)).toContain(`n^${g.lastStep.toFixed(2)} between the two largest`);
  });

  it('gives the least-squares slope on log-log when the points are not on one line', () => {
    // log10 sizes 0, 1, 2 against log10 times 0, 2, 2: slope = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)² = 2/2 = 1.
    const g = fitPowerLaw([
      { n: 1, value: 1 },
      { n: 10, value: 100 },
      { n: 100, value: 100 },
    ])!;
    expect(g.exponent).toBeCloseTo(1, 9);
    expect(g.r2).toBeLessThan(1);
    expect(g.r2).toBeGreaterThan(0);
  });

  it('has no fit for fewer than two usable sizes or a single size', () => {
    expect(fitPowerLaw([{ n: 1000, value: 5 }])).toBeNull();
    expect(fitPowerLaw([{ n: 1000, value: 5 }, { n: 1000, value: 7 }])).toBeNull();
    expect(fitPowerLaw([{ n: 1000, value: 5 }, { n: 10_000, value: 0 }])).toBeNull();
    expect(describeGrowth(null)).toMatch(/no fit/);
  });
});

function size(steps: number, allMs: number, planted: string[]): SizeFigures {
  return {
    steps,
    actors: 300,
    journeys: steps / 10,
    logMb: 110,
    generate: { ms: 2500, stepsPerSecond: 400_000 },
    parse: { rows: steps, ms: 1000, peakRssMb: 120, stepsPerSecond: steps },
    import: {
      steps,
      journeys: steps / 10,
      rejects: 0,
      ms: 2500,
      readMs: 1800,
      storeMs: 700,
      peakRssMb: 450,
      rssBeforeMb: 90,
      storeRssMb: 230,
      gcExposed: true,
      stepsPerSecond: 400_000,
      ratioToParse: 2.5,
    },
    journeyStats: { firstMs: 400, ms: 300, runs: [300, 310, 290], cachedMs: 2 },
    analysesMs: { gapsByActivity: 0.2, network: 40 },
    allMs,
    analysisPeakRssMb: 300,
    peakPerPhase: true,
    planted,
  };
}

function summary(memory: MemorySeries): SuiteSummary {
  const results: Record<string, BenchOutcome> = { memory: { figures: memory as unknown as Record<string, unknown>, seconds: 60 } };
  return {
    date: '2026-01-01T00:00:00.000Z',
    machine: { cpu: 'Test CPU', cores: 2, memoryGb: 24, freeMemoryGb: 20, node: 'v20.0.0', os: 'Linux', loadAverage: [1, 1, 1], loadAverageAtEnd: [2, 2, 2] },
    options: { maxSteps: null, only: [] },
    seconds: 60,
    results,
    targets: targets(results, 60),
  };
}

function series(sizes: SizeFigures[]): MemorySeries {
  return {
    bench: 'memory',
    date: '2026-01-01T00:00:00.000Z',
    machine: { cpu: 'Test CPU', cores: 2, memoryGb: 24, freeMemoryGb: 20, node: 'v20.0.0', os: 'Linux', loadAverage: [1, 1, 1] },
    seed: 'test',
    runs: 3,
    sizes,
    skipped: [],
    crashed: [],
    growth: { parse: null, import: null, journeyStats: null, all: null },
    failed: sizes.some((s) => s.planted.length > 0),
  };
}

const row = (md: string, startsWith: string): string => md.split('\n').find((l) => l.startsWith(startsWith)) ?? '';

describe('the suite report', () => {
  it('meets the analysis target for a correct, fast 10^6 size and states the import against its baseline', () => {
    const s = summary(series([size(1_000_300, 450, [])]));
    const analyses = s.targets.find((t) => t.what.startsWith('journeyStats + all analyses'))!;
    expect(analyses.met).toBe(true);
    const imported = s.targets.find((t) => t.what.startsWith('10^6 steps parsed'))!;
    expect(imported).toMatchObject({ met: true, ratio: '2.50× its time' });
    expect(imported.baseline).toContain('1.00 s');
    const md = markdown(s);
    expect(row(md, '| 1,000,300 (≈10^6) | 450 ms')).toContain('ranked first');
  });

  it('shows a size whose planted findings were not first as FAILED, not as a time, and misses the target', () => {
    const problem = 'gaps by activity: expected the planted stuck point "get-valuation" at rank 1';
    const s = summary(series([size(1_000_300, 450, [problem])]));
    const analyses = s.targets.find((t) => t.what.startsWith('journeyStats + all analyses'))!;
    expect(analyses.met).toBe(false);
    expect(analyses.measured).toMatch(/^FAILED/);
    expect(s.targets.find((t) => t.what.startsWith('planted findings'))).toMatchObject({ met: false, measured: '0 of 1 sizes' });
    const md = markdown(s);
    const failedRow = row(md, '| 1,000,300 (≈10^6) | FAILED | — |');
    expect(failedRow).toContain(problem);
    expect(md).not.toContain('| 1,000,300 (≈10^6) | 450 ms');
  });

  it('marks targets of benches that did not run as not measured', () => {
    const s = summary(series([size(100_000, 40, [])]));
    for (const t of s.targets.filter((x) => x.what.includes('10^6'))) expect(t.measured).toBeNull();
    expect(row(markdown(s), '| Neo4j import of 10^6 steps')).toContain('not measured');
  });
});
