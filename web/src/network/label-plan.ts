/**
 * Where each actor's label goes on screen, planned once per frame with the same greedy placer
 * as the SVG export (src/viz/labels.ts): labels are placed by priority (selected, focal, marked,
 * then bigger discs first), each at the first of eight spots around its disc that stays on
 * screen and clear of every disc and of the labels placed before it, preferring spots that cross
 * fewer edges. A label with no free spot is left out, unless the actor is selected, hovered or
 * the focal firm: those keep a label to the right of the disc whatever it covers.
 */
import { placeLabels, type Box, type Disc, type LabelRequest, type PlacedLabel, type Segment } from '../../../src/viz/labels.js';

/** Above this many edges, spots are not scored by the edges they cross (it would cost too much per frame). */
export const MAX_PLANNED_SEGMENTS = 600;

export interface PlanNode {
  id: string;
  /** The label, or null for an actor drawn without one. */
  label: string | null;
  /** Screen position and radius, markers included. */
  x: number;
  y: number;
  r: number;
  /** Higher goes first. */
  priority: number;
  fontSize: number;
  bold: boolean;
  /** Keep a label even when no spot is free. */
  mustShow: boolean;
}

export type LabelPlan = Map<string, PlacedLabel>;

export function planLabels(nodes: readonly PlanNode[], segments: readonly Segment[], area: Box): LabelPlan {
  const discs: Disc[] = nodes.map((n) => ({ x: n.x, y: n.y, r: n.r }));
  const ordered = nodes.filter((n) => n.label !== null && n.label !== '').sort((a, b) => b.priority - a.priority || b.r - a.r);
  const requests: LabelRequest[] = ordered.map((n) => ({
    id: n.id,
    text: n.label!,
    node: { x: n.x, y: n.y, r: n.r },
    fontSize: n.fontSize,
    bold: n.bold,
  }));
  const { placed } = placeLabels(requests, discs, area, segments.length <= MAX_PLANNED_SEGMENTS ? segments : []);
  const plan: LabelPlan = new Map(placed.map((p) => [p.id, p]));
  for (const n of ordered) {
    if (plan.has(n.id) || !n.mustShow) continue;
    const x = n.x + n.r + 3;
    const y = n.y + 0.325 * n.fontSize;
    plan.set(n.id, { id: n.id, text: n.label!, fontSize: n.fontSize, bold: n.bold, x, y, anchor: 'start', box: { x0: x, y0: y - n.fontSize, x1: x, y1: y } });
  }
  return plan;
}
