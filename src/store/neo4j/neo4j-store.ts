/**
 * Neo4jStore: the GraphStore over a Neo4j server (5.x; Community, Enterprise, a cluster or Aura),
 * through neo4j-driver, with parameterised Cypher only. The graph shape is described in
 * document-graph.ts (the model) and journey-codec.ts (journeys); the schema comes from the
 * migrations in schema/neo4j, applied when the store opens.
 *
 * Rules (the GraphStore contract, as the memory store keeps it, plus):
 * - Every write is one managed transaction (`executeWrite`, retried by the driver on transient
 *   failures), except `importJourneys` (one transaction per batch) and `deleteModel` (journeys in
 *   chunks, then the model in one transaction). A refused write (GoalnetError) changes nothing.
 * - Document edits load the stored document, apply the pure edit functions of src/store/edit.ts,
 *   and write the difference. Each write transaction of a model first takes the write lock of its
 *   `:Model` node, so edits and import batches of one model never interleave.
 * - `importJourneys` validates every journey against the model first (`journeyProblems`; any
 *   problem refuses the whole call). Then each batch, in one transaction: locks the model, checks
 *   the batch again against the model as it is now, reads the stored steps of the batch's journeys,
 *   merges in TypeScript (`mergeJourneySteps`), and writes only the journeys that changed: one
 *   `UNWIND $rows ... CREATE` for new ones, one `... MATCH ... SET` for stored ones. Re-running an import therefore changes nothing, and an
 *   import cut off at batch k completes when run again. A failed batch throws a GoalnetError naming
 *   the batch (number, first and last journey id). With `resumeKey`, each batch's transaction also
 *   counts it on the import's checkpoint, and a later call with that key starts after the last
 *   committed batch (import-runs.ts). Each batch writes the journeys' goal keys (goal-keys.ts)
 *   with the goal tree it reads under the model lock.
 * - After a write of a model's document, its goals or its activities, the goal keys of journeys
 *   made with another goal tree are rewritten (`refreshGoalKeys`), in chunks. Until then, and
 *   should that fail, the stats stay exact: they compute the keys of such journeys from their steps.
 * - `journeyStats` runs inside Neo4j (stats-queries.ts); Node receives aggregates only. Results
 *   are kept per model and filter while the model's `version` (raised by every write transaction
 *   of the model, document-graph.ts LOCK_MODEL, also from other processes) stays the same.
 * - Reads of a missing model throw NOT_FOUND (except `getModel`/`getDocument`: null).
 * - Sessions are closed after every call; `close()` closes the driver, and later calls throw
 *   STORE_UNAVAILABLE.
 */
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import { badInput, conflict, GoalnetError, notFound, type ErrorCode, type Problem } from '../../model/errors.js';
import type { Journey, ModelDocument, ModelInfo } from '../../model/types.js';
import { checkIntegrity } from '../../model/validate.js';
import { isOneOf, OUTCOMES, type Outcome } from '../../model/vocabulary.js';
import { applyDelete, applyUpsert, DOCUMENT_LISTS, hasId, normalizeDocument } from '../edit.js';
import type {
  EntityKind,
  EntityTypes,
  GraphStore,
  ImportOptions,
  ImportResult,
  JourneyInput,
  JourneyPage,
  JourneyQuery,
  StepInput,
  StoreHealth,
} from '../graph-store.js';
import { mergeJourneySteps, orderSteps } from '../journey-merge.js';
import { StatsCache } from '../stats-cache.js';
import type { JourneyStats, StatsFilter } from '../journey-stats.js';
import { assertImportable, assertResumeKey } from '../memory/memory-store.js';
import { createDriver, errorCode, firstLine, isConnectionError, unavailable, type Neo4jSettings, type Neo4jTuning } from './connection.js';
import { LOCK_MODEL, lockModel, modelVersion, readDocument, writeDocument } from './document-graph.js';
import { batchesToSkip, deleteRuns, finishRun, readCheckpoint, recordBatch } from './import-runs.js';
import { contactKeysOf, decodeSteps, encodeSteps, KEY_SEPARATOR, sortKey, type ReadJourneyColumns } from './journey-codec.js';
import { applyMigrations } from './migrations.js';
import { goalKeysOf, goalTree, type GoalTree } from './goal-keys.js';
import { assembleStats, REFRESH_GOAL_KEYS, STATS_QUERIES, STATS_SECTIONS, statsParameters, type SectionRows, type StatsSection } from './stats-queries.js';

export const DEFAULT_IMPORT_BATCH = 1000;
export const DEFAULT_PAGE_SIZE = 50;
/** Journeys deleted per transaction by `deleteModel`. */
const DELETE_CHUNK = 10_000;
/** Journeys whose goal keys one transaction rewrites after a write that may change the goal tree. */
const REFRESH_CHUNK = 10_000;
/** The entity kinds whose edits can change the goal tree (and so the journeys' goal keys). */
const TREE_KINDS: ReadonlySet<EntityKind> = new Set(['goal', 'activity']);
/** Problems listed at most in one refusal of an import. */
const MAX_PROBLEMS = 1000;

