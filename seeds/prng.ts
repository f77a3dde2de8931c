/**
 * A small seeded pseudo-random number generator for the seed generator: the same seed gives the
 * same sequence on every machine and Node version (no Math.random anywhere in seeds/).
 *
 * - `hashSeed(text)`: 32-bit FNV-1a hash of a string's UTF-16 code units, then avalanche-mixed.
 * - `mulberry32(seed)`: Tommy Ettinger's mulberry32, a 32-bit state generator returning floats in
 *   [0, 1) with 2^32 period; plenty for a few million draws.
 * - `journeySeed(base, index)`: an independent 32-bit seed per journey, so journey i is the same
 *   whatever the number of journeys generated after it.
 */

export type Random = () => number;

/** 32-bit FNV-1a over UTF-16 code units, finished with a murmur3-style avalanche. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return avalanche(h);
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
function avalanche(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The seed of the journey at 0-based `index`, from the run's base seed. */
export function journeySeed(base: number, index: number): number {
  return avalanche((base ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}

/** mulberry32: floats uniformly in [0, 1). */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Picks a key of `weights` with probability proportional to its weight (keys with weight <= 0
 * never). Keys are tried in the order given, so the result is deterministic for a given draw.
 * Returns undefined when no weight is positive.
 */
export function pickWeighted<K>(random: Random, entries: readonly (readonly [K, number])[]): K | undefined {
  let total = 0;
  for (const [, w] of entries) if (w > 0) total += w;
  if (total <= 0) return undefined;
  let r = random() * total;
  let last: K | undefined;
  for (const [key, w] of entries) {
    if (w <= 0) continue;
    last = key;
    r -= w;
    if (r < 0) return key;
  }
  return last;
}

/** A uniformly chosen element of a non-empty list. */
export function pickOne<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}
