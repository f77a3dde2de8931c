/**
 * A model document as a graph in Neo4j, read and written inside a transaction.
 *
 * Shape (labels and relationship types come from the fixed lists here, never from input):
 * - `(:Model {id, name, description})`
 * - `(:Goal {model, id, name, parent, refinement, description, pos})-[:SUBGOAL_OF]->(:Goal)`
 * - `(:Actor {model, id, name, kind, focal, pos})`
 * - `(:Touchpoint {model, id, name, actor, channel, initiator, ownership, pos})-[:OWNED_BY]->(:Actor)`
 * - `(:Activity {model, id, name, goal, phase, mode, actors, touchpoints, next, pos})` with
 *   `-[:SERVES]->(:Goal)`, `-[:INVOLVES]->(:Actor)`, `-[:USES]->(:Touchpoint)`, `-[:NEXT]->(:Activity)`
 * - `(:Segment {model, id, name, pos})`
 * - partnerships: `(:Actor)-[:PARTNERS {model, pos}]->(:Actor)`, from the actor whose id sorts first.
 * `pos` is the entity's position in its list of the document, so the document reads back in order.
 * The reference fields are kept as properties too (the relationships are for people exploring
 * the graph); reading a document uses the properties.
 *
 * Writing is by difference (`documentChanges`, pure): entities that left the document are
 * deleted with their relationships, new or changed ones are merged by (model, id) and their
 * outgoing relationships rebuilt, unchanged ones are not touched.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import type { Activity, Actor, Goal, ModelDocument, ModelInfo, Partnership, Segment, Touchpoint } from '../../model/types.js';
import { partnershipId } from '../edit.js';

/** The node-backed entity kinds, their labels and list in the document. */
export const NODE_KINDS = [
  { kind: 'goal', label: 'Goal', list: 'goals' },
  { kind: 'actor', label: 'Actor', list: 'actors' },
  { kind: 'touchpoint', label: 'Touchpoint', list: 'touchpoints' },
  { kind: 'activity', label: 'Activity', list: 'activities' },
  { kind: 'segment', label: 'Segment', list: 'segments' },
] as const;
type NodeKindInfo = (typeof NODE_KINDS)[number];
type NodeList = NodeKindInfo['list'];

type Props = Record<string, string | boolean | string[] | null>;

/** The stored properties of an entity (absent optional fields as null, which removes them). */
function entityProps(list: NodeList, e: unknown): Props {
  switch (list) {
    case 'goals': {
      const g = e as Goal;
      return { name: g.name, parent: g.parent ?? null, refinement: g.refinement, description: g.description ?? null };
    }
    case 'actors': {
      const a = e as Actor;
      return { name: a.name, kind: a.kind, focal: a.focal };
    }
    case 'touchpoints': {
      const t = e as Touchpoint;
      return { name: t.name, actor: t.actor, channel: t.channel, initiator: t.initiator, ownership: t.ownership };
    }
    case 'activities': {
      const a = e as Activity;
      return { name: a.name, goal: a.goal, phase: a.phase, mode: a.mode, actors: a.actors, touchpoints: a.touchpoints, next: a.next };
    }
    case 'segments': {
      const s = e as Segment;
      return { name: s.name };
    }
  }
}

type Stored = Record<string, unknown>;

function str(v: unknown): string {
  return v as string;
}
function strings(v: unknown): string[] {
  return Array.isArray(v) ? (v as string[]) : [];
}

