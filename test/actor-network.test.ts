import { describe, expect, it } from 'vitest';
import { GoalNetwork } from '../src/graph/goal-network.js';
import { projectActorNetwork, type ActorNetwork } from '../src/graph/actor-network.js';
import { clusterDocument, clusterStats, homeDocument, homeStats } from './helpers/home-model.js';
import { journeyStats } from './helpers/stats-builder.js';

/** Every edge as `a–b` (sorted) → its attributes, for exact comparison. */
function edgesOf(graph: ActorNetwork): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  graph.forEachEdge((_e, attrs, s, t) => {
    out[s < t ? `${s}–${t}` : `${t}–${s}`] = { ...attrs };
  });
  return out;
}

describe('projectActorNetwork without journeys', () => {
  const graph = projectActorNetwork(new GoalNetwork(homeDocument()));

  it('has every actor as a node, with the goals it serves and zero observations', () => {
    expect(graph.order).toBe(6);
    expect(graph.getNodeAttributes('nordbank')).toEqual({ name: 'Nordbank', kind: 'BANK', focal: true, goals: 1, steps: 0, journeys: 0 });
    // broker serves find-home (search-listings, view-home) and bank-loan (apply-loan)
    expect(graph.getNodeAttribute('broker', 'goals')).toBe(2);
    expect(graph.getNodeAttribute('registry', 'goals')).toBe(0);
    expect(graph.degree('registry')).toBe(0);
  });

  it('ties actors of the same goal and partners; partnership edges weigh at least 1', () => {
    expect(edgesOf(graph)).toEqual({
      // bank-loan: apply-loan lists nordbank and broker
      'broker–nordbank': { sharedGoals: 1, handovers: 0, partnership: false, weight: 1 },
      // move: book-mover lists mover and insurer; they are also partners: weight max(1, 1 + 0) = 1, not 2
      'insurer–mover': { sharedGoals: 1, handovers: 0, partnership: true, weight: 1 },
      // partners only: weight max(1, 0 + 0) = 1
      'insurer–nordbank': { sharedGoals: 0, handovers: 0, partnership: true, weight: 1 },
    });
  });

  it('counts a shared goal once however many of its activities both actors serve', () => {
    // find-home has two activities, both served only by broker: no pair, no self-loop
    expect(graph.hasEdge('broker', 'broker')).toBe(false);
  });
});

describe('projectActorNetwork with journeys', () => {
  const graph = projectActorNetwork(new GoalNetwork(homeDocument()), homeStats());

  it('adds hand-overs summed over both directions; weight = sharedGoals + handovers', () => {
    expect(edgesOf(graph)).toEqual({
      // broker→nordbank 5 + nordbank→broker 2 = 7; weight 1 + 7 = 8
      'broker–nordbank': { sharedGoals: 1, handovers: 7, partnership: false, weight: 8 },
      // broker→mover 1
      'broker–mover': { sharedGoals: 0, handovers: 1, partnership: false, weight: 1 },
      // family→nordbank 1
      'family–nordbank': { sharedGoals: 0, handovers: 1, partnership: false, weight: 1 },
      // nordbank→mover 3
      'mover–nordbank': { sharedGoals: 0, handovers: 3, partnership: false, weight: 3 },
      // nordbank→insurer 1, partners: max(1, 0 + 1) = 1
      'insurer–nordbank': { sharedGoals: 0, handovers: 1, partnership: true, weight: 1 },
      'insurer–mover': { sharedGoals: 1, handovers: 0, partnership: true, weight: 1 },
    });
    // ghost→nordbank names an actor outside the model: no node, no edge
    expect(graph.hasNode('ghost')).toBe(false);
  });

  it('copies observed steps and journeys onto the actors', () => {
    expect(graph.getNodeAttributes('broker')).toMatchObject({ steps: 20, journeys: 9 });
    expect(graph.getNodeAttributes('nordbank')).toMatchObject({ steps: 15, journeys: 8 });
    expect(graph.getNodeAttributes('registry')).toMatchObject({ steps: 0, journeys: 0 });
  });

  it('lets a partnership weigh more than 1 when its ties do', () => {
    const stats = journeyStats({ handovers: [{ from: 'insurer', to: 'nordbank', count: 4, journeys: 3 }] });
    const g = projectActorNetwork(new GoalNetwork(homeDocument()), stats);
    // partnership: max(1, 0 + 4) = 4 (the partnership adds nothing on top)
    expect(g.getEdgeAttributes('nordbank', 'insurer')).toEqual({ sharedGoals: 0, handovers: 4, partnership: true, weight: 4 });
  });

  it('ignores a hand-over from an actor to itself', () => {
    const stats = journeyStats({ handovers: [{ from: 'nordbank', to: 'nordbank', count: 9, journeys: 9 }] });
    const g = projectActorNetwork(new GoalNetwork(homeDocument()), stats);
    expect(g.hasEdge('nordbank', 'nordbank')).toBe(false);
    expect(g.size).toBe(3);
  });
});

describe('projectActorNetwork of two clusters', () => {
  it('ties each cluster as a triangle and the bridge to one actor of each', () => {
    const g = projectActorNetwork(new GoalNetwork(clusterDocument()), clusterStats());
    expect(Object.keys(edgesOf(g)).sort()).toEqual(['a1–a2', 'a1–a3', 'a1–x', 'a2–a3', 'b1–b2', 'b1–b3', 'b1–x', 'b2–b3']);
    // a1→a2 3 + a2→a1 2 = 5 hand-overs; weight 1 + 5 = 6
    expect(g.getEdgeAttributes('a2', 'a1')).toEqual({ sharedGoals: 1, handovers: 5, partnership: false, weight: 6 });
    expect(g.degree('loner')).toBe(0);
  });
});
