/**
 * Fuzz tests of the GraphQL API's input handling, over HTTP against the memory store with the
 * example models: mutations and queries get variables of every type and shape (control
 * characters, huge numbers, NaN-like strings, nested objects, missing fields). The answer is
 * never a 5xx or an internal error; every error has a code and a message; a refused mutation
 * changes nothing stored, an accepted upsert keeps every entity it did not name, and a query
 * changes nothing. Fewer cases than the other fuzz tests (each is a request): see runs.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { encodeCursor } from '../../src/api/pagination.js';
import { canonicalModel, readModelFile, serializeModel } from '../../src/ingest/model-file.js';
import type { ModelDocument } from '../../src/model/types.js';
import { ACTOR_KINDS, CHANNELS, INITIATORS, MODES, OUTCOMES, OWNERSHIPS, PHASES, REFINEMENTS } from '../../src/model/vocabulary.js';
import { KEYS, memoryFactory, startApi, type GqlResult, type TestApi } from '../api/helpers.js';
import { awkwardText, edgeNumber, trickyString, wildJson } from './arbitraries.js';
import { FUZZ_HTTP_RUNS, fuzzParameters } from './runs.js';

const HP = 'home-purchase';
const ROOT = join(import.meta.dirname, '..', '..');
const hp: ModelDocument = await readModelFile(join(ROOT, 'seeds', 'models', `${HP}.json`));
const hpLog = readFileSync(join(ROOT, 'seeds', 'events', `${HP}.csv`), 'utf8').split('\n');

/** Codes an answer may carry; INTERNAL_SERVER_ERROR would be a bug. */
const CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
]);

let api: TestApi;
beforeAll(async () => {
  api = await startApi({ factory: memoryFactory });
});
afterAll(async () => {
  await api?.close();
});

// ---------------------------------------------------------------------------------------------
// Values

/** A plausible value most of the time, any JSON value sometimes. */
const w = <T>(plausible: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: wildJson });

/** Ids of home-purchase, new ids, and strings that are hard on ids. */
const someId = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hp.goals.map((g) => g.id), ...hp.actors.map((a) => a.id), ...hp.touchpoints.map((t) => t.id), ...hp.activities.map((a) => a.id), ...hp.segments.map((s) => s.id)) },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 8 }).map((s) => `fz-${s}`) },
  { weight: 1, arbitrary: trickyString },
  { weight: 1, arbitrary: fc.constant('x'.repeat(201)) },
);
const someName = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('', '   ', '\u0000'), awkwardText());
const member = (values: readonly string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.constantFrom(...values.map((v) => v.toLowerCase())) }, { weight: 1, arbitrary: trickyString });
/** An input object: all fields given, any left out, or not an object at all. */
const input = (shape: Record<string, fc.Arbitrary<unknown>>, required: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.record(shape, { requiredKeys: required as never[] }) },
    { weight: 1, arbitrary: fc.record(shape, { requiredKeys: [] }) },
    { weight: 1, arbitrary: wildJson },
  );
const listOf = (item: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary: fc.array(item, { maxLength: 3 }) }, { weight: 1, arbitrary: wildJson });
const modelId = fc.oneof({ weight: 6, arbitrary: fc.constant(HP) }, { weight: 1, arbitrary: fc.constantFrom('pasta-dinner', 'no-such-model') }, { weight: 1, arbitrary: wildJson });
const timestamp = fc.oneof(
  fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2024-03-01', '2024-03-01T09:30:00', '2024-02-30T00:00:00Z', '1e999', '', 'yesterday'),
  edgeNumber,
);
const attributes = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'note', ' ', 'region'), awkwardText({ minLength: 1, maxLength: 5 })), fc.oneof(awkwardText(), wildJson), { maxKeys: 3 }),
  wildJson,
);

// ---------------------------------------------------------------------------------------------
// Operations