export interface Neo4jStoreOptions extends Neo4jTuning {
  /**
   * How many of the six stats queries run at once, each in its own read transaction (default 2,
   * one per core of our machine: on the benchmark the longest query takes about as long as the
   * next three together; 3 measured no faster). Figures
   * of different queries may then come from different moments when an import runs meanwhile;
   * 1 runs them all in one read transaction: one consistent view, slower.
   */
  statsConcurrency?: number;
}

export const DEFAULT_STATS_CONCURRENCY = 2;

/** The stats queries, longest first (measured on the benchmark, stats-queries.ts), for parallel runs. */
const STATS_ORDER: StatsSection[] = ['dwell', 'contacts', 'pairs', 'goals', 'journeys', 'notes'];

/** Entity kinds that recorded journeys refer to, and the journey property holding them. */
const RECORDED = {
  activity: 'activities',
  actor: 'actors',
  touchpoint: 'touchpoints',
  segment: 'segment',
} as const;
type RecordedKind = keyof typeof RECORDED;

function isRecordedKind(kind: EntityKind): kind is RecordedKind {
  return Object.prototype.hasOwnProperty.call(RECORDED, kind);
}

/** Cypher finding the journeys that refer to some ids of each recorded kind. */
const USAGE_QUERIES: Record<RecordedKind, string> = {
  activity: `MATCH (j:Journey) WHERE j.model = $model AND j.id IS NOT NULL AND any(x IN j.activities WHERE x IN $ids)
UNWIND j.activities AS x WITH x, j WHERE x IN $ids
RETURN x AS id, count(*) AS uses, min(j.id) AS example`,
  actor: `MATCH (j:Journey) WHERE j.model = $model AND j.id IS NOT NULL AND any(x IN j.actors WHERE x IN $ids)
UNWIND j.actors AS x WITH x, j WHERE x IN $ids
RETURN x AS id, count(*) AS uses, min(j.id) AS example`,
  touchpoint: `MATCH (j:Journey) WHERE j.model = $model AND j.id IS NOT NULL AND any(x IN j.touchpoints WHERE x IN $ids)
UNWIND j.touchpoints AS x WITH x, j WHERE x IN $ids
RETURN x AS id, count(*) AS uses, min(j.id) AS example`,
  segment: `MATCH (j:Journey) WHERE j.model = $model AND j.id IS NOT NULL AND j.segment IN $ids
RETURN j.segment AS id, count(*) AS uses, min(j.id) AS example`,
};

const JOURNEY_COLUMNS = `j.id AS id, j.segment AS segment, j.timestamps AS timestamps, j.activities AS activities,
  j.actors AS actors, j.channels AS channels, j.touchpoints AS touchpoints, j.outcomes AS outcomes,
  j.sentiments AS sentiments, j.noteSteps AS noteSteps, j.notes AS notes,
  j.attributeSteps AS attributeSteps, j.attributes AS attributes`;

const READ_JOURNEYS = `UNWIND $ids AS id MATCH (j:Journey {model: $model, id: id}) RETURN ${JOURNEY_COLUMNS}`;

/**
 * Writes journeys: `CREATE` for journeys the batch found not stored, `MATCH` for stored ones that
 * changed (the model lock of the batch keeps both exact; CREATE skips MERGE's lookup and lock
 * per row). The text columns come as positions in `$texts`, one list per batch (sending each
 * distinct id once instead of once per step halves the driver's encoding work, measured).
 * `contactKeys` and `goalKeys` are built by the importer (journey-codec.ts, goal-keys.ts) and sent
 * as positions too: building contact keys in Cypher cost the server about a third of its import
 * time (measured). `$goalTree` is the fingerprint of the goal tree the goal keys were made with.
 */
const journeyWrite = (find: string) => `UNWIND $rows AS r
${find}
SET j.sortKey = r.sortKey, j.segment = r.segment,
    j.steps = toInteger(r.steps), j.start = r.start, j.end = r.end, j.outcome = $texts[toInteger(r.outcome)],
    j.timestamps = r.timestamps, j.activities = [x IN r.activities | $texts[toInteger(x)]],
    j.actors = [x IN r.actors | $texts[toInteger(x)]], j.channels = [x IN r.channels | $texts[toInteger(x)]],
    j.touchpoints = [x IN r.touchpoints | $texts[toInteger(x)]],
    j.outcomes = [x IN r.outcomes | $texts[toInteger(x)]], j.sentiments = [x IN r.sentiments | toInteger(x)],
    j.noteSteps = [x IN r.noteSteps | toInteger(x)], j.notes = r.notes,
    j.attributeSteps = [x IN r.attributeSteps | toInteger(x)], j.attributes = r.attributes,
    j.marks = [x IN r.marks | toInteger(x)], j.actorSet = [x IN r.actorSet | $texts[toInteger(x)]],
    j.contactKeys = [x IN r.contactKeys | $texts[toInteger(x)]],
    j.goalKeys = [x IN r.goalKeys | $texts[toInteger(x)]], j.goalTree = $goalTree`;
const CREATE_JOURNEYS = journeyWrite('CREATE (j:Journey {model: $model, id: r.id})');
const UPDATE_JOURNEYS = journeyWrite('MATCH (j:Journey {model: $model, id: r.id})');

