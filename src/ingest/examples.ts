/**
 * The example models shipped in `seeds/`: each `seeds/models/<id>.json` with its event log
 * `seeds/events/<id>.csv`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ExampleFiles {
  id: string;
  model: string;
  events: string | undefined;
}

/** The folder holding the package's package.json (found upward from this module). */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'goalnet') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('goalnet: cannot find the package folder (package.json named goalnet)');
    dir = up;
  }
}

export function exampleFiles(root = packageRoot()): ExampleFiles[] {
  const models = path.join(root, 'seeds', 'models');
  return readdirSync(models)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const id = f.slice(0, -'.json'.length);
      const events = path.join(root, 'seeds', 'events', `${id}.csv`);
      return { id, model: path.join(models, f), events: existsSync(events) ? events : undefined };
    });
}
