/**
 * Starts and stops a real Neo4j Community 5.26 server on this machine without Docker: the Java
 * launcher in this folder (Neo4j embedded with its Bolt connector on 127.0.0.1), built with Maven on
 * first use. Used by tests (`startLocalNeo4j`) and by the CLI in `cli.ts` (`npm run neo4j:start`).
 *
 * Rules:
 * - Build: `mvn -B -q -f tools/neo4j-local/pom.xml compile` when `target/` lacks the launcher class,
 *   the runtime jars (`target/lib`) or the build stamp, or when pom.xml or a Java source is newer than
 *   the stamp. Concurrent builds from several processes are serialised by a lock directory in target/.
 * - Start: `java -Xmx1g -cp target/classes:target/lib/* goalnet.neo4jlocal.Neo4jLocal DATA_DIR PORT`, with
 *   the password in the environment (never on the command line). Java output is appended to
 *   `DATA_DIR/logs/neo4j-local.out`. The server counts as up when the launcher printed its READY line
 *   AND a neo4j-driver connection with the password verifies; otherwise, after `timeoutMs`, the process
 *   is stopped and the error shows the tail of that log.
 * - Stop: SIGTERM (the launcher shuts Neo4j down cleanly), then SIGKILL if it has not exited after
 *   `timeoutMs` (default 60 s).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';
import { GoalnetError, badInput } from '../../src/model/errors.js';

/** This folder (tools/neo4j-local). */
export const TOOL_DIR = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO_ROOT = resolve(TOOL_DIR, '..', '..');
/** Where the CLI keeps its state, pid and default data folder. */
export const STATE_DIR = join(REPO_ROOT, '.goalnet', 'neo4j');
export const DEFAULT_DATA_DIR = join(STATE_DIR, 'data');
/** Used when neither the option nor NEO4J_PASSWORD gives one (Neo4j wants at least 8 characters). */
export const DEFAULT_PASSWORD = 'goalnet-local';
export const NEO4J_USER = 'neo4j';
/** The Neo4j release the pom pins (org.neo4j:neo4j). */
export const NEO4J_VERSION = '5.26.30';

const MAIN_CLASS = 'goalnet.neo4jlocal.Neo4jLocal';
const TARGET_DIR = join(TOOL_DIR, 'target');
const CLASS_FILE = join(TARGET_DIR, 'classes', 'goalnet', 'neo4jlocal', 'Neo4jLocal.class');
const LIB_DIR = join(TARGET_DIR, 'lib');
const BUILD_STAMP = join(TARGET_DIR, 'neo4j-local.stamp');
const BUILD_LOCK = join(TARGET_DIR, '.build-lock');
const READY_MARK = '[neo4j-local] READY ';
/**
 * JVM flags besides -Xmx. The --add-opens let Neo4j reach file descriptors for its native I/O advice
 * (without them debug.log fills with "Unable to advise …" warnings), as Neo4j's own launcher does.
 */
const JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:+ExitOnOutOfMemoryError',
  '-XX:-OmitStackTraceInFastThrow',
  '-Dfile.encoding=UTF-8',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
];

export interface StartOptions {
  /** Neo4j home: databases in DATA_DIR/data, logs in DATA_DIR/logs. Default `.goalnet/neo4j/data`. */
  dataDir?: string;
  /** Bolt port on 127.0.0.1. Default: a free port. */
  port?: number;
  /** Password of user neo4j. Default: $NEO4J_PASSWORD, else `goalnet-local`. At least 8 characters. */
  password?: string;
  /** No progress lines on stderr. Default false. */
  quiet?: boolean;
  /**
   * Let the server outlive this Node process (the CLI's `start`). Default false: the server stops when
   * this Node process exits, also when it is killed (the launcher watches its pid).
   */
  detached?: boolean;
  /** Bound on waiting for Bolt to answer, in ms (the build is not counted). Default 180 000. */
  timeoutMs?: number;
  /** Java heap maximum, as for -Xmx. Default `1g`. */
  heap?: string;
}

export interface LocalNeo4j {
  uri: string;
  user: string;
  password: string;
  pid: number;
  port: number;
  dataDir: string;
  /** The launcher's stdout and stderr. */
  logFile: string;
  /** Stops the server (SIGTERM, then SIGKILL after 60 s) and resolves once the process has exited. */
  stop(): Promise<void>;
}

/** True when `java` (17 or newer) and `mvn` run from PATH. */
export function javaAndMavenAvailable(): boolean {
  const java = javaMajorVersion();
  return java !== undefined && java >= 17 && commandRuns('mvn', ['-v']);
}

