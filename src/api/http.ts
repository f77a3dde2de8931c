/**
 * The API server: one Node `http` server that routes requests itself and hands /graphql to
 * Apollo Server (`executeHTTPGraphQLRequest`).
 *
 * Routes
 *   POST/GET /graphql                       GraphQL (CSRF prevention on: POST needs a JSON
 *                                           content type, GET an `apollo-require-preflight` header)
 *   GET /health                             { status, store: health(), version }; 503 when the store is not ok.
 *                                           Without a valid key (outside demo mode) only
 *                                           { status, store: { kind, ok } }
 *   GET /                                   302 → /ide
 *   GET /ide                                dist/web/ide.html (the GraphQL IDE)
 *   GET /assets/*                           dist/web/assets/*
 *   GET /network/:modelId                   dist/web/network.html (the actor-network viewer)
 *   GET /network/:modelId/export.<fmt>      the laid-out actor network as gexf, graphml, json
 *                                           (sigma.js) or svg; same key and role (analyst) as
 *                                           the actorNetwork query; query parameters segment,
 *                                           from, to, iterations, seed, sizeBy, colorBy
 * Without dist/web the page routes answer 503 saying to run `npm run build:web`.
 *
 * Demo mode (no key needed) only listens on a loopback address, and answers 403 to any request
 * whose Host header is not localhost, 127.0.0.1 or [::1] (any port), so that a web page cannot
 * reach it through DNS rebinding.
 *
 * Auth: see auth.ts. CORS: only origins listed in `cors` (or `*`) get CORS headers; preflight
 * requests (OPTIONS) are answered here. Every request writes one JSON log line (log.ts), also
 * one whose client went away before the answer (status 499, outcome CLIENT_CLOSED).
 *
 * Overload (limits.ts): beyond `maxInflight` requests at once, a request is answered 429 with
 * `Retry-After` before its body is read; a request slower to arrive than `requestTimeoutMs` is
 * answered 408 and its connection closed. Both answers are JSON errors with a code, like the rest.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { badInput, GoalnetError } from '../model/errors.js';
import type { GraphStore } from '../store/graph-store.js';
import { packageRoot } from '../ingest/examples.js';
import { DEMO_PRINCIPAL, keyFromHeaders, KeyRing, type ApiKey, type Principal } from './auth.js';
import { createContext, type ApiContext, type RequestRecord } from './context.js';
import { bracketDepth, limitsPlugin, MAX_BRACKET_DEPTH } from './cost.js';
import { apiErrorFormatter, CODE_OF, HTTP_STATUS, INTERNAL_MESSAGE, logInternalError, requestError, type ApiErrorCode } from './errors.js';
import { HEADERS_TIMEOUT_MS, LIMIT_ENV, resolveLimits, type Limits } from './limits.js';
import { jsonLogger, type Logger } from './log.js';
import { buildApiSchema } from './schema.js';
import { resolveStatic, sendFile } from './static.js';
import { exportNetwork, EXPORT_FORMATS } from './network-export.js';

export interface ApiServerOptions {
  store: GraphStore;
  /** Local demo mode: requests without a key act as admin of every model. Logs a warning on start. */
  demo?: boolean;
  keys?: ApiKey[];
  limits?: Partial<Limits>;
  /** Origins allowed to call the API from a browser (`*` for any). Default: none (same origin only). */
  cors?: string[];
  logger?: Logger;
  /** Folder of the built web front end. Default: dist/web in the package. */
  webRoot?: string;
  /** Port to listen on; 0 picks a free one. Default 4000. */
  port?: number;
  /** Address to listen on. Default 127.0.0.1 (this machine only). */
  host?: string;
}

export interface ApiServer {
  /** Base URL, e.g. http://127.0.0.1:4000 (GraphQL at `${url}/graphql`). */
  url: string;
  port: number;
  /** Stops accepting requests and closes connections; leaves the store open. */
  close(): Promise<void>;
}

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly code: string) {
    super(message);
  }
}

