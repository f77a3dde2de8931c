/**
 * The mixed workload of the load test: model and entity reads, journey pages, analyses, and
 * mutations with unique ids, plus the ledger of what every mutation's answer promised, so that
 * the store can be checked afterwards (every acknowledged change present, every refused one
 * absent).
 *
 * One rule keeps the expectations exact under concurrency: an entity is never the target of two
 * mutations in flight at once (a `busy` flag), so the last acknowledged change is the state.
 * A read-back taken while mutations go on compares only the entities that were idle, and not
 * touched, while it ran (`stableSince`).
 */
import type { GqlAnswer, GqlClient } from '../faults/api-process.js';

export type Category = 'read' | 'journeys' | 'analysis' | 'mutation';

/** What the store must hold for an id after the run. */
export type Expectation = { state: 'present'; name?: string; steps?: number } | { state: 'absent' } | { state: 'unknown'; why: string };

interface Tracked {
  modelId: string;
  id: string;
  expect: Expectation;
  version: number;
  busy: boolean;
  /** When the last mutation of it was sent (performance.now()). */
  touchedAt: number;
}

export interface ModelFacts {
  id: string;
  activities: string[];
  actors: string[];
  segments: string[];
}

export interface Sample {
  /** When it was sent (performance.now()). */
  at: number;
  category: Category;
  op: string;
  status: number;
  ms: number;
  /** The first error code of the answer, if any. */
  code?: string;
  transportError?: string;
}

/** The codes an answer may carry; anything else is not a clear refusal. */
export const KNOWN_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'SERVICE_UNAVAILABLE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'TIMEOUT',
  'TOO_MANY_REQUESTS',
  'PAYLOAD_TOO_LARGE',
  'BAD_REQUEST',
]);

const ACTOR_KINDS = ['BANK', 'BROKER', 'FIRM', 'INSURER', 'MEDIA', 'OTHER'];
const OUTCOMES = ['PROGRESSED', 'PROGRESSED', 'PROGRESSED', 'STUCK', 'ABANDONED', 'COMPLETED'];
const CHANNELS = ['WEB', 'APP', 'PHONE', 'EMAIL', 'STORE'];

export const LOAD_PREFIX = 'load-';

/** The queries, by operation name. */
const Q = {
  model: `query Model($id: ID!) { model(id: $id) { id name journeyCount stepCount goals { id name } actors { id name kind } segments { id } } }`,
  entity: `query Entity($id: ID!, $actor: ID!, $activity: ID!) { model(id: $id) { actor(id: $actor) { id name kind touchpoints { id } } activity(id: $activity) { id name phase goal { id } } } }`,
  journeys: `query Journeys($id: ID!, $after: String) { model(id: $id) { journeys(first: 25, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id outcome stepCount } } } } }`,
  gaps: `query Gaps($id: ID!) { gaps(modelId: $id) { journeys ranked { id score reason } structural { id score reason } } }`,
  partners: `query Partners($id: ID!) { partnerOpportunities(modelId: $id) { id score reason } }`,
  channels: `query Channels($id: ID!) { channelPresence(modelId: $id) { focalId cells { phase channel status customerSteps firmSteps } gaps { id score } } }`,
  transitions: `query Transitions($id: ID!) { transitions(modelId: $id) { journeys transitions { id score } starts { activityId journeys } } }`,
  satisfaction: `query Satisfaction($id: ID!) { goalSatisfaction(modelId: $id) { overall goals { goalId value } leaves { id score } } }`,
  pressure: `query Pressure($id: ID!) { contactPressure(modelId: $id) { contacts journeys perJourney touchpoints { id score } } }`,
  network: `query Network($id: ID!) { actorNetwork(modelId: $id) { communities modularity actors { id score } edges { source target weight } } }`,
  upsertActor: `mutation UpsertActor($id: ID!, $actors: [ActorInput!]!) { upsertActors(modelId: $id, actors: $actors) { id name } }`,
  deleteActor: `mutation DeleteActor($id: ID!, $ids: [ID!]!) { deleteActors(modelId: $id, ids: $ids) }`,
  recordJourney: `mutation Record($id: ID!, $journey: JourneyInput!) { recordJourney(modelId: $id, journey: $journey) { id stepCount } }`,
  deleteJourney: `mutation DeleteJourney($id: ID!, $ids: [ID!]!) { deleteJourneys(modelId: $id, ids: $ids) }`,
};
const ANALYSES = ['gaps', 'partners', 'channels', 'transitions', 'satisfaction', 'pressure', 'network'] as const;

