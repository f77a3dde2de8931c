/**
 * An analyst's script: a partner brief for the focal firm of one model, overall and per customer
 * segment, from journeys held in a memory store.
 *
 *   npx tsx examples/partner-brief.ts [MODEL_ID]      (default home-purchase)
 */
import {
  MemoryStore,
  compareSegments,
  exampleFiles,
  findPartnerOpportunities,
  GoalNetwork,
  readEventLog,
  readModelFile,
} from '../src/index.js';

const id = process.argv[2] ?? 'home-purchase';
const files = exampleFiles().find((f) => f.id === id);
if (files === undefined || files.events === undefined) throw new Error(`no example model with a log named ${id}`);

const store = await MemoryStore.open({});
const doc = await readModelFile(files.model);
await store.putDocument(doc);
await store.importJourneys(id, (await readEventLog(files.events, doc)).journeys);
const net = new GoalNetwork(doc);

const overall = findPartnerOpportunities(net, await store.journeyStats(id));
console.log(`Partner brief for ${net.focalActor()?.name} (${net.model.name})`);
for (const p of overall.slice(0, 3)) console.log(`  ${p.name} (score ${p.score}): ${p.reason}`);

console.log('\nBy segment:');
for (const s of await compareSegments(store, net, findPartnerOpportunities)) {
  const top = s.result[0];
  console.log(`  ${s.segment} (${s.journeys} journeys): ${top ? `${top.name}, score ${top.score}` : 'no candidate'}`);
}
await store.close();
