/**
 * Bad input, refused access and limits: each gets its code and a message that says what and
 * where, and a follow-up query shows that nothing stored changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiStoreFactories, firstError, KEYS, startApi, type TestApi } from './helpers.js';

const factories = await apiStoreFactories();

/** Everything of home-purchase a mutation could change, for before/after comparisons. */
const SNAPSHOT = `{ model(id: "home-purchase") { name description journeyCount stepCount
  goals { id name parentId refinement } actors { id name kind focal } touchpoints { id actor { id } channel }
  activities { id goal { id } next { id } } partnerships { id } segments { id name } } }`;

describe.each(factories)('API errors ($name store)', (factory) => {
  let api: TestApi;
  let before: Record<string, any>;

  beforeAll(async () => {
    api = await startApi({ factory, limits: { maxDepth: 8, maxComplexity: 20_000, maxPageSize: 100 } });
    before = await api.ok(SNAPSHOT);
  });
  afterAll(async () => {
    await api?.close();
  });

  const unchanged = async () => expect(await api.ok(SNAPSHOT)).toEqual(before);

  it('unknown ids are NOT_FOUND naming the id', async () => {
    const cases: [string, string][] = [
      [`{ model(id: "no-such-model") { id } }`, 'no-such-model'],
      [`{ model(id: "home-purchase") { goal(id: "no-goal") { id } } }`, 'no-goal'],
      [`{ model(id: "home-purchase") { actor(id: "no-actor") { id } } }`, 'no-actor'],
      [`{ model(id: "home-purchase") { activity(id: "no-activity") { id } } }`, 'no-activity'],
      [`{ model(id: "home-purchase") { touchpoint(id: "no-tp") { id } } }`, 'no-tp'],
      [`{ model(id: "home-purchase") { journey(id: "no-journey") { id } } }`, 'no-journey'],
      [`{ gaps(modelId: "no-such-model") { journeys } }`, 'no-such-model'],
      [`{ partnerOpportunities(modelId: "home-purchase", focal: "ghost-bank") { id } }`, 'ghost-bank'],
      [`{ gaps(modelId: "home-purchase", filter: { segment: "martians" }) { journeys } }`, 'martians'],
      [`mutation { deleteGoals(modelId: "home-purchase", ids: ["own-home", "ghost-goal"]) }`, 'ghost-goal'],
      [`mutation { deleteActors(modelId: "home-purchase", ids: ["ghost-actor"]) }`, 'ghost-actor'],
      [`mutation { deleteJourneys(modelId: "home-purchase", ids: ["ghost-journey"]) }`, 'ghost-journey'],
      [`mutation { deleteModel(id: "ghost-model") }`, 'ghost-model'],
      [`mutation { upsertGoals(modelId: "ghost-model", goals: [{ id: "g", name: "G" }]) { id } }`, 'ghost-model'],
    ];
    for (const [query, id] of cases) {
      const e = firstError(await api.gql(query));
      expect(e.code, query).toBe('NOT_FOUND');
      expect(e.message, query).toContain(`"${id}"`);
    }
    const del = firstError(await api.gql(`mutation { deleteGoals(modelId: "home-purchase", ids: ["own-home", "ghost-goal"]) }`));
    expect(del.extensions.field).toBe('ids[1]');
    await unchanged();
  });

  it('a goal cycle created through mutations is BAD_USER_INPUT at the field path, and nothing changes', async () => {
    // own-home is the root; making it a child of one of its own descendants closes a cycle.
    const r = await api.gql(`mutation { upsertGoals(modelId: "home-purchase", goals: [
      { id: "brand-new", name: "New goal", parent: "own-home" },
      { id: "own-home", name: "Own a new home", parent: "find-home" }]) { id } }`);
    const e = firstError(r);
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.message).toMatch(/cycle/);
    expect(e.message).toContain('goals[1].parent');
    expect(e.extensions.problems.some((p: { where: string }) => p.where === 'goals[1].parent')).toBe(true);
    expect(r.data).toBeNull();
    await unchanged();
  });

  it('field validation names every bad field path', async () => {
    const r = await api.gql(
      `mutation($g: [GoalInput!]!) { upsertGoals(modelId: "home-purchase", goals: $g) { id } }`,
      { g: [{ id: 'fine', name: 'Fine', parent: 'own-home' }, { id: '', name: '   ' }] },
    );
    const e = firstError(r);
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.extensions.field).toBe('goals[1].id');
    expect(e.extensions.problems.map((p: { where: string }) => p.where)).toEqual(expect.arrayContaining(['goals[1].id', 'goals[1].name']));
    expect(e.message).toContain('goals[1].name');

    const step = firstError(await api.gql(
      `mutation($j: JourneyInput!) { recordJourney(modelId: "home-purchase", journey: $j) { id } }`,
      { j: { id: 'bad-journey', steps: [{ timestamp: '2025-01-01T00:00:00Z', activity: 'browse-listings', sentiment: 7 }] } },
    ));
    expect(step.code).toBe('BAD_USER_INPUT');
    expect(step.extensions.field).toBe('journey.steps[0].sentiment');

    const unknownActivity = firstError(await api.gql(
      `mutation($j: JourneyInput!) { recordJourney(modelId: "home-purchase", journey: $j) { id } }`,
      { j: { id: 'bad-journey', steps: [{ timestamp: '2025-01-01T00:00:00Z', activity: 'browse-listings' }, { timestamp: '2025-01-02T00:00:00Z', activity: 'fly-to-moon' }] } },
    ));
    expect(unknownActivity.code).toBe('BAD_USER_INPUT');
    expect(unknownActivity.extensions.field).toBe('journey.steps[1]');
    expect(unknownActivity.message).toContain('fly-to-moon');

    const spaced = firstError(await api.gql(
      `mutation($j: JourneyInput!) { recordJourney(modelId: "home-purchase", journey: $j) { id } }`,
      { j: { id: 'spaced-journey ', steps: [{ timestamp: '2025-01-01T00:00:00Z', activity: 'browse-listings' }] } },
    ));
    expect(spaced.code).toBe('BAD_USER_INPUT');
    expect(spaced.extensions.field).toBe('journey.id');
    expect(spaced.message).toContain('spaces');

    const multiline = firstError(await api.gql(
      `mutation($j: JourneyInput!) { recordJourney(modelId: "home-purchase", journey: $j) { id } }`,
      { j: { id: 'bad-journey', steps: [
        { timestamp: '2025-01-01T00:00:00Z', activity: 'browse-listings', note: 'line one\nline two\nline three' },
        { timestamp: '2025-01-02T00:00:00Z', activity: 'browse-listings', note: 'fine' },
        { timestamp: '2025-01-03T00:00:00Z', activity: 'fly-to-moon' },
      ] } },
    ));
    expect(multiline.extensions.field).toBe('journey.steps[2]');

    const dangling = firstError(await api.gql(
      `mutation { upsertActivities(modelId: "home-purchase", activities: [{ id: "new-act", name: "New", goal: "no-such-goal", phase: USE }]) { id } }`,
    ));
    expect(dangling.code).toBe('BAD_USER_INPUT');
    expect(dangling.extensions.field).toBe('activities[0].goal');

    const window = firstError(await api.gql(`{ gaps(modelId: "home-purchase", filter: { from: "2025-06-01T00:00:00Z", to: "2025-01-01T00:00:00Z" }) { journeys } }`));
    expect(window).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'filter.to' } });
    const phase = firstError(await api.gql(`{ goalSatisfaction(modelId: "home-purchase", filter: { phase: USE }) { overall } }`));
    expect(phase).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'filter.phase' } });
    const badImport = firstError(await api.gql(`mutation { importModel(text: "{ \\"model\\": { \\"id\\": \\"x\\" } }") { id } }`));
    expect(badImport.code).toBe('BAD_USER_INPUT');
    expect(badImport.message).toContain('model.name');
    await unchanged();
  });

  it('deleting what is still referred to is CONFLICT, and nothing is deleted', async () => {
    const e = firstError(await api.gql(`mutation { deleteActors(modelId: "home-purchase", ids: ["nordbank"]) }`));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('nordbank');
    const dup = firstError(await api.gql(`mutation { createModel(input: { id: "home-purchase", name: "Again" }) { id } }`));
    expect(dup.code).toBe('CONFLICT');
    await unchanged();
  });

  it('a malformed event log is BAD_USER_INPUT and imports nothing', async () => {
    const logs = [
      ['', 'empty'],
      ['journey,activity\nj1,browse-listings\n', 'timestamp'],
      ['journey,timestamp,activity\n', 'no rows'],
    ];
    for (const [text, says] of logs) {
      const e = firstError(await api.gql(`mutation($t: String!) { importEventLog(modelId: "home-purchase", text: $t) { rows } }`, { t: text }));
      expect(e.code, text).toBe('BAD_USER_INPUT');
      expect(e.message.toLowerCase(), text).toContain(says);
    }
    await unchanged();
  });

  it('a query text nested too deep or of too many tokens is refused before parsing, and the server goes on', async () => {
    // 3,000 nested list literals overflow the parser's stack: refused before parsing.
    const nested = await api.gql(`{ model(id: ${'['.repeat(3000)}${']'.repeat(3000)}) { id } }`);
    expect(nested.status).toBe(400);
    expect(firstError(nested)).toMatchObject({ code: 'QUERY_TOO_DEEP', message: expect.stringMatching(/nests brackets more than 100 deep/) });
    // Many tokens, shallow: refused by the parser's token limit.
    const long = await api.gql(`{ ${'__typename '.repeat(5000)} }`);
    expect(long.status).toBe(400);
    expect(firstError(long)).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', message: expect.stringMatching(/contains more th.. 4000 tokens/) });
    // A megabyte of shallow tokens: the depth count stops at the token limit, the parser refuses it.
    const huge = await api.gql(`{ ${'a '.repeat(500_000)} }`);
    expect(huge.status).toBe(400);
    expect(firstError(huge).code).toBe('GRAPHQL_PARSE_FAILED');
    const ok = await api.gql(`{ model(id: "home-purchase") { id } }`);
    expect(ok.status).toBe(200);
  });

  it('a too-deep query is QUERY_TOO_DEEP, a too-complex one QUERY_TOO_COMPLEX, a too-large page BAD_USER_INPUT', async () => {
    const deep = await api.gql(`{ model(id: "home-purchase") { actors { activities { actors { activities { actors { activities { actors { activities { id } } } } } } } } } }`);
    expect(deep.status).toBe(400);
    expect(firstError(deep)).toMatchObject({ code: 'QUERY_TOO_DEEP', extensions: { depth: 10, maxDepth: 8 } });
    expect(firstError(deep).message).toContain('at most 8');

    const complex = await api.gql(`{ models { goals { activities { actors { touchpoints { id name } } } } } }`);
    expect(complex.status).toBe(400);
    const c = firstError(complex);
    expect(c.code).toBe('QUERY_TOO_COMPLEX');
    expect(c.extensions.cost).toBeGreaterThan(20_000);
    expect(c.message).toContain('at most 20000');

    const page = await api.gql(`{ model(id: "home-purchase") { journeys(first: 101) { totalCount } } }`);
    expect(page.status).toBe(400);
    expect(firstError(page)).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'model.journeys.first' } });
    const pageVar = await api.gql(`query($n: Int) { model(id: "home-purchase") { journey(id: "HP-0001") { steps(first: $n) { totalCount } } } }`, { n: 1000 });
    expect(firstError(pageVar).extensions.field).toBe('model.journey.steps.first');
    const fine = await api.ok(`{ model(id: "home-purchase") { journeys(first: 100) { edges { node { id } } } } }`);
    expect(fine.model.journeys.edges).toHaveLength(100);
  });

  it('a missing or wrong key is UNAUTHENTICATED (HTTP 401)', async () => {
    for (const key of [null, 'not-a-real-key-at-all']) {
      const r = await api.gql(`{ models { id } }`, {}, key);
      expect(r.status).toBe(401);
      const e = firstError(r);
      expect(e.code).toBe('UNAUTHENTICATED');
      expect(e.message).toMatch(key === null ? /No API key/ : /Unknown API key/);
    }
    const res = await fetch(`${api.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEYS.viewer.key },
      body: JSON.stringify({ query: '{ models { id } }' }),
    });
    expect(res.status).toBe(200);
  });

  it('a viewer cannot mutate or analyse; an analyst analyses but cannot mutate: FORBIDDEN naming the role', async () => {
    const mutation = `mutation { upsertSegments(modelId: "home-purchase", segments: [{ id: "new-seg", name: "New" }]) { id } }`;
    for (const who of ['viewer', 'analyst'] as const) {
      const e = firstError(await api.gql(mutation, {}, KEYS[who].key));
      expect(e.code, who).toBe('FORBIDDEN');
      expect(e.message).toContain('editor');
      expect(e.message).toContain(`has the role ${who}`);
    }
    const analyse = firstError(await api.gql(`{ gaps(modelId: "home-purchase") { journeys } }`, {}, KEYS.viewer.key));
    expect(analyse.code).toBe('FORBIDDEN');
    expect(analyse.message).toContain('analyst');
    expect((await api.ok(`{ gaps(modelId: "home-purchase") { journeys } }`, {}, KEYS.analyst.key)).gaps.journeys).toBeGreaterThan(0);
    const create = firstError(await api.gql(`mutation { createModel(input: { id: "editors-own", name: "Mine" }) { id } }`, {}, KEYS.editor.key));
    expect(create.code).toBe('FORBIDDEN');
    expect(create.message).toContain('admin');
    const outsider = firstError(await api.gql(`{ model(id: "home-purchase") { id } }`, {}, KEYS.outsider.key));
    expect(outsider.code).toBe('FORBIDDEN');
    const importLog = firstError(await api.gql(`mutation { importEventLog(modelId: "home-purchase", text: "journey,timestamp,activity\\nz,2025-01-01,browse-listings") { rows } }`, {}, KEYS.analyst.key));
    expect(importLog.code).toBe('FORBIDDEN');
    await unchanged();
    expect(await api.gql(`{ model(id: "editors-own") { id } }`).then((r) => firstError(r).code)).toBe('NOT_FOUND');
  });
});

describe('request timeout', () => {
  it('answers TIMEOUT when the store is slower than the limit', async () => {
    const api = await startApi({ limits: { timeoutMs: 50 } });
    const store = api.store;
    const slow = store.getModel.bind(store);
    store.getModel = async (id: string) => {
      await new Promise((r) => setTimeout(r, 400));
      return slow(id);
    };
    try {
      const r = await api.gql(`{ model(id: "home-purchase") { goals { id } } }`);
      expect(r.status).toBe(503);
      expect(firstError(r)).toMatchObject({ code: 'TIMEOUT' });
      expect(firstError(r).message).toContain('50 ms');
      expect(api.logs.some((l) => l.outcome === 'TIMEOUT')).toBe(true);
    } finally {
      store.getModel = slow;
      await new Promise((r) => setTimeout(r, 450));
      await api.close();
    }
  });
});

describe('errors that are not domain errors, and step cursors', () => {
  it('answers an unexpected resolver failure with a fixed message and logs it with its stack', async () => {
    const api = await startApi();
    const store = api.store;
    const original = store.getModel.bind(store);
    store.getModel = async () => {
      throw new TypeError('cannot read secret column at /srv/db/secret-file');
    };
    try {
      const r = await api.gql(`{ model(id: "home-purchase") { id } }`);
      const e = firstError(r);
      expect(e.code).toBe('INTERNAL_SERVER_ERROR');
      expect(e.message).toBe('Internal server error');
      expect(JSON.stringify(r)).not.toContain('secret');
      const logged = api.logs.find((l) => l.level === 'error' && String(l.message).includes('cannot read secret column'));
      expect(logged?.message).toContain('field model');
      expect(String(logged?.stack)).toContain('TypeError: cannot read secret column');
    } finally {
      store.getModel = original;
      await api.close();
    }
  });

  it('a step cursor whose key is not a whole number is BAD_USER_INPUT', async () => {
    const api = await startApi();
    try {
      const q = `query($after: String) { model(id: "home-purchase") { journey(id: "HP-0001") { steps(first: 2, after: $after) { edges { cursor } } } } }`;
      const good = (await api.ok(q, { after: null })).model.journey.steps.edges[0].cursor as string;
      expect((await api.ok(q, { after: good })).model.journey.steps.edges.length).toBeGreaterThan(0);
      for (const key of ['abc', '1.5', '-1', '', '1e3', ' 2']) {
        const r = await api.gql(q, { after: Buffer.from(`step:${key}`).toString('base64url') });
        const e = firstError(r);
        expect(e.code, key).toBe('BAD_USER_INPUT');
        expect(e.extensions.field, key).toBe('steps.after');
      }
    } finally {
      await api.close();
    }
  });
});