function pick<T>(list: readonly T[]): T {
  return list[Math.floor(Math.random() * list.length)];
}

/** The facts of a model the workload needs (its activity, actor and segment ids). */
export async function modelFacts(client: GqlClient, id: string): Promise<ModelFacts> {
  const r = await client.post(`query Facts($id: ID!) { model(id: $id) { id activities { id } actors { id } segments { id } } }`, { id });
  const m = r.body?.data?.model as { activities: { id: string }[]; actors: { id: string }[]; segments: { id: string }[] } | undefined;
  if (r.status !== 200 || m === undefined) throw new Error(`cannot read model ${id}: ${r.status} ${JSON.stringify(r.body ?? r.text ?? r.error)}`);
  return { id, activities: m.activities.map((a) => a.id), actors: m.actors.map((a) => a.id), segments: m.segments.map((s) => s.id) };
}

export class Workload {
  readonly samples: Sample[] = [];
  readonly actors = new Map<string, Tracked>();
  readonly journeys = new Map<string, Tracked>();
  /** Refusals of mutations meant to be refused (invalid journeys), by code. */
  readonly intendedRefusals = new Map<string, number>();
  /** Refusals or failures of mutations meant to succeed: op, code and message. */
  readonly unexpectedRefusals: { op: string; code?: string; message?: string; status: number }[] = [];
  /** Answers whose errors had no known code. */
  readonly unclearErrors: unknown[] = [];
  private serial = 0;
  private cursors = new Map<string, string | undefined>();
  /** Set before the server is killed on purpose: lost answers are then expected, not failures. */
  private killing = false;

  constructor(
    private readonly client: GqlClient,
    /** Models read and analysed. */
    private readonly readModels: ModelFacts[],
    /** Models mutated (a subset of the above). */
    private readonly writeModels: ModelFacts[],
  ) {}

  /** One read of the mix: 35% model and entity reads, 20% journey pages, 45% analyses. */
  async readStep(): Promise<void> {
    const r = Math.random();
    if (r < 0.35) await this.read();
    else if (r < 0.55) await this.journeyPage();
    else await this.analysis();
  }

  /**
   * One mutation: 30% create an actor, 20% rename one, 10% delete one, 30% record a journey (5%
   * of them invalid, to be refused), 10% delete a recorded journey.
   */
  async writeStep(): Promise<void> {
    await this.mutation();
  }

  /** From now on the server may die under the workload: a mutation without an answer is unknown, not a failure. */
  expectKill(): void {
    this.killing = true;
  }

  /** Keys of the tracked entities with no mutation in flight now. */
  idleKeys(): { actors: Set<string>; journeys: Set<string> } {
    const idle = (map: Map<string, Tracked>) => new Set([...map].filter(([, t]) => !t.busy).map(([k]) => k));
    return { actors: idle(this.actors), journeys: idle(this.journeys) };
  }

  /** Of `keys` (from `idleKeys`), those no mutation has touched since `since`. */
  stableSince(keys: { actors: Set<string>; journeys: Set<string> }, since: number): { actors: Set<string>; journeys: Set<string> } {
    const stable = (set: Set<string>, map: Map<string, Tracked>) => new Set([...set].filter((k) => (map.get(k)?.touchedAt ?? Infinity) < since));
    return { actors: stable(keys.actors, this.actors), journeys: stable(keys.journeys, this.journeys) };
  }

