/**
 * API keys and roles.
 *
 * Configuration: a JSON array of keys, from the env variable `GOALNET_API_KEYS` or from the file
 * named by `GOALNET_API_KEYS_FILE`:
 *
 *   [{ "key": "s3cret", "name": "strategy-team", "roles": { "*": "viewer", "home-purchase": "editor" } }]
 *
 * Rules:
 * - A key's role for a model is `roles[modelId]`, else `roles["*"]`, else none.
 * - Roles are ordered, each including the ones before it: viewer (read models and journeys) <
 *   analyst (also run analyses) < editor (also change a model) < admin (also create, import over
 *   and delete models).
 * - A request names its key as `Authorization: Bearer KEY` or `x-api-key: KEY`. A key that is sent
 *   but unknown is refused (UNAUTHENTICATED), also in demo mode. No key is refused unless the
 *   server runs in demo mode, where the anonymous caller is admin of every model.
 * - Keys are compared in constant time; only a key's `name` ever appears in logs and messages.
 */
import { readFileSync } from 'node:fs';
import { timingSafeEqual, createHash } from 'node:crypto';
import { badInput, type Problem } from '../model/errors.js';

export const ROLES = ['viewer', 'analyst', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKey {
  /** The secret sent by clients. Never logged. */
  key: string;
  /** Who holds it: shown in logs. */
  name: string;
  /** Role per model id; `*` for every model not named. */
  roles: Record<string, Role>;
}

/** Who is calling: a key holder, or the anonymous caller of a demo server. */
export interface Principal {
  name: string;
  roles: Record<string, Role>;
  demo: boolean;
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** The caller's role for a model, or undefined when it has none. */
export function roleFor(principal: Principal, modelId: string): Role | undefined {
  return Object.prototype.hasOwnProperty.call(principal.roles, modelId) ? principal.roles[modelId] : principal.roles['*'];
}

/** Whether the caller holds `needed` (or a higher role) for the model. */
export function hasRole(principal: Principal, modelId: string, needed: Role): boolean {
  const role = roleFor(principal, modelId);
  return role !== undefined && roleRank(role) >= roleRank(needed);
}

export const DEMO_PRINCIPAL: Principal = { name: 'demo', roles: { '*': 'admin' }, demo: true };

/**
 * Checks a parsed JSON value as a list of API keys; throws BAD_INPUT naming each problem by its
 * JSON path (`[2].roles.home-purchase`). `source` names where it came from.
 */
export function parseApiKeys(raw: unknown, source: string): ApiKey[] {
  const problems: Problem[] = [];
  const where = (path: string) => `${source}: ${path}`;
  if (!Array.isArray(raw)) {
    throw badInput(`API keys in ${source} must be a JSON array of {"key", "name", "roles"} objects`);
  }
  const keys: ApiKey[] = [];
  const seenKeys = new Set<string>();
  raw.forEach((item: unknown, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      problems.push({ where: where(`[${i}]`), message: 'expected an object with "key", "name" and "roles"' });
      return;
    }
    const { key, name, roles } = item as Record<string, unknown>;
    let ok = true;
    if (typeof key !== 'string' || key.length < 8) {
      problems.push({ where: where(`[${i}].key`), message: 'a key is a string of at least 8 characters' });
      ok = false;
    } else if (seenKeys.has(key)) {
      problems.push({ where: where(`[${i}].key`), message: 'the same key is listed twice; give each holder its own key' });
      ok = false;
    } else {
      seenKeys.add(key);
    }
    if (typeof name !== 'string' || name.trim() === '') {
      problems.push({ where: where(`[${i}].name`), message: 'give the key a non-empty name (it is what logs show)' });
      ok = false;
    }
    const checkedRoles: Record<string, Role> = {};
    if (roles === null || typeof roles !== 'object' || Array.isArray(roles)) {
      problems.push({ where: where(`[${i}].roles`), message: 'expected an object of model id → role, e.g. {"*": "viewer"}' });
      ok = false;
    } else {
      for (const [model, role] of Object.entries(roles as Record<string, unknown>)) {
        if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
          problems.push({ where: where(`[${i}].roles.${model}`), message: `unknown role ${JSON.stringify(role)}; use one of ${ROLES.join(', ')}` });
          ok = false;
        } else {
          checkedRoles[model] = role as Role;
        }
      }
    }
    if (ok) {
      keys.push({ key: key as string, name: name as string, roles: checkedRoles });
    }
  });
  if (problems.length > 0) throw badInput(`Invalid API key configuration in ${source}`, problems);
  return keys;
}

/** Reads keys from `GOALNET_API_KEYS` (JSON) or the file named by `GOALNET_API_KEYS_FILE`; [] when neither is set. */
export function apiKeysFromEnv(env: NodeJS.ProcessEnv = process.env): ApiKey[] {
  const inline = env.GOALNET_API_KEYS;
  const file = env.GOALNET_API_KEYS_FILE;
  if (inline !== undefined && inline.trim() !== '') return parseApiKeys(parseJson(inline, 'GOALNET_API_KEYS'), 'GOALNET_API_KEYS');
  if (file !== undefined && file.trim() !== '') {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw badInput(`Cannot read the API key file ${file} (GOALNET_API_KEYS_FILE): ${(error as Error).message}; check the path`);
    }
    return parseApiKeys(parseJson(text, file), file);
  }
  return [];
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badInput(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The key a request carries (`Authorization: Bearer KEY` or `x-api-key`), or undefined. */
export function keyFromHeaders(headers: { get(name: string): string | undefined | null }): string | undefined {
  const auth = headers.get('authorization');
  if (auth) {
    const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (match) return match[1].trim();
  }
  const key = headers.get('x-api-key');
  return key ? key.trim() : undefined;
}

/** Looks keys up by a digest, comparing digests in constant time. */
export class KeyRing {
  private readonly byDigest = new Map<string, ApiKey>();

  constructor(keys: readonly ApiKey[]) {
    for (const k of keys) this.byDigest.set(digest(k.key).toString('hex'), k);
  }

  get size(): number {
    return this.byDigest.size;
  }

  find(key: string): ApiKey | undefined {
    const d = digest(key);
    const candidate = this.byDigest.get(d.toString('hex'));
    if (candidate === undefined) return undefined;
    return timingSafeEqual(d, digest(candidate.key)) ? candidate : undefined;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
