/**
 * The per-request context of the GraphQL API: who is calling, the store, the request's
 * DataLoaders, and its deadline.
 *
 * Store round trips per request (DataLoaders, cached for the request, cleared for a model after
 * a mutation changes it):
 * - model info: one `listModels` (or `getModel` for a single id) per batch of model ids;
 * - a model's document: one `getDocument` per model, however many entities and relations the
 *   query walks (relations are resolved from an indexed `ModelView` of it);
 * - a model's entities of one kind, for fields that only list them (`model { goals { id } }`):
 *   one `getEntities` per model and kind, unless the document is loaded already;
 * - journey aggregates: one `journeyStats` per model and filter, shared by every analysis;
 * - a journey's steps: one `getJourney` per journey (a page holds at most `maxPageSize`);
 * - journey pages and counts: one call per field.
 */
import DataLoader from 'dataloader';
import { GoalNetwork } from '../graph/goal-network.js';
import { notFound } from '../model/errors.js';
import type { Journey, ModelInfo } from '../model/types.js';
import { DOCUMENT_LISTS } from '../store/edit.js';
import type { EntityKind, EntityTypes, GraphStore } from '../store/graph-store.js';
import type { JourneyStats, StatsFilter } from '../store/journey-stats.js';
import { hasRole, roleFor, type Principal, type Role } from './auth.js';
import { apiError } from './errors.js';
import type { Limits } from './limits.js';
import { ModelView } from './model-view.js';

/** What the request log line records; resolvers and plugins fill it in. */
export interface RequestRecord {
  operationName?: string;
  /** The first error's code, when the response carries errors. */
  errorCode?: string;
}

export interface ApiContext {
  store: GraphStore;
  principal: Principal;
  limits: Limits;
  loaders: Loaders;
  /** Epoch milliseconds after which resolvers refuse to start (TIMEOUT). */
  deadline: number;
  record: RequestRecord;
}

export interface Loaders {
  models: DataLoader<string, ModelInfo | null>;
  views: DataLoader<string, ModelView | null>;
  journeys: DataLoader<string, Journey | null>;
  stats: DataLoader<string, JourneyStats>;
  counts: DataLoader<string, { journeys: number; steps: number }>;
  /** Entities of one kind of one model (key: model id and kind). */
  kinds: DataLoader<string, unknown[]>;
  /** The views loaded so far in this request, by model id. */
  loadedViews: Map<string, ModelView>;
  networks: Map<string, GoalNetwork>;
}

const SEP = '\u0000';

export function createLoaders(store: GraphStore): Loaders {
  return {
    models: new DataLoader(async (ids: readonly string[]) => {
      if (ids.length === 1) return [await store.getModel(ids[0])];
      const all = new Map((await store.listModels()).map((m) => [m.id, m]));
      return ids.map((id) => all.get(id) ?? null);
    }),
    views: new DataLoader((ids: readonly string[]) =>
      Promise.all(ids.map(async (id) => {
        const doc = await store.getDocument(id);
        return doc === null ? null : new ModelView(doc);
      })),
    ),
    journeys: new DataLoader((keys: readonly string[]) =>
      Promise.all(keys.map((key) => {
        const [modelId, journeyId] = key.split(SEP);
        return store.getJourney(modelId, journeyId);
      })),
    ),
    stats: new DataLoader((keys: readonly string[]) =>
      Promise.all(keys.map((key) => {
        const at = key.indexOf(SEP);
        return store.journeyStats(key.slice(0, at), JSON.parse(key.slice(at + 1)) as StatsFilter);
      })),
    ),
    counts: new DataLoader((ids: readonly string[]) => Promise.all(ids.map((id) => store.countJourneys(id)))),
    kinds: new DataLoader((keys: readonly string[]) =>
      Promise.all(keys.map((key) => {
        const [modelId, kind] = key.split(SEP);
        return store.getEntities(modelId, kind as EntityKind) as Promise<unknown[]>;
      })),
    ),
    loadedViews: new Map(),
    networks: new Map(),
  };
}

export function createContext(store: GraphStore, principal: Principal, limits: Limits, record: RequestRecord): ApiContext {
  return { store, principal, limits, loaders: createLoaders(store), deadline: Date.now() + limits.timeoutMs, record };
}

