/**
 * Command line for the local Neo4j (run with tsx from the repository root):
 *
 *   npx tsx tools/neo4j-local/cli.ts start [--port N] [--data DIR] [--password PW] [--timeout SECONDS]
 *   npx tsx tools/neo4j-local/cli.ts stop
 *   npx tsx tools/neo4j-local/cli.ts status
 *   npx tsx tools/neo4j-local/cli.ts build
 *
 * Rules:
 * - `start` runs the server in the background (it outlives this command), records it in
 *   `.goalnet/neo4j/state.json` and `.goalnet/neo4j/neo4j.pid`, and prints `NEO4J_URI=…`, `NEO4J_USER=…`,
 *   `NEO4J_PASSWORD=…` on stdout (progress goes to stderr, so `eval "$(… start)"` works). Port: --port,
 *   else $NEO4J_LOCAL_PORT, else 7687 when free, else any free port. Password: --password, else
 *   $NEO4J_PASSWORD, else `goalnet-local`. Data: --data, else `.goalnet/neo4j/data`. When the recorded
 *   server still answers, `start` prints its lines again and starts nothing.
 * - `stop` sends SIGTERM to the recorded process, waits until it has exited, and removes the state.
 *   Exit 0 also when nothing was running.
 * - `status` prints the recorded lines and `running pid=…`; exit 0 when Bolt answers, 3 otherwise.
 * - `build` only builds the launcher with Maven (useful before tests on a fresh machine).
 * - Exit 2 for bad arguments, 1 when starting fails (the message shows the Java log tail).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GoalnetError } from '../../src/model/errors.js';
import { STATE_DIR, boltAnswers, buildLocalNeo4j, freePort, isLauncherProcess, startLocalNeo4j, stopLocalNeo4j } from './control.js';

export const STATE_FILE = join(STATE_DIR, 'state.json');
export const PID_FILE = join(STATE_DIR, 'neo4j.pid');

/** What `start` records about the background server. */
export interface LocalNeo4jState {
  uri: string;
  user: string;
  password: string;
  pid: number;
  port: number;
  dataDir: string;
  logFile: string;
  startedAt: string;
}

/** The recorded server, or undefined when there is no (readable) state file. */
export function readLocalNeo4jState(): LocalNeo4jState | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  try {
    const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as Partial<LocalNeo4jState>;
    if (typeof state.uri !== 'string' || typeof state.pid !== 'number' || typeof state.password !== 'string') return undefined;
    return state as LocalNeo4jState;
  } catch {
    return undefined;
  }
}

function clearState(): void {
  rmSync(STATE_FILE, { force: true });
  rmSync(PID_FILE, { force: true });
}

