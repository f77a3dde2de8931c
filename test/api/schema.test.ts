/** The checked-in SDL (schema/schema.graphql) must be what the code builds. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printApiSchema } from '../../src/api/schema.js';

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds (run `npx tsx src/api/emit-schema.ts` after changing the API)', () => {
    const file = readFileSync(path.resolve(import.meta.dirname, '../../schema/schema.graphql'), 'utf8');
    expect(file).toBe(printApiSchema());
  });

  it('documents the entity types, enums and every analysis', () => {
    const sdl = printApiSchema();
    for (const name of ['Model', 'Goal', 'Activity', 'Actor', 'Touchpoint', 'Journey', 'Step', 'JourneyConnection', 'PageInfo']) {
      expect(sdl).toContain(`type ${name} {`);
    }
    for (const name of ['Phase', 'Channel', 'Outcome', 'ActorKind', 'Initiator', 'Ownership', 'Mode', 'Refinement']) {
      expect(sdl).toContain(`enum ${name} {`);
    }
  });
});

describe('the web pages\' queries', () => {
  it('validate against the schema (web/src/network/query.ts)', async () => {
    const { parse, validate } = await import('graphql');
    const { buildApiSchema } = await import('../../src/api/schema.js');
    const web = (await import('../../web/src/network/query.js')) as Record<string, unknown>;
    const queries = Object.entries(web).filter(([name, value]) => name.endsWith('_QUERY') && typeof value === 'string') as [string, string][];
    expect(queries.length).toBeGreaterThan(0);
    for (const [name, query] of queries) {
      expect(validate(buildApiSchema(), parse(query)).map((e) => e.message), name).toEqual([]);
    }
  });
});
