/**
 * GoalNetwork: one model as a typed graphology graph, with the traversals the analyses need.
 *
 * Nodes are keyed `<kind>:<id>` so that ids of different kinds never collide. Edges:
 * - `SUBGOAL_OF`  goal → its parent goal
 * - `SERVES`      activity → the goal it serves
 * - `INVOLVES`    activity → an actor listed on it
 * - `USES`        activity → a touchpoint listed on it
 * - `OWNED_BY`    touchpoint → its actor
 * - `NEXT`        activity → a planned successor
 * - `PARTNERS`    actor → actor (stored once, sorted pair)
 *
 * An actor *serves* an activity when the activity lists it or lists one of its touchpoints; it
 * serves a goal when it serves an activity of that goal or of a sub-goal of it.
 */
import { MultiDirectedGraph } from 'graphology';
import type {
  Activity,
  Actor,
  Goal,
  ModelDocument,
  ModelInfo,
  Segment,
  Touchpoint,
} from '../model/types.js';
import { partnershipKey } from '../model/types.js';
import { PHASES, type Phase } from '../model/vocabulary.js';

export type NodeKind = 'goal' | 'activity' | 'actor' | 'touchpoint';
export type EdgeKind = 'SUBGOAL_OF' | 'SERVES' | 'INVOLVES' | 'USES' | 'OWNED_BY' | 'NEXT' | 'PARTNERS';

export type NodeAttributes =
  | { kind: 'goal'; entity: Goal }
  | { kind: 'activity'; entity: Activity }
  | { kind: 'actor'; entity: Actor }
  | { kind: 'touchpoint'; entity: Touchpoint };

export interface EdgeAttributes {
  kind: EdgeKind;
}

export type ModelGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

export function nodeKey(kind: NodeKind, id: string): string {
  return `${kind}:${id}`;
}

export class GoalNetwork {
  readonly document: ModelDocument;
  readonly graph: ModelGraph;
  private readonly goalsById = new Map<string, Goal>();
  private readonly activitiesById = new Map<string, Activity>();
  private readonly actorsById = new Map<string, Actor>();
  private readonly touchpointsById = new Map<string, Touchpoint>();
  private readonly childrenOf = new Map<string, string[]>();
  private readonly activitiesOfGoal = new Map<string, string[]>();
  private readonly partnerKeys = new Set<string>();

  /** Builds the network of a document that has passed validation. */
  constructor(document: ModelDocument) {
    this.document = document;
    const graph: ModelGraph = new MultiDirectedGraph();
    for (const goal of document.goals) {
      this.goalsById.set(goal.id, goal);
      graph.addNode(nodeKey('goal', goal.id), { kind: 'goal', entity: goal });
    }
    for (const actor of document.actors) {
      this.actorsById.set(actor.id, actor);
      graph.addNode(nodeKey('actor', actor.id), { kind: 'actor', entity: actor });
    }
    for (const tp of document.touchpoints) {
      this.touchpointsById.set(tp.id, tp);
      graph.addNode(nodeKey('touchpoint', tp.id), { kind: 'touchpoint', entity: tp });
      graph.addEdge(nodeKey('touchpoint', tp.id), nodeKey('actor', tp.actor), { kind: 'OWNED_BY' });
    }
    for (const activity of document.activities) {
      this.activitiesById.set(activity.id, activity);
      graph.addNode(nodeKey('activity', activity.id), { kind: 'activity', entity: activity });
    }
    for (const goal of document.goals) {
      if (goal.parent === undefined) continue;
      graph.addEdge(nodeKey('goal', goal.id), nodeKey('goal', goal.parent), { kind: 'SUBGOAL_OF' });
      pushTo(this.childrenOf, goal.parent, goal.id);
    }
    for (const activity of document.activities) {
      const key = nodeKey('activity', activity.id);
      graph.addEdge(key, nodeKey('goal', activity.goal), { kind: 'SERVES' });
      pushTo(this.activitiesOfGoal, activity.goal, activity.id);
      for (const actor of activity.actors) graph.addEdge(key, nodeKey('actor', actor), { kind: 'INVOLVES' });
      for (const tp of activity.touchpoints) graph.addEdge(key, nodeKey('touchpoint', tp), { kind: 'USES' });
      for (const next of activity.next) graph.addEdge(key, nodeKey('activity', next), { kind: 'NEXT' });
    }
    for (const p of document.partnerships) {
      const [a, b] = p.actors;
      this.partnerKeys.add(partnershipKey(a, b));
      graph.addEdge(nodeKey('actor', a), nodeKey('actor', b), { kind: 'PARTNERS' });
    }
    this.graph = graph;
  }

  get model(): ModelInfo {
    return this.document.model;
  }
  get goals(): readonly Goal[] {
    return this.document.goals;
  }
  get activities(): readonly Activity[] {
    return this.document.activities;
  }
  get actors(): readonly Actor[] {
    return this.document.actors;
  }
  get touchpoints(): readonly Touchpoint[] {
    return this.document.touchpoints;
  }
  get segments(): readonly Segment[] {
    return this.document.segments;
  }

  goal(id: string): Goal | undefined {
    return this.goalsById.get(id);
  }
  activity(id: string): Activity | undefined {
    return this.activitiesById.get(id);
  }
  actor(id: string): Actor | undefined {
    return this.actorsById.get(id);
  }
  touchpoint(id: string): Touchpoint | undefined {
    return this.touchpointsById.get(id);
  }

  // ── the goal tree ─────────────────────────────────────────────────────────────

