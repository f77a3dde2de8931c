/**
 * PNG through librsvg's `rsvg-convert` command (Debian/Ubuntu package librsvg2-bin, Homebrew
 * librsvg), when it is installed: goalnet brings no renderer of its own.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { GoalnetError } from '../../model/errors.js';

export const RSVG_CONVERT = 'rsvg-convert';

/** The path of `rsvg-convert` on PATH, or undefined when it is not installed. */
export function findRsvgConvert(envPath: string = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, RSVG_CONVERT);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Renders the SVG to a PNG file at `file`. Throws a BAD_INPUT GoalnetError saying what to
 * install when rsvg-convert is missing, and one with rsvg-convert's message when it fails.
 */
export async function svgToPng(svg: string, file: string, options: { rsvgConvert?: string } = {}): Promise<void> {
  const program = options.rsvgConvert ?? findRsvgConvert();
  if (program === undefined) {
    throw new GoalnetError(
      'BAD_INPUT',
      `Cannot write ${file}: PNG export needs the ${RSVG_CONVERT} program, which is not installed ` +
        `(Debian/Ubuntu: apt-get install librsvg2-bin; macOS: brew install librsvg). ` +
        `Install it, or write an .svg file instead.`,
    );
  }
  await new Promise<void>((resolve, reject) => {
    const child = execFile(program, ['--format=png', `--output=${file}`], { maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error === null) resolve();
      else reject(new GoalnetError('BAD_INPUT', `Cannot write ${file}: ${RSVG_CONVERT} failed: ${String(stderr).trim() || error.message}`));
    });
    child.stdin?.end(svg);
  });
}