function goalOf(p: Stored): Goal {
  const g: Goal = { id: str(p.id), name: str(p.name), refinement: p.refinement as Goal['refinement'] };
  if (p.parent !== undefined && p.parent !== null) g.parent = str(p.parent);
  if (p.description !== undefined && p.description !== null) g.description = str(p.description);
  return g;
}
function actorOf(p: Stored): Actor {
  return { id: str(p.id), name: str(p.name), kind: p.kind as Actor['kind'], focal: p.focal === true };
}
function touchpointOf(p: Stored): Touchpoint {
  return {
    id: str(p.id),
    name: str(p.name),
    actor: str(p.actor),
    channel: p.channel as Touchpoint['channel'],
    initiator: p.initiator as Touchpoint['initiator'],
    ownership: p.ownership as Touchpoint['ownership'],
  };
}
function activityOf(p: Stored): Activity {
  return {
    id: str(p.id),
    name: str(p.name),
    goal: str(p.goal),
    phase: p.phase as Activity['phase'],
    mode: p.mode as Activity['mode'],
    actors: strings(p.actors),
    touchpoints: strings(p.touchpoints),
    next: strings(p.next),
  };
}
function segmentOf(p: Stored): Segment {
  return { id: str(p.id), name: str(p.name) };
}
function modelOf(p: Stored): ModelInfo {
  const m: ModelInfo = { id: str(p.id), name: str(p.name) };
  if (p.description !== undefined && p.description !== null) m.description = str(p.description);
  return m;
}

const READ_DOCUMENT = `
MATCH (m:Model {id: $model})
CALL { MATCH (n:Goal {model: $model}) WITH n ORDER BY n.pos RETURN collect(properties(n)) AS goals }
CALL { MATCH (n:Actor {model: $model}) WITH n ORDER BY n.pos RETURN collect(properties(n)) AS actors }
CALL { MATCH (n:Touchpoint {model: $model}) WITH n ORDER BY n.pos RETURN collect(properties(n)) AS touchpoints }
CALL { MATCH (n:Activity {model: $model}) WITH n ORDER BY n.pos RETURN collect(properties(n)) AS activities }
CALL { MATCH (n:Segment {model: $model}) WITH n ORDER BY n.pos RETURN collect(properties(n)) AS segments }
CALL {
  MATCH (a:Actor {model: $model})-[p:PARTNERS]->(b:Actor {model: $model})
  WITH a, b, p ORDER BY p.pos
  RETURN collect([a.id, b.id]) AS partnerships
}
RETURN properties(m) AS model, goals, actors, touchpoints, activities, segments, partnerships`;

type Reader = Pick<ManagedTransaction, 'run'>;

/** The stored document of a model, or null when there is none. */
export async function readDocument(tx: Reader, modelId: string): Promise<ModelDocument | null> {
  const { records } = await tx.run(READ_DOCUMENT, { model: modelId });
  if (records.length === 0) return null;
  const r = records[0];
  const list = (key: string): Stored[] => r.get(key) as Stored[];
  return {
    model: modelOf(r.get('model') as Stored),
    goals: list('goals').map(goalOf),
    actors: list('actors').map(actorOf),
    touchpoints: list('touchpoints').map(touchpointOf),
    activities: list('activities').map(activityOf),
    partnerships: (r.get('partnerships') as [string, string][]).map((pair): Partnership => ({ actors: [pair[0], pair[1]] })),
    segments: list('segments').map(segmentOf),
  };
}

/**
 * Cypher (after `MATCH (m:Model ...)`) that takes the write lock of the model's node for the rest
 * of the transaction and raises its `version`. Every write transaction of a model starts with it,
 * so document edits and import batches of one model run one after another, and a changed
 * `version` tells a reader that the model or its journeys changed (the stats cache relies on it).
 */
export const LOCK_MODEL = 'SET m.version = coalesce(m.version, 0) + 1';

/** Locks a model (see {@link LOCK_MODEL}). Returns false when there is no such model. */
export async function lockModel(tx: Reader, modelId: string): Promise<boolean> {
  const { records } = await tx.run(`MATCH (m:Model {id: $model}) ${LOCK_MODEL} RETURN m.id AS id`, { model: modelId });
  return records.length > 0;
}

/** The `version` of a model (see {@link LOCK_MODEL}; 0 before its first locked write), or null when there is no such model. */
export async function modelVersion(tx: Reader, modelId: string): Promise<number | null> {
  const { records } = await tx.run('MATCH (m:Model {id: $model}) RETURN coalesce(m.version, 0) AS version', { model: modelId });
  return records.length === 0 ? null : (records[0].get('version') as number);
}

export interface NodeUpsert {
  id: string;
  pos: number;
  props: Props;
}

