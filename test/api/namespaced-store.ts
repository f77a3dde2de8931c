/**
 * A GraphStore view of a shared store (one Neo4j for the whole test run) in which this test's
 * models carry their plain ids (`home-purchase`) while the shared store holds them under a
 * prefix (`api-<run>-<n>-home-purchase`). Other tests' models are invisible. `close()` deletes
 * this view's models and closes the underlying store.
 */
import type { GoalnetError } from '../../src/model/errors.js';
import type { ModelDocument, ModelInfo } from '../../src/model/types.js';
import type {
  EntityKind,
  EntityTypes,
  GraphStore,
  ImportOptions,
  ImportResult,
  JourneyInput,
  JourneyPage,
  JourneyQuery,
  StoreHealth,
} from '../../src/store/graph-store.js';
import type { JourneyStats, StatsFilter } from '../../src/store/journey-stats.js';
import type { Journey } from '../../src/model/types.js';

const RUN = `api-${process.pid.toString(36)}${Date.now().toString(36)}`;
let counter = 0;

export class NamespacedStore implements GraphStore {
  readonly kind: 'memory' | 'neo4j';
  private readonly prefix: string;

  constructor(private readonly inner: GraphStore) {
    this.kind = inner.kind;
    counter += 1;
    this.prefix = `${RUN}-${counter}-`;
  }

  private in(id: string): string {
    return `${this.prefix}${id}`;
  }
  private out(id: string): string {
    return id.startsWith(this.prefix) ? id.slice(this.prefix.length) : id;
  }
  private info(m: ModelInfo): ModelInfo {
    return { ...m, id: this.out(m.id) };
  }
  /** Store messages name the prefixed id; tests see the plain one. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const e = error as GoalnetError;
      if (e instanceof Error && e.message.includes(this.prefix)) e.message = e.message.split(this.prefix).join('');
      throw error;
    }
  }

  health(): Promise<StoreHealth> {
    return this.inner.health();
  }
  async close(): Promise<void> {
    for (const m of await this.inner.listModels()) if (m.id.startsWith(this.prefix)) await this.inner.deleteModel(m.id);
    await this.inner.close();
  }
  async listModels(): Promise<ModelInfo[]> {
    return (await this.inner.listModels()).filter((m) => m.id.startsWith(this.prefix)).map((m) => this.info(m));
  }
  async getModel(modelId: string): Promise<ModelInfo | null> {
    const m = await this.inner.getModel(this.in(modelId));
    return m === null ? null : this.info(m);
  }
  async getDocument(modelId: string): Promise<ModelDocument | null> {
    const doc = await this.inner.getDocument(this.in(modelId));
    return doc === null ? null : { ...doc, model: this.info(doc.model) };
  }
  putDocument(doc: ModelDocument): Promise<void> {
    return this.call(() => this.inner.putDocument({ ...doc, model: { ...doc.model, id: this.in(doc.model.id) } }));
  }
  deleteModel(modelId: string): Promise<boolean> {
    return this.call(() => this.inner.deleteModel(this.in(modelId)));
  }
  getEntities<K extends EntityKind>(modelId: string, kind: K, ids?: string[]): Promise<EntityTypes[K][]> {
    return this.call(() => this.inner.getEntities(this.in(modelId), kind, ids));
  }
  upsertEntities<K extends EntityKind>(modelId: string, kind: K, items: EntityTypes[K][]): Promise<void> {
    return this.call(() => this.inner.upsertEntities(this.in(modelId), kind, items));
  }
  deleteEntities(modelId: string, kind: EntityKind, ids: string[]): Promise<number> {
    return this.call(() => this.inner.deleteEntities(this.in(modelId), kind, ids));
  }
  importJourneys(modelId: string, journeys: JourneyInput[], options?: ImportOptions): Promise<ImportResult> {
    return this.call(() => this.inner.importJourneys(this.in(modelId), journeys, options));
  }
  getJourney(modelId: string, journeyId: string): Promise<Journey | null> {
    return this.call(() => this.inner.getJourney(this.in(modelId), journeyId));
  }
  listJourneys(modelId: string, query?: JourneyQuery): Promise<JourneyPage> {
    return this.call(() => this.inner.listJourneys(this.in(modelId), query));
  }
  deleteJourneys(modelId: string, journeyIds: string[]): Promise<number> {
    return this.call(() => this.inner.deleteJourneys(this.in(modelId), journeyIds));
  }
  countJourneys(modelId: string): Promise<{ journeys: number; steps: number }> {
    return this.call(() => this.inner.countJourneys(this.in(modelId)));
  }
  async journeyStats(modelId: string, filter?: StatsFilter): Promise<JourneyStats> {
    const stats = await this.call(() => this.inner.journeyStats(this.in(modelId), filter));
    return { ...stats, modelId: this.out(stats.modelId) };
  }
}
