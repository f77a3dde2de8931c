/**
 * Small measuring tools shared by the benchmarks: timing, medians, resident memory and its peak.
 *
 * Peak resident memory is the kernel's high-water mark (VmHWM, the same figure as
 * `process.resourceUsage().maxRSS`). On Linux it can be reset to the current resident memory by
 * writing 5 to /proc/<pid>/clear_refs, so one process can report the peak of each phase (import,
 * then the analyses) instead of only the largest since it started. Where that is not possible the
 * figures are the process's peak so far, and `peakIsPerPhase()` says so.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export const MB = 2 ** 20;

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** `x` rounded to `digits` decimals. */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Runs the collector twice when Node was started with --expose-gc (once leaves weak and finalised objects). */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return false;
  gc();
  gc();
  return true;
}

/** Resident memory now, in MB. */
export function rssMb(): number {
  return round(process.memoryUsage().rss / MB);
}

/** Peak resident memory of this process since it started or since the last reset, in MB. */
export function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024);
}

let perPhase = true;

/** Makes the peak start again from the current resident memory; false (and peaks stay cumulative) where the system does not allow it. */
export function resetPeakRss(pid: number | 'self' = 'self'): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    if (pid === 'self') perPhase = false;
    return false;
  }
}

/** False once a reset of this process's peak failed: its peaks are then since the start. */
export function peakIsPerPhase(): boolean {
  return perPhase;
}

/** Peak resident memory (VmHWM) of another process, in MB, or null where /proc cannot tell. */
export function peakRssOfProcessMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : round(Number(match[1]) / 1024);
  } catch {
    return null;
  }
}
