/** The IDE's example queries run, within the default limits, against the home-purchase example. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleQueries, EXAMPLE_MODEL } from '../../src/api/examples.js';
import { buildApiSchema } from '../../src/api/schema.js';
import { KEYS, startApi, type TestApi } from './helpers.js';

describe('exampleQueries()', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ limits: {} });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('has a model browse and one query per analysis', () => {
    const analyses = ['transitions', 'gaps', 'partnerOpportunities', 'channelPresence', 'contactPressure', 'goalSatisfaction', 'actorNetwork', 'journeyStats'];
    const queries = exampleQueries();
    for (const field of ['model', ...analyses]) {
      expect(queries.some((q) => new RegExp(`\\b${field}\\(`).test(q.query)), field).toBe(true);
    }
    expect(Object.keys(buildApiSchema().getQueryType()!.getFields()).filter((f) => f !== 'models').sort()).toEqual(['model', ...analyses].sort());
    expect(new Set(queries.map((q) => q.name)).size).toBe(queries.length);
  });

  it(`every example runs without errors for an analyst on "${EXAMPLE_MODEL}"`, async () => {
    for (const q of exampleQueries()) {
      const r = await api.gql(q.query, q.variables, KEYS.analyst.key);
      expect(r.errors, q.name).toBeUndefined();
      const [value] = Object.values(r.data ?? {});
      expect(value, q.name).toBeTruthy();
    }
  });
});