function javaMajorVersion(): number | undefined {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (out.error || out.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${out.stderr}${out.stdout}`);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

function commandRuns(command: string, args: string[]): boolean {
  const out = spawnSync(command, args, { encoding: 'utf8' });
  return !out.error && out.status === 0;
}

/** True when the launcher must be (re)built: see the module rules. */
export function buildIsStale(): boolean {
  if (!existsSync(CLASS_FILE) || !existsSync(LIB_DIR) || !existsSync(BUILD_STAMP)) return true;
  const stamp = statSync(BUILD_STAMP).mtimeMs;
  return buildInputs().some((file) => statSync(file).mtimeMs > stamp);
}

function buildInputs(): string[] {
  const files = [join(TOOL_DIR, 'pom.xml')];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.java')) files.push(path);
    }
  };
  walk(join(TOOL_DIR, 'src'));
  return files;
}

/**
 * Builds the launcher with Maven when `buildIsStale()`; a no-op otherwise. The first build downloads
 * about 130 MB of jars into ~/.m2. Throws a GoalnetError with Maven's output when the build fails.
 */
export async function buildLocalNeo4j(opts: { quiet?: boolean; force?: boolean } = {}): Promise<void> {
  if (!opts.force && !buildIsStale()) return;
  mkdirSync(TARGET_DIR, { recursive: true });
  await withBuildLock(async () => {
    if (!opts.force && !buildIsStale()) return; // another process built it while we waited
    if (!opts.quiet) process.stderr.write('[neo4j-local] building the launcher with Maven (first time downloads ~130 MB)…\n');
    rmSync(LIB_DIR, { recursive: true, force: true }); // no stale jars from an older Neo4j version
    rmSync(BUILD_STAMP, { force: true });
    const started = Date.now();
    const result = await run('mvn', ['-B', '-q', '-f', join(TOOL_DIR, 'pom.xml'), 'compile'], 15 * 60_000);
    if (result.code !== 0) {
      throw new GoalnetError(
        'STORE_UNAVAILABLE',
        `Building tools/neo4j-local with Maven failed (exit ${result.code}). Maven said:\n${tail(result.output, 60)}\n` +
          'Check that Java 17+ and Maven are installed and Maven Central is reachable, then run: ' +
          'mvn -B -f tools/neo4j-local/pom.xml compile',
      );
    }
    writeFileSync(BUILD_STAMP, `built ${new Date().toISOString()} in ${Date.now() - started} ms\n`);
    if (!opts.quiet) process.stderr.write(`[neo4j-local] built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });
}

async function withBuildLock(body: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      writeFileSync(join(BUILD_LOCK, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readText(join(BUILD_LOCK, 'pid')));
      if (Number.isInteger(holder) && holder > 0 && !processAlive(holder)) {
        rmSync(BUILD_LOCK, { recursive: true, force: true }); // left behind by a build that died
        continue;
      }
      if (Date.now() > deadline) {
        throw new GoalnetError('STORE_UNAVAILABLE', `Timed out waiting for another Maven build of tools/neo4j-local (lock ${BUILD_LOCK}); remove that folder if no build runs.`);
      }
      await sleep(500);
    }
  }
  try {
    await body();
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** Resolves to a TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('no free port found'))));
    });
  });
}

const ownChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function stopChildrenOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of ownChildren) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
}

/**
 * Builds if needed, starts the server and resolves once Bolt accepts the password. Throws a
 * GoalnetError (BAD_INPUT for bad options, STORE_UNAVAILABLE otherwise) that includes the log tail.
 */