interface Operation {
  /** The mutation's field, whose value is null when it is refused. */
  field: string;
  query: string;
  variables: Record<string, unknown>;
  /** For upserts: the kind and the list in the model document, to check what an accepted one kept. */
  upsert?: { list: 'goals' | 'actors' | 'touchpoints' | 'activities' | 'segments' | 'partnerships'; items: unknown };
  /** Journeys to compare before and after (a refused recordJourney must not merge). */
  journeys?: string[];
}

const op = (field: string, signature: string, args: string, selection: string) => `mutation(${signature}) { ${field}(${args})${selection} }`;

const damagedLog = fc.tuple(fc.nat({ max: 30 }), fc.nat({ max: 8 }), fc.array(fc.tuple(fc.nat(), awkwardText({ minLength: 1, maxLength: 6 })), { maxLength: 3 })).map(([start, count, inserts]) => {
  let text = [hpLog[0], ...hpLog.slice(1 + start, 1 + start + count)].join('\n') + '\n';
  for (const [at, junk] of inserts) {
    const i = at % (text.length + 1);
    text = text.slice(0, i) + junk + text.slice(i);
  }
  return text;
});
const modelText = fc.oneof(
  fc.constantFrom(serializeModel(hp), stringifyYaml(canonicalModel(hp))),
  fc.tuple(fc.constantFrom('json', 'yaml'), fc.nat(), awkwardText({ maxLength: 4 }), fc.nat({ max: 5 })).map(([format, at, insert, cut]) => {
    const text = format === 'json' ? serializeModel(hp) : stringifyYaml(canonicalModel(hp));
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + cut);
  }),
  fc.tuple(fc.constantFrom('[', '{a: ', '- ', '{"a":'), fc.integer({ min: 50, max: 2000 })).map(([open, depth]) => open.repeat(depth)),
  awkwardText({ maxLength: 30 }),
);