  private begin(t: Tracked): void {
    t.busy = true;
    t.touchedAt = performance.now();
  }

  private track(map: Map<string, Tracked>, modelId: string, id: string): Tracked {
    const t: Tracked = { modelId, id, expect: { state: 'absent' }, version: 0, busy: true, touchedAt: performance.now() };
    map.set(`${modelId}\u0000${id}`, t);
    return t;
  }

  private async send(category: Category, op: string, query: string, variables: Record<string, unknown>): Promise<GqlAnswer> {
    const at = performance.now();
    const answer = await this.client.post(query, variables);
    const code = answer.body?.errors?.[0]?.extensions?.code as string | undefined;
    for (const e of answer.body?.errors ?? []) {
      if (typeof e.extensions?.code !== 'string' || !KNOWN_CODES.has(e.extensions.code) || typeof e.message !== 'string' || e.message === '') {
        this.unclearErrors.push({ op, status: answer.status, error: e });
      }
    }
    if (answer.status !== 200 && answer.body?.errors === undefined && answer.error === undefined) {
      this.unclearErrors.push({ op, status: answer.status, text: answer.text });
    }
    this.samples.push({ at, category, op, status: answer.status, ms: answer.ms, code, transportError: answer.error });
    return answer;
  }

  private async read(): Promise<void> {
    const m = pick(this.readModels);
    if (Math.random() < 0.5) {
      await this.send('read', 'model', Q.model, { id: m.id });
    } else {
      await this.send('read', 'entity', Q.entity, { id: m.id, actor: pick(m.actors), activity: pick(m.activities) });
    }
  }

  private async journeyPage(): Promise<void> {
    const m = pick(this.readModels);
    const answer = await this.send('journeys', 'journeys', Q.journeys, { id: m.id, after: this.cursors.get(m.id) });
    const page = answer.body?.data?.model?.journeys as { pageInfo: { hasNextPage: boolean; endCursor: string | null } } | undefined;
    // Walk the pages; start again at the end.
    this.cursors.set(m.id, page?.pageInfo.hasNextPage ? page.pageInfo.endCursor ?? undefined : undefined);
  }

  private async analysis(): Promise<void> {
    const m = pick(this.readModels);
    const name = pick(ANALYSES);
    await this.send('analysis', name, Q[name], { id: m.id });
  }

  private idle(map: Map<string, Tracked>): Tracked | undefined {
    // A few random probes are enough: most tracked entities are idle.
    const all = [...map.values()];
    for (let i = 0; i < 8 && all.length > 0; i++) {
      const t = pick(all);
      if (!t.busy && t.expect.state === 'present') return t;
    }
    return undefined;
  }

  private async mutation(): Promise<void> {
    const r = Math.random();
    if (r < 0.3) return this.createActor();
    if (r < 0.5) {
      const t = this.idle(this.actors);
      return t ? this.updateActor(t) : this.createActor();
    }
    if (r < 0.6) {
      const t = this.idle(this.actors);
      return t ? this.deleteActor(t) : this.createActor();
    }
    if (r < 0.9) return this.recordJourney(Math.random() < 0.05);
    const t = this.idle(this.journeys);
    return t ? this.deleteJourney(t) : this.recordJourney(false);
  }

  /** Applies an answer to a tracked entity: acknowledged → `onOk`; otherwise the state is unknown. */
  private settle(t: Tracked, op: string, answer: GqlAnswer, ok: (data: Record<string, any>) => Expectation | null): void {
    t.busy = false;
    const data = answer.body?.data;
    if (answer.status === 200 && answer.body?.errors === undefined && data) {
      const next = ok(data);
      if (next) {
        t.expect = next;
        return;
      }
    }
    const code = answer.body?.errors?.[0]?.extensions?.code as string | undefined;
    if (!(this.killing && answer.error !== undefined)) {
      this.unexpectedRefusals.push({ op, code, message: answer.body?.errors?.[0]?.message ?? answer.error ?? answer.text, status: answer.status });
    }
    // Not acknowledged: a timeout or a lost answer may or may not have been applied.
    t.expect = { state: 'unknown', why: `${op}: ${code ?? answer.error ?? answer.status}` };
  }

