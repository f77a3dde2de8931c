/**
 * Neo4jStore beyond the shared contract: faults and hostile input.
 * - the server stopped in the middle of a bulk import (its own server and data folder): the error
 *   names the failed batch; after a restart, running the import again stores exactly the input;
 * - a wrong password, an unreachable URI, a URI the driver does not know: one-line errors naming it;
 * - values crafted as Cypher, stored verbatim, deleting nothing else;
 * - the largest example log read back row for row; importing it again changes nothing;
 * - Neo4j's percentileDisc is the nearest-rank quantile the stats rely on;
 * - goal keys: stored ones equal the ones Cypher computes from the steps; stale or missing ones
 *   leave the stats exact and are rewritten by the next change of the model.
 * Skipped when there is no Neo4j (see test/setup/neo4j-global.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GoalnetError } from '../src/model/errors.js';
import { nearestRank } from '../src/model/journey-stats.js';
import type { ModelDocument } from '../src/model/types.js';
import type { GraphStore, JourneyInput, StepInput } from '../src/store/graph-store.js';
import { orderSteps } from '../src/store/journey-merge.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import { contactKeysOf, decodeSteps, encodeSteps, MARK, NO_SENTIMENT, parseContactKey, sortKey, type ReadJourneyColumns } from '../src/store/neo4j/journey-codec.js';
import { GOAL_FLAG, goalKeysOf, goalTree, parseGoalKey } from '../src/store/neo4j/goal-keys.js';
import { Neo4jStore } from '../src/store/neo4j/neo4j-store.js';
import { GOAL_KEYS, statsParameters } from '../src/store/neo4j/stats-queries.js';
import { openNeo4jStore } from '../src/store/neo4j/open.js';
import { freePort, startLocalNeo4j, type LocalNeo4j } from '../tools/neo4j-local/control.js';
import { loadSeedModel, scenarioFor } from '../seeds/catalog.js';
import { generateJourneys } from '../seeds/generator.js';
import { at, exampleData, homeJourneys, homeModel, renamed } from './contract/fixtures.js';
import { deleteTestModels, uniqueModelId } from './contract/stores.js';

const connection = inject('neo4j');

function env(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { NEO4J_URI: connection?.uri, NEO4J_USER: connection?.user, NEO4J_PASSWORD: connection?.password, ...overrides };
}

async function openShared(): Promise<Neo4jStore> {
  return Neo4jStore.open({ uri: connection!.uri, user: connection!.user, password: connection!.password, database: connection!.database });
}

/** A plain driver on the shared server, for reading and changing what a store wrote behind its back. */
function sharedDriver(): neo4j.Driver {
  return neo4j.driver(connection!.uri, neo4j.auth.basic(connection!.user, connection!.password), { disableLosslessIntegers: true });
}

async function failure(promise: Promise<unknown>): Promise<GoalnetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GoalnetError);
  return error as GoalnetError;
}

/** The steps of an input journey as a store keeps them (ordered; empty attributes dropped). */
function stored(steps: readonly StepInput[]): StepInput[] {
  return orderSteps(steps).map((s) => {
    const copy = { ...s };
    if (copy.attributes && Object.keys(copy.attributes).length === 0) delete copy.attributes;
    return copy;
  });
}

/** Every journey of a model as stored, read straight from Neo4j (id to segment and steps). */
async function storedJourneys(uri: string, password: string, modelId: string): Promise<Map<string, { segment?: string; steps: StepInput[] }>> {
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', password), { disableLosslessIntegers: true });
  try {
    const { records } = await driver.executeQuery(
      `MATCH (j:Journey {model: $model}) RETURN j.id AS id, j.segment AS segment, j.timestamps AS timestamps, j.activities AS activities,
       j.actors AS actors, j.channels AS channels, j.touchpoints AS touchpoints, j.outcomes AS outcomes, j.sentiments AS sentiments,
       j.noteSteps AS noteSteps, j.notes AS notes, j.attributeSteps AS attributeSteps, j.attributes AS attributes`,
      { model: modelId },
    );
    const out = new Map<string, { segment?: string; steps: StepInput[] }>();
    for (const r of records) {
      const id = r.get('id') as string;
      expect(out.has(id), `journey ${id} stored twice`).toBe(false);
      const segment = r.get('segment') as string | null;
      out.set(id, { ...(segment === null ? {} : { segment }), steps: decodeSteps(r.toObject() as unknown as ReadJourneyColumns) });
    }
    return out;
  } finally {
    await driver.close();
  }
}