/** The client closed the connection before its request was read: there is nobody to answer. */
class ClientClosed extends Error {
  constructor() {
    super('The client closed the connection before the request was read');
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `The request body is larger than ${limit} bytes; send less (split an event log), or raise GOALNET_MAX_BODY_BYTES`, 'PAYLOAD_TOO_LARGE'));
        // Stop buffering; the connection is closed once the 413 answer is sent.
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // A client that disconnects mid-upload is not a server error (Node reports it as ECONNRESET).
    req.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ECONNRESET' ? new ClientClosed() : error));
    req.on('close', () => {
      if (!req.complete) reject(new ClientClosed());
    });
  });
}

function isQueryBody(body: unknown): body is { query: unknown } {
  return typeof body === 'object' && body !== null && 'query' in body;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

/** Whether `host` (an address to listen on) is this machine only: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || h === '::ffff:127.0.0.1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Whether a request's Host header names this machine: localhost, 127.0.0.1 or [::1], any port. */
export function isLocalHostHeader(header: string | undefined): boolean {
  if (header === undefined) return false;
  const m = /^(localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i.exec(header.trim());
  return m !== null;
}

/** Starts the API server (see the module comment for routes). */
export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const limits = resolveLimits(options.limits);
  const log = options.logger ?? jsonLogger();
  const keys = new KeyRing(options.keys ?? []);
  const demo = options.demo === true;
  const cors = new Set(options.cors ?? []);
  const webRoot = options.webRoot ?? path.join(packageRoot(), 'dist', 'web');
  const store = options.store;
  const version = packageVersion();
  const host = options.host ?? '127.0.0.1';
  if (demo && !isLoopbackHost(host)) {
    throw badInput(
      `Demo mode lets anyone without a key act as admin, so it only listens on this machine; host is "${host}". ` +
        'Listen on 127.0.0.1, localhost or ::1 (GOALNET_HOST), or turn demo mode off and configure API keys.',
      [{ where: 'host', message: `"${host}" is not a loopback address` }],
    );
  }

  const apollo = new ApolloServer<ApiContext>({
    schema: buildApiSchema(),
    formatError: apiErrorFormatter(log),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    introspection: true,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: limits.maxTokens },
    // No automatic persisted queries: every request sends its query text, which is what is measured and logged.
    persistedQueries: false,
    // No CDN landing page (the IDE is served from /ide); no cache-control hints (answers depend
    // on the key and on data that changes), which also spares a hook on every field.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), limitsPlugin(limits)],
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: unknown) => log({ level: 'warn', source: 'apollo', message: String(message) }),
      error: (message: unknown) => log({ level: 'error', source: 'apollo', message: String(message) }),
    },
  });
  await apollo.start();

  /** Who is calling; throws UNAUTHENTICATED (and notes it in the record). */
  const authenticate = (headers: { get(name: string): string | undefined | null }, record: RequestRecord & { key?: string }): Principal => {
    const key = keyFromHeaders(headers);
    if (key === undefined) {
      if (demo) {
        record.key = DEMO_PRINCIPAL.name;
        return DEMO_PRINCIPAL;
      }
      record.errorCode = 'UNAUTHENTICATED';
      throw requestError('UNAUTHENTICATED', 'No API key: send it as "Authorization: Bearer KEY" or "x-api-key: KEY" (ask an admin for one)');
    }
    const found = keys.find(key);
    if (found === undefined) {
      record.errorCode = 'UNAUTHENTICATED';
      throw requestError('UNAUTHENTICATED', 'Unknown API key: check the key you sent, or ask an admin for a new one');
    }
    record.key = found.name;
    return { name: found.name, roles: found.roles, demo: false };
  };

  const corsHeaders = (req: IncomingMessage, res: ServerResponse): void => {
    const origin = req.headers.origin;
    if (origin === undefined) return;
    if (cors.has('*') || cors.has(origin)) {
      res.setHeader('access-control-allow-origin', cors.has('*') ? '*' : origin);
      res.setHeader('vary', 'Origin');
      res.setHeader('access-control-allow-headers', 'authorization, x-api-key, content-type, apollo-require-preflight, x-apollo-operation-name');
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-max-age', '600');
    }
  };

  /**
   * Operations answered with TIMEOUT that are still running: they count against `maxInflight`
   * until they end, so that slow requests repeated by a client cannot pile up unbounded work.
   */
  let abandoned = 0;
  const graphql = async (req: IncomingMessage, res: ServerResponse, url: URL, record: RequestRecord & { key?: string }): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST');
      sendError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on /graphql; use POST (or GET for queries)`);
      return;
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    let body: unknown;
    if (req.method === 'POST') {
      const text = await readBody(req, limits.maxBodyBytes);
      const type = headers.get('content-type') ?? '';
      if (/json/i.test(type)) {
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch (error) {
          throw new HttpError(400, `The request body is not valid JSON: ${(error as Error).message}`, 'BAD_REQUEST');
        }
      } else {
        body = text;
      }
    }
    const queryText = isQueryBody(body) ? body.query : url.searchParams.get('query');
    if (typeof queryText === 'string') {
      if (bracketDepth(queryText, MAX_BRACKET_DEPTH, limits.maxTokens) > MAX_BRACKET_DEPTH) {
        throw new HttpError(400, `The query text nests brackets more than ${MAX_BRACKET_DEPTH} deep. Send large values as variables.`, 'QUERY_TOO_DEEP');
      }
    }
    const httpRequest: HTTPGraphQLRequest = { method: req.method, headers, search: url.search, body };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), limits.timeoutMs);
    });
    const run = apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: httpRequest,
      context: async () => createContext(store, authenticate(headers, record), limits, record),
    });
    let result: Awaited<typeof run> | 'timeout';
    try {
      result = await Promise.race([run, timeout]);
    } finally {
      clearTimeout(timer);
    }
    if (result === 'timeout') {
      record.errorCode = 'TIMEOUT';
      abandoned++;
      run.then(
        () => abandoned--,
        () => abandoned--,
      );
      sendError(
        res,
        503,
        'TIMEOUT',
        `The request ran longer than ${limits.timeoutMs} ms; the answer was abandoned (a mutation may still complete: query to check). Ask for less, or raise GOALNET_TIMEOUT_MS.`,
      );
      return;
    }
    res.statusCode = result.status ?? 200;
    for (const [k, v] of result.headers) res.setHeader(k, v);
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };

  const page = async (res: ServerResponse, file: string, head: boolean): Promise<void> => {
    if (!existsSync(webRoot)) {
      sendJson(res, 503, { error: `The web front end is not built (no ${webRoot}); run \`npm run build:web\`, then reload.` });
      return;
    }
    const found = await resolveStatic(webRoot, file);
    if (found === undefined) {
      sendJson(res, 404, { error: `Not found: ${file}` });
      return;
    }
    await sendFile(res, found, { immutable: file.startsWith('assets/'), head });
  };

  const route = async (req: IncomingMessage, res: ServerResponse, record: RequestRecord & { key?: string; path?: string }): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;
    record.path = p;
    if (demo && !isLocalHostHeader(req.headers.host)) {
      sendJson(res, 403, {
        error:
          `Demo mode answers only requests addressed to localhost, 127.0.0.1 or [::1]; this one was addressed to ` +
          `"${req.headers.host ?? '(no Host header)'}". Open the API through http://localhost:PORT, or run without demo mode and with API keys.`,
      });
      return;
    }
    corsHeaders(req, res);
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.end();
      return;
    }
    if (p === '/graphql') return graphql(req, res, url, record);
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.setHeader('allow', 'GET, HEAD');
      sendError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${p}`);
      return;
    }
    if (p === '/health') {
      const health = await store.health().catch((error: Error) => ({ kind: store.kind, ok: false, detail: error.message, models: 0 }));
      const status = health.ok ? 'ok' : 'unavailable';
      const key = keyFromHeaders({ get: (name: string) => (req.headers[name] as string | undefined) ?? undefined });
      if (!demo && (key === undefined || keys.find(key) === undefined)) {
        // Anyone may ask whether the server is up; the store's details are for key holders.
        sendJson(res, health.ok ? 200 : 503, { status, store: { kind: health.kind, ok: health.ok } });
        return;
      }
      sendJson(res, health.ok ? 200 : 503, { status, store: health, version, demo });
      return;
    }
    if (p === '/') {
      res.statusCode = 302;
      res.setHeader('location', '/ide');
      res.end();
      return;
    }
    if (p === '/ide' || p === '/ide/') return page(res, 'ide.html', head);
    if (p.startsWith('/assets/')) return page(res, p.slice(1), head);
    const network = /^\/network\/([^/]+)(?:\/export\.([a-z]+))?\/?$/.exec(p);
    if (network) {
      if (network[2] === undefined) return page(res, 'network.html', head);
      let modelId: string;
      try {
        modelId = decodeURIComponent(network[1]);
      } catch {
        sendError(res, 400, 'BAD_USER_INPUT', 'The model id in the path is not valid percent-encoding');
        return;
      }
      if (!(EXPORT_FORMATS as readonly string[]).includes(network[2])) {
        sendError(res, 404, 'NOT_FOUND', `No export format "${network[2]}"; use one of ${EXPORT_FORMATS.join(', ')}`);
        return;
      }
      const headers = { get: (name: string) => (req.headers[name] as string | undefined) ?? undefined };
      const principal = authenticate(headers, record);
      const exported = await exportNetwork(store, principal, modelId, network[2] as (typeof EXPORT_FORMATS)[number], url.searchParams);
      res.statusCode = 200;
      res.setHeader('content-type', exported.contentType);
      res.setHeader('content-disposition', `attachment; filename="${exported.filename}"`);
      res.end(head ? undefined : exported.body);
      return;
    }
    sendJson(res, 404, { error: `Not found: ${p}. The API is at /graphql, the IDE at /ide.` });
  };

  /** Requests being read or answered now (not counting /health); see `maxInflight` and `abandoned`. */
  let inflight = 0;
  /** The request each connection is on, so that a request timeout can tell whether an answer has begun. */
  const current = new WeakMap<Duplex, { res: ServerResponse; record: RequestRecord; status?: number }>();

  // Node's request and headers timeouts (408 for slow senders), checked often enough that a
  // timeout is enforced within a quarter of the headers timeout.
  const headersTimeout = Math.min(HEADERS_TIMEOUT_MS, limits.requestTimeoutMs);
  const server: Server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout,
      connectionsCheckingInterval: Math.max(100, Math.floor(headersTimeout / 4)),
    },
    (req, res) => {
      const started = process.hrtime.bigint();
      const record: RequestRecord & { key?: string; path?: string } = {};
      const logRequest = (status: number, outcome: string): void => {
        log({
          time: new Date().toISOString(),
          method: req.method,
          path: record.path ?? (req.url ?? '/').split('?')[0],
          operationName: record.operationName ?? null,
          status,
          durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
          outcome,
          key: record.key ?? null,
        });
      };
      res.on('finish', () => logRequest(res.statusCode, record.errorCode ?? (res.statusCode >= 400 ? `HTTP_${res.statusCode}` : 'ok')));
      const socket = req.socket;
      const entry: { res: ServerResponse; record: RequestRecord; status?: number } = { res, record };
      current.set(socket, entry);
      res.on('close', () => {
        if (current.get(socket) === entry) current.delete(socket);
        // Closed before the answer was sent: the client went away, or clientError answered.
        if (!res.writableFinished) logRequest(entry.status ?? 499, record.errorCode ?? 'CLIENT_CLOSED');
      });

      if ((req.url ?? '/').split('?')[0] !== '/health') {
        if (inflight + abandoned >= limits.maxInflight) {
          // Refused before the body is read or anything is parsed; the connection closes after the
          // answer so that a flooding client has to reconnect.
          record.errorCode = 'TOO_MANY_REQUESTS';
          corsHeaders(req, res);
          res.setHeader('retry-after', '1');
          res.setHeader('connection', 'close');
          sendError(
            res,
            429,
            'TOO_MANY_REQUESTS',
            `The server is busy: ${limits.maxInflight} requests are already in progress; try again after the Retry-After seconds ` +
              `(the bound is ${LIMIT_ENV.maxInflight})`,
          );
          return;
        }
        inflight++;
        // Released when the answer is done or the connection closes (a pipelined request queued
        // behind another gets no 'close' of its own when the client disconnects).
        let released = false;
        const release = (): void => {
          if (released) return;
          released = true;
          inflight--;
          socket.off('close', release);
        };
        res.once('close', release);
        socket.once('close', release);
      }

      route(req, res, record).catch((error: unknown) => {
        if (error instanceof ClientClosed) {
          // Logged as CLIENT_CLOSED when the response closes; make sure it does.
          res.destroy();
          return;
        }
        const { status, code, message, internal } = describeFailure(error);
        if (internal) logInternalError(log, error, `${req.method ?? '?'} ${record.path ?? (req.url ?? '/').split('?')[0]}`);
        record.errorCode = code;
        if (res.headersSent) {
          res.end();
          return;
        }
        if (status === 413) {
          res.setHeader('connection', 'close');
          res.on('finish', () => req.socket.destroy());
        }
        sendError(res, status, code, message);
      });
    },
  );

  // Bad HTTP and request timeouts (Node's clientError): a JSON error with a code, like every
  // other refusal, unless an answer has begun on the connection (then it is only closed).
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const active = current.get(socket);
    // The client closed its side mid-request (HPE_INVALID_EOF_STATE) or reset: nobody to answer.
    if (error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE' || !socket.writable || active?.res.headersSent) {
      socket.destroy();
      return;
    }
    const timeoutMessage =
      `The request did not arrive in time (headers within ${headersTimeout} ms, all of it within ` +
      `${limits.requestTimeoutMs} ms, ${LIMIT_ENV.requestTimeoutMs}); send it again`;
    const [status, code, message] =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', timeoutMessage]
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large; send fewer or shorter headers']
          : [400, 'BAD_REQUEST', 'The request is not valid HTTP/1.1'];
    if (active !== undefined) {
      // Logged with the request when its response closes.
      active.record.errorCode = code;
      active.status = status;
    } else {
      log({ time: new Date().toISOString(), status, outcome: code, message });
    }
    const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      () => socket.destroy(),
    );
  });

  const port = options.port ?? 4000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}`;
  if (demo) {
    log({
      level: 'warn',
      message:
        `!!! DEMO MODE: requests without an API key act as ADMIN of every model. ` +
        `Only for a local demo on this machine; never expose ${url} to a network. !!!`,
    });
  } else if (keys.size === 0) {
    log({ level: 'warn', message: 'No API keys configured (GOALNET_API_KEYS or GOALNET_API_KEYS_FILE): every GraphQL request will be refused' });
  }
  log({ level: 'info', message: `goalnet API listening on ${url}/graphql (IDE at ${url}/ide), store: ${store.kind}` });

  let closed: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    close: () => {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await apollo.stop();
      })();
      return closed;
    },
  };
}

/**
 * Status, code and message of an error thrown outside Apollo. Errors that are not ours (no
 * HttpError, GoalnetError or GraphQL error code) are `internal`: the client gets only
 * INTERNAL_SERVER_ERROR and a fixed message; the caller logs the error with its stack.
 */
function describeFailure(error: unknown): { status: number; code: string; message: string; internal: boolean } {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message, internal: false };
  if (error instanceof GoalnetError) {
    const code = CODE_OF[error.code];
    const status = code === 'NOT_FOUND' ? 404 : code === 'BAD_USER_INPUT' ? 400 : code === 'CONFLICT' ? 409 : 503;
    return { status, code, message: error.message, internal: false };
  }
  const extensions = (error as { extensions?: { code?: unknown; http?: { status?: number } } }).extensions;
  if (extensions && typeof extensions.code === 'string') {
    const status = extensions.http?.status ?? HTTP_STATUS[extensions.code as ApiErrorCode] ?? (extensions.code === 'NOT_FOUND' ? 404 : 500);
    return { status, code: extensions.code, message: (error as Error).message, internal: false };
  }
  return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: INTERNAL_MESSAGE, internal: true };
}
