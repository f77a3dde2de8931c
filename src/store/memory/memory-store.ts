/**
 * MemoryStore: the embedded default GraphStore. Several models side by side, each a model
 * document (plain objects) plus its journeys in compact columns (`JourneyColumns`); optionally
 * saved to a snapshot file after every successful write (`snapshot.ts`).
 *
 * Rules beyond the GraphStore contract:
 * - Writes run one at a time, in call order, and never while a save runs. A write is acknowledged
 *   (its promise settles) only after a snapshot holding its change is on disk. Writes that arrive
 *   while a save runs wait and then run together, followed by one save for all of them (group
 *   commit: a save rewrites the whole snapshot, so under many writers this multiplies the writes
 *   a second by the size of the group instead of saving once per write). A refused write changes
 *   nothing and saves nothing; when a save fails, every write of its group that changed something
 *   fails with that error (the change stays in memory and the next save tries again).
 * - Reads of a missing model throw `NOT_FOUND` (except `getModel`/`getDocument`, which return null).
 * - `importJourneys` checks every journey of the call before writing any: the id (a non-empty
 *   string), the segment and every step's activity, actor and touchpoint (must exist in the
 *   model), timestamp (finite), outcome, channel, sentiment (integer -2..2), note and attributes.
 *   Any problem refuses the whole call. A journey needs at least one step. An imported journey
 *   without `segment` keeps its stored segment. It saves once at the end (or when aborted, what
 *   the finished batches wrote), yielding to the event loop between batches.
 * - Entities that recorded journeys refer to (activities, actors, touchpoints of steps; segments
 *   of journeys) cannot be deleted, nor left out by `putDocument` (`CONFLICT`).
 * - Steps round-trip exactly, except that an empty `attributes` object is not kept.
 * - `journeyStats` results are kept, by model and filter, until the next write of any kind, and
 *   each caller gets its own copy (an API answering analyses recomputes nothing between writes).
 */
import { badInput, conflict, GoalnetError, notFound, type Problem } from '../../model/errors.js';
import type { Journey, ModelDocument, ModelInfo } from '../../model/types.js';
import { checkIntegrity } from '../../model/validate.js';
import { CHANNELS, isOneOf, OUTCOMES, SENTIMENT_MAX, SENTIMENT_MIN } from '../../model/vocabulary.js';
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
import { isOrdered, mergeJourneySteps, orderSteps } from '../journey-merge.js';
import type { JourneyStats, StatsFilter } from '../journey-stats.js';
import { copyJson, StatsCache } from '../stats-cache.js';
import { columnStats } from './column-stats.js';
import { JourneyColumns, outcomeNumber, type Usage } from './journey-columns.js';
import { loadSnapshot, removeStaleTemporaries, saveSnapshot } from './snapshot.js';

export interface MemoryStoreOptions {
  /** Snapshot file: loaded on open when it exists, saved after every successful write. */
  snapshotPath?: string;
}

export const DEFAULT_IMPORT_BATCH = 1000;
export const DEFAULT_PAGE_SIZE = 50;
/** Problems listed at most in one refusal of an import. */
const MAX_PROBLEMS = 1000;

interface ModelState {
  doc: ModelDocument;
  journeys: JourneyColumns;
}

/** Entity kinds that recorded journeys refer to. */
const RECORDED_KINDS = ['activity', 'actor', 'touchpoint', 'segment'] as const;
type RecordedKind = (typeof RECORDED_KINDS)[number];

function isRecordedKind(kind: EntityKind): kind is RecordedKind {
  return (RECORDED_KINDS as readonly string[]).includes(kind);
}

/** A write waiting in the queue of `MemoryStore.write`. */
interface QueuedWrite {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class MemoryStore implements GraphStore {
  readonly kind = 'memory' as const;
  readonly snapshotPath: string | undefined;
  private readonly models = new Map<string, ModelState>();
  private readonly ready: Promise<void>;
  /** Writes waiting for their turn, and the loop running them (see `write`). */
  private readonly queue: QueuedWrite[] = [];
  private draining: Promise<void> | undefined;
  /** Whether memory holds changes the snapshot has not; `changes` counts them, to tell which write made one. */
  private dirty = false;
  private changes = 0;
  /** `journeyStats` results by model and filter, with the `changes` they were computed at. */
  private readonly statsCache = new StatsCache();
  private closed = false;

