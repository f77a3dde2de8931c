/**
 * What both pages need from the server: the API key the person entered (kept in localStorage
 * under `goalnet.apiKey`, shared by the IDE and the viewer), GraphQL requests that carry it as
 * `Authorization: Bearer KEY`, and the server's /health (which says whether it runs in demo mode).
 */

export const API_KEY_STORAGE = 'goalnet.apiKey';
export const GRAPHQL_PATH = '/graphql';

/** The stored API key, or null when none was entered (or storage is unavailable). */
export function getApiKey(): string | null {
  try {
    const key = window.localStorage.getItem(API_KEY_STORAGE);
    return key !== null && key.trim() !== '' ? key.trim() : null;
  } catch {
    return null;
  }
}

/** Stores the key (trimmed); an empty key removes it. */
export function setApiKey(key: string): void {
  try {
    const trimmed = key.trim();
    if (trimmed === '') window.localStorage.removeItem(API_KEY_STORAGE);
    else window.localStorage.setItem(API_KEY_STORAGE, trimmed);
  } catch {
    // Storage disabled (private mode): the key lives only as long as the input field.
  }
}

/** `Authorization: Bearer KEY` when a key is stored, else nothing. */
export function authHeaders(): Record<string, string> {
  const key = getApiKey();
  return key === null ? {} : { authorization: `Bearer ${key}` };
}

export interface GraphQLErrorLike {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorLike[];
}

/** A GraphQL failure a person can act on: the server's message and code. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * Runs one GraphQL operation and returns its data; throws ApiRequestError with the first error's
 * message and `extensions.code` when the answer has errors or no data.
 */
export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeaders() },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new ApiRequestError(`Could not reach the goalnet server (${(error as Error).message}); is it running?`, 'NETWORK', 0);
  }
  let body: GraphQLResponse<T>;
  try {
    body = (await response.json()) as GraphQLResponse<T>;
  } catch {
    throw new ApiRequestError(`The server answered ${response.status} without a GraphQL body`, 'BAD_RESPONSE', response.status);
  }
  const first = body.errors?.[0];
  if (first !== undefined) throw new ApiRequestError(first.message, first.extensions?.code ?? 'ERROR', response.status);
  if (body.data === undefined || body.data === null) throw new ApiRequestError('The server answered without data', 'BAD_RESPONSE', response.status);
  return body.data;
}

export interface Health {
  status: string;
  demo: boolean;
  version: string;
  store: { kind: string; ok: boolean; models?: number; detail?: string };
}

/** GET /health; null when the server cannot be reached or answers something else. */
export async function fetchHealth(): Promise<Health | null> {
  try {
    const response = await fetch('/health', { headers: { accept: 'application/json' } });
    const body = (await response.json()) as Partial<Health>;
    if (typeof body.status !== 'string' || typeof body.store !== 'object' || body.store === null) return null;
    return { status: body.status, demo: body.demo === true, version: String(body.version ?? ''), store: body.store };
  } catch {
    return null;
  }
}

/** One line on the server's mode, for the page headers. */
export function describeHealth(health: Health | null): string {
  if (health === null) return 'Server not reachable';
  const store = `${health.store.kind} store${health.store.ok ? '' : ' (unavailable)'}`;
  const mode = health.demo ? 'Demo mode: no API key needed' : 'API key required';
  return `${mode} · ${store} · v${health.version}`;
}
