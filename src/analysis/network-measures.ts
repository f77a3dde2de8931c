/**
 * Network measures of the projected actor network (see graph/actor-network.ts for its edges and
 * weights):
 *   degree          = number of other actors an actor is tied to
 *   weightedDegree  = sum of the weights of its ties
 *   betweenness     = normalised betweenness centrality over unweighted shortest paths (how often
 *                     an actor stands on the shortest way between two others: a bridge)
 *   pagerank        = PageRank with edge weights (alpha 0.85)
 *   community       = Louvain community over edge weights, with a fixed random seed so that the
 *                     same network always gives the same communities
 * score = pagerank. Actors with no tie still appear, with zeros.
 */
import betweennessModule from 'graphology-metrics/centrality/betweenness.js';
import pagerankModule from 'graphology-metrics/centrality/pagerank.js';
import louvainModule from 'graphology-communities-louvain';
import type { JourneyStats } from '../model/journey-stats.js';
import type { ActorKind } from '../model/vocabulary.js';
import type { GoalNetwork } from '../graph/goal-network.js';
import { projectActorNetwork, type ActorNetwork } from '../graph/actor-network.js';
import { byScore, round4, type Ranked } from './common.js';
import { cjsDefault } from '../util/cjs.js';

const betweennessCentrality = cjsDefault(betweennessModule);
const pagerank = cjsDefault(pagerankModule);
const louvain = cjsDefault(louvainModule);

export const NETWORK_DEFAULTS = { seed: 42, resolution: 1 };

export interface ActorMeasures {
  kind: ActorKind;
  focal: boolean;
  degree: number;
  weightedDegree: number;
  betweenness: number;
  pagerank: number;
  community: number;
  journeys: number;
}

export interface NetworkMeasures {
  actors: Ranked<ActorMeasures>[];
  communities: number;
  modularity: number;
  edges: { source: string; target: string; weight: number; sharedGoals: number; handovers: number; partnership: boolean }[];
}

/** A small deterministic random number generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function networkMeasures(
  network: GoalNetwork,
  stats?: JourneyStats,
  options: { seed?: number } = {},
): NetworkMeasures {
  const graph: ActorNetwork = projectActorNetwork(network, stats);
  const between = graph.size === 0 ? {} : betweennessCentrality(graph, { getEdgeWeight: null, normalized: true });
  const ranks = graph.size === 0 ? {} : pagerank(graph, { getEdgeWeight: 'weight' });
  let communities: Record<string, number> = {};
  let modularity = 0;
  let count = graph.order;
  if (graph.size > 0) {
    const detailed = louvain.detailed(graph, {
      getEdgeWeight: 'weight',
      rng: seededRandom(options.seed ?? NETWORK_DEFAULTS.seed),
      resolution: NETWORK_DEFAULTS.resolution,
    });
    communities = detailed.communities;
    modularity = detailed.modularity;
    count = detailed.count;
  } else {
    graph.forEachNode((node, i) => (communities[node] = Object.keys(communities).length));
  }
  const uniform = graph.order === 0 ? 0 : 1 / graph.order;

  const actors = graph.mapNodes((node, attrs): Ranked<ActorMeasures> => {
    let weighted = 0;
    graph.forEachEdge(node, (_e, a) => (weighted += a.weight));
    const measures: ActorMeasures = {
      kind: attrs.kind,
      focal: attrs.focal,
      degree: graph.degree(node),
      weightedDegree: weighted,
      betweenness: round4(between[node] ?? 0),
      pagerank: round4(ranks[node] ?? uniform),
      community: communities[node] ?? 0,
      journeys: attrs.journeys,
    };
    return {
      id: node,
      name: attrs.name,
      score: measures.pagerank,
      reason:
        `${attrs.name} is tied to ${measures.degree} actors (weight ${measures.weightedDegree}), ` +
        `PageRank ${measures.pagerank.toFixed(3)}, betweenness ${measures.betweenness.toFixed(3)}, community ${measures.community}`,
      evidence: measures,
    };
  });
  const edges = graph.mapEdges((_e, a, source, target) => ({
    source: source < target ? source : target,
    target: source < target ? target : source,
    weight: a.weight,
    sharedGoals: a.sharedGoals,
    handovers: a.handovers,
    partnership: a.partnership,
  }));
  edges.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  return { actors: actors.sort(byScore), communities: count, modularity: round4(modularity), edges };
}