/** What the input journeys must leave in a store: merged by id, in their step order. */
function expectedJourneys(journeys: readonly JourneyInput[]): Map<string, { segment?: string; steps: StepInput[] }> {
  const out = new Map<string, { segment?: string; steps: StepInput[] }>();
  for (const j of journeys) {
    if (out.has(j.id)) throw new Error(`test input repeats journey ${j.id}`);
    out.set(j.id, { ...(j.segment === undefined ? {} : { segment: j.segment }), steps: stored(j.steps) });
  }
  return out;
}

describe('Neo4j journey codec (pure)', () => {
  const steps: StepInput[] = [
    { timestamp: at(0), activity: 'search', actor: 'broker', channel: 'PHONE', touchpoint: 'broker-phone', outcome: 'progressed', sentiment: 1 },
    { timestamp: at(1), activity: 'apply', actor: 'nordbank', outcome: 'stuck', sentiment: -2, note: '' },
    { timestamp: at(1), activity: 'apply', actor: 'nordbank', outcome: 'stuck', attributes: { b: '2', a: '1' } },
    { timestamp: at(2), activity: 'search', outcome: 'abandoned', note: 'gave up' },
  ];

  it('round-trips steps exactly (absent fields stay absent, empty notes stay, attributes by key)', () => {
    const columns = encodeSteps(steps);
    expect(decodeSteps(columns)).toEqual(steps);
    expect(columns).toMatchObject({ steps: 4, start: at(0), end: at(2), outcome: 'abandoned', noteSteps: [1, 3], attributeSteps: [2], actorSet: ['broker', 'nordbank'] });
    expect(columns.sentiments).toEqual([1, -2, NO_SENTIMENT, NO_SENTIMENT]);
    expect(columns.attributes).toEqual(['[["a","1"],["b","2"]]']);
  });

  it('marks first occurrences and what follows each step', () => {
    const m = encodeSteps(steps).marks;
    const has = (i: number, name: keyof typeof MARK): boolean => (m[i] & MARK[name]) !== 0;
    expect([0, 1, 2, 3].map((i) => has(i, 'FIRST_ACTIVITY'))).toEqual([true, true, false, false]);
    expect([0, 1, 2, 3].map((i) => has(i, 'FIRST_STUCK'))).toEqual([false, true, false, false]);
    expect([0, 1, 2, 3].map((i) => has(i, 'FIRST_AFFECTED'))).toEqual([false, true, false, true]);
    expect([0, 1, 2, 3].map((i) => has(i, 'ENDED_INCOMPLETE'))).toEqual([false, false, false, true]);
    expect([0, 1, 2, 3].map((i) => has(i, 'HANDOVER'))).toEqual([true, false, false, false]);
    expect([0, 1, 2, 3].map((i) => has(i, 'NEXT_NEGATIVE'))).toEqual([true, false, false, false]);
    expect([0, 1, 2, 3].map((i) => has(i, 'NEXT_ABANDONED'))).toEqual([false, false, true, false]);
    expect([0, 1, 2, 3].map((i) => has(i, 'FIRST_CONTACT'))).toEqual([true, true, false, true]);
    expect(parseContactKey(contactKeysOf(encodeSteps(steps))[0])).toEqual({
      activity: 'search', actor: 'broker', channel: 'PHONE', touchpoint: 'broker-phone', handoverTo: 'nordbank', marks: m[0], sentiment: 1,
    });
  });

  it('keys each goal a journey reached with the outcomes of its steps under that goal', () => {
    const goals = [{ id: 'home' }, { id: 'finance', parent: 'home' }, { id: 'loan', parent: 'finance' }, { id: 'find', parent: 'home' }];
    const activities = [
      { id: 'search', goal: 'find' },
      { id: 'apply', goal: 'loan' },
      { id: 'call', goal: 'not-a-goal' },
    ];
    const { chains } = goalTree(goals, activities);
    expect(chains).toEqual({ search: ['find', 'home'], apply: ['loan', 'finance', 'home'], call: [] });
    const journey: StepInput[] = [
      { timestamp: at(0), activity: 'search', outcome: 'progressed' },
      { timestamp: at(1), activity: 'call', outcome: 'stuck' },
      { timestamp: at(2), activity: 'apply', outcome: 'stuck' },
      { timestamp: at(3), activity: 'apply', outcome: 'completed' },
      { timestamp: at(4), activity: 'search', outcome: 'abandoned' },
    ];
    const { STUCK, ABANDONED, COMPLETED, AFFECTED } = GOAL_FLAG;
    // find: the abandoned last step; loan and finance: a stuck and a completed step; home: all.
    expect(goalKeysOf(encodeSteps(journey), chains).map(parseGoalKey)).toEqual([
      { goal: 'find', flags: ABANDONED | AFFECTED },
      { goal: 'home', flags: STUCK | ABANDONED | COMPLETED | AFFECTED },
      { goal: 'loan', flags: STUCK | COMPLETED | AFFECTED },
      { goal: 'finance', flags: STUCK | COMPLETED | AFFECTED },
    ]);
    // A completed journey's last step is not affected.
    expect(goalKeysOf(encodeSteps([{ timestamp: at(0), activity: 'search', outcome: 'completed' }]), chains).map(parseGoalKey)).toEqual([
      { goal: 'find', flags: COMPLETED },
      { goal: 'home', flags: COMPLETED },
    ]);
  });

  it('keeps activities named like Object properties (__proto__, toString) as chains of their own', () => {
    const goals = [{ id: 'home' }, { id: 'find', parent: 'home' }];
    const tree = (goal: string) => goalTree(goals, [{ id: '__proto__', goal }, { id: 'search', goal: 'find' }]);
    expect(Object.keys(tree('find').chains).sort()).toEqual(['__proto__', 'search']);
    expect(tree('find').fingerprint).not.toBe(tree('home').fingerprint);
    expect(goalKeysOf({ activities: ['toString'], marks: [1] }, tree('find').chains)).toEqual([]);
    expect(goalKeysOf({ activities: ['__proto__'], marks: [1] }, tree('home').chains).map(parseGoalKey)).toEqual([{ goal: 'home', flags: 0 }]);
  });

  it('fingerprints the goal tree by its chains only', () => {
    const goals = [{ id: 'home' }, { id: 'finance', parent: 'home' }, { id: 'find', parent: 'home' }];
    const activities = [
      { id: 'search', goal: 'find' },
      { id: 'apply', goal: 'finance' },
    ];
    const base = goalTree(goals, activities).fingerprint;
    expect(goalTree([...goals].reverse(), [...activities].reverse()).fingerprint).toBe(base);
    expect(goalTree([...goals, { id: 'unused', parent: 'home' }], activities).fingerprint).toBe(base);
    expect(goalTree([goals[0], { id: 'finance', parent: 'find' }, goals[2]], activities).fingerprint).not.toBe(base);
    expect(goalTree(goals, [activities[0], { id: 'apply', goal: 'home' }]).fingerprint).not.toBe(base);
  });

  it('gives sort keys whose code-point order is the UTF-16 order of the ids', () => {
    const ids = ['b', '\uFF01', '\u{1F600}', 'a\uE000', 'a\u{10000}', 'a', '\uD7FF'];
    const utf16 = [...ids].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const byCodePoint = (x: string, y: string): number => {
      const a = [...x].map((c) => c.codePointAt(0)!);
      const b = [...y].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
      return a.length - b.length;
    };
    expect([...ids].sort((x, y) => byCodePoint(sortKey(x), sortKey(y)))).toEqual(utf16);
    expect(sortKey('plain-id')).toBe('plain-id');
  });
});