  /** Starts loading the snapshot, if any; every method waits for it (see `open`). */
  constructor(options: MemoryStoreOptions = {}) {
    this.snapshotPath = options.snapshotPath;
    this.ready = this.load();
    this.ready.catch(() => undefined);
  }

  /** A store with its snapshot loaded; rejects when the snapshot is damaged. */
  static async open(options: MemoryStoreOptions = {}): Promise<MemoryStore> {
    const store = new MemoryStore(options);
    await store.ready;
    return store;
  }

  private async load(): Promise<void> {
    if (this.snapshotPath === undefined) return;
    await removeStaleTemporaries(this.snapshotPath);
    const models = await loadSnapshot(this.snapshotPath);
    for (const m of models ?? []) this.models.set(m.document.model.id, { doc: m.document, journeys: m.journeys });
  }

  private async opened(): Promise<void> {
    await this.ready;
    if (this.closed) throw new GoalnetError('STORE_UNAVAILABLE', 'The memory store is closed; open a new one');
  }

  /** Queues a write; it settles once its change is saved (see the module rules). */
  private write<T>(fn: () => Promise<T> | T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      this.startDraining();
    });
  }

  /**
   * Starts the loop of `drain` unless it runs. When it ends it looks again: a write queued after
   * the loop's last look but before it ended would otherwise wait forever.
   */
  private startDraining(): void {
    if (this.draining !== undefined || this.queue.length === 0) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      this.startDraining();
    });
  }

  /** Records that a write changed what the snapshot holds. */
  private changed(): void {
    this.dirty = true;
    this.changes++;
  }

  /** Runs the queued writes group by group: the group's writes in call order, then one save. */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, this.queue.length);
      const outcomes: { value?: unknown; error?: unknown; failed: boolean; changed: boolean }[] = [];
      for (const write of group) {
        const before = this.changes;
        try {
          await this.opened();
          const value = await write.fn();
          outcomes.push({ value, failed: false, changed: this.changes !== before });
        } catch (error) {
          outcomes.push({ error, failed: true, changed: this.changes !== before });
        }
      }
      let saveError: unknown;
      let saveFailed = false;
      if (this.dirty) {
        this.dirty = false;
        try {
          await this.persist();
        } catch (error) {
          // Not on disk yet: the next write tries again.
          this.dirty = true;
          saveError = error;
          saveFailed = true;
        }
      }
      group.forEach((write, k) => {
        const outcome = outcomes[k];
        if (saveFailed && outcome.changed) write.reject(saveError);
        else if (outcome.failed) write.reject(outcome.error);
        else write.resolve(outcome.value);
      });
    }
  }

  private async persist(): Promise<void> {
    if (this.snapshotPath === undefined) return;
    const models = [...this.models.values()].map((m) => ({ document: m.doc, journeys: m.journeys }));
    try {
      await saveSnapshot(this.snapshotPath, models);
    } catch (error) {
      throw new GoalnetError(
        'STORE_UNAVAILABLE',
        `Could not save the snapshot ${this.snapshotPath}: ${(error as Error).message}. ` +
          'The change is in memory but not on disk; free space or fix permissions, then write again.',
      );
    }
  }

  private state(modelId: string): ModelState {
    const state = this.models.get(modelId);
    if (!state) throw notFound(`No model "${modelId}" in the store; list the models, or put the model document first`);
    return state;
  }

  async health(): Promise<StoreHealth> {
    try {
      await this.opened();
    } catch (error) {
      return { kind: 'memory', ok: false, detail: (error as Error).message, models: this.models.size };
    }
    let journeys = 0;
    let steps = 0;
    for (const m of this.models.values()) {
      journeys += m.journeys.liveJourneys;
      steps += m.journeys.liveRows;
    }
    const where = this.snapshotPath === undefined ? 'memory only' : `snapshot ${this.snapshotPath}`;
    return {
      kind: 'memory',
      ok: true,
      detail: `${this.models.size} model(s), ${journeys} journey(s), ${steps} step(s); ${where}`,
      models: this.models.size,
    };
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    while (this.draining !== undefined) await this.draining;
    this.closed = true;
  }

  async listModels(): Promise<ModelInfo[]> {
    await this.opened();
    return [...this.models.values()]
      .map((m) => copyJson(m.doc.model))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async getModel(modelId: string): Promise<ModelInfo | null> {
    await this.opened();
    const state = this.models.get(modelId);
    return state ? copyJson(state.doc.model) : null;
  }

  async getDocument(modelId: string): Promise<ModelDocument | null> {
    await this.opened();
    const state = this.models.get(modelId);
    return state ? copyJson(state.doc) : null;
  }

  putDocument(doc: ModelDocument): Promise<void> {
    return this.write(() => {
      if (doc === null || typeof doc !== 'object' || doc.model === null || typeof doc.model !== 'object') {
        throw badInput('Refused the model document: expected an object with "model": { "id": ..., "name": ... }');
      }
      const next = normalizeDocument(copyJson(doc));
      const problems = checkIntegrity(next);
      if (problems.length > 0) throw badInput(`Refused the model document "${String(doc.model.id)}": nothing was changed`, problems);
      const state = this.models.get(next.model.id);
      if (state) {
        const missing = missingRecorded(state.journeys.usage(), next);
        if (missing.length > 0) {
          throw conflict(
            `Refused to replace model "${next.model.id}": recorded journeys refer to entities the new document leaves out; ` +
              'keep those entities, or delete the journeys first (nothing was changed)',
            missing,
          );
        }
        state.doc = next;
      } else {
        this.models.set(next.model.id, { doc: next, journeys: new JourneyColumns() });
      }
      this.changed();
    });
  }

  deleteModel(modelId: string): Promise<boolean> {
    return this.write(() => {
      const existed = this.models.delete(modelId);
      if (existed) this.changed();
      return existed;
    });
  }

  async getEntities<K extends EntityKind>(modelId: string, kind: K, ids?: string[]): Promise<EntityTypes[K][]> {
    await this.opened();
    const list = this.state(modelId).doc[DOCUMENT_LISTS[kind]] as unknown as EntityTypes[K][];
    const chosen = ids === undefined ? list : list.filter((e) => ids.some((id) => hasId(kind, e, id)));
    return copyJson(chosen);
  }

  upsertEntities<K extends EntityKind>(modelId: string, kind: K, items: EntityTypes[K][]): Promise<void> {
    return this.write(() => {
      const state = this.state(modelId);
      state.doc = applyUpsert(state.doc, kind, copyJson(items));
      this.changed();
    });
  }

  deleteEntities(modelId: string, kind: EntityKind, ids: string[]): Promise<number> {
    return this.write(() => {
      const state = this.state(modelId);
      const { doc, deleted } = applyDelete(state.doc, kind, ids);
      if (deleted === 0) return 0;
      if (isRecordedKind(kind)) {
        const usage = state.journeys.usage()[kind];
        const remaining = new Set((doc[DOCUMENT_LISTS[kind]] as { id: string }[]).map((e) => e.id));
        const problems: Problem[] = [];
        for (const entity of state.doc[DOCUMENT_LISTS[kind]] as { id: string }[]) {
          const use = usage.get(entity.id);
          if (remaining.has(entity.id) || !use) continue;
          problems.push(recordedProblem(kind, entity.id, use.steps, use.example));
        }
        if (problems.length > 0) {
          throw conflict(
            `Cannot delete ${kind} from model "${modelId}": recorded journeys refer to it; delete those journeys first (nothing was deleted)`,
            problems,
          );
        }
      }
      state.doc = doc;
      this.changed();
      return deleted;
    });
  }

  importJourneys(modelId: string, journeys: JourneyInput[], options: ImportOptions = {}): Promise<ImportResult> {
    return this.write(async () => {
      const state = this.state(modelId);
      const batchSize = options.batchSize ?? DEFAULT_IMPORT_BATCH;
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        throw badInput(`Import batch size must be a positive whole number, got ${String(batchSize)}`);
      }
      if (!Array.isArray(journeys)) throw badInput('Expected a list of journeys to import');
      assertResumeKey(options.resumeKey);
      assertImportable(state.doc, journeys);
      // Room for the steps of journeys not stored yet at once, rather than growing the columns
      // as they fill (journeys already stored may not change at all, so they are not counted).
      let newSteps = 0;
      for (const input of journeys) if (state.journeys.slotOf(input.id) < 0) newSteps += input.steps.length;
      state.journeys.reserveRows(newSteps);
      const batches = Math.ceil(journeys.length / batchSize);
      const finalSteps = new Map<string, number>();
      let stepsAdded = 0;
      let doneJourneys = 0;
      let doneSteps = 0;
      try {
        for (let b = 0; b < batches; b++) {
          options.signal?.throwIfAborted();
          const cols = state.journeys;
          for (const input of journeys.slice(b * batchSize, (b + 1) * batchSize)) {
            const slot = cols.slotOf(input.id);
            // A new journey: merging into nothing is ordering (every step is added). Steps that
            // come ordered (as the event-log reader gives them) are written as they are.
            const merge =
              slot >= 0
                ? mergeJourneySteps(cols.readSteps(slot), input.steps)
                : { steps: isOrdered(input.steps) ? input.steps : orderSteps(input.steps), added: input.steps.length, changed: true };
            const oldSegment = slot >= 0 ? cols.segmentOf(slot) : undefined;
            const segment = input.segment ?? oldSegment;
            if (slot < 0 || merge.changed || segment !== oldSegment) {
              cols.writeJourney(input.id, segment, merge.steps);
              this.changed();
            }
            stepsAdded += merge.added;
            finalSteps.set(input.id, merge.steps.length);
            doneJourneys++;
            doneSteps += input.steps.length;
          }
          options.onProgress?.({ batch: b + 1, batches, journeys: doneJourneys, steps: doneSteps });
          if (b + 1 < batches) await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        this.compactIfNeeded(state);
      }
      let steps = 0;
      for (const n of finalSteps.values()) steps += n;
      return { journeys: finalSteps.size, steps, stepsAdded, batches };
    });
  }

  private compactIfNeeded(state: ModelState): void {
    if (state.journeys.needsCompaction()) state.journeys = state.journeys.compacted();
  }

  async getJourney(modelId: string, journeyId: string): Promise<Journey | null> {
    await this.opened();
    const cols = this.state(modelId).journeys;
    const slot = cols.slotOf(journeyId);
    return slot < 0 ? null : cols.journey(slot);
  }

  async listJourneys(modelId: string, query: JourneyQuery = {}): Promise<JourneyPage> {
    await this.opened();
    const cols = this.state(modelId).journeys;
    const first = query.first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(first) || first < 0) throw badInput(`"first" must be a whole number of journeys (0 or more), got ${String(first)}`);
    if (query.outcome !== undefined && !isOneOf(OUTCOMES, query.outcome)) {
      throw badInput(`Unknown outcome ${JSON.stringify(query.outcome)}; use one of: ${OUTCOMES.join(', ')}`);
    }
    const outcome = query.outcome === undefined ? -1 : outcomeNumber(query.outcome);
    // A segment no journey has matches nothing (-2 never equals a journey's segment number).
    const known = query.segment === undefined ? null : cols.segments.lookup(query.segment);
    const segment = known === -1 ? -2 : known;
    const sorted = cols.sortedSlots();
    let start = 0;
    if (query.after !== undefined) {
      const after = query.after;
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cols.journeyIds[sorted[mid]] <= after) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const journeys = [];
    let total = 0;
    let afterCursor = 0;
    for (let i = 0; i < sorted.length; i++) {
      const slot = sorted[i];
      if (outcome >= 0 && cols.journeyOutcome(slot) !== outcome) continue;
      if (segment !== null && cols.journeySegment[slot] !== segment) continue;
      total++;
      if (i < start) continue;
      afterCursor++;
      if (journeys.length < first) journeys.push(cols.summary(slot));
    }
    return { journeys, total, hasMore: afterCursor > journeys.length };
  }

  deleteJourneys(modelId: string, journeyIds: string[]): Promise<number> {
    return this.write(() => {
      const state = this.state(modelId);
      let deleted = 0;
      for (const id of new Set(journeyIds)) if (state.journeys.deleteJourney(id)) deleted++;
      if (deleted > 0) {
        this.changed();
        this.compactIfNeeded(state);
      }
      return deleted;
    });
  }

  async countJourneys(modelId: string): Promise<{ journeys: number; steps: number }> {
    await this.opened();
    const cols = this.state(modelId).journeys;
    return { journeys: cols.liveJourneys, steps: cols.liveRows };
  }

  async journeyStats(modelId: string, filter: StatsFilter = {}): Promise<JourneyStats> {
    await this.opened();
    const state = this.state(modelId);
    for (const key of ['from', 'to'] as const) {
      const v = filter[key];
      if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v))) {
        throw badInput(`Stats filter "${key}" must be a time in milliseconds since the epoch, got ${JSON.stringify(v)}`);
      }
    }
    // Every write counts in `changes` before the event loop turns, so results computed at the
    // same count are the current ones. Callers own what they get (the cache keeps a copy).
    const kept = this.statsCache.get(modelId, filter, this.changes);
    if (kept !== undefined) return kept;
    const stats = columnStats(modelId, state.doc, state.journeys, filter);
    this.statsCache.set(modelId, filter, this.changes, stats);
    return stats;
  }
}

