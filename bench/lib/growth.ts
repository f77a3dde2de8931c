/**
 * How a cost grows with size: the power law time = c · n^k fitted by least squares on
 * log(time) against log(n). k near 1 is linear growth, near 2 quadratic; with sizes 10^4 to 10^6
 * a fixed start-up cost shows as k below 1 (the small sizes take longer than their share).
 */

export interface Growth {
  /** k in c · n^k. */
  exponent: number;
  /** c in c · n^k (same unit as the times). */
  coefficient: number;
  /** Share of the variance of log(time) the fit explains (1 = the points lie on the line). */
  r2: number;
  /** Sizes the fit used. */
  sizes: number[];
  /**
   * The exponent between the two largest sizes alone: where a fixed start-up cost flattens the
   * small sizes, this is closer to how the cost grows from here on.
   */
  lastStep: number;
}

/**
 * The least-squares power law through points (n, time), or null when fewer than two points have
 * positive size and time, or all sizes are equal (no slope to fit).
 */
export function fitPowerLaw(points: readonly { n: number; value: number }[]): Growth | null {
  const usable = points.filter((p) => p.n > 0 && p.value > 0 && Number.isFinite(p.n) && Number.isFinite(p.value));
  if (usable.length < 2) return null;
  const xs = usable.map((p) => Math.log(p.n));
  const ys = usable.map((p) => Math.log(p.value));
  const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  if (sxx === 0) return null;
  const exponent = sxy / sxx;
  const intercept = my - exponent * mx;
  let residual = 0;
  for (let i = 0; i < xs.length; i++) residual += (ys[i] - (intercept + exponent * xs[i])) ** 2;
  const [a, b] = [...usable].sort((p, q) => p.n - q.n).slice(-2);
  return {
    exponent,
    coefficient: Math.exp(intercept),
    r2: syy === 0 ? 1 : 1 - residual / syy,
    sizes: usable.map((p) => p.n),
    lastStep: a.n === b.n ? exponent : Math.log(b.value / a.value) / Math.log(b.n / a.n),
  };
}

/** "grows as n^1.03 (R² 0.998, 4 sizes); n^1.10 between the two largest", or why there is no fit. */
export function describeGrowth(growth: Growth | null): string {
  if (growth === null) return 'no fit (fewer than two sizes)';
  const fit = `grows as n^${growth.exponent.toFixed(2)} (R² ${growth.r2.toFixed(3)}, ${growth.sizes.length} sizes)`;
  return growth.sizes.length > 2 ? `${fit}; n^${growth.lastStep.toFixed(2)} between the two largest` : fit;
}
