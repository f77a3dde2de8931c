/**
 * `goalnet serve` in a child process, for the load and fault tests: the server gets its own event
 * loop (the test's client does not compete with it) and can be killed like a real deployment.
 * The child runs the TypeScript sources through tsx, on the memory store with its snapshot at
 * `dataPath`, with the API keys below, on a free loopback port. Its JSON log lines (stdout) are
 * watched: error lines, 5xx answers and anything on stderr are kept for the tests to check, and
 * `logMark` finds the point in the log after which new request lines belong to what a test does
 * next. The process can be frozen (SIGSTOP) and let go again, to catch it in the middle of work.
 *
 * Also a small GraphQL client over node:http (one keep-alive agent per client) that reports the
 * status, the parsed body and the latency of each request, or the transport error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntil } from './raw-http.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const ADMIN_KEY = 'fault-admin-key-0123456789';
export const ANALYST_KEY = 'fault-analyst-key-0123456789';
const KEYS = [
  { key: ADMIN_KEY, name: 'fault-admin', roles: { '*': 'admin' } },
  { key: ANALYST_KEY, name: 'fault-analyst', roles: { '*': 'analyst' } },
];

export interface ServerLog {
  /** Request log lines seen. */
  requests: number;
  /** The request log lines, in the order the server wrote them. */
  entries: Record<string, unknown>[];
  /** Request log lines by status. */
  statuses: Map<number, number>;
  /** Log lines with level "error" (internal errors are logged so, with their stack). */
  errors: Record<string, unknown>[];
  /** Request log lines with a 5xx status. */
  serverErrors: Record<string, unknown>[];
  /** Request log lines by outcome (ok, TOO_MANY_REQUESTS, CLIENT_CLOSED, …). */
  outcomes: Map<string, number>;
  /** Everything the process wrote to stderr. */
  stderr: string;
}

export interface ApiProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  log: ServerLog;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no chance to finish anything. */
  kill(): Promise<void>;
  /** SIGTERM: the server closes and the store saves what is pending. */
  stop(): Promise<void>;
  /** SIGSTOP; resolves once every thread of the process has stopped, so nothing of it runs until `resume`. */
  pause(): Promise<void>;
  /** SIGCONT: a paused process runs on. */
  resume(): void;
}

export interface StartOptions {
  /** The snapshot file (GOALNET_DATA). */
  dataPath: string;
  /** Put the example models in the store when it lacks them. */
  examples?: boolean;
  /** More environment (limits). */
  env?: Record<string, string>;
}

/** Starts `goalnet serve --port 0` and resolves once it listens. */
export async function startApiProcess(options: StartOptions): Promise<ApiProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The memory store at dataPath, whatever the environment of the test run says.
  delete env.NEO4J_URI;
  delete env.GOALNET_DEMO;
  Object.assign(env, {
    GOALNET_DATA: options.dataPath,
    GOALNET_API_KEYS: JSON.stringify(KEYS),
    GOALNET_HOST: '127.0.0.1',
    // As deployed (graphql-js skips its development-only checks).
    NODE_ENV: 'production',
    ...options.env,
  });
  const args = ['--import', 'tsx', path.join(REPO_ROOT, 'src', 'cli', 'main.ts'), 'serve', '--port', '0'];
  if (options.examples) args.push('--examples');
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: ServerLog = { requests: 0, entries: [], statuses: new Map(), errors: [], serverErrors: [], outcomes: new Map(), stderr: '' };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  let listening: ((url: string) => void) | undefined;
  const url = new Promise<string>((resolve, reject) => {
    listening = resolve;
    exited.then(({ code, signal }) => reject(new Error(`goalnet serve exited (code ${code}, signal ${signal}) before listening:\n${log.stderr}`)));
  });
  let partial = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        log.errors.push({ level: 'error', message: `not a JSON log line: ${line}` });
        continue;
      }
      if (entry.level === 'error') log.errors.push(entry);
      const listen = typeof entry.message === 'string' ? /listening on (http:\/\/\S+)\/graphql/.exec(entry.message) : null;
      if (listen) listening?.(listen[1]);
      if (typeof entry.status === 'number') {
        log.requests++;
        log.entries.push(entry);
        log.statuses.set(entry.status, (log.statuses.get(entry.status) ?? 0) + 1);
        const outcome = String(entry.outcome);
        log.outcomes.set(outcome, (log.outcomes.get(outcome) ?? 0) + 1);
        if (entry.status >= 500) log.serverErrors.push(entry);
      }
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    log.stderr += text;
  });

  const base = await url;
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  const pid = child.pid!;
  const pause = async (): Promise<void> => {
    child.kill('SIGSTOP');
    // The signal stops each thread when it next leaves the kernel: a thread pool thread in the
    // middle of a rename finishes it first. Only once all of them show as stopped is the process
    // frozen where it is. (Without /proc, as off Linux, the signal has to do.)
    await waitUntil(() => threadStates(pid).every((state) => 'TtZX'.includes(state)), `every thread of process ${pid} has stopped`);
  };
  return {
    url: base,
    pid,
    child,
    log,
    exited,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    pause,
    resume: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGCONT');
    },
  };
}

