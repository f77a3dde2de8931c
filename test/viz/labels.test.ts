import { describe, expect, it } from 'vitest';
import { boxesOverlap, boxTouchesDisc, placeLabels, segmentCrossesBox, textBox, textWidth, type Disc } from '../../src/viz/labels.js';

const AREA = { x0: 0, y0: 0, x1: 1000, y1: 1000 };

describe('textWidth', () => {
  it('grows with the text and the font size, wide letters wider than narrow ones', () => {
    expect(textWidth('Nordbank', 13)).toBeGreaterThan(textWidth('Nord', 13));
    expect(textWidth('Nordbank', 26)).toBeCloseTo(2 * textWidth('Nordbank', 13));
    expect(textWidth('mmmm', 13)).toBeGreaterThan(textWidth('iiii', 13));
    expect(textWidth('Nordbank', 13, true)).toBeGreaterThan(textWidth('Nordbank', 13));
  });
});

describe('segmentCrossesBox', () => {
  const box = { x0: 10, y0: 10, x1: 20, y1: 20 };
  it.each([
    [{ x1: 0, y1: 15, x2: 30, y2: 15 }, true], // straight through
    [{ x1: 12, y1: 12, x2: 14, y2: 14 }, true], // inside
    [{ x1: 0, y1: 0, x2: 5, y2: 30 }, false], // passes left of it
    [{ x1: 0, y1: 25, x2: 25, y2: 30 }, false], // passes below
    [{ x1: 0, y1: 30, x2: 30, y2: 0 }, true], // diagonal through the middle
  ])('%j → %s', (segment, crosses) => {
    expect(segmentCrossesBox(segment, box)).toBe(crosses);
  });
});

describe('placeLabels', () => {
  it('places labels of crowded nodes without any two boxes overlapping, nor any box on a disc', () => {
    // A tight grid of 49 nodes, 30 px apart: not every label can fit.
    const discs: Disc[] = [];
    for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) discs.push({ x: 300 + 30 * i, y: 300 + 30 * j, r: 6 });
    const requests = discs.map((d, i) => ({ id: `n${i}`, text: `Actor number ${i}`, node: d, fontSize: 13 }));
    const { placed, skipped } = placeLabels(requests, discs, AREA);
    expect(placed.length + skipped.length).toBe(49);
    expect(placed.length).toBeGreaterThan(5);
    expect(skipped.length).toBeGreaterThan(0);
    for (let a = 0; a < placed.length; a++) {
      for (let b = a + 1; b < placed.length; b++) expect(boxesOverlap(placed[a].box, placed[b].box)).toBe(false);
      for (const d of discs) expect(boxTouchesDisc(placed[a].box, d)).toBe(false);
      // The stored box is the one the text at (x, y, anchor) occupies.
      const l = placed[a];
      expect(textBox(l.x, l.y, textWidth(l.text, l.fontSize, l.bold), l.fontSize, l.anchor)).toEqual(l.box);
    }
  });

  it('puts a lone label to the right of its node, and on the left at the right edge of the area', () => {
    const right = { x: 500, y: 500, r: 10 };
    const edge = { x: 990, y: 500, r: 5 };
    const { placed } = placeLabels(
      [
        { id: 'a', text: 'Alpha', node: right, fontSize: 12 },
        { id: 'b', text: 'Beta', node: edge, fontSize: 12 },
      ],
      [right, edge],
      AREA,
    );
    expect(placed.map((l) => [l.id, l.anchor])).toEqual([
      ['a', 'start'],
      ['b', 'end'],
    ]);
    expect(placed[0].x).toBe(513);
  });

  it('prefers a spot that no edge crosses', () => {
    const node = { x: 500, y: 500, r: 10 };
    // An edge leaving the node to the right, where the label would go first.
    const { placed } = placeLabels([{ id: 'a', text: 'Alpha', node, fontSize: 12 }], [node], AREA, [{ x1: 500, y1: 500, x2: 900, y2: 500 }]);
    expect(placed[0].anchor).toBe('end');
  });

  it('skips a label that fits nowhere', () => {
    const node = { x: 5, y: 5, r: 4 };
    const { placed, skipped } = placeLabels([{ id: 'a', text: 'A very long name indeed', node, fontSize: 12 }], [node], { x0: 0, y0: 0, x1: 60, y1: 60 });
    expect(placed).toEqual([]);
    expect(skipped).toEqual(['a']);
  });
});