describe.skipIf(connection === null)('Neo4jStore: faults and hostile input', () => {
  let store: Neo4jStore;

  beforeAll(async () => {
    store = await openShared();
  });

  afterAll(async () => {
    if (!store) return;
    await deleteTestModels(store);
    await store.close();
  });

  it("uses percentileDisc as the nearest-rank quantile (every n from 1 to 300)", async () => {
    const values: number[][] = [];
    let seed = 7;
    for (let n = 1; n <= 300; n++) {
      values.push(
        Array.from({ length: n }, () => {
          seed = (seed * 16807) % 2147483647;
          return Math.floor((seed / 2147483647) * 1000) / 4;
        }),
      );
    }
    const driver = sharedDriver();
    try {
      const { records } = await driver.executeQuery(
        'UNWIND range(0, size($lists) - 1) AS k UNWIND $lists[k] AS v RETURN k, percentileDisc(v, 0.5) AS median, percentileDisc(v, 0.9) AS p90 ORDER BY k',
        { lists: values },
      );
      expect(records.length).toBe(300);
      for (const r of records) {
        const sorted = Float64Array.from(values[r.get('k') as number]).sort();
        expect([r.get('median'), r.get('p90')]).toEqual([nearestRank(sorted, 0.5), nearestRank(sorted, 0.9)]);
      }
    } finally {
      await driver.close();
    }
  });

  it('refuses a wrong password with one line naming the URI', async () => {
    const error = await failure(openNeo4jStore(env({ NEO4J_PASSWORD: 'not-the-password' })));
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toContain(connection!.uri);
    expect(error.message).toMatch(/refused the credentials of user "neo4j".*NEO4J_PASSWORD/);
    expect(error.message).not.toContain('\n');
  });

  it('reports an unreachable URI and an unknown scheme with one line naming the URI', async () => {
    const uri = `bolt://127.0.0.1:${await freePort()}`;
    const unreachable = await failure(openNeo4jStore(env({ NEO4J_URI: uri })));
    expect(unreachable.code).toBe('STORE_UNAVAILABLE');
    expect(unreachable.message).toMatch(new RegExp(`^Cannot reach Neo4j at ${uri.replace(/[.]/g, '\\.')} .*check NEO4J_URI`));
    expect(unreachable.message).not.toContain('\n');
    const scheme = await failure(openNeo4jStore(env({ NEO4J_URI: 'http://127.0.0.1:7474' })));
    expect(scheme.code).toBe('STORE_UNAVAILABLE');
    expect(scheme.message).toContain('http://127.0.0.1:7474');
    expect(scheme.message).not.toContain('\n');
    const unset = await failure(openNeo4jStore({}));
    expect(unset.message).toMatch(/NEO4J_URI is not set/);
  });

  it('stores values crafted as Cypher verbatim and deletes nothing else', async () => {
    const crafts = ['"}) DETACH DELETE n //', "' OR 1=1 //", '`) MATCH (n) DETACH DELETE n //', '$model} RETURN 1 //'];
    const sentinelId = uniqueModelId('sentinel');
    await store.putDocument(homeModel(sentinelId));
    await store.importJourneys(sentinelId, homeJourneys());
    const sentinelBefore = { doc: await store.getDocument(sentinelId), stats: await store.journeyStats(sentinelId) };

    const id = uniqueModelId(crafts[0]);
    const doc: ModelDocument = homeModel(id);
    doc.model.name = crafts[1];
    doc.model.description = crafts[2];
    doc.goals.push({ id: crafts[0], name: crafts[1], parent: 'own-home', refinement: 'OR', description: crafts[3] });
    doc.actors.push({ id: crafts[1], name: crafts[0], kind: 'OTHER', focal: false });
    doc.touchpoints.push({ id: crafts[2], name: crafts[3], actor: crafts[1], channel: 'WEB', initiator: 'CUSTOMER', ownership: 'EXTERNAL' });
    doc.activities.push({ id: crafts[3], name: crafts[2], goal: crafts[0], phase: 'USE', mode: 'ACTIVE', actors: [crafts[1]], touchpoints: [crafts[2]], next: ['search'] });
    doc.partnerships.push({ actors: [crafts[1], 'nordbank'].sort() as [string, string] });
    doc.segments.push({ id: crafts[0], name: crafts[1] });
    await store.putDocument(doc);
    expect(await store.getDocument(id)).toEqual(doc);

    const journeys: JourneyInput[] = crafts.map((craft, i) => ({
      id: craft,
      segment: crafts[0],
      steps: [
        { timestamp: at(i), activity: crafts[3], actor: crafts[1], touchpoint: crafts[2], channel: 'WEB', outcome: 'stuck', note: craft, attributes: { [craft]: craft } },
        { timestamp: at(i + 1), activity: 'search', outcome: 'progressed', note: crafts[(i + 1) % crafts.length] },
      ],
    }));
    expect(await store.importJourneys(id, journeys)).toMatchObject({ journeys: 4, steps: 8, stepsAdded: 8 });
    for (const j of journeys) {
      expect(await store.getJourney(id, j.id)).toEqual({ id: j.id, segment: crafts[0], steps: j.steps.map((s) => ({ journey: j.id, ...s })) });
    }
    const page = await store.listJourneys(id, { after: crafts[1], segment: crafts[0] });
    expect(page.journeys.map((j) => j.id)).toEqual([...crafts].sort().filter((c) => c > crafts[1]));
    const stats = await store.journeyStats(id, { segment: crafts[0] });
    expect(stats.journeys).toBe(4);
    expect(stats.activities.find((a) => a.id === crafts[3])?.notes.map((n) => n.note).sort()).toEqual([...crafts].sort());
    expect(stats.goals.map((g) => g.id)).toContain(crafts[0]);

    // Writes and deletes keyed by crafted ids touch only what they name.
    await store.upsertEntities(id, 'segment', [{ id: crafts[1], name: crafts[0] }]);
    expect(await store.deleteEntities(id, 'segment', [crafts[1], crafts[2]])).toBe(1);
    expect(await store.deleteJourneys(id, [crafts[2], 'no-such"}) //'])).toBe(1);
    expect(await store.countJourneys(id)).toEqual({ journeys: 3, steps: 6 });
    expect(await store.getDocument(id)).toEqual(doc);
    expect(await store.getDocument(sentinelId)).toEqual(sentinelBefore.doc);
    expect(await store.journeyStats(sentinelId)).toEqual(sentinelBefore.stats);
    expect(await store.deleteModel(id)).toBe(true);
    expect(await store.getDocument(sentinelId)).toEqual(sentinelBefore.doc);
    expect(await store.countJourneys(sentinelId)).toEqual({ journeys: 3, steps: 8 });
  });

  it('reads back every row of the largest example log, and importing it again changes nothing', async () => {
    const largest = (await exampleData()).sort((a, b) => b.rows - a.rows)[0];
    const id = uniqueModelId(largest.id);
    await store.putDocument(renamed(largest.doc, id));
    const first = await store.importJourneys(id, largest.journeys, { batchSize: 300 });
    expect(first).toEqual({ journeys: largest.journeys.length, steps: largest.rows, stepsAdded: largest.rows, batches: Math.ceil(largest.journeys.length / 300) });
    const expected = expectedJourneys(largest.journeys);
    const actual = await storedJourneys(connection!.uri, connection!.password, id);
    expect(actual).toEqual(expected);
    for (const j of largest.journeys.filter((_, i) => i % 50 === 0)) {
      const back = await store.getJourney(id, j.id);
      expect(back?.steps.map(({ journey, ...s }) => (journey === j.id ? s : null))).toEqual(stored(j.steps));
    }
    const count = await store.countJourneys(id);
    const stats = await store.journeyStats(id);
    expect(count).toEqual({ journeys: largest.journeys.length, steps: largest.rows });
    // The contact keys Cypher builds on write follow the codec's rule.
    const driver = sharedDriver();
    try {
      const { records } = await driver.executeQuery('MATCH (j:Journey {model: $model}) RETURN j.id AS id, j.contactKeys AS keys', { model: id });
      const byId = new Map(largest.journeys.map((j) => [j.id, j]));
      for (const r of records) expect(r.get('keys')).toEqual(contactKeysOf(encodeSteps(stored(byId.get(r.get('id') as string)!.steps))));
    } finally {
      await driver.close();
    }

    const again = await store.importJourneys(id, largest.journeys);
    expect(again).toMatchObject({ journeys: largest.journeys.length, steps: largest.rows, stepsAdded: 0 });
    expect(await store.countJourneys(id)).toEqual(count);
    expect(await store.journeyStats(id)).toEqual(stats);
    expect(await storedJourneys(connection!.uri, connection!.password, id)).toEqual(expected);
  });

  describe.skipIf(connection?.local !== true)('with a server of its own', () => {
    const password = 'goalnet-fault-test';
    let dataDir = '';
    let server: LocalNeo4j | undefined;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'goalnet-neo4j-fault-'));
      server = await startLocalNeo4j({ dataDir, password, quiet: true });
    }, 300_000);

    afterAll(async () => {
      await server?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }, 120_000);

    it('names the failed batch when the server stops mid-import; running it again stores exactly the input', async () => {
      const model = loadSeedModel('clinic-visit');
      const journeys: JourneyInput[] = [...generateJourneys(model, scenarioFor('clinic-visit'), { journeys: 12_000, seed: 'fault' })];
      const rows = journeys.reduce((n, j) => n + j.steps.length, 0);
      const batchSize = 300;
      const batches = Math.ceil(journeys.length / batchSize);
      const settings = { uri: server!.uri, user: 'neo4j', password };
      const tuning = { maxTransactionRetryTime: 1_000, connectionTimeout: 2_000 };

      const first = await Neo4jStore.open(settings, tuning);
      let stopping: Promise<void> | undefined;
      let lastDone = 0;
      let error: GoalnetError;
      try {
        await first.putDocument(model);
        error = await failure(
          first.importJourneys(model.model.id, journeys, {
            batchSize,
            onProgress: (p) => {
              lastDone = p.batch;
              if (p.batch === 4) stopping = server!.stop();
            },
          }),
        );
      } finally {
        await stopping;
        await first.close();
      }
      expect(error.code).toBe('STORE_UNAVAILABLE');
      const match = /failed at batch (\d+) of (\d+) \(journeys "([^"]+)" to "([^"]+)"\)/.exec(error.message);
      expect(match, error.message).not.toBeNull();
      const failed = Number(match![1]);
      expect(failed).toBe(lastDone + 1);
      expect(Number(match![2])).toBe(batches);
      expect(match![3]).toBe(journeys[(failed - 1) * batchSize].id);
      expect(match![4]).toBe(journeys[Math.min(failed * batchSize, journeys.length) - 1].id);
      expect(error.message).toMatch(/run the same import again to complete it/);
      expect(error.message).not.toContain('\n');

      server = await startLocalNeo4j({ dataDir, password, quiet: true });
      const second = await Neo4jStore.open({ ...settings, uri: server.uri }, tuning);
      try {
        const before = await second.countJourneys(model.model.id);
        expect(before.journeys).toBeGreaterThanOrEqual((failed - 1) * batchSize);
        expect(before.journeys).toBeLessThan(journeys.length);
        const result = await second.importJourneys(model.model.id, journeys, { batchSize });
        expect(result).toMatchObject({ journeys: journeys.length, steps: rows, batches });
        expect(result.stepsAdded).toBe(rows - before.steps);
        expect(await second.countJourneys(model.model.id)).toEqual({ journeys: journeys.length, steps: rows });
        expect(await storedJourneys(server.uri, password, model.model.id)).toEqual(expectedJourneys(journeys));

        const memory: GraphStore = await MemoryStore.open({});
        await memory.putDocument(model);
        await memory.importJourneys(model.model.id, journeys);
        expect(await second.journeyStats(model.model.id)).toEqual(await memory.journeyStats(model.model.id));
      } finally {
        await second.close();
      }
    }, 600_000);
  });
});

