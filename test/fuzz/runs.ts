/**
 * How much the fuzz tests run, from the environment, so that `npm test` stays quick and a longer
 * search is one variable away:
 *
 *   GOALNET_FUZZ_RUNS  cases per property (default 200); properties that go over HTTP run a
 *                      quarter of it (at least 10), since each case is a request or several.
 *   GOALNET_FUZZ_SEED  the seed of the random generator (an integer). Without it every run draws
 *                      new cases; a failing property prints its seed and the shrunk counterexample,
 *                      and `GOALNET_FUZZ_SEED=<seed>` replays exactly that run.
 */
import fc from 'fast-check';

function integerFromEnv(name: string, fallback: number | undefined): number | undefined {
  const text = process.env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(text)}`);
  return value;
}

/** Cases per property. */
export const FUZZ_RUNS = Math.max(1, integerFromEnv('GOALNET_FUZZ_RUNS', 200)!);

/** Cases per property whose every case is an HTTP request (or a few). */
export const FUZZ_HTTP_RUNS = Math.max(10, Math.floor(FUZZ_RUNS / 4));

/** The fixed seed, when one is given. */
export const FUZZ_SEED = integerFromEnv('GOALNET_FUZZ_SEED', undefined);

/**
 * Parameters for `fc.assert`: the number of runs and, when given, the seed. A failure report
 * always includes the seed and the path of the counterexample, so it can be replayed.
 */
export function fuzzParameters<T>(numRuns: number = FUZZ_RUNS): fc.Parameters<T> {
  return FUZZ_SEED === undefined ? { numRuns } : { numRuns, seed: FUZZ_SEED };
}