function recordedProblem(kind: RecordedKind, id: string, count: number, example: string): Problem {
  const what = kind === 'segment' ? `${count} journey(s)` : `${count} step(s)`;
  return { where: `${kind} "${id}"`, message: `${what} of recorded journeys refer to it (e.g. journey "${example}")` };
}

/** The recorded references (from `usage`) to entities that `doc` does not have. */
function missingRecorded(usage: Usage, doc: ModelDocument): Problem[] {
  const problems: Problem[] = [];
  for (const kind of RECORDED_KINDS) {
    const present = new Set((doc[DOCUMENT_LISTS[kind]] as { id: string }[]).map((e) => e.id));
    for (const [id, use] of usage[kind]) {
      if (!present.has(id)) problems.push(recordedProblem(kind, id, use.steps, use.example));
    }
  }
  return problems;
}

/** Refuses a resume key (ImportOptions.resumeKey) that is given but not a non-empty string; both stores check it. */
export function assertResumeKey(key: unknown): void {
  if (key !== undefined && (typeof key !== 'string' || key === '')) {
    throw badInput(`The resume key of an import must be a non-empty string, got ${JSON.stringify(key)}`);
  }
}

/** Refuses, naming every problem, journeys that do not fit the model `doc`; nothing is imported. */
export function assertImportable(doc: ModelDocument, journeys: JourneyInput[]): void {
  const problems = journeyProblems(doc, journeys);
  if (problems.length === 0) return;
  const more = problems.length >= MAX_PROBLEMS ? ` (listing the first ${MAX_PROBLEMS})` : '';
  throw badInput(
    `Refused to import ${journeys.length} journey(s) into model "${doc.model.id}": ${problems.length} problem(s)${more}; ` +
      'fix the log or the model and import again (nothing was imported)',
    problems,
  );
}

