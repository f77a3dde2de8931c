/**
 * The laid-out actor network: what the exports, the API's `actorNetwork` query and the viewer
 * page all draw from. Positions come from ForceAtlas2 followed by noverlap (see layout.ts).
 */
import type { ActorKind } from '../model/vocabulary.js';

export interface LayoutNode {
  id: string;
  name: string;
  kind: ActorKind;
  focal: boolean;
  /** Partner of the focal firm. */
  partner: boolean;
  x: number;
  y: number;
  /** Drawn radius, from the chosen size measure. */
  size: number;
  /** CSS hex colour (#rrggbb), from the community or the actor kind. */
  color: string;
  community: number;
  degree: number;
  weightedDegree: number;
  betweenness: number;
  pagerank: number;
  /** Goal ids the actor serves directly. */
  goals: string[];
  /** Phases of the activities the actor serves. */
  phases: string[];
  /** Observed journeys that met the actor. */
  journeys: number;
  /** Hand-overs to and from other actors in observed journeys. */
  handovers: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
  weight: number;
  sharedGoals: number;
  handovers: number;
  partnership: boolean;
  /** Drawn width, from hand-overs. */
  size: number;
}

export interface ActorLayout {
  modelId: string;
  /** The model's display name, for titles (added by viz; optional so older layouts still type-check). */
  modelName?: string;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  communities: number;
  /** The settings the layout ran with, for reproducing it. */
  settings: { iterations: number; seed: number; barnesHut: boolean; sizeBy: SizeMeasure; colorBy: ColorBy };
}

export type SizeMeasure = 'weightedDegree' | 'degree' | 'pagerank' | 'betweenness' | 'journeys';
export type ColorBy = 'community' | 'kind';

export interface LayoutOptions {
  iterations?: number;
  seed?: number;
  sizeBy?: SizeMeasure;
  colorBy?: ColorBy;
  /** Called every few iterations with (done, total). */
  onProgress?: (done: number, total: number) => void;
}