export interface KindChanges {
  label: NodeKindInfo['label'];
  deleted: string[];
  upserted: NodeUpsert[];
}

export interface PartnershipRow {
  a: string;
  b: string;
  pos: number;
}

export interface DocumentChanges {
  /** The model's own fields, when new or changed. */
  model: ModelInfo | null;
  kinds: KindChanges[];
  partnershipsDeleted: PartnershipRow[];
  partnershipsUpserted: PartnershipRow[];
}

function idOf(e: unknown): string {
  return (e as { id: string }).id;
}

/** What to write to turn the stored document `before` (null: none) into `after` (pure). */
export function documentChanges(before: ModelDocument | null, after: ModelDocument): DocumentChanges {
  const sameModel =
    before !== null && before.model.name === after.model.name && (before.model.description ?? null) === (after.model.description ?? null);
  const kinds: KindChanges[] = NODE_KINDS.map(({ label, list }) => {
    const old = new Map<string, string>();
    (before?.[list] ?? []).forEach((e, pos) => old.set(idOf(e), JSON.stringify([pos, entityProps(list, e)])));
    const fresh = new Set<string>();
    const upserted: NodeUpsert[] = [];
    (after[list] as unknown[]).forEach((e, pos) => {
      const id = idOf(e);
      fresh.add(id);
      const props = entityProps(list, e);
      if (old.get(id) !== JSON.stringify([pos, props])) upserted.push({ id, pos, props });
    });
    const deleted = [...old.keys()].filter((id) => !fresh.has(id));
    return { label, deleted, upserted };
  });
  const oldPairs = new Map<string, number>();
  (before?.partnerships ?? []).forEach((p, pos) => oldPairs.set(partnershipId(p.actors), pos));
  const newPairs = new Set<string>();
  const partnershipsUpserted: PartnershipRow[] = [];
  after.partnerships.forEach((p, pos) => {
    const id = partnershipId(p.actors);
    newPairs.add(id);
    if (oldPairs.get(id) !== pos) partnershipsUpserted.push({ a: p.actors[0], b: p.actors[1], pos });
  });
  const partnershipsDeleted: PartnershipRow[] = (before?.partnerships ?? [])
    .filter((p) => !newPairs.has(partnershipId(p.actors)))
    .map((p) => ({ a: p.actors[0], b: p.actors[1], pos: 0 }));
  return { model: sameModel ? null : after.model, kinds, partnershipsDeleted, partnershipsUpserted };
}

/** Cypher that deletes nodes of each label by id. */
const DELETE_NODES: Record<NodeKindInfo['label'], string> = {
  Goal: 'UNWIND $ids AS id MATCH (n:Goal {model: $model, id: id}) DETACH DELETE n',
  Actor: 'UNWIND $ids AS id MATCH (n:Actor {model: $model, id: id}) DETACH DELETE n',
  Touchpoint: 'UNWIND $ids AS id MATCH (n:Touchpoint {model: $model, id: id}) DETACH DELETE n',
  Activity: 'UNWIND $ids AS id MATCH (n:Activity {model: $model, id: id}) DETACH DELETE n',
  Segment: 'UNWIND $ids AS id MATCH (n:Segment {model: $model, id: id}) DETACH DELETE n',
};

const MERGE_NODES: Record<NodeKindInfo['label'], string> = {
  Goal: 'UNWIND $rows AS r MERGE (n:Goal {model: $model, id: r.id}) SET n += r.props, n.pos = toInteger(r.pos)',
  Actor: 'UNWIND $rows AS r MERGE (n:Actor {model: $model, id: r.id}) SET n += r.props, n.pos = toInteger(r.pos)',
  Touchpoint: 'UNWIND $rows AS r MERGE (n:Touchpoint {model: $model, id: r.id}) SET n += r.props, n.pos = toInteger(r.pos)',
  Activity: 'UNWIND $rows AS r MERGE (n:Activity {model: $model, id: r.id}) SET n += r.props, n.pos = toInteger(r.pos)',
  Segment: 'UNWIND $rows AS r MERGE (n:Segment {model: $model, id: r.id}) SET n += r.props, n.pos = toInteger(r.pos)',
};

