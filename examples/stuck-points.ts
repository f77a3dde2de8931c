/**
 * An analyst's script: for each example model, the three places where customers get stuck most,
 * and the sub-goal whose fix would lift the overall goal most.
 *
 *   npx tsx examples/stuck-points.ts [seeds/models/X.json seeds/events/X.csv]
 */
import { exampleFiles, findGaps, goalSatisfaction, loadJourneyStats, loadModel } from '../src/index.js';

const pairs = process.argv.length >= 4
  ? [{ model: process.argv[2], events: process.argv[3] }]
  : exampleFiles().map((f) => ({ model: f.model, events: f.events! }));

for (const { model, events } of pairs) {
  const net = await loadModel(model);
  const stats = await loadJourneyStats(net, events);
  console.log(`\n${net.model.name}: ${stats.journeys} journeys`);
  for (const gap of findGaps(net, stats).slice(0, 3)) console.log(`  • ${gap.reason}`);
  const best = goalSatisfaction(net, stats).leaves[0];
  if (best !== undefined) console.log(`  → best place to act: ${best.name}. ${best.reason}`);
}