export async function startLocalNeo4j(opts: StartOptions = {}): Promise<LocalNeo4j> {
  const password = opts.password ?? process.env.NEO4J_PASSWORD ?? DEFAULT_PASSWORD;
  if (password.length < 8) {
    throw badInput('Neo4j refuses passwords shorter than 8 characters.', [
      { where: 'password', message: `is ${password.length} characters long: choose one of at least 8` },
    ]);
  }
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port >= 1 && opts.port <= 65535)) {
    throw badInput('Bad Bolt port.', [{ where: 'port', message: `${String(opts.port)} is not a port: give an integer 1..65535 or leave it out` }]);
  }
  const heap = opts.heap ?? '1g';
  if (!/^\d+[kmg]$/i.test(heap)) throw badInput('Bad heap size.', [{ where: 'heap', message: `'${heap}' is not like 512m or 1g` }]);
  const log = (line: string): void => {
    if (!opts.quiet) process.stderr.write(`[neo4j-local] ${line}\n`);
  };

  await buildLocalNeo4j({ quiet: opts.quiet });
  const dataDir = resolve(opts.dataDir ?? DEFAULT_DATA_DIR);
  const port = opts.port ?? (await freePort());
  const logFile = join(dataDir, 'logs', 'neo4j-local.out');
  mkdirSync(dirname(logFile), { recursive: true });
  writeFileSync(logFile, `\n=== ${new Date().toISOString()} starting Neo4j ${NEO4J_VERSION} on 127.0.0.1:${port}\n`, { flag: 'a' });
  const logStart = statSync(logFile).size;

  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(
      'java',
      [`-Xmx${heap}`, `-Xms${initialHeapMb(heap)}m`, ...JVM_FLAGS, '-cp', `${join(TARGET_DIR, 'classes')}:${LIB_DIR}/*`, MAIN_CLASS, dataDir, String(port)],
      { cwd: TOOL_DIR, env: { ...process.env, NEO4J_LOCAL_PASSWORD: password, NEO4J_LOCAL_OWNER_PID: opts.detached ? '' : String(process.pid) }, stdio: ['ignore', fd, fd], detached: opts.detached === true },
    );
  } finally {
    closeSync(fd);
  }
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  if (opts.detached) child.unref();
  else {
    ownChildren.add(child);
    stopChildrenOnExit();
  }
  log(`starting Neo4j ${NEO4J_VERSION} (pid ${child.pid ?? '?'}) on bolt://127.0.0.1:${port}, data ${dataDir}`);

  const uri = `bolt://127.0.0.1:${port}`;
  const handle: LocalNeo4j = {
    uri,
    user: NEO4J_USER,
    password,
    pid: child.pid ?? -1,
    port,
    dataDir,
    logFile,
    stop: () => stopProcess(child.pid ?? -1, { exited, isExited: () => child.exitCode !== null || child.signalCode !== null }).then(() => {
      ownChildren.delete(child);
    }),
  };

  const started = Date.now();
  const deadline = started + (opts.timeoutMs ?? 180_000);
  const failure = (why: string): GoalnetError =>
    new GoalnetError('STORE_UNAVAILABLE', `Local Neo4j did not start: ${why}.\nLast lines of ${logFile}:\n${tail(readFrom(logFile, logStart), 40)}`);
  let lastConnectError = '';
  for (;;) {
    if (spawnError) throw failure(`could not run java (${spawnError.message}); install Java 17+ and put it on PATH`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw failure(`the java process exited with ${child.exitCode ?? child.signalCode}`);
    }
    if (Date.now() > deadline) {
      await handle.stop().catch(() => undefined);
      throw failure(`Bolt did not answer within ${opts.timeoutMs ?? 180_000} ms${lastConnectError ? ` (last error: ${lastConnectError})` : ''}`);
    }
    if (readFrom(logFile, logStart).includes(READY_MARK)) {
      const answer = await boltAnswers(uri, password);
      if (answer === true) break;
      lastConnectError = answer;
      if (/unauthori[sz]ed|authentication/i.test(answer)) {
        await handle.stop().catch(() => undefined);
        throw failure(`Bolt refused the password for user neo4j (${answer})`);
      }
    }
    await sleep(250);
  }
  log(`ready at ${uri} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return handle;
}

/** True when a driver connects and authenticates; the error message otherwise. */
export async function boltAnswers(uri: string, password: string, user = NEO4J_USER): Promise<true | string> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), { connectionTimeout: 5_000, maxConnectionPoolSize: 1 });
  try {
    await driver.getServerInfo();
    return true;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await driver.close();
  }
}

/**
 * Stops a server: a handle from `startLocalNeo4j`, or a pid (only if that pid runs the launcher's
 * main class, so a reused pid is never signalled). Resolves once the process has exited.
 */
export async function stopLocalNeo4j(target: LocalNeo4j | { pid: number }, opts: { timeoutMs?: number } = {}): Promise<void> {
  if ('stop' in target) return target.stop();
  if (!isLauncherProcess(target.pid)) return;
  await stopProcess(target.pid, { timeoutMs: opts.timeoutMs });
}

/** True when `pid` is alive and runs goalnet.neo4jlocal.Neo4jLocal (read from /proc). */
export function isLauncherProcess(pid: number): boolean {
  if (!processAlive(pid)) return false;
  const cmdline = readText(`/proc/${pid}/cmdline`);
  return cmdline === undefined ? true : cmdline.split('\0').includes(MAIN_CLASS);
}

async function stopProcess(
  pid: number,
  how: { exited?: Promise<void>; isExited?: () => boolean; timeoutMs?: number },
): Promise<void> {
  const gone = (): boolean => (how.isExited ? how.isExited() : !processAlive(pid));
  if (pid <= 0 || gone()) return;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + (how.timeoutMs ?? 60_000);
  while (!gone()) {
    if (Date.now() > deadline) {
      signal(pid, 'SIGKILL');
      if (how.exited) await how.exited;
      else while (processAlive(pid)) await sleep(100);
      return;
    }
    await (how.exited ? Promise.race([how.exited, sleep(100)]) : sleep(100));
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** True when a process with this pid exists and is not a zombie. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = readText(`/proc/${pid}/stat`);
  return stat === undefined || !/^\d+ \(.*\) Z/.test(stat);
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: TOOL_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-200_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ code: -1, output: `${output}\n${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, output });
    });
  });
}

/** The initial heap: 256 MB, or the whole heap when that is smaller. */
function initialHeapMb(heap: string): number {
  const amount = Number(heap.slice(0, -1));
  const unit = heap.slice(-1).toLowerCase();
  const mb = unit === 'g' ? amount * 1024 : unit === 'm' ? amount : Math.ceil(amount / 1024);
  return Math.max(8, Math.min(256, mb));
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function readFrom(path: string, offset: number): string {
  const text = readFileSync(path);
  return text.subarray(Math.min(offset, text.length)).toString('utf8');
}

function tail(text: string, lines: number): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '').trimEnd().split('\n').slice(-lines).join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
