/**
 * The projected actor network: who the customer deals with on the way to the goal, and how
 * strongly each pair of actors is tied.
 *
 * Nodes are the model's actors. Two actors are joined by an undirected edge when
 * - they serve the same goal (an activity of that goal involves both): `sharedGoals` counts the
 *   distinct goals;
 * - customers were handed over between them in observed journeys (consecutive steps, either
 *   direction, from JourneyStats): `handovers` counts them;
 * - or they are partners (`partnership` true).
 * Edge `weight` = sharedGoals + handovers, and at least 1 for partners, so that every edge has a
 * positive weight.
 */
import { UndirectedGraph } from 'graphology';
import type { ActorKind } from '../model/vocabulary.js';
import type { JourneyStats } from '../model/journey-stats.js';
import type { GoalNetwork } from './goal-network.js';

export interface ActorNodeAttributes {
  name: string;
  kind: ActorKind;
  focal: boolean;
  /** Goals the actor serves directly. */
  goals: number;
  /** Steps of observed journeys with this actor (0 without stats). */
  steps: number;
  /** Observed journeys that met this actor (0 without stats). */
  journeys: number;
}

export interface ActorEdgeAttributes {
  sharedGoals: number;
  handovers: number;
  partnership: boolean;
  weight: number;
}

export type ActorNetwork = UndirectedGraph<ActorNodeAttributes, ActorEdgeAttributes>;

export function projectActorNetwork(network: GoalNetwork, stats?: JourneyStats): ActorNetwork {
  const graph: ActorNetwork = new UndirectedGraph({ allowSelfLoops: false });
  const observed = new Map((stats?.actors ?? []).map((a) => [a.actor, a]));
  for (const actor of network.actors) {
    graph.addNode(actor.id, {
      name: actor.name,
      kind: actor.kind,
      focal: actor.focal,
      goals: network.goalsOfActor(actor.id).length,
      steps: observed.get(actor.id)?.steps ?? 0,
      journeys: observed.get(actor.id)?.journeys ?? 0,
    });
  }

  const edge = (a: string, b: string): ActorEdgeAttributes => {
    if (!graph.hasEdge(a, b)) {
      graph.addEdge(a, b, { sharedGoals: 0, handovers: 0, partnership: false, weight: 0 });
    }
    return graph.getEdgeAttributes(a, b);
  };

  for (const goal of network.goals) {
    const ids = new Set<string>();
    for (const activity of network.activitiesOf(goal.id)) {
      for (const actor of network.actorsOfActivity(activity.id)) ids.add(actor.id);
    }
    const list = [...ids].sort();
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) edge(list[i], list[j]).sharedGoals += 1;
    }
  }
  for (const h of stats?.handovers ?? []) {
    if (h.from === h.to || !graph.hasNode(h.from) || !graph.hasNode(h.to)) continue;
    edge(h.from, h.to).handovers += h.count;
  }
  for (const p of network.document.partnerships) edge(p.actors[0], p.actors[1]).partnership = true;

  graph.forEachEdge((key, attrs) => {
    const weight = attrs.sharedGoals + attrs.handovers;
    graph.setEdgeAttribute(key, 'weight', attrs.partnership ? Math.max(1, weight) : weight);
  });
  return graph;
}
