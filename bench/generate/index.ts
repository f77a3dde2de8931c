/**
 * The synthetic generator of the benchmark suite: realistic goal networks and event logs of any
 * size from a seed, with planted findings the benchmark checks.
 *
 *   const spec = specForSteps(1_000_000);                    // 300 actors, 100,000 journeys
 *   const { model, planted } = syntheticModel(spec);         // a valid model, 4-level goal tree
 *   await writeSyntheticLog('events.csv', model, planted, spec);
 *   // … import, compute journeyStats, run the analyses …
 *   const problems = checkPlanted(planted, { gaps, partners }); // [] when the planted items rank first
 *
 * The rules of each part are in the header of its file: spec.ts (sizes), model.ts (the model and
 * what is planted in it), journeys.ts (the walk of a journey), log.ts (the CSV), check.ts (what
 * the benchmark checks). `npx tsx bench/generate/cli.ts --steps N --out DIR` writes all three files.
 */
export { actorsForSteps, checkSpec, DEFAULT_SEED, specForSteps, STANDARD_SIZES, type SyntheticSpec } from './spec.js';
export { PLANTED_IDS, PLANTED_RATES, syntheticModel, treeShape, type Planted, type PlantedRates } from './model.js';
export { syntheticJourneys } from './journeys.js';
export { writeSyntheticLog, type LogProgress, type LogResult } from './log.js';
export { checkPlanted, type PlantedResults } from './check.js';
