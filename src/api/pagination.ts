/**
 * Cursor pagination (edges / node / cursor / pageInfo / totalCount). Cursors are opaque to
 * clients: base64url of `<kind>:<key>`, where the key is a journey id (journeys are ordered by
 * id) or a step position.
 */
import type { ApiContext } from './context.js';
import { badUserInput } from './errors.js';

export type CursorKind = 'journey' | 'step';

export function encodeCursor(kind: CursorKind, key: string | number): string {
  return Buffer.from(`${kind}:${key}`, 'utf8').toString('base64url');
}

/** The key inside a cursor; BAD_USER_INPUT at `field` when it is not a cursor of this kind. */
export function decodeCursor(kind: CursorKind, cursor: string, field: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(`${kind}:`)) {
    throw badUserInput('Invalid cursor', [{ where: field, message: `not a ${kind} cursor; pass an endCursor or cursor from an earlier page` }]);
  }
  return text.slice(kind.length + 1);
}

/** The page size to use: `first` checked against the limits, or the default. */
export function pageSize(ctx: ApiContext, first: number | undefined | null, field: string): number {
  if (first === undefined || first === null) return ctx.limits.defaultPageSize;
  if (first < 1) throw badUserInput('Invalid page size', [{ where: field, message: `must be at least 1, got ${first}` }]);
  if (first > ctx.limits.maxPageSize) {
    throw badUserInput('Page too large', [
      { where: field, message: `at most ${ctx.limits.maxPageSize} per page, got ${first}; page through with "after"` },
    ]);
  }
  return first;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export function page<T>(nodes: T[], cursorOf: (node: T) => string, hasNextPage: boolean, hasPreviousPage: boolean, totalCount: number): Page<T> {
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}
