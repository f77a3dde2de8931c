/**
 * GEXF 1.2 for Gephi: each actor with its label, `viz:position` (x, y), `viz:size` (the drawn
 * radius) and `viz:color` (r, g, b), and its measures as node attributes (kind, focal, partner,
 * community, degree, weightedDegree, betweenness, pagerank, goals, phases (lists, left out when
 * empty), journeys, handovers);
 * each tie as an undirected edge with its weight, `viz:thickness` (the drawn width) and the
 * attributes sharedGoals, handovers, partnership. Written by graphology-gexf.
 */
import { UndirectedGraph } from 'graphology';
import { write } from 'graphology-gexf';
import type { ActorLayout } from '../types.js';
import { xmlText } from './xml.js';

/** graphology-gexf 0.13 writes the 1.2 viz namespace with a stray slash; this is the right one. */
const VIZ_NAMESPACE_WRONG = 'xmlns:viz="http:///www.gexf.net/1.1draft/viz"';
const VIZ_NAMESPACE = 'xmlns:viz="http://www.gexf.net/1.2draft/viz"';

export function toGexf(layout: ActorLayout): string {
  const graph = new UndirectedGraph();
  graph.setAttribute('creator', 'goalnet');
  graph.setAttribute('description', xmlText(`Actor network of ${layout.modelName ?? layout.modelId} (${layout.modelId})`));
  for (const n of layout.nodes) {
    graph.addNode(n.id, {
      label: xmlText(n.name),
      x: n.x,
      y: n.y,
      size: n.size,
      color: n.color,
      kind: n.kind,
      focal: n.focal,
      partner: n.partner,
      community: n.community,
      degree: n.degree,
      weightedDegree: n.weightedDegree,
      betweenness: n.betweenness,
      pagerank: n.pagerank,
      goals: n.goals,
      phases: n.phases,
      journeys: n.journeys,
      handovers: n.handovers,
    });
  }
  layout.edges.forEach((e, i) => {
    graph.addEdgeWithKey(`e${i}`, e.source, e.target, {
      weight: e.weight,
      thickness: e.size,
      sharedGoals: e.sharedGoals,
      handovers: e.handovers,
      partnership: e.partnership,
    });
  });
  const xml = write(graph, {
    version: '1.2',
    formatNode: (_key, a) => {
      const { label, x, y, size, color, ...rest } = a;
      // An empty list would be written as an empty liststring value: leave it out instead.
      const attributes = Object.fromEntries(Object.entries(rest).filter(([, v]) => !(Array.isArray(v) && v.length === 0)));
      return { label: label as string, viz: { x: x as number, y: y as number, size: size as number, color: color as string }, attributes };
    },
    formatEdge: (_key, a) => {
      const { weight, thickness, ...attributes } = a;
      return { weight: weight as number, viz: { thickness: thickness as number }, attributes };
    },
  });
  return xml.replace(VIZ_NAMESPACE_WRONG, VIZ_NAMESPACE);
}