/** A journey that fits home-purchase, sometimes with one value made wrong. */
const plausibleJourney = fc
  .record({
    id: fc.oneof(fc.constantFrom('HP-0001', 'HP-0002'), fc.string({ minLength: 1, maxLength: 6 }).map((s) => `fz-${s}`)),
    segment: fc.option(fc.constantFrom(...hp.segments.map((s) => s.id)), { nil: undefined }),
    steps: fc.array(
      fc.record(
        {
          timestamp: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
          activity: fc.constantFrom(...hp.activities.map((a) => a.id)),
          touchpoint: fc.constantFrom(...hp.touchpoints.map((t) => t.id)),
          outcome: fc.constantFrom(...OUTCOMES.map((o) => o.toUpperCase())),
          sentiment: fc.integer({ min: -2, max: 2 }),
          note: awkwardText(),
          attributes: fc.dictionary(fc.constantFrom('region', 'device', '__proto__', 'Notes'), awkwardText(), { maxKeys: 2 }),
        },
        { requiredKeys: ['timestamp', 'activity'] },
      ),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .chain((journey) =>
    fc.oneof(
      fc.constant(journey as Record<string, unknown>),
      fc.tuple(fc.nat(), fc.constantFrom('timestamp', 'activity', 'touchpoint', 'outcome', 'sentiment', 'note', 'attributes'), wildJson).map(([i, field, value]) => {
        const steps = journey.steps.map((s) => ({ ...s }) as Record<string, unknown>);
        steps[i % steps.length][field] = value;
        return { ...journey, steps } as Record<string, unknown>;
      }),
    ),
  );

/** A journey of any shape. */
const wildJourney = input(
  {
    id: w(fc.oneof(fc.constantFrom('HP-0001', 'HP-0002'), someId)),
    segment: w(someId),
    steps: listOf(
      input(
        {
          timestamp: w(timestamp),
          activity: w(fc.constantFrom(...hp.activities.map((a) => a.id))),
          actor: w(someId),
          channel: w(member(CHANNELS)),
          touchpoint: w(someId),
          outcome: w(member(OUTCOMES.map((o) => o.toUpperCase()))),
          sentiment: w(fc.oneof(fc.integer({ min: -3, max: 3 }), edgeNumber)),
          note: w(someName),
          attributes,
        },
        ['timestamp', 'activity'],
      ),
    ),
  },
  ['id', 'steps'],
);

const mutation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ m: modelId, items: listOf(input({ id: w(someId), name: w(someName), parent: w(someId), refinement: w(member(REFINEMENTS)), description: w(someName) }, ['id', 'name'])) }).map(({ m, items }) => ({
    field: 'upsertGoals',
    query: op('upsertGoals', '$m: ID!, $items: [GoalInput!]!', 'modelId: $m, goals: $items', ' { id name parentId }'),
    variables: { m, items },
    upsert: { list: 'goals' as const, items },
  })),
  fc.record({ m: modelId, items: listOf(input({ id: w(someId), name: w(someName), kind: w(member(ACTOR_KINDS)), focal: w(fc.boolean()) }, ['id', 'name', 'kind'])) }).map(({ m, items }) => ({
    field: 'upsertActors',
    query: op('upsertActors', '$m: ID!, $items: [ActorInput!]!', 'modelId: $m, actors: $items', ' { id focal }'),
    variables: { m, items },
    upsert: { list: 'actors' as const, items },
  })),
  fc
    .record({
      m: modelId,
      items: listOf(input({ id: w(someId), name: w(someName), actor: w(someId), channel: w(member(CHANNELS)), initiator: w(member(INITIATORS)), ownership: w(member(OWNERSHIPS)) }, ['id', 'actor', 'channel'])),
    })
    .map(({ m, items }) => ({
      field: 'upsertTouchpoints',
      query: op('upsertTouchpoints', '$m: ID!, $items: [TouchpointInput!]!', 'modelId: $m, touchpoints: $items', ' { id ownership }'),
      variables: { m, items },
      upsert: { list: 'touchpoints' as const, items },
    })),
  fc
    .record({
      m: modelId,
      items: listOf(
        input(
          { id: w(someId), name: w(someName), goal: w(someId), phase: w(member(PHASES)), mode: w(member(MODES)), actors: listOf(someId), touchpoints: listOf(someId), next: listOf(someId) },
          ['id', 'name', 'goal', 'phase'],
        ),
      ),
    })
    .map(({ m, items }) => ({
      field: 'upsertActivities',
      query: op('upsertActivities', '$m: ID!, $items: [ActivityInput!]!', 'modelId: $m, activities: $items', ' { id }'),
      variables: { m, items },
      upsert: { list: 'activities' as const, items },
    })),
  fc.record({ m: modelId, items: listOf(input({ actors: listOf(someId) }, ['actors'])) }).map(({ m, items }) => ({
    field: 'upsertPartnerships',
    query: op('upsertPartnerships', '$m: ID!, $items: [PartnershipInput!]!', 'modelId: $m, partnerships: $items', ' { id actors { id } }'),
    variables: { m, items },
    upsert: { list: 'partnerships' as const, items },
  })),
  fc.record({ m: modelId, items: listOf(input({ id: w(someId), name: w(someName) }, ['id', 'name'])) }).map(({ m, items }) => ({
    field: 'upsertSegments',
    query: op('upsertSegments', '$m: ID!, $items: [SegmentInput!]!', 'modelId: $m, segments: $items', ' { id }'),
    variables: { m, items },
    upsert: { list: 'segments' as const, items },
  })),
  fc.record({ input: input({ id: w(fc.oneof(someId, fc.constant(HP))), name: w(someName), description: w(someName) }, ['id', 'name']) }).map((variables) => ({
    field: 'createModel',
    query: op('createModel', '$input: ModelInput!', 'input: $input', ' { id }'),
    variables,
  })),
  fc.record({ id: modelId, input: input({ name: w(someName), description: w(fc.oneof(someName, fc.constant(null))) }, []) }).map((variables) => ({
    field: 'updateModel',
    query: op('updateModel', '$id: ID!, $input: ModelPatch!', 'id: $id, input: $input', ' { id name }'),
    variables,
  })),
  fc.record({ m: modelId, journey: fc.oneof(plausibleJourney, wildJourney) }).map(({ m, journey }) => ({
    field: 'recordJourney',
    query: op('recordJourney', '$m: ID!, $journey: JourneyInput!', 'modelId: $m, journey: $journey', ' { id stepCount }'),
    variables: { m, journey },
    journeys: typeof (journey as { id?: unknown } | null)?.id === 'string' ? [(journey as { id: string }).id] : [],
  })),
  fc.record({ m: modelId, text: w(fc.oneof(damagedLog, awkwardText({ maxLength: 40 }))) }).map((variables) => ({
    field: 'importEventLog',
    query: op('importEventLog', '$m: ID!, $text: String!', 'modelId: $m, text: $text', ' { rows accepted rejectedCount rejected { line reason } }'),
    variables,
  })),
  fc.record({ text: w(modelText), format: w(fc.constantFrom('JSON', 'YAML')) }).map((variables) => ({
    field: 'importModel',
    query: op('importModel', '$text: String!, $format: ModelFormat', 'text: $text, format: $format', ' { id }'),
    variables,
  })),
  fc.record({ kind: fc.constantFrom('Goals', 'Actors', 'Touchpoints', 'Activities', 'Partnerships', 'Segments', 'Journeys'), m: modelId, ids: listOf(w(someId)) }).map(({ kind, m, ids }) => ({
    field: `delete${kind}`,
    query: op(`delete${kind}`, '$m: ID!, $ids: [ID!]!', 'modelId: $m, ids: $ids', ''),
    variables: { m, ids },
  })),
);

