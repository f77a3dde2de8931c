/**
 * A static SVG picture of the actor network, to show in a meeting or put in a report:
 *
 * - a title (the model's name) and a line saying what sizes and colours mean;
 * - ties as lines under the actors, width from hand-overs, partnerships dark and dashed;
 * - one <circle> per actor (`data-id` = actor id, with a <title> tooltip of its measures),
 *   the focal firm with a dark outline and a white star, its partners with a white diamond;
 * - labels placed greedily (labels.ts): focal firm first, its partners next, then by size, none
 *   overlapping another label or a disc; labels that do not fit, and any beyond `maxLabels`, are
 *   left out (the circle's tooltip still names the actor);
 * - line opacity falls with the number of ties (0.7 · √(300 / ties), within 0.15–0.7), so that
 *   large networks do not turn grey;
 * - a legend of the colours (communities by their biggest members, or actor kinds) and markers.
 *
 * Geometry: the layout is fitted into the plot area. When it is small, positions are spread
 * apart (by at most MAX_SPREAD) and radii stay as laid out, in pixels; when it is too big, the
 * whole picture is scaled down. Either way no two discs overlap, as in the layout.
 * The y axis points up in the layout (as in Gephi and sigma.js) and down in SVG: y is flipped.
 */
import type { ActorLayout, LayoutNode } from '../types.js';
import { placeLabels, textWidth, type Box, type Disc, type LabelRequest, type Segment } from '../labels.js';
import { kindLabel, layoutColourGroups, type ColourGroup } from '../palette.js';
import { badInput, type Problem } from '../../model/errors.js';
import { escapeXml, num } from './xml.js';

export interface SvgOptions {
  /** Heading; default "Actor network: <model name>". */
  title?: string;
  /** Picture size in pixels (at least 640 × 360); default width 1200, height as the drawing needs (480 to 900). */
  width?: number;
  height?: number;
  /** Label font size in pixels; default 13 (the focal firm's label 1 px larger, bold). */
  fontSize?: number;
  /** Draw the legend panel (default true). */
  legend?: boolean;
  /** Label at most this many actors (default 50): the focal firm, its partners, then the biggest. */
  maxLabels?: number;
}

const FONT = "'DejaVu Sans', Verdana, Arial, sans-serif";
const MAX_SPREAD = 6;
const MAX_AUTO_HEIGHT = 900;
const MIN_WIDTH = 640;
const MIN_HEIGHT = 360;
const MIN_AUTO_HEIGHT = 480;
const PAD = 24;
const TITLE_HEIGHT = 84;
const LEGEND_WIDTH = 280;
const MAX_LABEL_CHARS = 36;
const DEFAULT_MAX_LABELS = 50;
const INK = '#1a1a1a';
const MUTED = '#555555';
const EDGE = '#b4b4b4';
const PARTNERSHIP_EDGE = '#4d4d4d';

const SIZE_WORDS: Record<ActorLayout['settings']['sizeBy'], string> = {
  weightedDegree: 'weighted degree (shared goals + hand-overs)',
  degree: 'number of actors tied to',
  pagerank: 'PageRank',
  betweenness: 'betweenness (bridging)',
  journeys: 'observed journeys',
};

interface Drawn {
  node: LayoutNode;
  x: number;
  y: number;
  r: number;
}

