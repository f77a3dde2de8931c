/**
 * Greedy label placement for the static picture: labels are placed one by one in the order given
 * (the caller puts the most important first), each at the first of eight spots around its node —
 * right, left, below, above, then the four diagonals — whose box
 *   - lies inside the drawing area,
 *   - overlaps no label placed before it, and
 *   - overlaps no node disc (its own included);
 * among those, the spot whose box crosses the fewest edge lines wins (the first in that order on
 * a tie; edges are only counted when there are at most MAX_SCORED_SEGMENTS of them). A label
 * with no allowed spot is skipped. Text widths are estimated from the font size (see textWidth),
 * generously, so that real text stays inside its box.
 */

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Disc {
  x: number;
  y: number;
  r: number;
}

export interface LabelRequest {
  id: string;
  text: string;
  /** The node the label belongs to. */
  node: Disc;
  fontSize: number;
  bold?: boolean;
}

/** A straight edge line, from (x1, y1) to (x2, y2). */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Above this many edges, spots are not scored by edge crossings (the first allowed one wins). */
export const MAX_SCORED_SEGMENTS = 5000;

export type TextAnchor = 'start' | 'middle' | 'end';

export interface PlacedLabel {
  id: string;
  text: string;
  fontSize: number;
  bold: boolean;
  /** Where the SVG <text> goes: x at the anchor, y the baseline. */
  x: number;
  y: number;
  anchor: TextAnchor;
  box: Box;
}

/** Space between a node's disc and its label, in pixels. */
export const LABEL_GAP = 3;

/** Em widths by character class, on the wide side of DejaVu Sans / Verdana. */
const NARROW = new Set([...'iljI.,:;\'!|()[]` ']);
const SLIM = new Set([...'tfr']);
const WIDE = new Set([...'mwMW@%']);

/**
 * Estimated width of a text in pixels: 0.36 em per narrow character (i, l, j, I, punctuation,
 * space), 0.44 em for t, f, r, 0.95 em per wide one (m, w, M, W, @, %), 0.72 em per other capital or
 * non-ASCII letter, 0.63 em for the rest; bold text 16 % wider.
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) em += 0.36;
    else if (SLIM.has(ch)) em += 0.44;
    else if (WIDE.has(ch)) em += 0.95;
    else if ((ch >= 'A' && ch <= 'Z') || ch > '\u007f') em += 0.72;
    else em += 0.63;
  }
  return em * fontSize * (bold ? 1.16 : 1);
}

/** The box of a text line: 0.95 em above the baseline, 0.3 em below. */
export function textBox(x: number, baseline: number, width: number, fontSize: number, anchor: TextAnchor): Box {
  const x0 = anchor === 'start' ? x : anchor === 'end' ? x - width : x - width / 2;
  return { x0, y0: baseline - 0.95 * fontSize, x1: x0 + width, y1: baseline + 0.3 * fontSize };
}

export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

export function boxTouchesDisc(box: Box, disc: Disc): boolean {
  const nx = Math.max(box.x0, Math.min(disc.x, box.x1));
  const ny = Math.max(box.y0, Math.min(disc.y, box.y1));
  const dx = disc.x - nx;
  const dy = disc.y - ny;
  return dx * dx + dy * dy < disc.r * disc.r;
}

/** A uniform grid of buckets over boxes, so that each test looks only at nearby items. */
class Grid<T> {
  private readonly cells = new Map<string, T[]>();
  constructor(private readonly cell: number) {}
  private keys(box: Box): string[] {
    const keys: string[] = [];
    for (let cx = Math.floor(box.x0 / this.cell); cx <= Math.floor(box.x1 / this.cell); cx++) {
      for (let cy = Math.floor(box.y0 / this.cell); cy <= Math.floor(box.y1 / this.cell); cy++) keys.push(`${cx},${cy}`);
    }
    return keys;
  }
  add(box: Box, item: T): void {
    for (const key of this.keys(box)) {
      const list = this.cells.get(key);
      if (list === undefined) this.cells.set(key, [item]);
      else list.push(item);
    }
  }
  near(box: Box): Set<T> {
    const found = new Set<T>();
    for (const key of this.keys(box)) for (const item of this.cells.get(key) ?? []) found.add(item);
    return found;
  }
}