/** Journey rows for CREATE_JOURNEYS / UPDATE_JOURNEYS, with their text columns as positions in `texts`. */
function journeyRows(
  journeys: readonly { id: string; segment: string | undefined; steps: StepInput[] }[],
  chains: Readonly<Record<string, string[]>>,
): { rows: Record<string, unknown>[]; texts: string[] } {
  const texts: string[] = [];
  const position = new Map<string, number>();
  const at = (text: string): number => {
    let p = position.get(text);
    if (p === undefined) {
      p = texts.length;
      texts.push(text);
      position.set(text, p);
    }
    return p;
  };
  const positions = (list: readonly string[]): number[] => list.map(at);
  const rows = journeys.map((j) => {
    const c = encodeSteps(j.steps);
    return {
      id: j.id,
      sortKey: sortKey(j.id),
      segment: j.segment ?? null,
      steps: c.steps,
      start: c.start,
      end: c.end,
      outcome: at(c.outcome),
      timestamps: c.timestamps,
      activities: positions(c.activities),
      actors: positions(c.actors),
      channels: positions(c.channels),
      touchpoints: positions(c.touchpoints),
      outcomes: positions(c.outcomes),
      sentiments: c.sentiments,
      noteSteps: c.noteSteps,
      notes: c.notes,
      attributeSteps: c.attributeSteps,
      attributes: c.attributes,
      marks: c.marks,
      actorSet: positions(c.actorSet),
      contactKeys: positions(contactKeysOf(c)),
      goalKeys: positions(goalKeysOf(c, chains)),
    };
  });
  return { rows, texts };
}

const SUMMARY_COLUMNS = 'j.id AS id, j.segment AS segment, j.steps AS steps, j.start AS start, j.end AS end, j.outcome AS outcome';
const JOURNEY_FILTER = '($outcome IS NULL OR j.outcome = $outcome) AND ($segment IS NULL OR j.segment = $segment)';
const LIST_TOTALS = `MATCH (j:Journey) WHERE j.model = $model AND j.id IS NOT NULL AND ${JOURNEY_FILTER}
RETURN count(j) AS total, count(CASE WHEN $after IS NULL OR j.sortKey > $after THEN 1 END) AS rest`;
const LIST_FIRST_PAGE = `MATCH (j:Journey) WHERE j.model = $model AND j.sortKey IS NOT NULL AND ${JOURNEY_FILTER}
RETURN ${SUMMARY_COLUMNS} ORDER BY j.sortKey LIMIT $first`;
const LIST_PAGE_AFTER = `MATCH (j:Journey) WHERE j.model = $model AND j.sortKey > $after AND ${JOURNEY_FILTER}
RETURN ${SUMMARY_COLUMNS} ORDER BY j.sortKey LIMIT $first`;

const MODEL_EXISTS = 'MATCH (m:Model {id: $model}) RETURN m.id AS id';

function modelMissing(modelId: string): GoalnetError {
  return notFound(`No model "${modelId}" in the store; list the models, or put the model document first`);
}

function recordedProblem(kind: RecordedKind, id: string, count: number, example: string): Problem {
  const what = kind === 'segment' ? `${count} journey(s)` : `${count} step(s)`;
  return { where: `${kind} "${id}"`, message: `${what} of recorded journeys refer to it (e.g. journey "${example}")` };
}

/** The ids of a recorded kind that `before` has and `after` has not. */
function removedIds(kind: RecordedKind, before: ModelDocument, after: ModelDocument): string[] {
  const list = DOCUMENT_LISTS[kind];
  const kept = new Set((after[list] as { id: string }[]).map((e) => e.id));
  return (before[list] as { id: string }[]).map((e) => e.id).filter((id) => !kept.has(id));
}

/** Problems for recorded journeys that refer to `ids` of `kind` (none when nothing does). */
async function recordedUses(tx: ManagedTransaction, modelId: string, kind: RecordedKind, ids: string[]): Promise<Problem[]> {
  if (ids.length === 0) return [];
  const { records } = await tx.run(USAGE_QUERIES[kind], { model: modelId, ids });
  return records
    .map((r) => recordedProblem(kind, r.get('id') as string, r.get('uses') as number, r.get('example') as string))
    .sort((a, b) => (a.where < b.where ? -1 : a.where > b.where ? 1 : 0));
}

/** The ids of the entities journeys refer to, by kind. */
type KnownIds = Record<RecordedKind, Set<string>>;

const LOCK_MODEL_IDS = `MATCH (m:Model {id: $model}) ${LOCK_MODEL}
WITH m
CALL { MATCH (n:Activity {model: $model}) RETURN collect(n.id) AS activities, collect({id: n.id, goal: n.goal}) AS activityGoals }
CALL { MATCH (n:Actor {model: $model}) RETURN collect(n.id) AS actors }
CALL { MATCH (n:Touchpoint {model: $model}) RETURN collect(n.id) AS touchpoints }
CALL { MATCH (n:Segment {model: $model}) RETURN collect(n.id) AS segments }
CALL { MATCH (n:Goal {model: $model}) RETURN collect({id: n.id, parent: n.parent}) AS goals }
RETURN activities, activityGoals, actors, touchpoints, segments, goals`;

