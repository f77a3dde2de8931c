/**
 * The layout as a serialised graphology graph (`graph.export()` format) that sigma.js v3 draws
 * as it is: `Graph.from(json)` or `graph.import(json)`, then `new Sigma(graph, container)`.
 *
 * Node attributes: `x`, `y`, `size` (the drawn radius, in pixels at sigma's default zoom),
 * `color`, `label`, `forceLabel` (true for the focal firm, so its label always shows), and the
 * layout's data: kind, focal, partner, community, degree, weightedDegree, betweenness, pagerank,
 * goals, phases, journeys, handovers. Edge attributes: `size` (the drawn width), `color`
 * (partnerships darker), weight, sharedGoals, handovers, partnership. No attribute is called
 * `type`: sigma reads that as the name of a drawing program.
 */
import type { SerializedGraph } from 'graphology-types';
import type { ActorKind } from '../../model/vocabulary.js';
import type { ActorLayout } from '../types.js';

export const EDGE_COLOR = '#c8c8c8';
export const PARTNERSHIP_EDGE_COLOR = '#666666';

export interface SigmaNodeAttributes {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  forceLabel: boolean;
  kind: ActorKind;
  focal: boolean;
  partner: boolean;
  community: number;
  degree: number;
  weightedDegree: number;
  betweenness: number;
  pagerank: number;
  goals: string[];
  phases: string[];
  journeys: number;
  handovers: number;
}

export interface SigmaEdgeAttributes {
  size: number;
  color: string;
  weight: number;
  sharedGoals: number;
  handovers: number;
  partnership: boolean;
}

export interface SigmaGraphAttributes {
  modelId: string;
  name: string;
  communities: number;
  iterations: number;
  seed: number;
  sizeBy: string;
  colorBy: string;
}

export type SigmaGraph = SerializedGraph<SigmaNodeAttributes, SigmaEdgeAttributes, SigmaGraphAttributes>;

export function toSigmaJson(layout: ActorLayout): SigmaGraph {
  return {
    options: { type: 'undirected', multi: false, allowSelfLoops: false },
    attributes: {
      modelId: layout.modelId,
      name: layout.modelName ?? layout.modelId,
      communities: layout.communities,
      iterations: layout.settings.iterations,
      seed: layout.settings.seed,
      sizeBy: layout.settings.sizeBy,
      colorBy: layout.settings.colorBy,
    },
    nodes: layout.nodes.map((n) => ({
      key: n.id,
      attributes: {
        x: n.x,
        y: n.y,
        size: n.size,
        color: n.color,
        label: n.name,
        forceLabel: n.focal,
        kind: n.kind,
        focal: n.focal,
        partner: n.partner,
        community: n.community,
        degree: n.degree,
        weightedDegree: n.weightedDegree,
        betweenness: n.betweenness,
        pagerank: n.pagerank,
        goals: [...n.goals],
        phases: [...n.phases],
        journeys: n.journeys,
        handovers: n.handovers,
      },
    })),
    edges: layout.edges.map((e, i) => ({
      key: `e${i}`,
      source: e.source,
      target: e.target,
      undirected: true,
      attributes: {
        size: e.size,
        color: e.partnership ? PARTNERSHIP_EDGE_COLOR : EDGE_COLOR,
        weight: e.weight,
        sharedGoals: e.sharedGoals,
        handovers: e.handovers,
        partnership: e.partnership,
      },
    })),
  };
}
