/**
 * ModelView: one model document with the indexes the API's relation fields need, each built
 * once on first use, so that resolving a relation for every entity of a large model stays linear.
 *
 * The relations mean what they mean in GoalNetwork (src/graph/goal-network.ts): an actor
 * *serves* an activity when the activity lists it or one of its touchpoints; an actor serves a
 * goal (deep) when it serves an activity of the goal or of a goal below it. Lists keep document
 * order.
 */
import type { Activity, Actor, Goal, ModelDocument, Segment, Touchpoint } from '../model/types.js';

export class ModelView {
  readonly doc: ModelDocument;
  private byId?: {
    goals: Map<string, Goal>;
    activities: Map<string, Activity>;
    actors: Map<string, Actor>;
    touchpoints: Map<string, Touchpoint>;
    segments: Map<string, Segment>;
  };
  private relations?: {
    children: Map<string, Goal[]>;
    activitiesOfGoal: Map<string, Activity[]>;
    activitiesOfActor: Map<string, Activity[]>;
    activitiesOfTouchpoint: Map<string, Activity[]>;
    actorsOfActivity: Map<string, Actor[]>;
    touchpointsOfActor: Map<string, Touchpoint[]>;
    previous: Map<string, Activity[]>;
    partners: Map<string, Actor[]>;
  };
  private readonly depths = new Map<string, number>();
  private readonly deepActors = new Map<string, Actor[]>();

  constructor(doc: ModelDocument) {
    this.doc = doc;
  }

  private ids() {
    if (this.byId === undefined) {
      const index = <T extends { id: string }>(list: readonly T[]) => new Map(list.map((e) => [e.id, e]));
      this.byId = {
        goals: index(this.doc.goals),
        activities: index(this.doc.activities),
        actors: index(this.doc.actors),
        touchpoints: index(this.doc.touchpoints),
        segments: index(this.doc.segments),
      };
    }
    return this.byId;
  }

  private rel() {
    if (this.relations !== undefined) return this.relations;
    const ids = this.ids();
    const children = new Map<string, Goal[]>();
    const activitiesOfGoal = new Map<string, Activity[]>();
    const activitiesOfActor = new Map<string, Activity[]>();
    const activitiesOfTouchpoint = new Map<string, Activity[]>();
    const actorsOfActivity = new Map<string, Actor[]>();
    const touchpointsOfActor = new Map<string, Touchpoint[]>();
    const previous = new Map<string, Activity[]>();
    const partners = new Map<string, Actor[]>();
    for (const goal of this.doc.goals) if (goal.parent !== undefined) push(children, goal.parent, goal);
    for (const tp of this.doc.touchpoints) push(touchpointsOfActor, tp.actor, tp);
    for (const activity of this.doc.activities) {
      push(activitiesOfGoal, activity.goal, activity);
      const serving = new Set(activity.actors);
      for (const tpId of activity.touchpoints) {
        push(activitiesOfTouchpoint, tpId, activity);
        const owner = ids.touchpoints.get(tpId)?.actor;
        if (owner !== undefined) serving.add(owner);
      }
      const actors: Actor[] = [];
      for (const actorId of serving) {
        const actor = ids.actors.get(actorId);
        if (actor === undefined) continue;
        actors.push(actor);
        push(activitiesOfActor, actorId, activity);
      }
      actorsOfActivity.set(activity.id, actors);
      for (const next of activity.next) push(previous, next, activity);
    }
    for (const p of this.doc.partnerships) {
      const [a, b] = p.actors;
      const actorA = ids.actors.get(a);
      const actorB = ids.actors.get(b);
      if (actorA && actorB) {
        push(partners, a, actorB);
        push(partners, b, actorA);
      }
    }
    this.relations = { children, activitiesOfGoal, activitiesOfActor, activitiesOfTouchpoint, actorsOfActivity, touchpointsOfActor, previous, partners };
    return this.relations;
  }

  goal(id: string): Goal | undefined {
    return this.ids().goals.get(id);
  }
  activity(id: string): Activity | undefined {
    return this.ids().activities.get(id);
  }
  actor(id: string): Actor | undefined {
    return this.ids().actors.get(id);
  }
  touchpoint(id: string): Touchpoint | undefined {
    return this.ids().touchpoints.get(id);
  }
  segment(id: string): Segment | undefined {
    return this.ids().segments.get(id);
  }

  /** The overall goal: the goal without a parent. */
  root(): Goal | undefined {
    return this.doc.goals.find((g) => g.parent === undefined);
  }

  focalActor(): Actor | undefined {
    return this.doc.actors.find((a) => a.focal);
  }

  children(goalId: string): Goal[] {
    return this.rel().children.get(goalId) ?? [];
  }

  /** 0 for the overall goal, 1 for its sub-goals, and so on. */
  depth(goalId: string): number {
    const known = this.depths.get(goalId);
    if (known !== undefined) return known;
    // Walk up to a goal of known depth (validated documents have no cycles; the guard stops anyway).
    const chain: string[] = [];
    let id: string | undefined = goalId;
    let base = -1;
    while (id !== undefined && chain.length <= this.doc.goals.length) {
      const d = this.depths.get(id);
      if (d !== undefined) {
        base = d;
        break;
      }
      chain.push(id);
      id = this.goal(id)?.parent;
    }
    for (let i = chain.length - 1; i >= 0; i--) this.depths.set(chain[i], ++base);
    return this.depths.get(goalId) ?? 0;
  }

  activitiesOfGoal(goalId: string): Activity[] {
    return this.rel().activitiesOfGoal.get(goalId) ?? [];
  }

  /** Activities the actor serves (listed, or through one of its touchpoints). */
  activitiesOfActor(actorId: string): Activity[] {
    return this.rel().activitiesOfActor.get(actorId) ?? [];
  }

  activitiesOfTouchpoint(touchpointId: string): Activity[] {
    return this.rel().activitiesOfTouchpoint.get(touchpointId) ?? [];
  }

  /** Actors serving the activity: those it lists and the owners of its touchpoints. */
  actorsOfActivity(activityId: string): Actor[] {
    return this.rel().actorsOfActivity.get(activityId) ?? [];
  }

  touchpointsOfActor(actorId: string): Touchpoint[] {
    return this.rel().touchpointsOfActor.get(actorId) ?? [];
  }

  /** Activities that list this one as a planned successor. */
  previous(activityId: string): Activity[] {
    return this.rel().previous.get(activityId) ?? [];
  }

  partnersOf(actorId: string): Actor[] {
    return this.rel().partners.get(actorId) ?? [];
  }

  /** Goals whose own activities the actor serves (not their ancestors), in document order. */
  servedGoals(actorId: string): Goal[] {
    const ids = new Set(this.activitiesOfActor(actorId).map((a) => a.goal));
    return this.doc.goals.filter((g) => ids.has(g.id));
  }

  /** Actors serving the goal or any goal below it, in document order of actors. */
  actorsOfGoal(goalId: string): Actor[] {
    const known = this.deepActors.get(goalId);
    if (known !== undefined) return known;
    const ids = new Set<string>();
    for (const a of this.activitiesOfGoal(goalId)) for (const actor of this.actorsOfActivity(a.id)) ids.add(actor.id);
    this.deepActors.set(goalId, []); // guard against cycles while recursing
    for (const child of this.children(goalId)) for (const actor of this.actorsOfGoal(child.id)) ids.add(actor.id);
    const result = this.doc.actors.filter((a) => ids.has(a.id));
    this.deepActors.set(goalId, result);
    return result;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