/**
 * Locks the model (see `lockModel`) and returns its entity ids and goal tree as they are now, or
 * null when there is no model.
 */
async function lockModelIds(tx: ManagedTransaction, modelId: string): Promise<{ known: KnownIds; tree: GoalTree } | null> {
  const { records } = await tx.run(LOCK_MODEL_IDS, { model: modelId });
  if (records.length === 0) return null;
  const r = records[0];
  const ids = (key: string): Set<string> => new Set(r.get(key) as string[]);
  const goals = (r.get('goals') as { id: string; parent: string | null }[]).map((g) => ({ id: g.id, parent: g.parent ?? undefined }));
  return {
    known: { activity: ids('activities'), actor: ids('actors'), touchpoint: ids('touchpoints'), segment: ids('segments') },
    tree: goalTree(goals, r.get('activityGoals') as { id: string; goal: string }[]),
  };
}

/**
 * References of journeys (already checked in full by `journeyProblems`) to entities the model no
 * longer has: an edit committed between the check and the batch.
 */
function unknownReferences(modelId: string, known: KnownIds, batch: readonly JourneyInput[], offset: number): Problem[] {
  const problems: Problem[] = [];
  const check = (kind: RecordedKind, id: string | undefined, where: string): void => {
    if (id !== undefined && !known[kind].has(id) && problems.length < MAX_PROBLEMS) {
      problems.push({ where, message: `unknown ${kind} ${JSON.stringify(id)}; it was deleted from model "${modelId}" during the import` });
    }
  };
  batch.forEach((j, i) => {
    const at = `journeys[${offset + i}] (journey "${j.id}")`;
    check('segment', j.segment, `${at}.segment`);
    j.steps.forEach((s, k) => {
      check('activity', s.activity, `${at}.steps[${k}].activity`);
      check('actor', s.actor, `${at}.steps[${k}].actor`);
      check('touchpoint', s.touchpoint, `${at}.steps[${k}].touchpoint`);
    });
  });
  return problems;
}

interface StoredJourney {
  segment: string | undefined;
  steps: StepInput[];
}

interface BatchResult {
  /** Steps of each journey of the batch after merging. */
  finalSteps: Map<string, number>;
  stepsAdded: number;
}

function storedJourney(record: Record<string, unknown>): StoredJourney {
  const segment = record.segment;
  return { segment: typeof segment === 'string' ? segment : undefined, steps: decodeSteps(record as unknown as ReadJourneyColumns) };
}

export class Neo4jStore implements GraphStore {
  readonly kind = 'neo4j' as const;
  private closed = false;
  /** `journeyStats` results by model and filter, with the model version they were computed at. */
  private readonly statsCache = new StatsCache();

  private constructor(
    private readonly driver: Driver,
    readonly settings: Neo4jSettings,
    private readonly options: Neo4jStoreOptions,
  ) {}

  /**
   * Connects (checking the credentials), applies pending migrations and returns the store.
   * Throws STORE_UNAVAILABLE with one line naming the URI when the server cannot be reached or
   * refuses the credentials.
   */
  static async open(settings: Neo4jSettings, options: Neo4jStoreOptions = {}): Promise<Neo4jStore> {
    const driver = createDriver(settings, options);
    try {
      await driver.getServerInfo({ database: settings.database });
      await applyMigrations(driver, settings.database);
    } catch (error) {
      await driver.close().catch(() => undefined);
      throw unavailable(error, settings, 'connecting');
    }
    return new Neo4jStore(driver, settings, options);
  }

  private assertOpen(): void {
    if (this.closed) throw new GoalnetError('STORE_UNAVAILABLE', `The Neo4j store for ${this.settings.uri} is closed; open a new one`);
  }