/** The scheduler state letter (R, S, D, T, …) of each thread of a process; none without /proc. */
function threadStates(pid: number): string[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const states: string[] = [];
  for (const tid of tids) {
    try {
      // "tid (name) S …": the name may hold spaces and parentheses, the state follows the last ")".
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      states.push(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return states;
}

let marks = 0;

/**
 * A point in the server's request log: how many request lines it holds up to the line of a
 * request sent now (a 404 on a path of its own). The server logs a request when its answer is
 * sent, so every request answered before the call has its line before the mark's: lines after
 * the mark are of requests sent, or of clients that left, after it.
 */
export async function logMark(server: ApiProcess): Promise<number> {
  const mark = `/log-mark-${process.pid}-${++marks}`;
  const res = await fetch(`${server.url}${mark}`);
  await res.arrayBuffer();
  let at = -1;
  await waitUntil(() => (at = server.log.entries.findIndex((e) => e.path === mark)) >= 0, `the server logs the request to ${mark}`);
  return at + 1;
}

/** stderr lines other than the banner `goalnet serve` prints on start and stop. */
export function unexpectedStderr(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => !/^(goalnet API on |\s+(GraphQL IDE|GraphQL endpoint|health|actor network)\s|goalnet: stopping)/.test(line));
}

export interface GqlAnswer {
  /** HTTP status; 0 when no answer came (see `error`). */
  status: number;
  body?: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[] };
  /** The raw body when it was not JSON. */
  text?: string;
  headers: Record<string, string | string[] | undefined>;
  ms: number;
  /** Transport failure (connection refused or reset). */
  error?: string;
}

export interface GqlClient {
  post(query: string, variables?: Record<string, unknown>, key?: string): Promise<GqlAnswer>;
  close(): void;
}

/** A GraphQL client over keep-alive connections (at most `sockets` at once). */
export function gqlClient(baseUrl: string, sockets = 16): GqlClient {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const target = new URL(baseUrl);
  return {
    post: (query, variables, key = ADMIN_KEY) =>
      new Promise((resolve) => {
        const payload = Buffer.from(JSON.stringify({ query, variables }));
        const started = performance.now();
        const req = request(
          {
            agent,
            host: target.hostname,
            port: target.port,
            path: '/graphql',
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': payload.length, authorization: `Bearer ${key}` },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              const answer: GqlAnswer = { status: res.statusCode ?? 0, headers: res.headers, ms: performance.now() - started };
              try {
                answer.body = JSON.parse(text) as GqlAnswer['body'];
              } catch {
                answer.text = text;
              }
              resolve(answer);
            });
            res.on('error', (error) => resolve({ status: 0, headers: {}, ms: performance.now() - started, error: error.message }));
          },
        );
        req.on('error', (error) => resolve({ status: 0, headers: {}, ms: performance.now() - started, error: error.message }));
        req.end(payload);
      }),
    close: () => agent.destroy(),
  };
}

/** GET /health: status and body, or status 0 when nothing answers. */
export async function health(baseUrl: string): Promise<{ status: number; body: Record<string, unknown> | null }> {
  try {
    const res = await fetch(`${baseUrl}/health`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } catch {
    return { status: 0, body: null };
  }
}