describe.skipIf(connection === null)('Neo4jStore: goal keys', () => {
  let store: Neo4jStore;
  let driver: neo4j.Driver;

  beforeAll(async () => {
    store = await openShared();
    driver = sharedDriver();
  });

  afterAll(async () => {
    await driver?.close();
    if (!store) return;
    await deleteTestModels(store);
    await store.close();
  });

  /** Per journey of the model: its stored goal keys and tree, and the keys Cypher computes from its steps under `doc`'s tree. */
  async function goalKeyRows(modelId: string, doc: ModelDocument): Promise<{ id: string; stored: string[] | null; tree: string | null; computed: string[] }[]> {
    const { records } = await driver.executeQuery(
      `MATCH (j:Journey) WHERE j.model = $model AND j.id IS NOT NULL
       ${GOAL_KEYS}
       RETURN j.id AS id, j.goalKeys AS stored, j.goalTree AS tree, keys AS computed`,
      statsParameters(modelId, doc, {}),
    );
    return records.map((r) => r.toObject() as { id: string; stored: string[] | null; tree: string | null; computed: string[] });
  }

  const sorted = (keys: readonly string[] | null): string[] | null => (keys === null ? null : [...keys].sort());

  it('stores with every journey the goal keys Cypher computes from its steps, and the fingerprint of the tree', async () => {
    for (const e of await exampleData()) {
      const id = uniqueModelId(e.id);
      const doc = renamed(e.doc, id);
      await store.putDocument(doc);
      await store.importJourneys(id, e.journeys, { batchSize: 500 });
      const { fingerprint, chains } = goalTree(doc.goals, doc.activities);
      const rows = await goalKeyRows(id, doc);
      expect(rows.length).toBe(e.journeys.length);
      const byId = new Map(e.journeys.map((j) => [j.id, j]));
      for (const r of rows) {
        expect(r.tree, `${e.id} ${r.id}`).toBe(fingerprint);
        expect(sorted(r.stored), `${e.id} ${r.id}`).toEqual(sorted(r.computed));
        expect(r.stored).toEqual(goalKeysOf(encodeSteps(stored(byId.get(r.id)!.steps)), chains));
      }
      // Journeys reach several goals, and some goal has each flag.
      expect(Math.max(...rows.map((r) => r.computed.length))).toBeGreaterThan(2);
      const flags = rows.flatMap((r) => r.computed.map((k) => parseGoalKey(k).flags)).reduce((a, b) => a | b, 0);
      expect(flags).toBe(GOAL_FLAG.STUCK | GOAL_FLAG.ABANDONED | GOAL_FLAG.COMPLETED | GOAL_FLAG.AFFECTED);
    }
  });

  it('keeps stats exact when goal keys are stale or missing, and rewrites them with the next change of the model', async () => {
    const home = (await exampleData()).find((e) => e.id === 'home-purchase')!;
    const id = uniqueModelId('stale-keys');
    const doc = renamed(home.doc, id);
    const memory = await MemoryStore.open({});
    try {
      for (const s of [memory, store] as GraphStore[]) {
        await s.putDocument(doc);
        await s.importJourneys(id, home.journeys, { batchSize: 400 });
      }
      const filters = [{}, { segment: doc.segments[0].id }];
      const agree = async (): Promise<void> => {
        for (const filter of filters) expect(await store.journeyStats(id, filter)).toEqual(await memory.journeyStats(id, filter));
      };
      // A third of the journeys with keys of another tree (and wrong ones), a third without keys.
      const ids = home.journeys.map((j) => j.id);
      const stale = ids.filter((_, i) => i % 3 === 0);
      const bare = ids.filter((_, i) => i % 3 === 1);
      const wrong = [`${doc.goals[0].id}\u001f15`, `${doc.goals[1].id}\u001f15`];
      await driver.executeQuery('UNWIND $ids AS id MATCH (j:Journey {model: $model, id: id}) SET j.goalTree = "another-tree", j.goalKeys = $wrong', { model: id, ids: stale, wrong });
      await driver.executeQuery('UNWIND $ids AS id MATCH (j:Journey {model: $model, id: id}) REMOVE j.goalTree, j.goalKeys', { model: id, ids: bare });
      await agree();
      const before = await memory.journeyStats(id);

      // Any change of the model rewrites them: here, a goal moved up to the root and an activity to another goal.
      const root = doc.goals.find((g) => g.parent === undefined)!;
      const moved = doc.goals.find((g) => g.parent !== undefined && g.parent !== root.id)!;
      const activity = doc.activities.find((a) => a.goal !== root.id && home.journeys.some((j) => j.steps.some((s) => s.activity === a.id)))!;
      for (const s of [memory, store] as GraphStore[]) {
        await s.upsertEntities(id, 'goal', [{ ...moved, parent: root.id }]);
        await s.upsertEntities(id, 'activity', [{ ...activity, goal: root.id }]);
      }
      const now = (await store.getDocument(id))!;
      const tree = goalTree(now.goals, now.activities);
      expect(tree.fingerprint).not.toBe(goalTree(doc.goals, doc.activities).fingerprint);
      const rows = await goalKeyRows(id, now);
      expect(rows.length).toBe(ids.length);
      for (const r of rows) {
        expect(r.tree).toBe(tree.fingerprint);
        expect(sorted(r.stored)).toEqual(sorted(r.computed));
      }
      await agree();
      expect((await memory.journeyStats(id)).goals).not.toEqual(before.goals);

      // So do replacing the document (back to the first tree) and deleting an activity.
      const fresh = async (tree: { fingerprint: string }): Promise<void> => {
        const rows = await goalKeyRows(id, (await store.getDocument(id))!);
        expect(rows.length).toBe(ids.length);
        for (const r of rows) expect([r.tree, sorted(r.stored)]).toEqual([tree.fingerprint, sorted(r.computed)]);
      };
      for (const s of [memory, store] as GraphStore[]) await s.putDocument(doc);
      await fresh(goalTree(doc.goals, doc.activities));
      const extra = { ...activity, id: 'unused-activity', next: [] };
      for (const s of [memory, store] as GraphStore[]) await s.upsertEntities(id, 'activity', [extra]);
      await fresh(goalTree(doc.goals, [...doc.activities, extra]));
      for (const s of [memory, store] as GraphStore[]) expect(await s.deleteEntities(id, 'activity', [extra.id])).toBe(1);
      await fresh(goalTree(doc.goals, doc.activities));
      await agree();
    } finally {
      await memory.close();
    }
  }, 120_000);

  it('agrees with the memory store on an activity named __proto__, also after it moves to another goal', async () => {
    const id = uniqueModelId('proto');
    const doc = homeModel(id);
    const rename = (a: string): string => (a === 'apply' ? '__proto__' : a);
    doc.activities = doc.activities.map((a) => ({ ...a, id: rename(a.id), next: a.next.map(rename) }));
    const journeys = homeJourneys().map((j) => ({ ...j, steps: j.steps.map((st) => ({ ...st, activity: rename(st.activity) })) }));
    const memory = await MemoryStore.open({});
    try {
      for (const s of [memory, store] as GraphStore[]) {
        await s.putDocument(doc);
        await s.importJourneys(id, journeys);
      }
      expect(await store.journeyStats(id)).toEqual(await memory.journeyStats(id));
      const proto = doc.activities.find((a) => a.id === '__proto__')!;
      for (const s of [memory, store] as GraphStore[]) await s.upsertEntities(id, 'activity', [{ ...proto, goal: 'find-home' }]);
      const stats = await memory.journeyStats(id);
      expect(stats.goals.find((g) => g.id === 'finance')?.journeys).toBe(1);
      expect(await store.journeyStats(id)).toEqual(stats);
    } finally {
      await memory.close();
    }
  });
});

