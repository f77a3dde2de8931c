/**
 * Static files of the web front end (built by Vite into dist/web): content type by extension,
 * never a file outside the web root.
 *
 * Rules: the URL path is percent-decoded once; a path that does not decode, holds a NUL byte or
 * a backslash, or resolves (after `..` and symlinks) outside the root is refused with 404 — the
 * same answer as a missing file, so nothing about the disk is revealed. Directories are not
 * listed. Hashed assets (`/assets/*`) are cached for a year, pages are revalidated.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a URL path names inside `root`, or undefined when it does not name a regular file
 * inside it (see the module rules).
 */
export async function resolveStatic(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return undefined;
  }
  const candidate = path.resolve(realRoot, `.${path.posix.normalize(`/${decoded}`)}`);
  if (!isInside(realRoot, candidate)) return undefined;
  try {
    const real = await realpath(candidate);
    if (!isInside(realRoot, real)) return undefined;
    const info = await stat(real);
    return info.isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Sends a file with its content type; `immutable` for hashed assets. */
export function sendFile(res: ServerResponse, file: string, options: { immutable?: boolean; head?: boolean } = {}): Promise<void> {
  return new Promise((resolve) => {
    res.statusCode = 200;
    res.setHeader('content-type', contentTypeOf(file));
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', options.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (options.head) {
      res.end();
      resolve();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
      resolve();
    });
    stream.on('end', () => resolve());
    stream.pipe(res);
  });
}
