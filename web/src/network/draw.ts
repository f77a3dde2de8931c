/**
 * Canvas drawing on top of sigma's WebGL discs: the markers (focal firm, partners, highlighted
 * partner opportunities and gap actors, the selection) and readable labels with a white halo.
 * Sigma calls the viewer's label drawer for every actor it labels (the viewer forces labels on
 * all of them, so markers never go missing; label-plan.ts says where the text goes) and
 * `drawHover` for the hovered actor.
 *
 * Markers, from the disc outwards:
 * - focal firm: white ★ in the disc and a dark ring;
 * - partner of the focal firm: white ◆ in the disc;
 * - actor at a top gap: red ring;
 * - top partner opportunity: amber dashed ring and a badge with its rank;
 * - selected actor: a wide violet halo.
 */
import type { Settings } from 'sigma/settings';
import type { NodeDisplayData, PartialButFor } from 'sigma/types';

export const COLORS = {
  ink: '#1d2433',
  muted: '#8a91a0',
  focal: '#1d2433',
  gap: '#c62828',
  opportunity: '#e08a00',
  selected: '#5b3cc4',
  halo: 'rgba(255, 255, 255, 0.92)',
} as const;

/** What the viewer's node reducer adds to sigma's display data. */
export interface Marks {
  focal?: boolean;
  partner?: boolean;
  /** Rank of a highlighted partner opportunity (1 = best). */
  opportunityRank?: number;
  atGap?: boolean;
  selected?: boolean;
  dimmed?: boolean;
}

export type LabelData = PartialButFor<NodeDisplayData, 'x' | 'y' | 'size' | 'label' | 'color'> & Marks;

function ring(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, color: string, width: number, dash: number[] = []): void {
  ctx.save();
  ctx.beginPath();
  ctx.setLineDash(dash);
  ctx.lineWidth = width;
  ctx.strokeStyle = color;
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.stroke();
  ctx.restore();
}

function glyph(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, text: string, font: string): void {
  const size = Math.max(8, Math.min(r * 1.15, 22));
  ctx.save();
  ctx.font = `${size}px ${font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#ffffff';
  ctx.fillText(text, x, y + size * 0.04);
  ctx.restore();
}

/** The outermost marker radius (labels and badges sit beyond it), for a disc of `data.size` pixels. */
export function outerRadius(data: Pick<LabelData, 'size'> & Marks): number {
  let r = data.size;
  if (data.dimmed) return r;
  if (data.focal) r += 3.5;
  if (data.atGap) r += 4;
  if (data.opportunityRank !== undefined) r += 4;
  if (data.selected) r += 6;
  return r;
}

/** Draws the markers of one actor (see the module comment). */
export function drawMarks(ctx: CanvasRenderingContext2D, data: LabelData, font: string): void {
  const { x, y } = data;
  let r = data.size;
  if (data.dimmed) return;
  if (data.focal) {
    glyph(ctx, x, y, r, '★', font);
    r += 3.5;
    ring(ctx, x, y, r, COLORS.focal, 3);
  } else if (data.partner) {
    glyph(ctx, x, y, r * 0.8, '◆', font);
  }
  if (data.atGap) {
    r += 4;
    ring(ctx, x, y, r, COLORS.gap, 3);
  }
  if (data.opportunityRank !== undefined) {
    r += 4;
    ring(ctx, x, y, r, COLORS.opportunity, 3, [5, 3]);
    const bx = x + r * Math.SQRT1_2;
    const by = y - r * Math.SQRT1_2;
    ctx.save();
    ctx.beginPath();
    ctx.fillStyle = COLORS.opportunity;
    ctx.arc(bx, by, 8, 0, Math.PI * 2);
    ctx.fill();
    ctx.font = `bold 10px ${font}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#ffffff';
    ctx.fillText(String(data.opportunityRank), bx, by + 0.5);
    ctx.restore();
  }
  if (data.selected) {
    r += 6;
    ring(ctx, x, y, r, 'rgba(91, 60, 196, 0.35)', 8);
    ring(ctx, x, y, r - 3, COLORS.selected, 2);
  }
}

export function labelFont(data: Marks, settings: Settings): string {
  const weight = data.focal || data.selected ? '700' : settings.labelWeight;
  return `${weight} ${settings.labelSize}px ${settings.labelFont}`;
}

/** A label at a planned spot (x at the anchor, y the baseline), with a white halo so it reads over edges. */
export function drawLabelAt(
  ctx: CanvasRenderingContext2D,
  text: string,
  spot: { x: number; y: number; anchor: 'start' | 'middle' | 'end' },
  data: Marks,
  settings: Settings,
): void {
  ctx.save();
  ctx.font = labelFont(data, settings);
  ctx.textAlign = spot.anchor === 'start' ? 'left' : spot.anchor === 'end' ? 'right' : 'center';
  ctx.lineJoin = 'round';
  ctx.lineWidth = 4;
  ctx.strokeStyle = COLORS.halo;
  ctx.strokeText(text, spot.x, spot.y);
  ctx.fillStyle = data.dimmed ? COLORS.muted : COLORS.ink;
  ctx.fillText(text, spot.x, spot.y);
  ctx.restore();
}

/** The hovered actor: its label in a white card with a soft shadow, markers kept. */
export function drawHover(ctx: CanvasRenderingContext2D, data: LabelData, settings: Settings): void {
  const label = data.label ?? '';
  ctx.save();
  ctx.font = labelFont({ ...data, selected: true }, settings);
  const width = ctx.measureText(label).width;
  const r = outerRadius(data);
  const h = settings.labelSize + 10;
  const left = data.x - r - 4;
  const top = data.y - Math.max(r + 4, h / 2);
  const boxHeight = Math.max(2 * (r + 4), h);
  ctx.shadowColor = 'rgba(29, 36, 51, 0.25)';
  ctx.shadowBlur = 10;
  ctx.fillStyle = '#ffffff';
  ctx.beginPath();
  ctx.roundRect(left, top, 2 * (r + 4) + width + 10, boxHeight, Math.min(boxHeight / 2, 14));
  ctx.fill();
  ctx.restore();
  drawMarks(ctx, { ...data, dimmed: false }, settings.labelFont);
  if (label === '') return;
  ctx.save();
  ctx.font = labelFont({ ...data, selected: true }, settings);
  ctx.fillStyle = COLORS.ink;
  ctx.fillText(label, data.x + r + 5, data.y + settings.labelSize / 3);
  ctx.restore();
}