export function toSvg(layout: ActorLayout, options: SvgOptions = {}): string {
  const width = options.width ?? 1200;
  const fontSize = options.fontSize ?? 13;
  const problems: Problem[] = [];
  if (!(Number.isFinite(width) && width >= MIN_WIDTH)) problems.push({ where: 'width', message: `must be at least ${MIN_WIDTH} pixels (got ${width})` });
  if (options.height !== undefined && !(Number.isFinite(options.height) && options.height >= MIN_HEIGHT)) {
    problems.push({ where: 'height', message: `must be at least ${MIN_HEIGHT} pixels (got ${options.height})` });
  }
  if (!(Number.isFinite(fontSize) && fontSize >= 6 && fontSize <= 48)) problems.push({ where: 'fontSize', message: `must be from 6 to 48 pixels (got ${fontSize})` });
  if (problems.length > 0) throw badInput('Invalid SVG options', problems);
  const showLegend = options.legend ?? true;
  const name = layout.modelName ?? layout.modelId;
  const title = options.title ?? `Actor network: ${name}`;
  const focal = layout.nodes.find((n) => n.focal);

  const legendLines = showLegend ? legend(layout, focal, { x: width - PAD - LEGEND_WIDTH + 16, y: TITLE_HEIGHT, width: LEGEND_WIDTH - 16 }) : undefined;
  // Without a given height, the picture is as tall as the drawing needs (at most MAX_AUTO_HEIGHT).
  const plotFor = (h: number): Box => ({ x0: PAD, y0: TITLE_HEIGHT, x1: width - PAD - (showLegend ? LEGEND_WIDTH : 0), y1: h - PAD });
  let height = options.height ?? MAX_AUTO_HEIGHT;
  if (options.height === undefined) {
    const needed = fit(layout.nodes, plotFor(height), fontSize).usedHeight;
    height = Math.ceil(Math.max(MIN_AUTO_HEIGHT, (legendLines?.bottom ?? 0) + PAD, TITLE_HEIGHT + needed + PAD));
  }
  const plot = plotFor(height);
  const { drawn, scale } = fit(layout.nodes, plot, fontSize);
  const byId = new Map(drawn.map((d) => [d.node.id, d]));

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="${FONT}" role="img" aria-labelledby="svg-title">`,
  );
  out.push(`<title id="svg-title">${escapeXml(title)}</title>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${PAD}" y="40" font-size="22" font-weight="bold" fill="${INK}">${escapeXml(fitText(title, width - 2 * PAD, 22, true))}</text>`);
  const nodesWord = layout.nodes.length === 1 ? 'actor' : 'actors';
  const edgesWord = layout.edges.length === 1 ? 'tie' : 'ties';
  const colourWord = layout.settings.colorBy === 'community' ? `${layout.communities} communities (Louvain)` : 'colour by actor kind';
  const subtitle =
    `${layout.nodes.length} ${nodesWord} · ${layout.edges.length} ${edgesWord} · ${colourWord} · ` +
    `size: ${SIZE_WORDS[layout.settings.sizeBy]} · ForceAtlas2, seed ${layout.settings.seed}`;
  out.push(`<text x="${PAD}" y="64" font-size="13" fill="${MUTED}">${escapeXml(fitText(subtitle, width - 2 * PAD, 13))}</text>`);

  // Ties under the actors, heaviest last so that they stay visible.
  out.push(`<g class="edges" stroke-linecap="round">`);
  const edgeOpacity = num(Math.min(0.7, Math.max(0.15, 0.7 * Math.sqrt(300 / Math.max(1, layout.edges.length)))));
  const edges = [...layout.edges].sort((a, b) => a.size - b.size || Number(a.partnership) - Number(b.partnership));
  for (const e of edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (s === undefined || t === undefined) continue;
    const style = e.partnership
      ? `stroke="${PARTNERSHIP_EDGE}" stroke-dasharray="${num(6 * scale)} ${num(4 * scale)}" stroke-opacity="0.9"`
      : `stroke="${EDGE}" stroke-opacity="${edgeOpacity}"`;
    out.push(
      `<line x1="${num(s.x)}" y1="${num(s.y)}" x2="${num(t.x)}" y2="${num(t.y)}" stroke-width="${num(Math.max(e.size * scale, 0.2))}" ${style}>` +
        `<title>${escapeXml(`${s.node.name} – ${t.node.name}: ${e.handovers} hand-overs, ${e.sharedGoals} shared goals${e.partnership ? ', partners' : ''}`)}</title></line>`,
    );
  }
  out.push('</g>');

  // Actors: one circle each.
  out.push(`<g class="nodes">`);
  for (const d of drawn) {
    const n = d.node;
    const outline = n.focal ? `stroke="${INK}" stroke-width="${num(3 * scale)}"` : `stroke="#ffffff" stroke-width="${num(1.5 * scale)}"`;
    out.push(
      `<circle data-id="${escapeXml(n.id)}" cx="${num(d.x)}" cy="${num(d.y)}" r="${num(d.r)}" fill="${escapeXml(n.color)}" ${outline}>` +
        `<title>${escapeXml(tooltip(n, layout))}</title></circle>`,
    );
    if (n.focal) out.push(star(d.x, d.y, Math.min(d.r * 0.62, 11), scale));
    else if (n.partner) out.push(diamond(d.x, d.y, Math.min(d.r * 0.6, 8), scale));
  }
  out.push('</g>');

  // Labels: focal firm first, its partners next, then the biggest.
  const order = [...drawn].sort(
    (a, b) =>
      Number(b.node.focal) - Number(a.node.focal) ||
      Number(b.node.partner) - Number(a.node.partner) ||
      b.r - a.r ||
      compare(a.node.id, b.node.id),
  );
  const requests: LabelRequest[] = order.slice(0, options.maxLabels ?? DEFAULT_MAX_LABELS).map((d) => ({
    id: d.node.id,
    text: shorten(d.node.name, MAX_LABEL_CHARS),
    node: { x: d.x, y: d.y, r: d.r },
    fontSize: d.node.focal ? fontSize + 1 : fontSize,
    bold: d.node.focal,
  }));
  const discs: Disc[] = drawn.map((d) => ({ x: d.x, y: d.y, r: d.r + 1 }));
  const segments: Segment[] = layout.edges.flatMap((e) => {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    return s === undefined || t === undefined ? [] : [{ x1: s.x, y1: s.y, x2: t.x, y2: t.y }];
  });
  const { placed } = placeLabels(requests, discs, plot, segments);
  out.push(`<g class="labels" fill="${INK}" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">`);
  for (const label of placed) {
    out.push(
      `<text class="label" data-for="${escapeXml(label.id)}" x="${num(label.x)}" y="${num(label.y)}" font-size="${label.fontSize}"` +
        `${label.bold ? ' font-weight="bold"' : ''} text-anchor="${label.anchor}">${escapeXml(label.text)}</text>`,
    );
  }
  out.push('</g>');

  if (legendLines !== undefined) out.push(...legendLines.lines);
  out.push('</svg>', '');
  return out.join('\n');
}

