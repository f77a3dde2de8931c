/**
 * What the viewer asks the API for: the laid-out actor network (`actorNetwork { layout }`), the
 * model's name and goal names, and — each in its own request so that one failing (a model with
 * no focal actor has no partner opportunities) leaves the rest — the partner opportunities and
 * the observed gaps with the actors of each gap's activity.
 */
import type { LayoutEdge, LayoutNode } from '../../../src/viz/types.js';

/**
 * Runs one GraphQL operation and returns its data (throwing on errors): shared/api.ts `graphql`
 * in the page. Passed in, so that this module needs no DOM (test/api validates its queries).
 */
export type GraphQLRunner = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

/** The viewer draws the layout's own nodes and edges (src/viz/types.ts). */
export type ViewerNode = LayoutNode;
export type ViewerEdge = LayoutEdge;

export interface ViewerNetwork {
  modelId: string;
  modelName: string;
  goalNames: Map<string, string>;
  modularity: number;
  communities: number;
  nodes: ViewerNode[];
  edges: ViewerEdge[];
  settings: { iterations: number; seed: number; sizeBy: string; colorBy: string };
}

export interface PartnerOpportunity {
  id: string;
  name: string;
  score: number;
  reason: string;
}

export interface ObservedGap {
  id: string;
  name: string;
  score: number;
  reason: string;
  phase: string | null;
  reached: number;
  affected: number;
  /** Actors serving the gap's activity. */
  actorIds: string[];
}

export interface GapReport {
  journeys: number;
  ranked: ObservedGap[];
}

/** Journey filter of the page, from its query string (`?segment=…&from=…&to=…`). */
export interface ViewerFilter {
  segment?: string;
  from?: string;
  to?: string;
}

export const NETWORK_QUERY = `query ViewerNetwork($modelId: ID!, $filter: AnalysisFilter) {
  model(id: $modelId) { id name goals { id name } }
  actorNetwork(modelId: $modelId, filter: $filter) {
    modularity
    layout {
      communities
      nodes { id name kind focal partner x y size color community degree weightedDegree betweenness pagerank goals phases journeys handovers }
      edges { source target weight sharedGoals handovers partnership size }
      settings { iterations seed sizeBy colorBy }
    }
  }
}`;

export const PARTNERS_QUERY = `query ViewerPartners($modelId: ID!, $filter: AnalysisFilter) {
  partnerOpportunities(modelId: $modelId, filter: $filter) { id name score reason }
}`;

export const GAPS_QUERY = `query ViewerGaps($modelId: ID!, $filter: AnalysisFilter) {
  gaps(modelId: $modelId, by: ACTIVITY, filter: $filter) {
    journeys
    ranked {
      id name score reason
      evidence { phase reached affected }
      activity { id actors { id } }
    }
  }
}`;

interface NetworkData {
  model: { id: string; name: string; goals: { id: string; name: string }[] };
  actorNetwork: {
    modularity: number;
    layout: { communities: number; nodes: ViewerNode[]; edges: ViewerEdge[]; settings: ViewerNetwork['settings'] };
  };
}

interface GapsData {
  gaps: {
    journeys: number;
    ranked: {
      id: string;
      name: string;
      score: number;
      reason: string;
      evidence: { phase: string | null; reached: number; affected: number };
      activity: { id: string; actors: { id: string }[] } | null;
    }[];
  };
}

function filterVariable(filter: ViewerFilter): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (filter.segment) out.segment = filter.segment;
  if (filter.from) out.from = filter.from;
  if (filter.to) out.to = filter.to;
  return Object.keys(out).length > 0 ? out : undefined;
}

export async function loadNetwork(graphql: GraphQLRunner, modelId: string, filter: ViewerFilter = {}): Promise<ViewerNetwork> {
  const data = await graphql<NetworkData>(NETWORK_QUERY, { modelId, filter: filterVariable(filter) });
  const layout = data.actorNetwork.layout;
  return {
    modelId,
    modelName: data.model.name,
    goalNames: new Map(data.model.goals.map((g) => [g.id, g.name])),
    modularity: data.actorNetwork.modularity,
    communities: layout.communities,
    nodes: layout.nodes,
    edges: layout.edges,
    settings: layout.settings,
  };
}

export async function loadPartnerOpportunities(graphql: GraphQLRunner, modelId: string, filter: ViewerFilter = {}): Promise<PartnerOpportunity[]> {
  const data = await graphql<{ partnerOpportunities: PartnerOpportunity[] }>(PARTNERS_QUERY, { modelId, filter: filterVariable(filter) });
  return data.partnerOpportunities;
}

export async function loadGaps(graphql: GraphQLRunner, modelId: string, filter: ViewerFilter = {}): Promise<GapReport> {
  const data = await graphql<GapsData>(GAPS_QUERY, { modelId, filter: filterVariable(filter) });
  return {
    journeys: data.gaps.journeys,
    ranked: data.gaps.ranked.map((g) => ({
      id: g.id,
      name: g.name,
      score: g.score,
      reason: g.reason,
      phase: g.evidence.phase,
      reached: g.evidence.reached,
      affected: g.evidence.affected,
      actorIds: g.activity?.actors.map((a) => a.id) ?? [],
    })),
  };
}