/** Whether the segment passes through the box (Liang–Barsky clipping). */
export function segmentCrossesBox(s: Segment, box: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  return clip(-dx, s.x1 - box.x0) && clip(dx, box.x1 - s.x1) && clip(-dy, s.y1 - box.y0) && clip(dy, box.y1 - s.y1) && t0 <= t1;
}

export function placeLabels(
  requests: readonly LabelRequest[],
  discs: readonly Disc[],
  area: Box,
  segments: readonly Segment[] = [],
): { placed: PlacedLabel[]; skipped: string[] } {
  const maxFont = requests.reduce((m, r) => Math.max(m, r.fontSize), 12);
  const cell = Math.max(32, 6 * maxFont);
  const grid = new Grid<Disc | Box>(cell);
  for (const disc of discs) grid.add({ x0: disc.x - disc.r, y0: disc.y - disc.r, x1: disc.x + disc.r, y1: disc.y + disc.r }, disc);
  const lines = new Grid<Segment>(cell);
  if (segments.length <= MAX_SCORED_SEGMENTS) {
    for (const s of segments) {
      lines.add({ x0: Math.min(s.x1, s.x2), y0: Math.min(s.y1, s.y2), x1: Math.max(s.x1, s.x2), y1: Math.max(s.y1, s.y2) }, s);
    }
  }
  const placed: PlacedLabel[] = [];
  const skipped: string[] = [];
  for (const request of requests) {
    const bold = request.bold ?? false;
    const width = textWidth(request.text, request.fontSize, bold);
    let spot: { x: number; y: number; anchor: TextAnchor } | undefined;
    let fewest = Number.POSITIVE_INFINITY;
    for (const candidate of candidates(request.node, width, request.fontSize)) {
      const box = textBox(candidate.x, candidate.y, width, request.fontSize, candidate.anchor);
      if (box.x0 < area.x0 || box.y0 < area.y0 || box.x1 > area.x1 || box.y1 > area.y1) continue;
      let free = true;
      for (const item of grid.near(box)) {
        if ('r' in item ? boxTouchesDisc(box, item) : boxesOverlap(box, item)) {
          free = false;
          break;
        }
      }
      if (!free) continue;
      let crossings = 0;
      for (const s of lines.near(box)) if (segmentCrossesBox(s, box)) crossings++;
      if (crossings < fewest) {
        fewest = crossings;
        spot = candidate;
        if (crossings === 0) break;
      }
    }
    if (spot === undefined) {
      skipped.push(request.id);
      continue;
    }
    const box = textBox(spot.x, spot.y, width, request.fontSize, spot.anchor);
    grid.add(box, box);
    placed.push({ id: request.id, text: request.text, fontSize: request.fontSize, bold, x: spot.x, y: spot.y, anchor: spot.anchor, box });
  }
  return { placed, skipped };
}

/** The eight spots around a disc, in order of preference, as (anchor x, baseline, anchor). */
function candidates(node: Disc, width: number, fontSize: number): { x: number; y: number; anchor: TextAnchor }[] {
  if (!(width > 0)) return [];
  const { x, y, r } = node;
  const g = LABEL_GAP;
  // Baseline that centres the box (0.95 em up, 0.3 em down) on y.
  const middle = y + 0.325 * fontSize;
  const below = y + r + g + 0.95 * fontSize;
  const above = y - r - g - 0.3 * fontSize;
  const d = r * Math.SQRT1_2; // the disc's edge on the diagonals
  return [
    { x: x + r + g, y: middle, anchor: 'start' },
    { x: x - r - g, y: middle, anchor: 'end' },
    { x, y: below, anchor: 'middle' },
    { x, y: above, anchor: 'middle' },
    { x: x + d + g, y: y - d - g - 0.3 * fontSize, anchor: 'start' },
    { x: x + d + g, y: y + d + g + 0.95 * fontSize, anchor: 'start' },
    { x: x - d - g, y: y - d - g - 0.3 * fontSize, anchor: 'end' },
    { x: x - d - g, y: y + d + g + 0.95 * fontSize, anchor: 'end' },
  ];
}