/** Throws FORBIDDEN unless the caller holds `role` (or higher) on the model. */
export function requireRole(ctx: ApiContext, modelId: string, role: Role, doing: string): void {
  requirePrincipalRole(ctx.principal, modelId, role, doing);
}

export function requirePrincipalRole(principal: Principal, modelId: string, role: Role, doing: string): void {
  if (hasRole(principal, modelId, role)) return;
  const has = roleFor(principal, modelId);
  throw apiError(
    'FORBIDDEN',
    `${doing} on model "${modelId}" needs the role ${role} (or higher); key "${principal.name}" has ` +
      (has === undefined ? 'no role on it' : `the role ${has}`) +
      '. Ask an admin for a key with that role.',
    { neededRole: role, modelId },
  );
}

/** Throws TIMEOUT once the request's deadline has passed: work not yet started is not started. */
export function checkDeadline(ctx: ApiContext): void {
  if (Date.now() > ctx.deadline) {
    throw apiError('TIMEOUT', `The request ran longer than ${ctx.limits.timeoutMs} ms and was stopped; ask for less (a smaller page, fewer fields) or raise GOALNET_TIMEOUT_MS`);
  }
}

/** The model's info; NOT_FOUND naming the id when there is none. */
export async function loadModel(ctx: ApiContext, modelId: string): Promise<ModelInfo> {
  checkDeadline(ctx);
  const model = await ctx.loaders.models.load(modelId);
  if (model === null) throw notFound(`No model "${modelId}"; list the models with { models { id } }`);
  return model;
}

/** The model's indexed document; NOT_FOUND naming the id when there is none. */
export async function loadView(ctx: ApiContext, modelId: string): Promise<ModelView> {
  checkDeadline(ctx);
  const view = await ctx.loaders.views.load(modelId);
  if (view === null) throw notFound(`No model "${modelId}"; list the models with { models { id } }`);
  ctx.loaders.loadedViews.set(modelId, view);
  return view;
}

/**
 * The entities of one kind of a model: from the model's view when this request loaded it
 * already, else one `getEntities` per model and kind (cheaper than the whole document for
 * queries that list one kind without walking relations).
 */
export async function loadKind<K extends EntityKind>(ctx: ApiContext, modelId: string, kind: K): Promise<EntityTypes[K][]> {
  checkDeadline(ctx);
  const view = ctx.loaders.loadedViews.get(modelId);
  if (view !== undefined) return view.doc[DOCUMENT_LISTS[kind]] as unknown as EntityTypes[K][];
  return (await ctx.loaders.kinds.load(`${modelId}${SEP}${kind}`)) as EntityTypes[K][];
}

/** The model as a GoalNetwork (for analyses), built once per request. */
export async function loadNetwork(ctx: ApiContext, modelId: string): Promise<GoalNetwork> {
  const view = await loadView(ctx, modelId);
  let network = ctx.loaders.networks.get(modelId);
  if (network === undefined || network.document !== view.doc) {
    network = new GoalNetwork(view.doc);
    ctx.loaders.networks.set(modelId, network);
  }
  return network;
}

export function loadJourney(ctx: ApiContext, modelId: string, journeyId: string): Promise<Journey | null> {
  return ctx.loaders.journeys.load(`${modelId}${SEP}${journeyId}`);
}

/** Journey aggregates for a model and filter; filters with equal fields share one store call. */
export function loadStats(ctx: ApiContext, modelId: string, filter: StatsFilter): Promise<JourneyStats> {
  checkDeadline(ctx);
  const canonical: StatsFilter = {};
  if (filter.segment !== undefined) canonical.segment = filter.segment;
  if (filter.from !== undefined) canonical.from = filter.from;
  if (filter.to !== undefined) canonical.to = filter.to;
  return ctx.loaders.stats.load(`${modelId}${SEP}${JSON.stringify(canonical)}`);
}

/** Forgets everything loaded about a model (after a mutation changed it). */
export function forgetModel(ctx: ApiContext, modelId: string): void {
  ctx.loaders.models.clearAll();
  ctx.loaders.views.clear(modelId);
  ctx.loaders.loadedViews.delete(modelId);
  ctx.loaders.kinds.clearAll();
  ctx.loaders.journeys.clearAll();
  ctx.loaders.stats.clearAll();
  ctx.loaders.counts.clear(modelId);
  ctx.loaders.networks.delete(modelId);
}