/** Cypher that rebuilds the outgoing relationships of merged nodes, by label. */
const RELATIONSHIPS: Partial<Record<NodeKindInfo['label'], string[]>> = {
  Goal: [
    'UNWIND $rows AS r MATCH (n:Goal {model: $model, id: r.id})-[old:SUBGOAL_OF]->() DELETE old',
    `UNWIND $rows AS r WITH r WHERE r.props.parent IS NOT NULL
     MATCH (n:Goal {model: $model, id: r.id}), (p:Goal {model: $model, id: r.props.parent}) CREATE (n)-[:SUBGOAL_OF]->(p)`,
  ],
  Touchpoint: [
    'UNWIND $rows AS r MATCH (n:Touchpoint {model: $model, id: r.id})-[old:OWNED_BY]->() DELETE old',
    'UNWIND $rows AS r MATCH (n:Touchpoint {model: $model, id: r.id}), (a:Actor {model: $model, id: r.props.actor}) CREATE (n)-[:OWNED_BY]->(a)',
  ],
  Activity: [
    'UNWIND $rows AS r MATCH (n:Activity {model: $model, id: r.id})-[old:SERVES|INVOLVES|USES|NEXT]->() DELETE old',
    'UNWIND $rows AS r MATCH (n:Activity {model: $model, id: r.id}), (g:Goal {model: $model, id: r.props.goal}) CREATE (n)-[:SERVES]->(g)',
    `UNWIND $rows AS r UNWIND r.props.actors AS x
     MATCH (n:Activity {model: $model, id: r.id}), (a:Actor {model: $model, id: x}) CREATE (n)-[:INVOLVES]->(a)`,
    `UNWIND $rows AS r UNWIND r.props.touchpoints AS x
     MATCH (n:Activity {model: $model, id: r.id}), (t:Touchpoint {model: $model, id: x}) CREATE (n)-[:USES]->(t)`,
    `UNWIND $rows AS r UNWIND r.props.next AS x
     MATCH (n:Activity {model: $model, id: r.id}), (b:Activity {model: $model, id: x}) CREATE (n)-[:NEXT]->(b)`,
  ],
};

const DELETE_PARTNERSHIPS = `UNWIND $rows AS r
MATCH (:Actor {model: $model, id: r.a})-[p:PARTNERS]->(:Actor {model: $model, id: r.b}) DELETE p`;
const MERGE_PARTNERSHIPS = `UNWIND $rows AS r
MATCH (a:Actor {model: $model, id: r.a}), (b:Actor {model: $model, id: r.b})
MERGE (a)-[p:PARTNERS]->(b) SET p.model = $model, p.pos = toInteger(r.pos)`;

/** Writes the difference between the stored document `before` and `after` (a validated document). */
export async function writeDocument(tx: Reader, before: ModelDocument | null, after: ModelDocument): Promise<void> {
  const model = after.model.id;
  const changes = documentChanges(before, after);
  if (changes.model) {
    await tx.run('MERGE (m:Model {id: $model}) SET m.name = $name, m.description = $description', {
      model,
      name: changes.model.name,
      description: changes.model.description ?? null,
    });
  }
  if (changes.partnershipsDeleted.length > 0) await tx.run(DELETE_PARTNERSHIPS, { model, rows: changes.partnershipsDeleted });
  for (const k of changes.kinds) {
    if (k.deleted.length > 0) await tx.run(DELETE_NODES[k.label], { model, ids: k.deleted });
  }
  for (const k of changes.kinds) {
    if (k.upserted.length > 0) await tx.run(MERGE_NODES[k.label], { model, rows: k.upserted });
  }
  for (const k of changes.kinds) {
    if (k.upserted.length === 0) continue;
    for (const statement of RELATIONSHIPS[k.label] ?? []) await tx.run(statement, { model, rows: k.upserted });
  }
  if (changes.partnershipsUpserted.length > 0) {
    await tx.run(MERGE_PARTNERSHIPS, { model, rows: changes.partnershipsUpserted });
  }
}
