/**
 * The HTTP side of the server: routes, static files (content types, no path traversal), the
 * layout exports, CSRF prevention, CORS, body limits, request logs without secrets, demo mode.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstError, KEYS, startApi, type TestApi } from './helpers.js';
import { createApiServer } from '../../src/api/http.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';

/** A GET with the path sent exactly as given (fetch would normalise `..`). */
function rawGet(base: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: rawPath, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const SECRET = 'TOP-SECRET-CONTENT-42';

describe('HTTP routes and static files', () => {
  let api: TestApi;
  let dir: string;
  let webRoot: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'goalnet-web-'));
    webRoot = path.join(dir, 'web');
    mkdirSync(path.join(webRoot, 'assets'), { recursive: true });
    writeFileSync(path.join(webRoot, 'ide.html'), '<!doctype html><title>IDE</title>');
    writeFileSync(path.join(webRoot, 'network.html'), '<!doctype html><title>Network</title>');
    writeFileSync(path.join(webRoot, 'assets', 'app-1a2b.js'), 'console.log("ide")');
    writeFileSync(path.join(webRoot, 'assets', 'style.css'), 'body{}');
    writeFileSync(path.join(webRoot, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(webRoot, 'assets', 'font.woff2'), 'x');
    writeFileSync(path.join(dir, 'secret.txt'), SECRET);
    symlinkSync(path.join(dir, 'secret.txt'), path.join(webRoot, 'assets', 'link.txt'));
    api = await startApi({ webRoot, cors: ['http://allowed.example'], limits: { maxBodyBytes: 200_000 } });
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET /health reports the store and version to a key holder, only status, kind and ok to anyone else', async () => {
    const res = await fetch(`${api.server.url}/health`, { headers: { authorization: `Bearer ${KEYS.viewer.key}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({ status: 'ok', store: { kind: 'memory', ok: true, models: 4 }, version: '0.1.0' });
    for (const headers of [{}, { authorization: 'Bearer not-a-configured-key' }] as Record<string, string>[]) {
      const anon = await fetch(`${api.server.url}/health`, { headers });
      expect(anon.status).toBe(200);
      expect(await anon.json()).toEqual({ status: 'ok', store: { kind: 'memory', ok: true } });
    }
    const failing = api.store.health.bind(api.store);
    api.store.health = async () => ({ kind: 'memory', ok: false, detail: 'disk /srv/secret-path unreadable', models: 0 });
    try {
      const down = await fetch(`${api.server.url}/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'unavailable', store: { kind: 'memory', ok: false } });
    } finally {
      api.store.health = failing;
    }
  });

  it('turns automatic persisted queries off', async () => {
    const res = await fetch(`${api.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.admin.key}` },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
    });
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
  });

  it('answers an unexpected failure outside GraphQL with a fixed message and logs its stack', async () => {
    const original = api.store.getDocument.bind(api.store);
    api.store.getDocument = async () => {
      throw new Error('driver exploded at /srv/secret-path');
    };
    try {
      const res = await fetch(`${api.server.url}/network/home-purchase/export.json`, { headers: { authorization: `Bearer ${KEYS.admin.key}` } });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toContain('secret-path');
      expect(JSON.parse(text)).toEqual({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      const logged = api.logs.find((l) => l.level === 'error' && String(l.message).includes('driver exploded'));
      expect(logged?.stack).toContain('driver exploded at /srv/secret-path');
    } finally {
      api.store.getDocument = original;
    }
  });

  it('GET / redirects to /ide; pages and assets come with their content types', async () => {
    const root = await fetch(`${api.server.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/ide');
    const cases: [string, string, string][] = [
      ['/ide', 'text/html; charset=utf-8', 'IDE'],
      ['/network/home-purchase', 'text/html; charset=utf-8', 'Network'],
      ['/assets/app-1a2b.js', 'text/javascript; charset=utf-8', 'console.log'],
      ['/assets/style.css', 'text/css; charset=utf-8', 'body{}'],
      ['/assets/logo.svg', 'image/svg+xml', '<svg'],
      ['/assets/font.woff2', 'font/woff2', 'x'],
    ];
    for (const [p, type, text] of cases) {
      const res = await fetch(`${api.server.url}${p}`);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type'), p).toBe(type);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text(), p).toContain(text);
    }
    expect((await fetch(`${api.server.url}/assets/app-1a2b.js`)).headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${api.server.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${api.server.url}/nowhere`)).status).toBe(404);
  });

  it('never serves a file outside the web root', async () => {
    const attempts = [
      '/assets/../../secret.txt',
      '/assets/../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/assets/%252e%252e/secret.txt',
      '/assets/link.txt',
      '/assets/%00',
      '/assets/%E0%A4%A',
      `/assets/${'../'.repeat(10)}etc/passwd`,
      '/assets/',
      '/assets',
    ];
    for (const p of attempts) {
      const res = await rawGet(api.server.url, p);
      expect(res.body, p).not.toContain(SECRET);
      expect(res.body, p).not.toContain('root:');
      expect([400, 404], p).toContain(res.status);
    }
  });

  it('answers 503 with what to run when the front end is not built', async () => {
    const bare = await startApi({ webRoot: path.join(dir, 'not-built') });
    try {
      for (const p of ['/ide', '/network/home-purchase', '/assets/app.js']) {
        const res = await fetch(`${bare.server.url}${p}`);
        expect(res.status, p).toBe(503);
        expect(await res.text()).toContain('npm run build:web');
      }
    } finally {
      await bare.close();
    }
  });

  it('exports the laid-out actor network as gexf, graphml, json and svg, with the key and role of the query', async () => {
    const auth = { authorization: `Bearer ${KEYS.analyst.key}` };
    const expected: Record<string, [string, (body: string) => void]> = {
      gexf: ['application/gexf+xml', (b) => expect(b).toContain('<gexf')],
      graphml: ['application/graphml+xml', (b) => expect(b).toContain('<graphml')],
      json: ['application/json', (b) => expect((JSON.parse(b) as { nodes: unknown[] }).nodes.length).toBe(13)],
      svg: ['image/svg+xml', (b) => expect(b).toContain('<svg')],
    };
    for (const [format, [type, check]] of Object.entries(expected)) {
      const res = await fetch(`${api.server.url}/network/home-purchase/export.${format}?iterations=20&segment=downsizers`, { headers: auth });
      expect(res.status, format).toBe(200);
      expect(res.headers.get('content-type'), format).toContain(type);
      expect(res.headers.get('content-disposition')).toContain(`home-purchase-actors.${format}`);
      check(await res.text());
    }
    const none = await fetch(`${api.server.url}/network/home-purchase/export.json`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const viewer = await fetch(`${api.server.url}/network/home-purchase/export.json`, { headers: { 'x-api-key': KEYS.viewer.key } });
    expect(viewer.status).toBe(403);
    const missing = await fetch(`${api.server.url}/network/no-model/export.json`, { headers: auth });
    expect(missing.status).toBe(404);
    const format = await fetch(`${api.server.url}/network/home-purchase/export.pdf`, { headers: auth });
    expect(format.status).toBe(404);
    const bad = await fetch(`${api.server.url}/network/home-purchase/export.json?iterations=lots`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('iterations');
  });

  it('keeps Apollo CSRF prevention on and its CDN landing page off', async () => {
    const plain = await fetch(`${api.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${KEYS.admin.key}` },
      body: JSON.stringify({ query: '{ models { id } }' }),
    });
    expect(plain.status).toBe(400);
    const q = encodeURIComponent('{ models { id } }');
    const get = await fetch(`${api.server.url}/graphql?query=${q}`, { headers: { authorization: `Bearer ${KEYS.admin.key}` } });
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/CSRF|preflight/i);
    const preflighted = await fetch(`${api.server.url}/graphql?query=${q}`, { headers: { authorization: `Bearer ${KEYS.admin.key}`, 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    const landing = await fetch(`${api.server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(landing.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(await landing.text()).not.toMatch(/cdn|<html/i);
    const put = await fetch(`${api.server.url}/graphql`, { method: 'PUT' });
    expect(put.status).toBe(405);
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const allowed = await fetch(`${api.server.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'http://allowed.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://allowed.example');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await fetch(`${api.server.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses bodies over the limit with 413 and bad JSON with 400', async () => {
    const big = await fetch(`${api.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.admin.key}` },
      body: JSON.stringify({ query: `{ models { id } }`, variables: { pad: 'x'.repeat(300_000) } }),
    });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('GOALNET_MAX_BODY_BYTES');
    const broken = await fetch(`${api.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.admin.key}` },
      body: '{ "query": ',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { errors: { message: string }[] }).errors[0].message).toContain('not valid JSON');
  });

  it('logs one JSON line per request with the key name and never the key', async () => {
    api.logs.length = 0;
    await api.gql(`query Named { models { id } }`, {}, KEYS.viewer.key);
    await api.gql(`{ models { id } }`, {}, 'a-wrong-secret-key-xyz');
    await api.gql(`mutation { deleteModel(id: "home-purchase") }`, {}, KEYS.analyst.key);
    await fetch(`${api.server.url}/health`);
    await fetch(`${api.server.url}/network/home-purchase/export.json?iterations=5`, { headers: { 'x-api-key': KEYS.editor.key } });
    expect(api.logs).toHaveLength(5);
    const [named, wrong, forbidden, health, exported] = api.logs;
    expect(named).toMatchObject({ method: 'POST', path: '/graphql', operationName: 'Named', status: 200, outcome: 'ok', key: 'the-viewer' });
    expect(typeof named.durationMs).toBe('number');
    expect(wrong).toMatchObject({ status: 401, outcome: 'UNAUTHENTICATED', key: null });
    expect(forbidden).toMatchObject({ outcome: 'FORBIDDEN', key: 'the-analyst' });
    expect(health).toMatchObject({ method: 'GET', path: '/health', status: 200, outcome: 'ok' });
    expect(exported).toMatchObject({ path: '/network/home-purchase/export.json', status: 200, key: 'the-editor' });
    const text = JSON.stringify(api.logs);
    for (const k of Object.values(KEYS)) expect(text).not.toContain(k.key);
    expect(text).not.toContain('a-wrong-secret-key-xyz');
  });
});

describe('demo mode', () => {
  it('serves without a key, says so loudly on start, and still refuses a wrong key', async () => {
    const api = await startApi({ demo: true, keys: [] });
    try {
      expect(api.logs.some((l) => String(l.message).includes('DEMO MODE'))).toBe(true);
      const data = await api.ok(`{ model(id: "home-purchase") { myRole } }`, {}, null);
      expect(data.model.myRole).toBe('ADMIN');
      const wrong = await api.gql(`{ models { id } }`, {}, 'not-a-configured-key');
      expect(firstError(wrong).code).toBe('UNAUTHENTICATED');
    } finally {
      await api.close();
    }
  });

  it('answers 403 to requests addressed to any host but localhost, 127.0.0.1 or [::1] (DNS rebinding)', async () => {
    const api = await startApi({ demo: true, keys: [] });
    try {
      const port = new URL(api.server.url).port;
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost', 'LOCALHOST:80']) {
        expect((await rawGet(api.server.url, '/health', { host })).status, host).toBe(200);
      }
      for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `localhost.evil.example`, '10.0.0.5']) {
        const res = await rawGet(api.server.url, '/graphql', { host });
        expect(res.status, host).toBe(403);
        expect(res.headers['content-type']).toContain('application/json');
        expect(JSON.parse(res.body).error).toContain('Demo mode answers only requests addressed to localhost');
      }
    } finally {
      await api.close();
    }
    const keyed = await startApi();
    try {
      expect((await rawGet(keyed.server.url, '/health', { host: 'api.example.com' })).status).toBe(200);
    } finally {
      await keyed.close();
    }
  });

  it('refuses to start in demo mode on an address other than loopback', async () => {
    const store = await MemoryStore.open({});
    try {
      for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
        await expect(createApiServer({ store, demo: true, host, port: 0, logger: () => undefined }), host).rejects.toThrow(/Demo mode .*only listens on this machine/);
      }
      const local = await createApiServer({ store, demo: true, host: 'localhost', port: 0, logger: () => undefined });
      await local.close();
    } finally {
      await store.close();
    }
  });

  it('without demo mode and without keys, warns that every request will be refused', async () => {
    const api = await startApi({ keys: [] });
    try {
      expect(api.logs.some((l) => String(l.message).includes('No API keys configured'))).toBe(true);
      expect(firstError(await api.gql(`{ models { id } }`, {}, null)).code).toBe('UNAUTHENTICATED');
    } finally {
      await api.close();
    }
  });
});