  private async session<T>(mode: 'READ' | 'WRITE', doing: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    this.assertOpen();
    // One bookmark manager for every session: a read follows the writes before it, also on a
    // cluster whose reads go to other members.
    const session = this.driver.session({
      database: this.settings.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
    try {
      return mode === 'READ' ? await session.executeRead(work) : await session.executeWrite(work);
    } catch (error) {
      throw unavailable(error, this.settings, doing);
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  private read<T>(doing: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.session('READ', doing, work);
  }

  private write<T>(doing: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.session('WRITE', doing, work);
  }

  async health(): Promise<StoreHealth> {
    try {
      this.assertOpen();
      const info = await this.driver.getServerInfo({ database: this.settings.database });
      const { models, journeys } = await this.read('checking health', async (tx) => {
        const { records } = await tx.run(
          'CALL { MATCH (m:Model) RETURN count(m) AS models } CALL { MATCH (j:Journey) RETURN count(j) AS journeys } RETURN models, journeys',
        );
        return { models: records[0].get('models') as number, journeys: records[0].get('journeys') as number };
      });
      const database = this.settings.database ?? 'default database';
      return {
        kind: 'neo4j',
        ok: true,
        detail: `${info.agent ?? 'Neo4j'} at ${this.settings.uri} (${database}): ${models} model(s), ${journeys} journey(s)`,
        models,
      };
    } catch (error) {
      return { kind: 'neo4j', ok: false, detail: unavailable(error, this.settings, 'checking health').message, models: 0 };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.driver.close();
  }

  async listModels(): Promise<ModelInfo[]> {
    const models = await this.read('listing models', async (tx) => {
      const { records } = await tx.run('MATCH (m:Model) RETURN m.id AS id, m.name AS name, m.description AS description');
      return records.map((r) => {
        const info: ModelInfo = { id: r.get('id') as string, name: r.get('name') as string };
        const description = r.get('description') as string | null;
        if (description !== null) info.description = description;
        return info;
      });
    });
    return models.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async getModel(modelId: string): Promise<ModelInfo | null> {
    const doc = await this.getDocument(modelId);
    return doc ? doc.model : null;
  }

  async getDocument(modelId: string): Promise<ModelDocument | null> {
    return this.read(`reading model "${modelId}"`, (tx) => readDocument(tx, modelId));
  }

  async putDocument(doc: ModelDocument): Promise<void> {
    this.assertOpen();
    if (doc === null || typeof doc !== 'object' || doc.model === null || typeof doc.model !== 'object') {
      throw badInput('Refused the model document: expected an object with "model": { "id": ..., "name": ... }');
    }
    const next = normalizeDocument(structuredClone(doc));
    const problems = checkIntegrity(next);
    if (problems.length > 0) throw badInput(`Refused the model document "${String(doc.model.id)}": nothing was changed`, problems);
    const modelId = next.model.id;
    await this.write(`writing model "${modelId}"`, async (tx) => {
      const { records } = await tx.run(
        `MERGE (m:Model {id: $model})
         ON CREATE SET m.name = $name, m.description = $description, m._new = true
         ${LOCK_MODEL}
         WITH m, m._new IS NOT NULL AS created REMOVE m._new
         RETURN created`,
        { model: modelId, name: next.model.name, description: next.model.description ?? null },
      );
      const created = records[0].get('created') as boolean;
      const before = created ? null : await readDocument(tx, modelId);
      if (before) {
        const missing: Problem[] = [];
        for (const kind of Object.keys(RECORDED) as RecordedKind[]) {
          missing.push(...(await recordedUses(tx, modelId, kind, removedIds(kind, before, next))));
        }
        if (missing.length > 0) {
          throw conflict(
            `Refused to replace model "${modelId}": recorded journeys refer to entities the new document leaves out; ` +
              'keep those entities, or delete the journeys first (nothing was changed)',
            missing,
          );
        }
      }
      await writeDocument(tx, before ?? { ...next, model: { ...next.model }, goals: [], actors: [], touchpoints: [], activities: [], partnerships: [], segments: [] }, next);
    });
    await this.refreshGoalKeys(modelId);
  }

  async deleteModel(modelId: string): Promise<boolean> {
    const exists = await this.read(`reading model "${modelId}"`, async (tx) => (await tx.run(MODEL_EXISTS, { model: modelId })).records.length > 0);
    if (!exists) return false;
    // Journeys first, in chunks (a cut-off delete leaves the model with fewer journeys; run it again).
    for (;;) {
      const deleted = await this.write(`deleting the journeys of model "${modelId}"`, async (tx) => {
        if (!(await lockModel(tx, modelId))) return 0;
        const { records } = await tx.run(
          'MATCH (j:Journey) WHERE j.model = $model AND j.id IS NOT NULL WITH j LIMIT $limit DETACH DELETE j RETURN count(*) AS n',
          { model: modelId, limit: neo4j.int(DELETE_CHUNK) },
        );
        return records[0].get('n') as number;
      });
      if (deleted < DELETE_CHUNK) break;
    }
    return this.write(`deleting model "${modelId}"`, async (tx) => {
      if (!(await lockModel(tx, modelId))) return false;
      await tx.run('MATCH (j:Journey) WHERE j.model = $model AND j.id IS NOT NULL DETACH DELETE j', { model: modelId });
      for (const label of ['Goal', 'Actor', 'Touchpoint', 'Activity', 'Segment'] as const) {
        await tx.run(`MATCH (n:${label}) WHERE n.model = $model AND n.id IS NOT NULL DETACH DELETE n`, { model: modelId });
      }
      await deleteRuns(tx, modelId);
      await tx.run('MATCH (m:Model {id: $model}) DETACH DELETE m', { model: modelId });
      return true;
    });
  }

  async getEntities<K extends EntityKind>(modelId: string, kind: K, ids?: string[]): Promise<EntityTypes[K][]> {
    const doc = await this.getDocument(modelId);
    if (!doc) throw modelMissing(modelId);
    const list = doc[DOCUMENT_LISTS[kind]] as unknown as EntityTypes[K][];
    return ids === undefined ? list : list.filter((e) => ids.some((id) => hasId(kind, e, id)));
  }

  async upsertEntities<K extends EntityKind>(modelId: string, kind: K, items: EntityTypes[K][]): Promise<void> {
    await this.write(`writing ${kind} items of model "${modelId}"`, async (tx) => {
      if (!(await lockModel(tx, modelId))) throw modelMissing(modelId);
      const before = (await readDocument(tx, modelId))!;
      const after = applyUpsert(before, kind, structuredClone(items));
      await writeDocument(tx, before, after);
    });
    if (TREE_KINDS.has(kind)) await this.refreshGoalKeys(modelId);
  }

  async deleteEntities(modelId: string, kind: EntityKind, ids: string[]): Promise<number> {
    const count = await this.write(`deleting ${kind} items of model "${modelId}"`, async (tx) => {
      if (!(await lockModel(tx, modelId))) throw modelMissing(modelId);
      const before = (await readDocument(tx, modelId))!;
      const { doc: after, deleted } = applyDelete(before, kind, ids);
      if (deleted === 0) return 0;
      if (isRecordedKind(kind)) {
        const problems = await recordedUses(tx, modelId, kind, removedIds(kind, before, after));
        if (problems.length > 0) {
          throw conflict(
            `Cannot delete ${kind} from model "${modelId}": recorded journeys refer to it; delete those journeys first (nothing was deleted)`,
            problems,
          );
        }
      }
      await writeDocument(tx, before, after);
      return deleted;
    });
    if (count > 0 && TREE_KINDS.has(kind)) await this.refreshGoalKeys(modelId);
    return count;
  }

  /**
   * After a write that may change the goal tree: rewrites the goal keys of the journeys whose keys
   * were made with another goal tree (goal-keys.ts; also journeys stored without keys), in
   * `sortKey` order, REFRESH_CHUNK per transaction, each under the model lock and with the tree as
   * it is then, so keys and fingerprint always belong together and a concurrent edit can only
   * leave keys that the stats recognise as stale (and compute from the steps). Altogether one pass
   * over the model's journeys.
   */
  private async refreshGoalKeys(modelId: string): Promise<void> {
    const doing = `rewriting the goal keys of the journeys of model "${modelId}" (the change of the model itself is saved)`;
    let after = '';
    for (;;) {
      const chunk = await this.write(doing, async (tx) => {
        const locked = await lockModelIds(tx, modelId);
        if (!locked) return { rewritten: 0, last: null };
        const { chains, fingerprint } = locked.tree;
        const { records } = await tx.run(REFRESH_GOAL_KEYS, {
          model: modelId,
          after,
          chains,
          goalTree: fingerprint,
          separator: KEY_SEPARATOR,
          limit: neo4j.int(REFRESH_CHUNK),
        });
        return { rewritten: records[0].get('rewritten') as number, last: records[0].get('last') as string | null };
      });
      if (chunk.rewritten < REFRESH_CHUNK || chunk.last === null) return;
      after = chunk.last;
    }
  }

  async importJourneys(modelId: string, journeys: JourneyInput[], options: ImportOptions = {}): Promise<ImportResult> {
    const doc = await this.getDocument(modelId);
    if (!doc) throw modelMissing(modelId);
    const batchSize = options.batchSize ?? DEFAULT_IMPORT_BATCH;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw badInput(`Import batch size must be a positive whole number, got ${String(batchSize)}`);
    }
    if (!Array.isArray(journeys)) throw badInput('Expected a list of journeys to import');
    assertImportable(doc, journeys);
    const batches = Math.ceil(journeys.length / batchSize);
    assertResumeKey(options.resumeKey);
    const key = options.resumeKey;
    // With a resume key, batches an interrupted run committed are skipped (see import-runs.ts).
    const shape = { batchSize, batches, journeys: journeys.length };
    const skipped =
      key === undefined
        ? 0
        : batchesToSkip(await this.read(`reading the import checkpoint of model "${modelId}"`, (tx) => readCheckpoint(tx, modelId, key)), shape);
    const finalSteps = new Map<string, number>();
    let stepsAdded = 0;
    let doneJourneys = Math.min(skipped * batchSize, journeys.length);
    let doneSteps = 0;
    for (let i = 0; i < doneJourneys; i++) doneSteps += journeys[i].steps.length;
    for (let b = skipped; b < batches; b++) {
      options.signal?.throwIfAborted();
      const batch = journeys.slice(b * batchSize, (b + 1) * batchSize);
      const checkpoint =
        key === undefined
          ? undefined
          : b === batches - 1
            ? (tx: ManagedTransaction) => finishRun(tx, modelId, key)
            : (tx: ManagedTransaction) => recordBatch(tx, modelId, key, shape, b + 1);
      let result: BatchResult;
      try {
        result = await this.importBatch(modelId, batch, b * batchSize, checkpoint);
      } catch (error) {
        throw batchFailure(modelId, b, batches, batch, error, this.settings);
      }
      for (const [id, n] of result.finalSteps) finalSteps.set(id, n);
      stepsAdded += result.stepsAdded;
      doneJourneys += batch.length;
      for (const j of batch) doneSteps += j.steps.length;
      options.onProgress?.({ batch: b + 1, batches, journeys: doneJourneys, steps: doneSteps });
    }
    let steps = 0;
    for (const n of finalSteps.values()) steps += n;
    return { journeys: finalSteps.size, steps, stepsAdded, batches, ...(key === undefined ? {} : { resumedFromBatch: skipped }) };
  }

  /** One batch in one transaction (see the module rules); `checkpoint` runs last in that transaction. */
  private importBatch(modelId: string, batch: JourneyInput[], offset: number, checkpoint?: (tx: ManagedTransaction) => Promise<void>): Promise<BatchResult> {
    return this.write(`importing journeys into model "${modelId}"`, async (tx) => {
      const locked = await lockModelIds(tx, modelId);
      if (!locked) throw modelMissing(modelId);
      const { known, tree } = locked;
      const problems = unknownReferences(modelId, known, batch, offset);
      if (problems.length > 0) {
        throw conflict(`Model "${modelId}" changed during the import: these journeys no longer fit it; fix the log or the model and import again`, problems);
      }
      const ids = [...new Set(batch.map((j) => j.id))];
      const { records } = await tx.run(READ_JOURNEYS, { model: modelId, ids });
      const stored = new Map<string, StoredJourney>();
      for (const r of records) stored.set(r.get('id') as string, storedJourney(r.toObject()));
      const storedBefore = new Set(stored.keys());

      const changed = new Set<string>();
      const finalSteps = new Map<string, number>();
      let stepsAdded = 0;
      for (const input of batch) {
        const current = stored.get(input.id);
        let steps: StepInput[];
        let isChanged: boolean;
        if (current === undefined) {
          steps = orderSteps(input.steps);
          stepsAdded += input.steps.length;
          isChanged = true;
        } else {
          const merge = mergeJourneySteps(current.steps, input.steps);
          steps = merge.steps;
          stepsAdded += merge.added;
          isChanged = merge.changed;
        }
        const segment = input.segment ?? current?.segment;
        if (isChanged || segment !== current?.segment) changed.add(input.id);
        stored.set(input.id, { segment, steps });
        finalSteps.set(input.id, steps.length);
      }
      const created = [...changed].filter((id) => !storedBefore.has(id));
      const updated = [...changed].filter((id) => storedBefore.has(id));
      for (const [query, ids] of [[CREATE_JOURNEYS, created], [UPDATE_JOURNEYS, updated]] as const) {
        if (ids.length === 0) continue;
        const { rows, texts } = journeyRows(
          ids.map((id) => ({ id, ...stored.get(id)! })),
          tree.chains,
        );
        await tx.run(query, { model: modelId, rows, texts, goalTree: tree.fingerprint });
      }
      await checkpoint?.(tx);
      return { finalSteps, stepsAdded };
    });
  }

  async getJourney(modelId: string, journeyId: string): Promise<Journey | null> {
    return this.read(`reading journey "${journeyId}" of model "${modelId}"`, async (tx) => {
      if ((await tx.run(MODEL_EXISTS, { model: modelId })).records.length === 0) throw modelMissing(modelId);
      const { records } = await tx.run(READ_JOURNEYS, { model: modelId, ids: [journeyId] });
      if (records.length === 0) return null;
      const { segment, steps } = storedJourney(records[0].toObject());
      const journey: Journey = { id: journeyId, steps: steps.map((s) => ({ journey: journeyId, ...s })) };
      if (segment !== undefined) journey.segment = segment;
      return journey;
    });
  }

  async listJourneys(modelId: string, query: JourneyQuery = {}): Promise<JourneyPage> {
    return this.read(`listing journeys of model "${modelId}"`, async (tx) => {
      if ((await tx.run(MODEL_EXISTS, { model: modelId })).records.length === 0) throw modelMissing(modelId);
      const first = query.first ?? DEFAULT_PAGE_SIZE;
      if (!Number.isInteger(first) || first < 0) throw badInput(`"first" must be a whole number of journeys (0 or more), got ${String(first)}`);
      if (query.outcome !== undefined && !isOneOf(OUTCOMES, query.outcome)) {
        throw badInput(`Unknown outcome ${JSON.stringify(query.outcome)}; use one of: ${OUTCOMES.join(', ')}`);
      }
      const params = {
        model: modelId,
        outcome: query.outcome ?? null,
        segment: query.segment ?? null,
        after: query.after === undefined ? null : sortKey(query.after),
        first: neo4j.int(first),
      };
      const totals = (await tx.run(LIST_TOTALS, params)).records[0];
      const total = totals.get('total') as number;
      const rest = totals.get('rest') as number;
      const page = first === 0 ? [] : (await tx.run(query.after === undefined ? LIST_FIRST_PAGE : LIST_PAGE_AFTER, params)).records;
      const journeys = page.map((r) => {
        const summary = {
          id: r.get('id') as string,
          steps: r.get('steps') as number,
          start: r.get('start') as number,
          end: r.get('end') as number,
          outcome: r.get('outcome') as Outcome,
        } as JourneyPage['journeys'][number];
        const segment = r.get('segment') as string | null;
        if (segment !== null) summary.segment = segment;
        return summary;
      });
      return { journeys, total, hasMore: rest > journeys.length };
    });
  }

  async deleteJourneys(modelId: string, journeyIds: string[]): Promise<number> {
    return this.write(`deleting journeys of model "${modelId}"`, async (tx) => {
      if (!(await lockModel(tx, modelId))) throw modelMissing(modelId);
      const { records } = await tx.run(
        'UNWIND $ids AS id MATCH (j:Journey {model: $model, id: id}) DETACH DELETE j RETURN count(*) AS n',
        { model: modelId, ids: [...new Set(journeyIds)] },
      );
      // A resumed import would skip batches whose journeys were just deleted: start imports over.
      await deleteRuns(tx, modelId);
      return records[0].get('n') as number;
    });
  }

  async countJourneys(modelId: string): Promise<{ journeys: number; steps: number }> {
    return this.read(`counting journeys of model "${modelId}"`, async (tx) => {
      if ((await tx.run(MODEL_EXISTS, { model: modelId })).records.length === 0) throw modelMissing(modelId);
      const { records } = await tx.run(
        'MATCH (j:Journey) WHERE j.model = $model AND j.id IS NOT NULL RETURN count(j) AS journeys, coalesce(sum(j.steps), 0) AS steps',
        { model: modelId },
      );
      return { journeys: records[0].get('journeys') as number, steps: records[0].get('steps') as number };
    });
  }

  async journeyStats(modelId: string, filter: StatsFilter = {}): Promise<JourneyStats> {
    this.assertOpen();
    for (const key of ['from', 'to'] as const) {
      const v = filter[key];
      if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v))) {
        throw badInput(`Stats filter "${key}" must be a time in milliseconds since the epoch, got ${JSON.stringify(v)}`);
      }
    }
    const doing = `computing journey stats of model "${modelId}"`;
    // Kept results are served while the model's version is unchanged; a result is kept only when
    // no write committed while it was computed (the version read after equals the one before).
    const version = await this.read(doing, (tx) => modelVersion(tx, modelId));
    if (version === null) throw modelMissing(modelId);
    const kept = this.statsCache.get(modelId, filter, version);
    if (kept !== undefined) return kept;
    const stats = await this.computeStats(modelId, filter, doing);
    if ((await this.read(doing, (tx) => modelVersion(tx, modelId))) === version) this.statsCache.set(modelId, filter, version, stats);
    return stats;
  }

  /** journeyStats computed by the six queries (stats-queries.ts), `statsConcurrency` at a time. */
  private async computeStats(modelId: string, filter: StatsFilter, doing: string): Promise<JourneyStats> {
    const runSection = async (tx: ManagedTransaction, section: StatsSection, params: Record<string, unknown>) =>
      (await tx.run(STATS_QUERIES[section], params)).records.map((r) => r.toObject());
    const concurrency = Math.max(1, Math.floor(this.options.statsConcurrency ?? DEFAULT_STATS_CONCURRENCY));
    if (concurrency === 1) {
      return this.read(doing, async (tx) => {
        const doc = await readDocument(tx, modelId);
        if (!doc) throw modelMissing(modelId);
        const params = statsParameters(modelId, doc, filter);
        const rows = {} as SectionRows;
        for (const section of STATS_SECTIONS) rows[section] = await runSection(tx, section, params);
        return assembleStats(modelId, doc, filter, rows);
      });
    }
    const doc = await this.getDocument(modelId);
    if (!doc) throw modelMissing(modelId);
    const params = statsParameters(modelId, doc, filter);
    const rows = {} as SectionRows;
    const queue = [...STATS_ORDER];
    const worker = async (): Promise<void> => {
      for (let section = queue.shift(); section !== undefined; section = queue.shift()) {
        const s = section;
        rows[s] = await this.read(doing, (tx) => runSection(tx, s, params));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, STATS_SECTIONS.length) }, worker));
    return assembleStats(modelId, doc, filter, rows);
  }
}