/** Every problem of journeys to import into the model `doc` (at most MAX_PROBLEMS). */
export function journeyProblems(doc: ModelDocument, journeys: readonly JourneyInput[]): Problem[] {
  const problems: Problem[] = [];
  const known: KnownIds = {
    activity: new Set(doc.activities.map((a) => a.id)),
    actor: new Set(doc.actors.map((a) => a.id)),
    touchpoint: new Set(doc.touchpoints.map((t) => t.id)),
    segment: new Set(doc.segments.map((s) => s.id)),
  };
  const add = (where: string, message: string): boolean => {
    problems.push({ where, message });
    return problems.length < MAX_PROBLEMS;
  };
  const model = `model "${doc.model.id}"`;
  // As the event-log reader: a model that declares no segments accepts any segment name.
  const segmentsDeclared = known.segment.size > 0;
  for (let i = 0; i < journeys.length; i++) {
    const j = journeys[i];
    if (j === null || typeof j !== 'object') {
      if (!add(`journeys[${i}]`, 'expected a journey object with id and steps')) return problems;
      continue;
    }
    if (typeof j.id !== 'string' || j.id === '') {
      if (!add(`${journeyWhere(i, j)}.id`, 'a journey needs a non-empty string id')) return problems;
    }
    if (j.segment !== undefined && (typeof j.segment !== 'string' || (segmentsDeclared && !known.segment.has(j.segment)))) {
      if (!add(`${journeyWhere(i, j)}.segment`, `unknown segment ${JSON.stringify(j.segment)}; declare it in the segments of ${model} or fix the log`)) return problems;
    }
    const steps = j.steps;
    if (!Array.isArray(steps) || steps.length === 0) {
      if (!add(`${journeyWhere(i, j)}.steps`, 'a journey needs at least one step')) return problems;
      continue;
    }
    for (let k = 0; k < steps.length; k++) {
      // Most steps are fine: check them without building any text; word the problems only when
      // there are some.
      if (stepFits(steps[k], known)) continue;
      for (const [field, message] of stepProblems(steps[k], known, model)) {
        if (!add(`${journeyWhere(i, j)}.steps[${k}]${field === '' ? '' : `.${field}`}`, message)) return problems;
      }
    }
  }
  return problems;
}