  private async createActor(): Promise<void> {
    const m = pick(this.writeModels);
    const id = `${LOAD_PREFIX}actor-${++this.serial}`;
    const t = this.track(this.actors, m.id, id);
    const name = `Load actor ${id} v0`;
    const answer = await this.send('mutation', 'createActor', Q.upsertActor, { id: m.id, actors: [{ id, name, kind: pick(ACTOR_KINDS) }] });
    this.settle(t, 'createActor', answer, (d) => (d.upsertActors?.[0]?.name === name ? { state: 'present', name } : null));
  }

  private async updateActor(t: Tracked): Promise<void> {
    this.begin(t);
    const name = `Load actor ${t.id} v${++t.version}`;
    const answer = await this.send('mutation', 'updateActor', Q.upsertActor, { id: t.modelId, actors: [{ id: t.id, name, kind: pick(ACTOR_KINDS) }] });
    this.settle(t, 'updateActor', answer, (d) => (d.upsertActors?.[0]?.name === name ? { state: 'present', name } : null));
  }

  private async deleteActor(t: Tracked): Promise<void> {
    this.begin(t);
    const answer = await this.send('mutation', 'deleteActor', Q.deleteActor, { id: t.modelId, ids: [t.id] });
    this.settle(t, 'deleteActor', answer, (d) => (d.deleteActors === 1 ? { state: 'absent' } : null));
  }

  private async recordJourney(invalid: boolean): Promise<void> {
    const m = pick(this.writeModels);
    const id = `${LOAD_PREFIX}journey-${++this.serial}`;
    const t = this.track(this.journeys, m.id, id);
    const count = 1 + Math.floor(Math.random() * 5);
    const start = Date.UTC(2025, 0, 1) + Math.floor(Math.random() * 300) * 86_400_000;
    const steps = Array.from({ length: count }, (_, i) => ({
      timestamp: new Date(start + i * 3_600_000).toISOString(),
      activity: invalid && i === count - 1 ? 'no-such-activity' : pick(m.activities),
      actor: pick(m.actors),
      channel: pick(CHANNELS),
      outcome: pick(OUTCOMES),
      sentiment: Math.floor(Math.random() * 5) - 2,
    }));
    const journey: Record<string, unknown> = { id, steps };
    if (m.segments.length > 0) journey.segment = pick(m.segments);
    const answer = await this.send('mutation', invalid ? 'recordInvalidJourney' : 'recordJourney', Q.recordJourney, { id: m.id, journey });
    if (invalid) {
      t.busy = false;
      const code = answer.body?.errors?.[0]?.extensions?.code as string | undefined;
      if (code === 'BAD_USER_INPUT' && answer.body?.errors?.[0]?.message.includes('no-such-activity')) {
        this.intendedRefusals.set(code, (this.intendedRefusals.get(code) ?? 0) + 1);
      } else if (this.killing && answer.error !== undefined) {
        t.expect = { state: 'unknown', why: 'no answer: the server was killed' };
      } else {
        this.unexpectedRefusals.push({ op: 'recordInvalidJourney', code, message: `expected BAD_USER_INPUT naming the activity, got ${JSON.stringify(answer.body ?? answer.error)}`, status: answer.status });
        if (answer.body?.data?.recordJourney) t.expect = { state: 'present', steps: count };
      }
      return;
    }
    this.settle(t, 'recordJourney', answer, (d) => (d.recordJourney?.stepCount === count ? { state: 'present', steps: count } : null));
  }