// ---------------------------------------------------------------------------------------------
// Checks

/** The status is not 5xx and every error has a known code and a message. */
function checkAnswer(r: GqlResult): void {
  expect(r.status, JSON.stringify(r.errors)).toBeLessThan(500);
  for (const e of r.errors ?? []) {
    expect(typeof e.message === 'string' && e.message.trim() !== '', 'an error message').toBe(true);
    const code = e.extensions?.code;
    expect(CODES.has(code), `code ${code}: ${e.message}`).toBe(true);
    for (const p of (e.extensions?.problems as { where: unknown; message: unknown }[] | undefined) ?? []) {
      expect(typeof p.where === 'string' && typeof p.message === 'string' && p.message !== '').toBe(true);
    }
  }
  if (r.status === 200 && r.errors === undefined) expect(r.data).toBeDefined();
}

/** Everything stored that a mutation could change: each model's document, counts, and some journeys. */
async function snapshot(journeyIds: string[] = []): Promise<unknown> {
  const models = await api.store.listModels();
  const out: Record<string, unknown> = {};
  for (const m of models) {
    const journeys: Record<string, unknown> = {};
    for (const id of journeyIds) journeys[id] = await api.store.getJourney(m.id, id);
    out[m.id] = { doc: await api.store.getDocument(m.id), counts: await api.store.countJourneys(m.id), journeys };
  }
  return { models, out };
}

/** The id of an entity in its list, as upserts match them (a partnership: its sorted pair). */
function identity(list: string, entity: unknown): string {
  if (list === 'partnerships') return JSON.stringify([...(entity as { actors: string[] }).actors].sort());
  return (entity as { id: string }).id;
}

function internalErrorsLogged(): Record<string, unknown>[] {
  return api.logs.filter((line) => line.level === 'error');
}

