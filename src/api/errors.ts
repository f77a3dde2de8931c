/**
 * How errors reach API clients. Every error carries `extensions.code`:
 *
 * | cause                                   | code                 |
 * |-----------------------------------------|----------------------|
 * | GoalnetError BAD_INPUT, input validation | BAD_USER_INPUT       |
 * | GoalnetError NOT_FOUND                   | NOT_FOUND            |
 * | GoalnetError CONFLICT                    | CONFLICT             |
 * | GoalnetError STORE_UNAVAILABLE           | SERVICE_UNAVAILABLE  |
 * | no or unknown API key                    | UNAUTHENTICATED      |
 * | role too low                             | FORBIDDEN            |
 * | limits                                   | QUERY_TOO_DEEP, QUERY_TOO_COMPLEX, TIMEOUT |
 * | anything else (a bug)                    | INTERNAL_SERVER_ERROR, message "Internal server error"; logged with its stack |
 *
 * Refusals before GraphQL runs (http.ts) are JSON errors with a code too: PAYLOAD_TOO_LARGE (413),
 * TOO_MANY_REQUESTS (429), REQUEST_TIMEOUT (408), HEADERS_TOO_LARGE (431), BAD_REQUEST (400),
 * QUERY_TOO_DEEP (400, brackets nested too deep), GRAPHQL_PARSE_FAILED (too many tokens). A
 * request whose client left before the answer is logged with status 499, outcome CLIENT_CLOSED.
 *
 * Input problems also carry `extensions.field` (the path of the first problem, e.g.
 * `goals[0].name`) and `extensions.problems` (every `{ where, message }`), and the message names
 * the paths too.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';
import { formatProblems, GoalnetError, type ErrorCode, type Problem } from '../model/errors.js';
import type { Logger } from './log.js';

export type ApiErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'SERVICE_UNAVAILABLE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'QUERY_TOO_DEEP'
  | 'QUERY_TOO_COMPLEX'
  | 'TIMEOUT'
  | 'INTERNAL_SERVER_ERROR';

export const CODE_OF: Record<ErrorCode, ApiErrorCode> = {
  BAD_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  STORE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** HTTP status for errors raised before execution (context, limits). */
export const HTTP_STATUS: Partial<Record<ApiErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  QUERY_TOO_DEEP: 400,
  QUERY_TOO_COMPLEX: 400,
  BAD_USER_INPUT: 400,
  TIMEOUT: 503,
};

export function apiError(code: ApiErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** BAD_USER_INPUT naming the field paths of the problems. */
export function badUserInput(message: string, problems: Problem[]): GraphQLError {
  const text = problems.length === 0 ? message : `${message}\n${formatProblems(problems)}`;
  return apiError('BAD_USER_INPUT', text, { field: problems[0]?.where, problems });
}

/** An error raised before execution, with its HTTP status. */
export function requestError(code: ApiErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return apiError(code, message, status === undefined ? extensions : { ...extensions, http: { status } });
}

export function fromGoalnetError(error: GoalnetError): GraphQLFormattedError['extensions'] {
  const extensions: Record<string, unknown> = { code: CODE_OF[error.code] };
  if (error.problems.length > 0) {
    extensions.problems = error.problems;
    extensions.field = error.problems[0].where;
  }
  return extensions;
}

/** The problems of class-validator errors, as field paths below `base` (`goals[0].name`). */
export function validationProblems(errors: readonly ValidationError[], base: string): Problem[] {
  const problems: Problem[] = [];
  const walk = (list: readonly ValidationError[], prefix: string) => {
    for (const e of list) {
      const path = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix === '' ? e.property : `${prefix}.${e.property}`;
      for (const message of Object.values(e.constraints ?? {})) problems.push({ where: path, message });
      if (e.children && e.children.length > 0) walk(e.children, path);
    }
  };
  walk(errors, base);
  return problems;
}

interface ValidationLike {
  message: string;
  extensions?: { validationErrors?: ValidationError[] };
}

function isArgumentValidationError(error: unknown): error is ValidationLike {
  return (
    error instanceof Error &&
    (error.name === 'ArgumentValidationError' || error.message === 'Argument Validation Error') &&
    Array.isArray((error as ValidationLike).extensions?.validationErrors)
  );
}

/** The only message a client gets for an error that is not a domain or request error. */
export const INTERNAL_MESSAGE = 'Internal server error';

/** Logs an unexpected error with its stack (level error); `where` names the request or field. */
export function logInternalError(log: Logger, error: unknown, where: string): void {
  const e = error instanceof Error ? error : new Error(String(error));
  log({ level: 'error', message: `Internal error in ${where}: ${e.message}`, name: e.name, stack: e.stack });
}

/** Whether `error` is a GraphQL error raised on purpose: it carries a code other than INTERNAL_SERVER_ERROR. */
function hasKnownCode(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  const code = error.extensions?.code;
  return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR';
}

/**
 * Apollo's `formatError`: maps domain errors to codes, turns class-validator failures into field
 * paths, and never sends stack traces. Any other error (a bug, a store driver's failure that is
 * not a GoalnetError, a GraphQL error without a code) is logged with its stack through `log`
 * and answered with INTERNAL_SERVER_ERROR and the fixed message "Internal server error", never
 * its own message.
 */
export function formatApiError(formatted: GraphQLFormattedError, error: unknown, log?: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof GoalnetError) {
    return { ...base, message: original.message, extensions: fromGoalnetError(original) };
  }
  if (isArgumentValidationError(original)) {
    const problems = validationProblems(original.extensions!.validationErrors!, '');
    return {
      ...base,
      message: `Invalid input\n${formatProblems(problems)}`,
      extensions: { code: 'BAD_USER_INPUT', field: problems[0]?.where, problems },
    };
  }
  if (hasKnownCode(original)) {
    const extensions = { ...(formatted.extensions ?? {}) };
    delete extensions.stacktrace;
    return { ...base, extensions };
  }
  if (log) logInternalError(log, original, formatted.path && formatted.path.length > 0 ? `field ${formatted.path.join('.')}` : 'a GraphQL request');
  return { ...base, message: INTERNAL_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** `formatApiError` logging internal errors through `log` (the server's logger). */
export function apiErrorFormatter(log: Logger): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => formatApiError(formatted, error, log);
}
