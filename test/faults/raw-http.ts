/**
 * HTTP at the socket level, for fault tests: requests whose bodies or headers arrive slowly or
 * never finish, clients that vanish mid-request, and one-shot requests on fresh connections; and
 * waiting for something to be observed (with a deadline) rather than for a while.
 */
import { connect, type Socket } from 'node:net';
import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: { errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown } & Record<string, unknown>;
}

/** Parses what a server wrote on a connection (one answer, with Content-Length or to the end). */
export function parseRaw(text: string): RawAnswer | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  const rest = Buffer.from(text.slice(end + 4), 'utf8');
  const body = (length === undefined ? rest : rest.subarray(0, length)).toString('utf8');
  let json: RawAnswer['json'];
  try {
    json = JSON.parse(body) as RawAnswer['json'];
  } catch {
    json = undefined;
  }
  return { status, headers, body, json };
}

export interface OpenConnection {
  socket: Socket;
  /** Everything the server wrote until it closed the connection. */
  closed: Promise<string>;
}

/** Opens a connection to `baseUrl` and writes `head` (and nothing more yet). */
export async function openConnection(baseUrl: string, head: string): Promise<OpenConnection> {
  const url = new URL(baseUrl);
  const socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.setEncoding('latin1');
  let received = '';
  socket.on('data', (text: string) => {
    received += text;
  });
  const closed = new Promise<string>((resolve) => {
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(Buffer.from(received, 'latin1').toString('utf8')));
  });
  socket.write(head);
  return { socket, closed };
}

/** The head of a POST to /graphql announcing `length` bytes of JSON. */
export function postHead(baseUrl: string, length: number, key: string, extra: Record<string, string> = {}): string {
  const url = new URL(baseUrl);
  const lines = [
    'POST /graphql HTTP/1.1',
    `Host: ${url.host}`,
    'Content-Type: application/json',
    `Authorization: Bearer ${key}`,
    `Content-Length: ${length}`,
    ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export interface OneShot {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json?: RawAnswer['json'];
  /** Transport failure, when no complete answer came. */
  error?: string;
}

/** One request on a fresh connection (no keep-alive), as a flood of separate clients would send. */
export function oneShot(baseUrl: string, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<OneShot> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
    const headers: Record<string, string | number> = { ...options.headers };
    if (body !== undefined) headers['content-length'] = body.length;
    let settled = false;
    const settle = (answer: OneShot) => {
      if (!settled) {
        settled = true;
        resolve(answer);
      }
    };
    const req = request(
      { agent: false, host: url.hostname, port: url.port, path: options.path ?? '/graphql', method: options.method ?? 'POST', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: OneShot['json'];
          try {
            json = JSON.parse(text) as OneShot['json'];
          } catch {
            json = undefined;
          }
          settle({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', (error) => settle({ status: res.statusCode ?? 0, headers: res.headers, text: '', error: error.message }));
      },
    );
    req.on('error', (error) => settle({ status: 0, headers: {}, text: '', error: `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}` }));
    req.end(body);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Checks `condition` every `everyMs` until it holds. The deadline only bounds a wait for
 * something that never comes: it fails naming `what` was awaited.
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string | (() => string),
  deadlineMs = 60_000,
  everyMs = 10,
): Promise<void> {
  const until = performance.now() + deadlineMs;
  for (;;) {
    if (await condition()) return;
    if (performance.now() > until) throw new Error(`Waited ${deadlineMs} ms, in vain, until ${typeof what === 'string' ? what : what()}`);
    await sleep(everyMs);
  }
}
