/**
 * API throughput: autocannon against the goalnet API on loopback, next to a bare Apollo Server
 * answering a constant `{ hello }` on the same machine in the same run.
 *
 *   npx tsx bench/api.ts [--seconds 10] [--connections 10]
 *
 * Each server runs in its own child process with NODE_ENV=production (so that the load generator
 * does not share its event loop, and both run as deployed); each scenario gets a 2 s warm-up and then a bounded run (default 10 s). Scenarios:
 *   bare   bare Apollo Server (standalone), `{ hello }`
 *   model  goalnet, a small model query: home-purchase with its goals (auth, limits, DataLoaders, logging on)
 *   gaps   goalnet, the gaps analysis of home-purchase (400 journeys)
 * Prints req/s and p50/p99 latency to stderr, writes bench/results/api-<date>.json and prints
 * the same JSON on stdout. Target: the model query at no less than half the bare server's req/s.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SECONDS = flag('--seconds', 10);
const CONNECTIONS = flag('--connections', 10);
const WARMUP_SECONDS = 2;
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
  const server = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return Number(new URL(url).port);
}

if (args[0] === '--serve') {
  const port = await (args[1] === 'goalnet' ? serveGoalnet() : serveBare());
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

async function load(port: number, query: string, auth: boolean, seconds: number): Promise<Figures> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth) headers.authorization = `Bearer ${KEY}`;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    headers,
    body: JSON.stringify({ query }),
    connections: CONNECTIONS,
    duration: seconds,
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
  const scenarios = [
    { name: 'bare', server: 'bare' as const, auth: false, query: '{ hello }' },
    { name: 'model', server: 'goalnet' as const, auth: true, query: 'query Small { model(id: "home-purchase") { id name goals { id name } } }' },
    { name: 'gaps', server: 'goalnet' as const, auth: true, query: 'query Gaps { gaps(modelId: "home-purchase") { ranked { id score reason } } }' },
  ];
  const bare = await start('bare');
  const goalnet = await start('goalnet');
  const figures: Record<string, Figures> = {};
  try {
    for (const s of scenarios) {
      const port = s.server === 'bare' ? bare.port : goalnet.port;
      await load(port, s.query, s.auth, WARMUP_SECONDS);
      figures[s.name] = await load(port, s.query, s.auth, SECONDS);
      const f = figures[s.name];
      if (f.errors > 0 || f.non2xx > 0) throw new Error(`${s.name}: ${f.errors} errors, ${f.non2xx} non-2xx answers`);
      process.stderr.write(`${s.name.padEnd(6)} ${String(f.requestsPerSecond).padStart(7)} req/s   p50 ${f.latencyP50Ms} ms   p99 ${f.latencyP99Ms} ms\n`);
    }
  } finally {
    bare.child.kill();
    goalnet.child.kill();
  }
  const ratio = Math.round((figures.model.requestsPerSecond / figures.bare.requestsPerSecond) * 100) / 100;
  const summary = {
    bench: 'api',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    seconds: SECONDS,
    connections: CONNECTIONS,
    nodeEnv: 'production',
    scenarios: figures,
    modelVsBare: ratio,
    target: 'model query at >= 0.5 x the bare server req/s',
    targetMet: ratio >= 0.5,
  };
  process.stderr.write(`model / bare = ${ratio} (target >= 0.5: ${summary.targetMet ? 'met' : 'NOT met'})\n`);
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `api-${new Date().toISOString().slice(0, 10)}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