  /** The overall goal: the one goal without a parent (undefined for an empty tree). */
  root(): Goal | undefined {
    return this.document.goals.find((g) => g.parent === undefined);
  }

  parent(goalId: string): Goal | undefined {
    const parent = this.goalsById.get(goalId)?.parent;
    return parent === undefined ? undefined : this.goalsById.get(parent);
  }

  /** Direct sub-goals, in document order. */
  children(goalId: string): Goal[] {
    return (this.childrenOf.get(goalId) ?? []).map((id) => this.goalsById.get(id)!);
  }

  isLeaf(goalId: string): boolean {
    return (this.childrenOf.get(goalId) ?? []).length === 0;
  }

  /** Leaf goals under a goal (itself if it is a leaf); all leaves of the tree without an argument. */
  leaves(goalId?: string): Goal[] {
    if (goalId === undefined) return this.document.goals.filter((g) => this.isLeaf(g.id));
    return this.subtree(goalId).filter((g) => this.isLeaf(g.id));
  }

  /** The goals from the parent up to the overall goal. */
  ancestors(goalId: string): Goal[] {
    const result: Goal[] = [];
    for (let g = this.parent(goalId); g !== undefined; g = this.parent(g.id)) result.push(g);
    return result;
  }

  /** 0 for the overall goal, 1 for its sub-goals, and so on. */
  depth(goalId: string): number {
    return this.ancestors(goalId).length;
  }

  /** A goal and all goals below it, depth first in document order. */
  subtree(goalId: string): Goal[] {
    const start = this.goalsById.get(goalId);
    if (start === undefined) return [];
    const result: Goal[] = [];
    const stack: Goal[] = [start];
    while (stack.length > 0) {
      const goal = stack.pop()!;
      result.push(goal);
      const kids = this.children(goal.id);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    return result;
  }

  /** Sibling goals: the other children of the goal's parent. */
  siblings(goalId: string): Goal[] {
    const parent = this.goalsById.get(goalId)?.parent;
    if (parent === undefined) return [];
    return this.children(parent).filter((g) => g.id !== goalId);
  }

  // ── who serves what ───────────────────────────────────────────────────────────

  /** Activities of a goal; with `deep`, also those of its sub-goals. */
  activitiesOf(goalId: string, deep = false): Activity[] {
    const goals = deep ? this.subtree(goalId).map((g) => g.id) : [goalId];
    return goals.flatMap((g) => (this.activitiesOfGoal.get(g) ?? []).map((id) => this.activitiesById.get(id)!));
  }

  activitiesInPhase(phase: Phase): Activity[] {
    return this.document.activities.filter((a) => a.phase === phase);
  }

  /** Actors serving an activity: those it lists and the owners of the touchpoints it lists. */
  actorsOfActivity(activityId: string): Actor[] {
    const activity = this.activitiesById.get(activityId);
    if (activity === undefined) return [];
    const ids = new Set(activity.actors);
    for (const tp of activity.touchpoints) {
      const owner = this.touchpointsById.get(tp)?.actor;
      if (owner !== undefined) ids.add(owner);
    }
    return [...ids].map((id) => this.actorsById.get(id)!).filter((a) => a !== undefined);
  }

  /** Actors serving a goal or any of its sub-goals. */
  actorsOfGoal(goalId: string): Actor[] {
    const ids = new Set<string>();
    for (const activity of this.activitiesOf(goalId, true)) {
      for (const actor of this.actorsOfActivity(activity.id)) ids.add(actor.id);
    }
    return [...ids].map((id) => this.actorsById.get(id)!);
  }

  touchpointsOfActivity(activityId: string): Touchpoint[] {
    const activity = this.activitiesById.get(activityId);
    return (activity?.touchpoints ?? []).map((id) => this.touchpointsById.get(id)!).filter(Boolean);
  }

  touchpointsOfGoal(goalId: string): Touchpoint[] {
    const ids = new Set<string>();
    for (const activity of this.activitiesOf(goalId, true)) for (const tp of activity.touchpoints) ids.add(tp);
    return [...ids].map((id) => this.touchpointsById.get(id)!);
  }

  touchpointsOfActor(actorId: string): Touchpoint[] {
    return this.document.touchpoints.filter((tp) => tp.actor === actorId);
  }

  /** Activities an actor serves (listed, or through one of its touchpoints). */
  activitiesOfActor(actorId: string): Activity[] {
    return this.document.activities.filter((a) => this.actorsOfActivity(a.id).some((x) => x.id === actorId));
  }

  /** The goals whose activities an actor serves directly (not their ancestors). */
  goalsOfActor(actorId: string): Goal[] {
    const ids = new Set(this.activitiesOfActor(actorId).map((a) => a.goal));
    return this.document.goals.filter((g) => ids.has(g.id));
  }

  // ── actors and partnerships ───────────────────────────────────────────────────

  focalActor(): Actor | undefined {
    return this.document.actors.find((a) => a.focal);
  }

  isPartner(a: string, b: string): boolean {
    return this.partnerKeys.has(partnershipKey(a, b));
  }

  partnersOf(actorId: string): Actor[] {
    return this.document.actors.filter((a) => a.id !== actorId && this.isPartner(actorId, a.id));
  }

  /** The phases in document order that have at least one activity. */
  phasesInUse(): Phase[] {
    const used = new Set(this.document.activities.map((a) => a.phase));
    return PHASES.filter((p) => used.has(p));
  }
}

function pushTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