/**
 * The error of a failed import batch: which batch, which journeys, why, and that running the
 * same import again completes it. Keeps the code of a GoalnetError (e.g. NOT_FOUND when the model
 * was deleted meanwhile); a constraint violation is a CONFLICT; anything else STORE_UNAVAILABLE.
 */
export function batchFailure(
  modelId: string,
  index: number,
  batches: number,
  batch: readonly JourneyInput[],
  error: unknown,
  settings: Pick<Neo4jSettings, 'uri' | 'user' | 'database'>,
): GoalnetError {
  const cause = error instanceof GoalnetError ? error : unavailable(error, settings, 'importing');
  let code: ErrorCode = cause.code;
  if (errorCode(error) === 'Neo.ClientError.Schema.ConstraintValidationFailed') code = 'CONFLICT';
  if (isConnectionError(error)) code = 'STORE_UNAVAILABLE';
  const first = batch[0]?.id ?? '';
  const last = batch[batch.length - 1]?.id ?? '';
  const written = index === 0 ? 'no batch was written' : `batches 1 to ${index} are written`;
  const reason = firstLine(cause.problems.length > 0 ? cause.message.split('\n')[0] : cause);
  return new GoalnetError(
    code,
    `Import into model "${modelId}" failed at batch ${index + 1} of ${batches} (journeys "${first}" to "${last}"): ${reason}. ` +
      `${written[0].toUpperCase()}${written.slice(1)}; run the same import again to complete it (journeys already written are merged, never doubled)`,
    cause.problems,
  );
}