describe('GraphQL input, fuzzed over HTTP', () => {
  it('mutations: never 5xx or internal; a refused one changes nothing, an accepted upsert keeps what it did not name', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (o) => {
        const before = await snapshot(o.journeys);
        const beforeDoc = await api.store.getDocument(typeof o.variables.m === 'string' ? o.variables.m : HP);
        const r = await api.gql(o.query, o.variables);
        checkAnswer(r);
        const refused = r.data?.[o.field] === undefined || r.data?.[o.field] === null;
        if (refused) {
          expect(r.errors?.length, 'a refused mutation says why').toBeGreaterThan(0);
          expect(await snapshot(o.journeys)).toEqual(before);
        } else if (o.upsert !== undefined && beforeDoc !== null) {
          const after = (await api.store.getDocument(o.variables.m as string))!;
          const named = new Set((o.upsert.items as unknown[]).map((item) => identity(o.upsert!.list, item)));
          const kept = (beforeDoc[o.upsert.list] as unknown[]).filter((e) => !named.has(identity(o.upsert!.list, e)));
          const afterIds = new Map((after[o.upsert.list] as unknown[]).map((e) => [identity(o.upsert!.list, e), e]));
          for (const e of kept) expect(afterIds.get(identity(o.upsert.list, e)), `kept ${identity(o.upsert.list, e)}`).toEqual(e);
          for (const id of named) expect(afterIds.has(id), `stored ${id}`).toBe(true);
          expect(afterIds.size).toBe(kept.length + named.size);
        }
        expect(internalErrorsLogged()).toEqual([]);
      }),
      fuzzParameters(FUZZ_HTTP_RUNS),
    );
  });

  it('queries with any arguments: never 5xx or internal, pages no longer than asked, nothing changes', async () => {
    const journeyIds = ['HP-0001', 'HP-0002', 'HP-0100'];
    const cursor = fc.oneof(
      fc.constantFrom(...journeyIds).map((id) => encodeCursor('journey', id)),
      fc.oneof(fc.nat({ max: 30 }), fc.constantFrom(-1, 1e21, 2 ** 53)).map((n) => encodeCursor('step', n)),
      fc.constantFrom('step:abc', 'journey:', '', '====', '%%%').map((s) => Buffer.from(s).toString('base64url')),
      trickyString,
    );
    const first = fc.oneof(fc.integer({ min: -2, max: 600 }), edgeNumber, trickyString);
    const filter = input({ from: w(timestamp), to: w(timestamp), segment: w(someId), phase: w(member(PHASES)) }, []);
    const query = fc.oneof(
      fc.record({ id: modelId, first: w(first), after: w(cursor), outcome: w(member(OUTCOMES.map((o) => o.toUpperCase()))), segment: w(someId) }).map((variables) => ({
        text: `query($id: ID!, $first: Int, $after: String, $outcome: Outcome, $segment: ID) { model(id: $id) {
          journeys(first: $first, after: $after, outcome: $outcome, segment: $segment) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } }`,
        variables,
        page: (d: any) => d?.model?.journeys?.edges as unknown[] | undefined,
      })),
      fc.record({ id: modelId, jid: w(fc.constantFrom(...journeyIds)), first: w(first), after: w(cursor) }).map((variables) => ({
        text: `query($id: ID!, $jid: ID!, $first: Int, $after: String) { model(id: $id) { journey(id: $jid) { steps(first: $first, after: $after) { totalCount edges { cursor } } } } }`,
        variables,
        page: (d: any) => d?.model?.journey?.steps?.edges as unknown[] | undefined,
      })),
      fc
        .record({
          field: fc.constantFrom('journeyStats', 'transitions', 'goalSatisfaction', 'gaps', 'contactPressure', 'channelPresence'),
          m: modelId,
          f: w(filter),
          focal: w(someId),
          min: w(first),
          by: w(member(['ACTIVITY', 'GOAL'])),
        })
        .map(({ field, m, f, focal, min, by }) => {
          const extra =
            field === 'gaps' ? ', focal: $focal, minJourneys: $min, by: $by' : field === 'contactPressure' ? ', focal: $focal, minContacts: $min' : field === 'channelPresence' ? ', focal: $focal' : '';
          const used = { m, f, ...(extra.includes('$focal') ? { focal } : {}), ...(extra.includes('$min') ? { min } : {}), ...(extra.includes('$by') ? { by } : {}) };
          const decl = ['$m: ID!', '$f: AnalysisFilter', ...(extra.includes('$focal') ? ['$focal: ID'] : []), ...(extra.includes('$min') ? ['$min: Int'] : []), ...(extra.includes('$by') ? ['$by: GapLevel'] : [])];
          return { text: `query(${decl.join(', ')}) { ${field}(modelId: $m, filter: $f${extra}) { __typename } }`, variables: used as Record<string, unknown>, page: () => undefined };
        }),
      fc.record({ id: modelId, depth: w(first), leaf: w(fc.boolean()) }).map((variables) => ({
        text: `query($id: ID!, $depth: Int, $leaf: Boolean) { model(id: $id) { goals(depth: $depth, leaf: $leaf) { id } } }`,
        variables,
        page: () => undefined,
      })),
    );
    const before = await snapshot(journeyIds);
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const r = await api.gql(q.text, q.variables);
        checkAnswer(r);
        const edges = q.page(r.data);
        const asked = (q.variables as Record<string, unknown>).first;
        if (edges !== undefined && Number.isInteger(asked) && (asked as number) >= 1) expect(edges.length).toBeLessThanOrEqual(asked as number);
        expect(internalErrorsLogged()).toEqual([]);
      }),
      fuzzParameters(FUZZ_HTTP_RUNS),
    );
    expect(await snapshot(journeyIds)).toEqual(before);
  });

  it('any request body: never 5xx', async () => {
    const body = fc.oneof(
      wildJson.map((v) => JSON.stringify(v)),
      fc.record({ query: w(fc.constantFrom('{ models { id } }', 'mutation { deleteModel(id: "x") }', '{', 'query($a: Int) { models { id } }')), variables: wildJson, operationName: w(trickyString) }).map((v) => JSON.stringify(v)),
      awkwardText({ maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await fetch(`${api.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.admin.key}` }, body: text });
        const answer = await res.text();
        expect(res.status, answer).toBeLessThan(500);
        expect(answer).not.toContain('INTERNAL_SERVER_ERROR');
      }),
      fuzzParameters(FUZZ_HTTP_RUNS),
    );
    expect(internalErrorsLogged()).toEqual([]);
  });

  it('partnerships between any actors, "~" in their ids included, are all kept', async () => {
    const ACTORS = ['a', 'b', 'c', 'a~b', 'b~c', '~', '~a'];
    const base: ModelDocument = {
      model: { id: 'fz-pairs', name: 'Pairs' },
      goals: [],
      actors: ACTORS.map((id) => ({ id, name: id, kind: 'FIRM' as const, focal: false })),
      touchpoints: [],
      activities: [],
      partnerships: [],
      segments: [],
    };
    const pair = fc.tuple(fc.constantFrom(...ACTORS, 'nobody'), fc.constantFrom(...ACTORS));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(pair, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), async (calls) => {
        await api.store.putDocument(base);
        const expected = new Set<string>();
        for (const pairs of calls) {
          const r = await api.gql(`mutation($items: [PartnershipInput!]!) { upsertPartnerships(modelId: "fz-pairs", partnerships: $items) { id actors { id } } }`, {
            items: pairs.map((actors) => ({ actors })),
          });
          checkAnswer(r);
          const key = (p: readonly string[]) => JSON.stringify([...p].sort());
          if (r.data?.upsertPartnerships) {
            expect(r.data.upsertPartnerships.map((p: { actors: { id: string }[] }) => key(p.actors.map((a) => a.id)))).toEqual(pairs.map(key));
            for (const p of pairs) expected.add(key(p));
          }
          const stored = (await api.store.getDocument('fz-pairs'))!.partnerships.map((p) => key(p.actors));
          expect(new Set(stored)).toEqual(expected);
          expect(stored.length).toBe(expected.size);
        }
      }),
      fuzzParameters(FUZZ_HTTP_RUNS),
    );
    expect(internalErrorsLogged()).toEqual([]);
  });
});