/**
 * Positions and radii in pixels. Spread s (radii unchanged) when the centres fit at s ≥ 1, with
 * room for the largest disc and a label beside the outermost nodes; else the uniform scale that
 * fits centres and discs. `scale` is the factor applied to radii and line widths (≤ 1).
 */
function fit(nodes: readonly LayoutNode[], plot: Box, fontSize: number): { drawn: Drawn[]; scale: number; usedHeight: number } {
  if (nodes.length === 0) return { drawn: [], scale: 1, usedHeight: 0 };
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  let maxR = 0;
  for (const n of nodes) {
    minX = Math.min(minX, n.x);
    maxX = Math.max(maxX, n.x);
    minY = Math.min(minY, n.y);
    maxY = Math.max(maxY, n.y);
    maxR = Math.max(maxR, n.size);
  }
  const plotW = plot.x1 - plot.x0;
  const plotH = plot.y1 - plot.y0;
  const bw = maxX - minX;
  const bh = maxY - minY;
  // Room for a label of ~10 characters beside the outermost discs, and one line above/below.
  const roomX = 2 * (maxR + 6 * fontSize);
  const roomY = 2 * (maxR + 2 * fontSize);
  const spreadX = bw > 0 ? (plotW - roomX) / bw : Infinity;
  const spreadY = bh > 0 ? (plotH - roomY) / bh : Infinity;
  let spread = Math.min(spreadX, spreadY, MAX_SPREAD);
  let scale = 1;
  let usedHeight = bh * spread + roomY;
  if (!(spread >= 1)) {
    const uniform = Math.min(plotW / (bw + 2 * maxR), plotH / (bh + 2 * maxR));
    spread = uniform;
    scale = uniform;
    usedHeight = (bh + 2 * maxR) * uniform;
  }
  const cx = (plot.x0 + plot.x1) / 2;
  const cy = (plot.y0 + plot.y1) / 2;
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;
  return {
    drawn: nodes.map((node) => ({ node, x: cx + (node.x - midX) * spread, y: cy - (node.y - midY) * spread, r: node.size * scale })),
    scale,
    usedHeight,
  };
}

