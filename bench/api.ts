/**
 * API throughput and latency: autocannon against the goalnet API on loopback, next to a bare
 * Apollo Server answering a constant `{ hello }` on the same machine in the same run.
 *
 *   npx tsx bench/api.ts [--seconds 10] [--connections 10] [--rate 200]
 *
 * Each server runs in its own child process with NODE_ENV=production (so that the load generator
 * does not share its event loop, and both run as deployed); each scenario gets a 2 s warm-up and
 * then a bounded run (default 10 s). Scenarios:
 *   bare        bare Apollo Server (standalone), `{ hello }`, as fast as it answers
 *   model       goalnet, a small model query: home-purchase with its goals (auth, limits,
 *               DataLoaders, logging on), as fast as it answers
 *   gaps        goalnet, the gaps analysis of home-purchase (400 journeys), as fast as it answers
 *   bare@rate   the bare server at a fixed `--rate` requests a second (autocannon overallRate,
 *               latencies corrected for coordinated omission)
 *   model@rate  the model query at the same fixed rate: target p99 < 25 ms at 200 requests a second
 * Reports req/s and p50/p99 latency of each, and each server's peak resident memory. Prints one
 * JSON line (lib/machine.ts), progress on standard error. Targets: the model query at no less
 * than half the bare server's req/s, and its p99 at the fixed rate under 25 ms.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { machine, progress, report } from './lib/machine.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SECONDS = flag('--seconds', 10);
const CONNECTIONS = flag('--connections', 10);
const RATE = flag('--rate', 200);
const WARMUP_SECONDS = 2;
const P99_TARGET_MS = 25;
const KEY = 'bench-key-0123456789';

// ── child processes: the servers ─────────────────────────────────────────────

async function serveGoalnet(): Promise<number> {
  const { MemoryStore } = await import('../src/store/memory/memory-store.js');
  const { createApiServer, loadExampleModels, jsonLogger } = await import('../src/api/index.js');
  const store = await MemoryStore.open({});
  await loadExampleModels(store);
  const server = await createApiServer({
    store,
    port: 0,
    keys: [{ key: KEY, name: 'bench', roles: { '*': 'analyst' } }],
    // Real logging, to a sink: the cost of a log line per request is part of the figure.
    logger: jsonLogger(createWriteStream('/dev/null')),
  });
  return server.port;
}

async function serveBare(): Promise<number> {
  const { ApolloServer } = await import('@apollo/server');
  const { startStandaloneServer } = await import('@apollo/server/standalone');
  // `{ hello }`, and the model query's shape over the same example document held in memory: the
  // second measures what Apollo and graphql-js cost for that answer, without goalnet's layers.
  const { loadSeedModel } = await import('../seeds/catalog.js');
  const doc = loadSeedModel('home-purchase');
  const server = new ApolloServer({
    typeDefs: 'type Goal { id: ID!, name: String! } type Model { id: ID!, name: String!, goals: [Goal!]! } type Query { hello: String, model(id: ID!): Model }',
    resolvers: { Query: { hello: () => 'world', model: (_: unknown, { id }: { id: string }) => (id === doc.model.id ? { ...doc.model, goals: doc.goals } : null) } },
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return Number(new URL(url).port);
}

if (args[0] === '--serve') {
  const port = await (args[1] === 'goalnet' ? serveGoalnet() : serveBare());
  // Asked at the end of the run: this process's peak resident memory.
  process.on('message', () => process.send?.({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  process.send?.({ port });
} else {
  await main();
}

// ── the load generator ───────────────────────────────────────────────────────

function start(kind: 'goalnet' | 'bare'): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', kind], {
    execArgv: ['--import', 'tsx'],
    // Both servers as deployed: production mode (graphql-js skips its development checks).
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, port: (m as { port: number }).port }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with code ${code}`)));
  });
}

interface Figures {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

function peakRss(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve((m as { peakRssMb: number }).peakRssMb));
    child.send('peak-rss');
  });
}

async function load(port: number, query: string, auth: boolean, seconds: number, rate?: number): Promise<Figures> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth) headers.authorization = `Bearer ${KEY}`;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    headers,
    body: JSON.stringify({ query }),
    connections: CONNECTIONS,
    duration: seconds,
    ...(rate === undefined ? {} : { overallRate: rate }),
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const small = 'query Small { model(id: "home-purchase") { id name goals { id name } } }';
  const scenarios = [
    { name: 'bare', server: 'bare' as const, auth: false, query: '{ hello }' },
    { name: 'bareModel', server: 'bare' as const, auth: false, query: small },
    { name: 'model', server: 'goalnet' as const, auth: true, query: small },
    { name: 'gaps', server: 'goalnet' as const, auth: true, query: 'query Gaps { gaps(modelId: "home-purchase") { ranked { id score reason } } }' },
    { name: 'bare@rate', server: 'bare' as const, auth: false, query: '{ hello }', rate: RATE },
    { name: 'model@rate', server: 'goalnet' as const, auth: true, query: small, rate: RATE },
  ];
  const bare = await start('bare');
  const goalnet = await start('goalnet');
  const figures: Record<string, Figures> = {};
  const serverPeakRssMb: Record<string, number> = {};
  try {
    for (const s of scenarios) {
      const port = s.server === 'bare' ? bare.port : goalnet.port;
      await load(port, s.query, s.auth, WARMUP_SECONDS, s.rate);
      figures[s.name] = await load(port, s.query, s.auth, SECONDS, s.rate);
      const f = figures[s.name];
      if (f.errors > 0 || f.non2xx > 0) throw new Error(`${s.name}: ${f.errors} errors, ${f.non2xx} non-2xx answers`);
      progress('api', `${s.name.padEnd(10)} ${String(f.requestsPerSecond).padStart(7)} req/s   p50 ${f.latencyP50Ms} ms   p99 ${f.latencyP99Ms} ms`);
    }
    serverPeakRssMb.bare = await peakRss(bare.child);
    serverPeakRssMb.goalnet = await peakRss(goalnet.child);
  } finally {
    bare.child.kill();
    goalnet.child.kill();
  }
  const ratio = Math.round((figures.model.requestsPerSecond / figures.bare.requestsPerSecond) * 100) / 100;
  const sameQueryRatio = Math.round((figures.model.requestsPerSecond / figures.bareModel.requestsPerSecond) * 100) / 100;
  const p99 = figures['model@rate'].latencyP99Ms;
  const summary = {
    bench: 'api',
    date: new Date().toISOString(),
    machine: machine(),
    seconds: SECONDS,
    connections: CONNECTIONS,
    rate: RATE,
    nodeEnv: 'production',
    scenarios: figures,
    serverPeakRssMb,
    modelVsBare: ratio,
    modelVsBareSameQuery: sameQueryRatio,
    targets: { modelVsBare: 0.5, p99AtRateMs: P99_TARGET_MS },
    met: { modelVsBare: ratio >= 0.5, p99AtRate: p99 < P99_TARGET_MS },
  };
  progress('api', `model / bare = ${ratio} (target >= 0.5: ${summary.met.modelVsBare ? 'met' : 'NOT met'}); model p99 at ${RATE} req/s ${p99} ms (target < ${P99_TARGET_MS} ms: ${summary.met.p99AtRate ? 'met' : 'NOT met'})`);
  progress('api', `server peak resident memory: bare ${serverPeakRssMb.bare} MB, goalnet ${serverPeakRssMb.goalnet} MB`);
  report('api', summary);
}
