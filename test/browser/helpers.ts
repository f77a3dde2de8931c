/**
 * Shared set-up of the browser tests: Debian's Chromium through playwright-core, the web bundle
 * (built when dist/web is missing or older than its sources), and the API server in demo mode
 * over a memory store holding the example models.
 *
 * Chromium: CHROMIUM_PATH, else /usr/bin/chromium. When it is missing the tests skip with a
 * loud message, except under CI=true, where they fail (CI must install the `chromium` package).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Request } from 'playwright-core';
import { createApiServer, loadExampleModels, type ApiServer } from '../../src/api/index.js';
import { MemoryStore } from '../../src/store/memory/index.js';
import type { GraphStore } from '../../src/store/graph-store.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB_DIST = path.join(ROOT, 'dist', 'web');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags known to work for headless Chromium as root in this project's machines and CI. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // WebGL (sigma.js) on the software rasteriser: without a GPU, Chromium only offers it when asked.
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
];

/**
 * Whether the browser tests can run. Logs loudly when they cannot; throws under CI=true so that
 * a CI without Chromium fails instead of skipping.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message =
    `Browser tests need Chromium at ${CHROMIUM_PATH} (install Debian's package: apt-get install -y chromium, ` +
    'or set CHROMIUM_PATH).';
  if (process.env.CI === 'true') throw new Error(`${message} CI=true, so this is a failure, not a skip.`);
  console.warn(`\n!!! SKIPPING the browser tests: ${message}\n`);
  return false;
}

function newestMtime(target: string): number {
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Sources of the web bundle: a change to any of them makes dist/web stale. */
const WEB_SOURCES = [
  'web',
  path.join('src', 'api', 'examples.ts'),
  path.join('src', 'viz', 'palette.ts'),
  path.join('src', 'viz', 'labels.ts'),
  path.join('src', 'model', 'vocabulary.ts'),
];

/** Builds dist/web with Vite unless both pages exist and are newer than every source. */
export function ensureWebBuilt(): void {
  const pages = ['ide.html', 'network.html'].map((p) => path.join(WEB_DIST, p));
  if (pages.every((p) => existsSync(p))) {
    const built = Math.min(...pages.map((p) => statSync(p).mtimeMs));
    const sources = Math.max(...WEB_SOURCES.map((s) => path.join(ROOT, s)).filter((s) => existsSync(s)).map(newestMtime));
    if (built >= sources) return;
  }
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const run = spawnSync(process.execPath, [vite, 'build', '--config', path.join('web', 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (run.status !== 0) throw new Error(`vite build of the web front end failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
}

export interface DemoServer {
  server: ApiServer;
  store: GraphStore;
  close(): Promise<void>;
}

/** The API in demo mode on a free loopback port, over a memory store with the example models. */
export async function startDemoServer(): Promise<DemoServer> {
  const store = await MemoryStore.open({});
  await loadExampleModels(store);
  const server = await createApiServer({ store, demo: true, port: 0, host: '127.0.0.1', webRoot: WEB_DIST, logger: () => undefined });
  return {
    server,
    store,
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}

export interface TestBrowser {
  browser: Browser;
  context: BrowserContext;
  /** Requests the pages tried to send anywhere but the test server (all were refused). */
  outside: string[];
  /** Uncaught page errors and console errors. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Chromium with a fresh profile (playwright's launch makes a new temporary user-data-dir each
 * time) and a context that refuses every request not addressed to `origin`, so the pages are
 * shown to work with no internet.
 */
export async function launchBrowser(origin: string): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const outside: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) await route.continue();
    else {
      outside.push(url);
      await route.abort('blockedbyclient');
    }
  });
  context.on('page', (page) => {
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(`console: ${msg.text()}`);
    });
  });
  return {
    browser,
    context,
    outside,
    pageErrors,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/** Where a screenshot goes: test-artifacts/<name> (the folder is made when missing). */
export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

export type { Request };