/** Where a journey of an import is, for a problem (worded only when there is one). */
function journeyWhere(i: number, j: JourneyInput): string {
  return typeof j.id === 'string' ? `journeys[${i}] (journey "${j.id}")` : `journeys[${i}]`;
}

type KnownIds = Record<'activity' | 'actor' | 'touchpoint' | 'segment', Set<string>>;

/** Whether the step has no problem at all (the same rules as `stepProblems`, without wording). */
function stepFits(s: StepInput, known: KnownIds): boolean {
  if (s === null || typeof s !== 'object') return false;
  const { timestamp, activity, actor, touchpoint, channel, sentiment, note, attributes } = s;
  return (
    typeof timestamp === 'number' &&
    Number.isFinite(timestamp) &&
    typeof activity === 'string' &&
    known.activity.has(activity) &&
    (actor === undefined || (typeof actor === 'string' && known.actor.has(actor))) &&
    (touchpoint === undefined || (typeof touchpoint === 'string' && known.touchpoint.has(touchpoint))) &&
    (channel === undefined || isOneOf(CHANNELS, channel)) &&
    isOneOf(OUTCOMES, s.outcome) &&
    (sentiment === undefined || (Number.isInteger(sentiment) && sentiment >= SENTIMENT_MIN && sentiment <= SENTIMENT_MAX)) &&
    (note === undefined || typeof note === 'string') &&
    (attributes === undefined || textValues(attributes))
  );
}