function envLines(state: Pick<LocalNeo4jState, 'uri' | 'user' | 'password'>): string {
  return `NEO4J_URI=${state.uri}\nNEO4J_USER=${state.user}\nNEO4J_PASSWORD=${state.password}\n`;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

interface Flags {
  port?: number;
  data?: string;
  password?: string;
  timeoutSeconds?: number;
}

function parseFlags(args: string[]): Flags {
  const flags: Flags = {};
  for (let i = 0; i < args.length; i += 1) {
    const name = args[i];
    const value = args[i + 1];
    if (value === undefined || !['--port', '--data', '--password', '--timeout'].includes(name)) {
      throw usage(`unknown or incomplete option '${name}'`);
    }
    i += 1;
    if (name === '--data') flags.data = resolve(value);
    else if (name === '--password') flags.password = value;
    else {
      const number = Number(value);
      if (!Number.isInteger(number) || number <= 0) throw usage(`${name} wants a positive whole number, got '${value}'`);
      if (name === '--port') flags.port = number;
      else flags.timeoutSeconds = number;
    }
  }
  return flags;
}

class UsageError extends Error {}

function usage(problem: string): UsageError {
  return new UsageError(
    `${problem}\nusage: npx tsx tools/neo4j-local/cli.ts start [--port N] [--data DIR] [--password PW] [--timeout SECONDS] | stop | status | build`,
  );
}

async function start(flags: Flags): Promise<number> {
  const recorded = readLocalNeo4jState();
  if (recorded && isLauncherProcess(recorded.pid)) {
    if ((await boltAnswers(recorded.uri, recorded.password)) === true) {
      const differs = [
        flags.port !== undefined && flags.port !== recorded.port ? `port ${recorded.port}` : '',
        flags.data !== undefined && flags.data !== recorded.dataDir ? `data ${recorded.dataDir}` : '',
        flags.password !== undefined && flags.password !== recorded.password ? 'another password' : '',
      ].filter(Boolean);
      if (differs.length > 0) {
        process.stderr.write(`[neo4j-local] already running (pid ${recorded.pid}) with ${differs.join(', ')}: run 'stop' first to start it with other options\n`);
        return 1;
      }
      process.stderr.write(`[neo4j-local] already running (pid ${recorded.pid}, data ${recorded.dataDir})\n`);
      process.stdout.write(envLines(recorded));
      return 0;
    }
    process.stderr.write(`[neo4j-local] recorded pid ${recorded.pid} does not answer on ${recorded.uri}; stopping it first\n`);
    await stopLocalNeo4j({ pid: recorded.pid });
  }
  clearState();

  const envPort = process.env.NEO4J_LOCAL_PORT ? Number(process.env.NEO4J_LOCAL_PORT) : undefined;
  const port = flags.port ?? envPort ?? ((await portIsFree(7687)) ? 7687 : await freePort());
  const server = await startLocalNeo4j({
    port,
    dataDir: flags.data,
    password: flags.password,
    detached: true,
    timeoutMs: flags.timeoutSeconds === undefined ? undefined : flags.timeoutSeconds * 1000,
  });
  const state: LocalNeo4jState = {
    uri: server.uri,
    user: server.user,
    password: server.password,
    pid: server.pid,
    port: server.port,
    dataDir: server.dataDir,
    logFile: server.logFile,
    startedAt: new Date().toISOString(),
  };
  mkdirSync(STATE_DIR, { recursive: true });
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  writeFileSync(PID_FILE, `${server.pid}\n`);
  process.stderr.write(`[neo4j-local] running in the background, pid ${server.pid}; log ${server.logFile}; stop with: npx tsx tools/neo4j-local/cli.ts stop\n`);
  process.stdout.write(envLines(state));
  return 0;
}

async function stop(): Promise<number> {
  const recorded = readLocalNeo4jState();
  if (!recorded || !isLauncherProcess(recorded.pid)) {
    clearState();
    process.stderr.write('[neo4j-local] not running\n');
    return 0;
  }
  const started = Date.now();
  await stopLocalNeo4j({ pid: recorded.pid });
  clearState();
  process.stderr.write(`[neo4j-local] stopped pid ${recorded.pid} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

async function status(): Promise<number> {
  const recorded = readLocalNeo4jState();
  if (!recorded) {
    process.stdout.write('stopped (no .goalnet/neo4j/state.json)\n');
    return 3;
  }
  if (!isLauncherProcess(recorded.pid)) {
    process.stdout.write(`stopped (recorded pid ${recorded.pid} is gone)\n`);
    return 3;
  }
  const answer = await boltAnswers(recorded.uri, recorded.password);
  process.stdout.write(envLines(recorded));
  if (answer !== true) {
    process.stdout.write(`not answering pid=${recorded.pid}: ${answer}\n`);
    return 3;
  }
  process.stdout.write(`running pid=${recorded.pid} data=${recorded.dataDir} since=${recorded.startedAt}\n`);
  return 0;
}

/** Runs one CLI command; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await start(parseFlags(rest));
      case 'stop':
        return await stop();
      case 'status':
        return await status();
      case 'build':
        await buildLocalNeo4j({ force: rest.includes('--force') });
        return 0;
      default:
        throw usage(command === undefined ? 'no command given' : `unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof GoalnetError) {
      process.stderr.write(`[neo4j-local] ${error.message}\n`);
      return error.code === 'BAD_INPUT' ? 2 : 1;
    }
    throw error;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