describe.skipIf(connection === null)('Neo4jStore: kept journeyStats', () => {
  let store: Neo4jStore;
  let other: Neo4jStore;
  let driver: neo4j.Driver;

  beforeAll(async () => {
    store = await openShared();
    other = await openShared();
    driver = sharedDriver();
  });

  afterAll(async () => {
    await driver?.close();
    await other?.close();
    if (!store) return;
    await deleteTestModels(store);
    await store.close();
  });

  it('serves a kept result until the next write through any store on the database, per filter', async () => {
    const id = uniqueModelId('kept');
    const doc = homeModel(id);
    await store.putDocument(doc);
    await store.importJourneys(id, homeJourneys());
    const first = await store.journeyStats(id);
    const upgraders = await store.journeyStats(id, { segment: 'upgrader' });
    expect(first.journeys).toBe(3);
    expect(upgraders.journeys).toBe(1);

    // A change made behind goalnet's back (no write through a store) is not seen: the result is kept.
    await driver.executeQuery('MATCH (j:Journey {model: $model, id: "j3"}) DETACH DELETE j', { model: id });
    expect(await store.journeyStats(id)).toEqual(first);
    // Callers own what they get.
    (await store.journeyStats(id)).activities.length = 0;
    expect(await store.journeyStats(id)).toEqual(first);

    // Any write of the model through another store (here an unchanged segment) makes both compute afresh.
    await other.upsertEntities(id, 'segment', [doc.segments[0]]);
    expect((await store.journeyStats(id)).journeys).toBe(2);
    expect(await store.journeyStats(id, { segment: 'upgrader' })).toEqual(upgraders);

    // So does an import, and a journey deleted through a store.
    await other.importJourneys(id, [{ id: 'j4', segment: 'upgrader', steps: [{ timestamp: at(50), activity: 'search', outcome: 'progressed' }] }]);
    expect((await store.journeyStats(id, { segment: 'upgrader' })).journeys).toBe(2);
    expect(await other.deleteJourneys(id, ['j4'])).toBe(1);
    expect((await store.journeyStats(id, { segment: 'upgrader' })).journeys).toBe(1);
    const memory = await MemoryStore.open({});
    try {
      await memory.putDocument(doc);
      await memory.importJourneys(id, homeJourneys().filter((j) => j.id !== 'j3'));
      expect(await store.journeyStats(id)).toEqual(await memory.journeyStats(id));
    } finally {
      await memory.close();
    }
  });
});