function textValues(attributes: unknown): boolean {
  return (
    attributes !== null &&
    typeof attributes === 'object' &&
    !Array.isArray(attributes) &&
    Object.values(attributes).every((v) => typeof v === 'string')
  );
}

/** The problems of one step, as [field, message] pairs in field order (field '' for the step itself). */
function stepProblems(s: StepInput, known: KnownIds, model: string): [string, string][] {
  if (s === null || typeof s !== 'object') return [['', 'expected a step object']];
  const found: [string, string][] = [];
  if (typeof s.timestamp !== 'number' || !Number.isFinite(s.timestamp)) {
    found.push(['timestamp', `expected milliseconds since the epoch, got ${JSON.stringify(s.timestamp)}`]);
  }
  const reference = (field: 'activity' | 'actor' | 'touchpoint', required: boolean): void => {
    const id: unknown = s[field];
    if (id === undefined && !required) return;
    if (typeof id !== 'string') {
      found.push([field, `expected the id of ${field === 'activity' ? 'an' : 'a'} ${field} (a string)${required ? '' : ' or nothing'}, got ${JSON.stringify(id) ?? 'nothing'}`]);
    } else if (!known[field].has(id)) {
      found.push([field, `unknown ${field} ${JSON.stringify(id)}; add it to ${model} or fix the log`]);
    }
  };
  reference('activity', true);
  reference('actor', false);
  reference('touchpoint', false);
  if (s.channel !== undefined && !isOneOf(CHANNELS, s.channel)) {
    found.push(['channel', `unknown channel ${JSON.stringify(s.channel)}; use one of: ${CHANNELS.join(', ')}`]);
  }
  if (!isOneOf(OUTCOMES, s.outcome)) {
    found.push(['outcome', `unknown outcome ${JSON.stringify(s.outcome)}; use one of: ${OUTCOMES.join(', ')}`]);
  }
  if (
    s.sentiment !== undefined &&
    (!Number.isInteger(s.sentiment) || s.sentiment < SENTIMENT_MIN || s.sentiment > SENTIMENT_MAX)
  ) {
    found.push(['sentiment', `expected a whole number from ${SENTIMENT_MIN} to ${SENTIMENT_MAX}, got ${JSON.stringify(s.sentiment)}`]);
  }
  if (s.note !== undefined && typeof s.note !== 'string') {
    found.push(['note', `expected text, got ${JSON.stringify(s.note)}`]);
  }
  if (s.attributes !== undefined && !textValues(s.attributes)) {
    found.push(['attributes', 'expected an object of text values']);
  }
  return found;
}
