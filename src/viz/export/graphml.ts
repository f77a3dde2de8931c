/**
 * GraphML with the layout, in the attribute names Gephi and yEd-style tools read: per node
 * `label`, `x`, `y`, `size` (the drawn radius) and the colour as integer `r`, `g`, `b` (Gephi's
 * convention; graphology-graphml turns them back into `color`), then kind, focal, partner,
 * community, degree, weightedDegree, betweenness, pagerank, goals and phases (space-separated
 * ids), journeys, handovers; per edge weight, size (the drawn width), sharedGoals, handovers,
 * partnership. The graph is undirected; edge ids are e0, e1, … in the layout's edge order.
 */
import type { ActorLayout, LayoutEdge, LayoutNode } from '../types.js';
import { escapeXml } from './xml.js';

type GraphmlType = 'string' | 'double' | 'int' | 'boolean';

interface Key<T> {
  name: string;
  type: GraphmlType;
  value: (item: T) => string | number | boolean;
}

const NODE_KEYS: Key<LayoutNode>[] = [
  { name: 'label', type: 'string', value: (n) => n.name },
  { name: 'x', type: 'double', value: (n) => n.x },
  { name: 'y', type: 'double', value: (n) => n.y },
  { name: 'size', type: 'double', value: (n) => n.size },
  { name: 'r', type: 'int', value: (n) => channel(n.color, 0) },
  { name: 'g', type: 'int', value: (n) => channel(n.color, 1) },
  { name: 'b', type: 'int', value: (n) => channel(n.color, 2) },
  { name: 'kind', type: 'string', value: (n) => n.kind },
  { name: 'focal', type: 'boolean', value: (n) => n.focal },
  { name: 'partner', type: 'boolean', value: (n) => n.partner },
  { name: 'community', type: 'int', value: (n) => n.community },
  { name: 'degree', type: 'int', value: (n) => n.degree },
  { name: 'weightedDegree', type: 'double', value: (n) => n.weightedDegree },
  { name: 'betweenness', type: 'double', value: (n) => n.betweenness },
  { name: 'pagerank', type: 'double', value: (n) => n.pagerank },
  { name: 'goals', type: 'string', value: (n) => n.goals.join(' ') },
  { name: 'phases', type: 'string', value: (n) => n.phases.join(' ') },
  { name: 'journeys', type: 'int', value: (n) => n.journeys },
  { name: 'handovers', type: 'int', value: (n) => n.handovers },
];

const EDGE_KEYS: Key<LayoutEdge>[] = [
  { name: 'weight', type: 'double', value: (e) => e.weight },
  { name: 'size', type: 'double', value: (e) => e.size },
  { name: 'sharedGoals', type: 'int', value: (e) => e.sharedGoals },
  { name: 'handovers', type: 'int', value: (e) => e.handovers },
  { name: 'partnership', type: 'boolean', value: (e) => e.partnership },
];

export function toGraphml(layout: ActorLayout): string {
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '    xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const key of NODE_KEYS) lines.push(keyLine('node', 'n', key));
  for (const key of EDGE_KEYS) lines.push(keyLine('edge', 'e', key));
  lines.push(`  <graph id="${escapeXml(layout.modelId)}" edgedefault="undirected">`);
  for (const node of layout.nodes) {
    lines.push(`    <node id="${escapeXml(node.id)}">`);
    for (const key of NODE_KEYS) lines.push(dataLine('n', key, node));
    lines.push('    </node>');
  }
  layout.edges.forEach((edge, i) => {
    lines.push(`    <edge id="e${i}" source="${escapeXml(edge.source)}" target="${escapeXml(edge.target)}">`);
    for (const key of EDGE_KEYS) lines.push(dataLine('e', key, edge));
    lines.push('    </edge>');
  });
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

function keyLine<T>(domain: 'node' | 'edge', prefix: string, key: Key<T>): string {
  return `  <key id="${prefix}_${key.name}" for="${domain}" attr.name="${key.name}" attr.type="${key.type}"/>`;
}

function dataLine<T>(prefix: string, key: Key<T>, item: T): string {
  return `      <data key="${prefix}_${key.name}">${escapeXml(String(key.value(item)))}</data>`;
}

/** Channel 0 (red), 1 (green) or 2 (blue) of a #rrggbb colour. */
function channel(color: string, index: number): number {
  return parseInt(color.slice(1 + 2 * index, 3 + 2 * index), 16);
}