  private async deleteJourney(t: Tracked): Promise<void> {
    this.begin(t);
    const answer = await this.send('mutation', 'deleteJourney', Q.deleteJourney, { id: t.modelId, ids: [t.id] });
    this.settle(t, 'deleteJourney', answer, (d) => (d.deleteJourneys === 1 ? { state: 'absent' } : null));
  }
}

/** What the store holds of the actors and journeys whose ids start with `prefix`, read back through the API. */
export async function readBack(
  client: GqlClient,
  modelIds: string[],
  prefix = LOAD_PREFIX,
): Promise<{ actors: Map<string, string>; journeys: Map<string, number> }> {
  const actors = new Map<string, string>();
  const journeys = new Map<string, number>();
  for (const id of modelIds) {
    const r = await client.post(`query Actors($id: ID!) { model(id: $id) { actors { id name } } }`, { id });
    const list = r.body?.data?.model?.actors as { id: string; name: string }[] | undefined;
    if (list === undefined) throw new Error(`cannot read the actors of ${id}: ${JSON.stringify(r.body ?? r.error)}`);
    for (const a of list) if (a.id.startsWith(prefix)) actors.set(`${id}\u0000${a.id}`, a.name);
    let after: string | undefined;
    for (;;) {
      const page = await client.post(
        `query All($id: ID!, $after: String) { model(id: $id) { journeys(first: 500, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id stepCount } } } } }`,
        { id, after },
      );
      const conn = page.body?.data?.model?.journeys as
        | { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; stepCount: number } }[] }
        | undefined;
      if (conn === undefined) throw new Error(`cannot page the journeys of ${id}: ${JSON.stringify(page.body ?? page.error)}`);
      for (const e of conn.edges) if (e.node.id.startsWith(prefix)) journeys.set(`${id}\u0000${e.node.id}`, e.node.stepCount);
      if (!conn.pageInfo.hasNextPage || conn.pageInfo.endCursor === null) break;
      after = conn.pageInfo.endCursor;
    }
  }
  return { actors, journeys };
}

/**
 * Differences between what the workload's answers promised and what the store holds; only of
 * the entities in `only` when given (see `stableSince`).
 */
export function mismatches(
  work: Workload,
  held: { actors: Map<string, string>; journeys: Map<string, number> },
  only?: { actors: Set<string>; journeys: Set<string> },
): string[] {
  const out: string[] = [];
  const compare = (
    kind: 'actor' | 'journey',
    tracked: Map<string, Tracked>,
    found: Map<string, string | number>,
    value: (e: Expectation) => string | number | undefined,
  ) => {
    for (const [key, t] of tracked) {
      if (only !== undefined && !(kind === 'actor' ? only.actors : only.journeys).has(key)) continue;
      const has = found.get(key);
      const name = `${kind} ${t.modelId}/${t.id}`;
      if (t.expect.state === 'present') {
        if (has === undefined) out.push(`${name}: acknowledged but missing`);
        else if (has !== value(t.expect)) out.push(`${name}: expected ${String(value(t.expect))}, found ${String(has)}`);
      } else if (t.expect.state === 'absent' && has !== undefined) {
        out.push(`${name}: deleted or refused, but present (${String(has)})`);
      }
    }
    for (const key of found.keys()) if (!tracked.has(key)) out.push(`${kind} ${key.replace('\u0000', '/')}: present but never sent`);
  };
  compare('actor', work.actors, held.actors, (e) => (e.state === 'present' ? e.name : undefined));
  compare('journey', work.journeys, held.journeys, (e) => (e.state === 'present' ? e.steps : undefined));
  return out;
}

/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Figures {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function figuresOf(samples: Sample[], seconds: number): Figures {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: samples.length,
    perSecond: round(samples.length / seconds),
    p50Ms: round(percentile(ms, 50)),
    p90Ms: round(percentile(ms, 90)),
    p99Ms: round(percentile(ms, 99)),
    maxMs: round(ms[ms.length - 1] ?? 0),
  };
}
