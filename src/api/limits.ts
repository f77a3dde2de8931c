/**
 * Request limits of the GraphQL API, with their defaults in one place and their env variables.
 *
 * - `maxDepth`: fields nested deeper than this are refused (QUERY_TOO_DEEP). The operation's
 *   top-level fields are depth 1; fragments count where they are spread; introspection fields
 *   (`__schema`, `__type`) are not counted.
 * - `maxComplexity`: the operation's cost may not exceed this (QUERY_TOO_COMPLEX). Cost: every
 *   field costs 1 plus the cost of its selections; the selections of a field that takes a
 *   `first` argument are multiplied by `first` (or `defaultPageSize` when it is not given); the
 *   selections of any other list field by `defaultListSize` (the `edges` of a connection are
 *   not multiplied again: the connection's `first` already was).
 * - `maxPageSize`: the largest `first` a paginated field accepts (BAD_USER_INPUT).
 * - `defaultPageSize`: the page size when `first` is not given.
 * - `timeoutMs`: a request still running after this long is answered with TIMEOUT; resolvers
 *   that have not started yet stop.
 * - `maxBodyBytes`: larger request bodies are refused with HTTP 413.
 * - `maxInflight`: requests being read or answered at once, plus operations answered with
 *   TIMEOUT that still run; one more is refused at once, before its body is read, with HTTP 429
 *   and `Retry-After` (TOO_MANY_REQUESTS). `/health` is not counted, so that a busy server still
 *   says it is up.
 * - `requestTimeoutMs`: a request (headers and body) must arrive within this long, its headers
 *   within `HEADERS_TIMEOUT_MS` or this, whichever is shorter; a slower one is answered with
 *   HTTP 408 and its connection closed, so that slow senders cannot hold connections open.
 * - `maxTokens`: a query text of more tokens is refused before it is parsed (GRAPHQL_PARSE_FAILED).
 *   The parser recurses once per nesting level, and a literal nested a few thousand levels deep
 *   overflows its stack; 4,000 tokens bound that depth to 2,000 while the largest query of the
 *   IDE (introspection) has under 200. Large inputs belong in variables, which are not counted.
 */
import { badInput } from '../model/errors.js';

export interface Limits {
  maxDepth: number;
  maxComplexity: number;
  maxPageSize: number;
  defaultPageSize: number;
  defaultListSize: number;
  timeoutMs: number;
  maxBodyBytes: number;
  maxInflight: number;
  requestTimeoutMs: number;
  maxTokens: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxDepth: 12,
  maxComplexity: 50_000,
  maxPageSize: 500,
  defaultPageSize: 50,
  defaultListSize: 20,
  timeoutMs: 30_000,
  maxBodyBytes: 64 * 1024 * 1024,
  // Far above what a busy server sees from its real clients (hundreds of requests a second come
  // from a few dozen connections); the bound is against floods, not normal load.
  maxInflight: 256,
  // Enough for a 64 MB body on a slow link; Node's own default is 300 s.
  requestTimeoutMs: 120_000,
  maxTokens: 4_000,
};

/** The longest a request's headers may take to arrive (capped by `requestTimeoutMs`). */
export const HEADERS_TIMEOUT_MS = 20_000;

/** The env variable of each limit. */
export const LIMIT_ENV: Record<keyof Limits, string> = {
  maxDepth: 'GOALNET_MAX_DEPTH',
  maxComplexity: 'GOALNET_MAX_COMPLEXITY',
  maxPageSize: 'GOALNET_MAX_PAGE_SIZE',
  defaultPageSize: 'GOALNET_DEFAULT_PAGE_SIZE',
  defaultListSize: 'GOALNET_DEFAULT_LIST_SIZE',
  timeoutMs: 'GOALNET_TIMEOUT_MS',
  maxBodyBytes: 'GOALNET_MAX_BODY_BYTES',
  maxInflight: 'GOALNET_MAX_INFLIGHT',
  requestTimeoutMs: 'GOALNET_REQUEST_TIMEOUT_MS',
  maxTokens: 'GOALNET_MAX_TOKENS',
};

/** Limits from env variables (only those set). Each must be a positive integer. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Limits> {
  const result: Partial<Limits> = {};
  for (const [field, variable] of Object.entries(LIMIT_ENV) as [keyof Limits, string][]) {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') continue;
    result[field] = positiveInteger(raw.trim(), variable);
  }
  return result;
}

/** The defaults overridden by `partial`; every value is checked. */
export function resolveLimits(partial: Partial<Limits> = {}): Limits {
  const limits = { ...DEFAULT_LIMITS, ...partial };
  for (const [field, value] of Object.entries(limits) as [keyof Limits, number][]) {
    if (!Number.isInteger(value) || value <= 0) {
      throw badInput(`limits.${field} must be a positive integer, got ${String(value)}`);
    }
  }
  if (limits.defaultPageSize > limits.maxPageSize) {
    throw badInput(`limits.defaultPageSize (${limits.defaultPageSize}) must not exceed limits.maxPageSize (${limits.maxPageSize})`);
  }
  return limits;
}

function positiveInteger(raw: string, variable: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n <= 0) {
    throw badInput(`${variable} must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return n;
}
