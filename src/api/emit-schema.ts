/**
 * Writes the API's SDL to schema/schema.graphql (or the path given):
 *   npx tsx src/api/emit-schema.ts [path]
 * test/api/schema.test.ts fails when the file and the code differ.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../ingest/examples.js';
import { printApiSchema } from './schema.js';

export const SCHEMA_FILE = path.join('schema', 'schema.graphql');

export function emitSchema(target = path.join(packageRoot(), SCHEMA_FILE)): string {
  writeFileSync(target, printApiSchema());
  return target;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const target = emitSchema(process.argv[2]);
  process.stdout.write(`wrote ${target}\n`);
}
