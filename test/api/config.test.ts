/** API keys, roles, limits and server options from configuration. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiKeysFromEnv, hasRole, KeyRing, keyFromHeaders, parseApiKeys, roleFor, type Principal } from '../../src/api/auth.js';
import { limitsFromEnv, resolveLimits, DEFAULT_LIMITS } from '../../src/api/limits.js';
import { serverOptionsFromEnv } from '../../src/api/env.js';
import { GoalnetError } from '../../src/model/errors.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GoalnetError);
    return (error as GoalnetError).problems.map((p) => `${p.where}: ${p.message}`);
  }
  throw new Error('expected a GoalnetError');
}

describe('API keys', () => {
  const json = JSON.stringify([
    { key: 'key-for-strategy-1', name: 'strategy', roles: { '*': 'viewer', 'home-purchase': 'editor' } },
    { key: 'key-for-ops-000001', name: 'ops', roles: { '*': 'admin' } },
  ]);

  it('reads keys from GOALNET_API_KEYS or from the file GOALNET_API_KEYS_FILE', () => {
    const inline = apiKeysFromEnv({ GOALNET_API_KEYS: json });
    expect(inline.map((k) => k.name)).toEqual(['strategy', 'ops']);
    const dir = mkdtempSync(path.join(tmpdir(), 'goalnet-keys-'));
    try {
      const file = path.join(dir, 'keys.json');
      writeFileSync(file, json);
      expect(apiKeysFromEnv({ GOALNET_API_KEYS_FILE: file })).toEqual(inline);
      expect(() => apiKeysFromEnv({ GOALNET_API_KEYS_FILE: path.join(dir, 'missing.json') })).toThrow(/Cannot read the API key file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(apiKeysFromEnv({})).toEqual([]);
    expect(() => apiKeysFromEnv({ GOALNET_API_KEYS: '[{' })).toThrow(/not valid JSON/);
  });

  it('names every configuration problem by its JSON path, never echoing a key', () => {
    const problems = problemsOf(() =>
      parseApiKeys(
        [
          { key: 'short', name: 'a', roles: {} },
          { key: 'long-enough-key-1', name: ' ', roles: { '*': 'superuser' } },
          { key: 'long-enough-key-1', name: 'dup', roles: [] },
          'nope',
        ],
        'keys.json',
      ),
    );
    expect(problems).toEqual([
      'keys.json: [0].key: a key is a string of at least 8 characters',
      'keys.json: [1].name: give the key a non-empty name (it is what logs show)',
      'keys.json: [1].roles.*: unknown role "superuser"; use one of viewer, analyst, editor, admin',
      'keys.json: [2].key: the same key is listed twice; give each holder its own key',
      'keys.json: [2].roles: expected an object of model id → role, e.g. {"*": "viewer"}',
      'keys.json: [3]: expected an object with "key", "name" and "roles"',
    ]);
    expect(problems.join('\n')).not.toContain('long-enough-key-1');
  });

  it('gives the model role before the "*" role, and orders roles viewer < analyst < editor < admin', () => {
    const p: Principal = { name: 'x', demo: false, roles: { '*': 'viewer', 'home-purchase': 'editor', locked: 'viewer' } };
    expect(roleFor(p, 'home-purchase')).toBe('editor');
    expect(roleFor(p, 'other')).toBe('viewer');
    expect(hasRole(p, 'home-purchase', 'analyst')).toBe(true);
    expect(hasRole(p, 'home-purchase', 'admin')).toBe(false);
    expect(hasRole(p, 'other', 'analyst')).toBe(false);
    expect(roleFor({ name: 'y', demo: false, roles: { a: 'admin' } }, 'b')).toBeUndefined();
  });

  it('finds keys from Bearer or x-api-key headers', () => {
    const ring = new KeyRing(parseApiKeys(JSON.parse(json), 'env'));
    const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] });
    expect(keyFromHeaders(headers({ authorization: 'Bearer key-for-ops-000001' }))).toBe('key-for-ops-000001');
    expect(keyFromHeaders(headers({ authorization: 'bearer  key-for-ops-000001 ' }))).toBe('key-for-ops-000001');
    expect(keyFromHeaders(headers({ 'x-api-key': 'key-for-strategy-1' }))).toBe('key-for-strategy-1');
    expect(keyFromHeaders(headers({ authorization: 'Basic abc' }))).toBeUndefined();
    expect(ring.find('key-for-ops-000001')?.name).toBe('ops');
    expect(ring.find('key-for-ops-000002')).toBeUndefined();
  });
});

describe('limits and server options', () => {
  it('reads limits from env and checks them', () => {
    expect(limitsFromEnv({ GOALNET_MAX_DEPTH: '6', GOALNET_TIMEOUT_MS: '1500' })).toEqual({ maxDepth: 6, timeoutMs: 1500 });
    expect(() => limitsFromEnv({ GOALNET_MAX_PAGE_SIZE: 'lots' })).toThrow(/GOALNET_MAX_PAGE_SIZE must be a positive integer/);
    expect(resolveLimits({ maxComplexity: 10 })).toEqual({ ...DEFAULT_LIMITS, maxComplexity: 10 });
    expect(() => resolveLimits({ maxPageSize: 10, defaultPageSize: 20 })).toThrow(/defaultPageSize/);
    expect(() => resolveLimits({ maxDepth: 0 })).toThrow(/limits.maxDepth/);
  });

  it('reads port, host, demo mode, CORS origins and keys from env', () => {
    const options = serverOptionsFromEnv({
      GOALNET_PORT: '0',
      GOALNET_DEMO: '1',
      GOALNET_CORS_ORIGINS: 'http://a.example, http://b.example',
      GOALNET_MAX_DEPTH: '9',
    });
    expect(options).toMatchObject({ port: 0, host: '127.0.0.1', demo: true, cors: ['http://a.example', 'http://b.example'], limits: { maxDepth: 9 }, keys: [] });
    expect(serverOptionsFromEnv({})).toMatchObject({ port: 4000, host: '127.0.0.1', demo: false });
    expect(() => serverOptionsFromEnv({ GOALNET_PORT: '99999' })).toThrow(/GOALNET_PORT/);
  });
});
