/**
 * GraphStore: the one interface every store implements. Everything above it (analyses, API, CLI)
 * is written against it and never knows which store is underneath.
 *
 * Writes are atomic per call: a call that is refused (GoalnetError) changes nothing.
 */
import type {
  Activity,
  Actor,
  Goal,
  Journey,
  JourneySummary,
  ModelDocument,
  ModelInfo,
  Partnership,
  Segment,
  Touchpoint,
} from '../model/types.js';
import type { Outcome } from '../model/vocabulary.js';
import type { JourneyStats, StatsFilter } from './journey-stats.js';

/** The entity kinds of a model and their types. */
export interface EntityTypes {
  goal: Goal;
  actor: Actor;
  touchpoint: Touchpoint;
  activity: Activity;
  partnership: Partnership;
  segment: Segment;
}
export type EntityKind = keyof EntityTypes;
export const ENTITY_KINDS: readonly EntityKind[] = [
  'goal',
  'actor',
  'touchpoint',
  'activity',
  'partnership',
  'segment',
];

/** A step as written into a store: resolved against the model, without its journey id. */
export interface StepInput {
  timestamp: number;
  activity: string;
  actor?: string;
  channel?: Journey['steps'][number]['channel'];
  touchpoint?: string;
  outcome: Outcome;
  sentiment?: number;
  note?: string;
  attributes?: Record<string, string>;
}

export interface JourneyInput {
  id: string;
  segment?: string;
  steps: StepInput[];
}

export interface ImportProgress {
  batch: number;
  batches: number;
  journeys: number;
  steps: number;
}

export interface ImportOptions {
  /** Journeys per batch (each batch is one transaction in Neo4j). */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Stops the import between batches; batches already written stay written. */
  signal?: AbortSignal;
  /**
   * Names this exact input (e.g. a hash of the event log and the model it was read against), so
   * that an import cut off part-way can resume. Neo4j keeps, with each batch, how many batches of
   * the import with this key are committed; a later call with the same key, the same batch size
   * and the same number of journeys starts after the last committed batch. The checkpoint goes
   * when the import completes. Give a key only for the same journeys in the same order: batches
   * before the checkpoint are not read again (deleting journeys of the model removes its
   * checkpoints, so the next run starts over). The memory store ignores the key and
   * always runs the whole call (merging, so the result is the same).
   */
  resumeKey?: string;
}

export interface ImportResult {
  journeys: number;
  /** Steps in the written journeys after merging with what was stored. */
  steps: number;
  /** Steps that were new to the store. */
  stepsAdded: number;
  batches: number;
  /**
   * With a resume key: the batches an earlier, interrupted call had committed, which this call
   * skipped (0 when it started from the first). `journeys`, `steps` and `stepsAdded` count only
   * the batches this call wrote.
   */
  resumedFromBatch?: number;
}

export interface JourneyQuery {
  outcome?: Outcome;
  segment?: string;
  /** Return journeys whose id sorts after this one (cursor). */
  after?: string;
  /** Page size. */
  first?: number;
}

export interface JourneyPage {
  journeys: JourneySummary[];
  /** Journeys matching the query in all pages. */
  total: number;
  hasMore: boolean;
}

export interface StoreHealth {
  kind: 'memory' | 'neo4j';
  ok: boolean;
  detail: string;
  models: number;
}

export interface GraphStore {
  readonly kind: 'memory' | 'neo4j';

  health(): Promise<StoreHealth>;
  close(): Promise<void>;

  listModels(): Promise<ModelInfo[]>;
  getModel(modelId: string): Promise<ModelInfo | null>;
  /** The whole model without its journeys, or null when there is no such model. */
  getDocument(modelId: string): Promise<ModelDocument | null>;
  /**
   * Writes a whole model document: creates the model, or replaces its entities (journeys stay,
   * and must still refer to existing activities). Validated first.
   */
  putDocument(doc: ModelDocument): Promise<void>;
  /** Deletes a model with its journeys. Returns false when there was none. */
  deleteModel(modelId: string): Promise<boolean>;

  /** Entities of one kind, all of them or those with the given ids (missing ids are left out). */
  getEntities<K extends EntityKind>(modelId: string, kind: K, ids?: string[]): Promise<EntityTypes[K][]>;
  /** Creates or replaces entities by id; the resulting model must validate. */
  upsertEntities<K extends EntityKind>(modelId: string, kind: K, items: EntityTypes[K][]): Promise<void>;
  /**
   * Deletes entities by id (a partnership's id is its two actor ids joined by `~`). Refused
   * when anything still refers to them. Returns how many existed.
   */
  deleteEntities(modelId: string, kind: EntityKind, ids: string[]): Promise<number>;

  /**
   * Writes journeys in batches. A journey already stored is merged: a step is identified by its
   * timestamp, activity and occurrence among equal ones, so re-importing the same log changes
   * nothing and a later log can add steps to a journey.
   */
  importJourneys(modelId: string, journeys: JourneyInput[], options?: ImportOptions): Promise<ImportResult>;
  getJourney(modelId: string, journeyId: string): Promise<Journey | null>;
  listJourneys(modelId: string, query?: JourneyQuery): Promise<JourneyPage>;
  deleteJourneys(modelId: string, journeyIds: string[]): Promise<number>;
  /** How many journeys and steps a model has. */
  countJourneys(modelId: string): Promise<{ journeys: number; steps: number }>;

  journeyStats(modelId: string, filter?: StatsFilter): Promise<JourneyStats>;
}