function legend(
  layout: ActorLayout,
  focal: LayoutNode | undefined,
  at: { x: number; y: number; width: number },
): { lines: string[]; bottom: number } {
  const out: string[] = [`<g class="legend" font-size="13" fill="${INK}">`];
  let y = at.y + 4;
  const line = (text: string, x: number, extra = ''): void => {
    out.push(`<text x="${num(x)}" y="${num(y + 11)}"${extra}>${escapeXml(fitText(text, at.x + at.width - x, 13))}</text>`);
  };
  line(layout.settings.colorBy === 'community' ? 'Colour: community' : 'Colour: actor kind', at.x, ' font-weight="bold"');
  y += 24;
  for (const group of layoutColourGroups(layout)) {
    out.push(`<rect x="${num(at.x)}" y="${num(y)}" width="14" height="14" rx="3" fill="${escapeXml(group.color)}"/>`);
    line(groupLabel(group, layout, at.width - 22), at.x + 22);
    y += 22;
  }
  y += 10;
  line('Markers', at.x, ' font-weight="bold"');
  y += 24;
  if (focal !== undefined) {
    out.push(`<rect x="${num(at.x)}" y="${num(y)}" width="14" height="14" rx="7" fill="#dddddd" stroke="${INK}" stroke-width="2"/>`);
    out.push(star(at.x + 7, y + 7, 5, 1));
    line(`Focal firm: ${focal.name}`, at.x + 22);
    y += 22;
    if (layout.nodes.some((n) => n.partner)) {
      out.push(`<rect x="${num(at.x)}" y="${num(y)}" width="14" height="14" rx="7" fill="#dddddd" stroke="#ffffff" stroke-width="1"/>`);
      out.push(diamond(at.x + 7, y + 7, 5, 1));
      line(`Partner of ${focal.name}`, at.x + 22);
      y += 22;
    }
  }
  out.push(
    `<line x1="${num(at.x)}" y1="${num(y + 7)}" x2="${num(at.x + 14)}" y2="${num(y + 7)}" stroke="${PARTNERSHIP_EDGE}" stroke-width="2" stroke-dasharray="4 3"/>`,
  );
  line('Partnership', at.x + 22);
  y += 22;
  out.push(`<line x1="${num(at.x)}" y1="${num(y + 7)}" x2="${num(at.x + 14)}" y2="${num(y + 7)}" stroke="${EDGE}" stroke-width="4"/>`);
  line('Line width: hand-overs', at.x + 22);
  y += 22;
  line('Circle size: ' + shortSize(layout.settings.sizeBy), at.x);
  out.push('</g>');
  return { lines: out, bottom: y + 22 };
}

/**
 * A legend line for a colour group: a kind's name; for a community its two biggest members and
 * "+k" for the rest, or only the biggest when two do not fit the width.
 */
function groupLabel(group: ColourGroup, layout: ActorLayout, width: number): string {
  if (group.key === 'other' || layout.settings.colorBy === 'kind') return group.label;
  const members = layout.nodes.filter((n) => group.members.includes(n.id));
  const biggest = members
    .map((n, i) => ({ n, i }))
    .sort((a, b) => b.n.size - a.n.size || a.i - b.i)
    .map((e) => e.n.name);
  const more = (shown: number): string => (members.length > shown ? ` +${members.length - shown}` : '');
  const two = biggest.slice(0, 2).join(', ') + more(2);
  return textWidth(two, 13) <= width ? two : biggest[0] + more(1);
}

function shortSize(sizeBy: ActorLayout['settings']['sizeBy']): string {
  return sizeBy === 'weightedDegree' ? 'weighted degree' : SIZE_WORDS[sizeBy];
}

/** A five-pointed white star with a dark outline, centred on (x, y). */
function star(x: number, y: number, outer: number, scale: number): string {
  const inner = outer * 0.45;
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push(`${num(x + r * Math.cos(a))},${num(y + r * Math.sin(a))}`);
  }
  return `<polygon class="focal-marker" points="${points.join(' ')}" fill="#ffffff" stroke="${INK}" stroke-width="${num(Math.max(0.5, 1.2 * scale))}" stroke-linejoin="round"/>`;
}

/** A white diamond with a dark outline, centred on (x, y): the partner marker. */
function diamond(x: number, y: number, half: number, scale: number): string {
  const points = [`${num(x)},${num(y - half)}`, `${num(x + half * 0.8)},${num(y)}`, `${num(x)},${num(y + half)}`, `${num(x - half * 0.8)},${num(y)}`];
  return `<polygon class="partner-marker" points="${points.join(' ')}" fill="#ffffff" stroke="${INK}" stroke-width="${num(Math.max(0.5, 1.2 * scale))}" stroke-linejoin="round"/>`;
}

function tooltip(n: LayoutNode, layout: ActorLayout): string {
  const parts = [
    `${n.name} (${kindLabel(n.kind)}${n.focal ? ', focal firm' : ''}${n.partner ? ', partner' : ''})`,
    layout.settings.colorBy === 'community' ? `community ${n.community}` : '',
    `ties ${n.degree}, weighted ${n.weightedDegree}`,
    `betweenness ${n.betweenness}`,
    `PageRank ${n.pagerank}`,
    `journeys ${n.journeys}`,
    `hand-overs ${n.handovers}`,
  ];
  return parts.filter((p) => p !== '').join(' · ');
}

function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** The text, shortened with an ellipsis until its estimated width fits. */
function fitText(text: string, width: number, fontSize: number, bold = false): string {
  let chars = [...text];
  if (textWidth(text, fontSize, bold) <= width) return text;
  while (chars.length > 1 && textWidth(`${chars.join('')}…`, fontSize, bold) > width) chars = chars.slice(0, -1);
  return `${chars.join('').trimEnd()}…`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
