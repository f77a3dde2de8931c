/** The web pages' rules that need no browser: search, filters, highlights, label plan, operation names. */
import { describe, expect, it } from 'vitest';
import { findActor, gapsByActor, humanise, isVisible, kindsOf, neighbourhood, opportunityRanks, phasesOf } from '../../web/src/network/view-state.js';
import { planLabels, type PlanNode } from '../../web/src/network/label-plan.js';
import { operationNameFor } from '../../web/src/shared/operation-name.js';
import { boxesOverlap, boxTouchesDisc } from '../../src/viz/labels.js';
import type { ObservedGap } from '../../web/src/network/query.js';
import type { ActorKind } from '../../src/model/vocabulary.js';

const actors: { id: string; name: string; kind: ActorKind; phases: string[] }[] = [
  { id: 'nordbank', name: 'Nordbank', kind: 'BANK', phases: ['EVALUATION', 'PURCHASE'] },
  { id: 'kustbanken', name: 'Kustbanken', kind: 'BANK', phases: ['EVALUATION'] },
  { id: 'housing-association', name: 'Solgläntan Housing Association', kind: 'OTHER', phases: ['USE'] },
  { id: 'land-registry', name: 'Land Registry (Lantmäteriet)', kind: 'AUTHORITY', phases: ['POST_PURCHASE'] },
  { id: 'family-friends', name: 'Family and friends', kind: 'PEER', phases: [] },
];

describe('findActor', () => {
  it('prefers the exact id, then the exact name, then a name prefix, a word prefix, a substring', () => {
    expect(findActor(actors, 'nordbank')?.id).toBe('nordbank');
    expect(findActor(actors, '  NORDBANK ')?.id).toBe('nordbank');
    expect(findActor(actors, 'kust')?.id).toBe('kustbanken');
    expect(findActor(actors, 'housing')?.id).toBe('housing-association');
    expect(findActor(actors, 'lantmateriet')?.id).toBe('land-registry');
    expect(findActor(actors, 'solglantan')?.id).toBe('housing-association');
    expect(findActor(actors, 'bank')?.id).toBe('nordbank');
    expect(findActor(actors, 'registry')?.id).toBe('land-registry');
  });

  it('finds nothing for an empty or unknown text', () => {
    expect(findActor(actors, '   ')).toBeUndefined();
    expect(findActor(actors, 'zebra')).toBeUndefined();
  });
});

describe('filters', () => {
  const allPhases = phasesOf(actors);
  it('lists phases in journey order and kinds by count', () => {
    expect(allPhases).toEqual(['EVALUATION', 'PURCHASE', 'USE', 'POST_PURCHASE']);
    expect(kindsOf(actors)).toEqual([
      { kind: 'BANK', count: 2 },
      { kind: 'AUTHORITY', count: 1 },
      { kind: 'OTHER', count: 1 },
      { kind: 'PEER', count: 1 },
    ]);
    expect(humanise('POST_PURCHASE')).toBe('Post purchase');
  });

  it('shows an actor whose kind is checked and which serves a checked phase', () => {
    const kinds = new Set(['BANK', 'OTHER', 'PEER', 'AUTHORITY']);
    const all = { kinds, phases: new Set(allPhases), allPhases };
    expect(actors.filter((a) => isVisible(a, all)).map((a) => a.id)).toEqual(actors.map((a) => a.id));
    const noBanks = { ...all, kinds: new Set(['OTHER', 'PEER', 'AUTHORITY']) };
    expect(actors.filter((a) => isVisible(a, noBanks)).map((a) => a.id)).toEqual(['housing-association', 'land-registry', 'family-friends']);
    // Narrowing the phases hides the actors serving no phase at all.
    const purchase = { ...all, phases: new Set(['PURCHASE']) };
    expect(actors.filter((a) => isVisible(a, purchase)).map((a) => a.id)).toEqual(['nordbank']);
  });
});

describe('highlights', () => {
  const gap = (id: string, actorIds: string[]): ObservedGap => ({ id, name: id, score: 1, reason: '', phase: null, reached: 10, affected: 5, actorIds });
  it('marks the actors of the top gaps and ranks the top opportunities', () => {
    const gaps = [gap('a', ['nordbank']), gap('b', ['land-registry', 'nordbank']), gap('c', ['kustbanken'])];
    const byActor = gapsByActor(gaps, 2);
    expect([...byActor.keys()].sort()).toEqual(['land-registry', 'nordbank']);
    expect(byActor.get('nordbank')!.map((g) => g.id)).toEqual(['a', 'b']);
    const ranks = opportunityRanks(
      ['x', 'y', 'z'].map((id, i) => ({ id, name: id, score: 3 - i, reason: '' })),
      2,
    );
    expect([...ranks]).toEqual([
      ['x', 1],
      ['y', 2],
    ]);
  });

  it('takes an actor with its neighbours as the focus', () => {
    const edges = [
      { source: 'a', target: 'b' },
      { source: 'c', target: 'a' },
      { source: 'c', target: 'd' },
    ];
    expect([...neighbourhood('a', edges)].sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('planLabels', () => {
  const node = (id: string, x: number, y: number, extra: Partial<PlanNode> = {}): PlanNode => ({
    id,
    label: `Actor ${id}`,
    x,
    y,
    r: 10,
    priority: 0,
    fontSize: 13,
    bold: false,
    mustShow: false,
    ...extra,
  });

  it('places labels clear of each other and of every disc, inside the area', () => {
    const nodes = [node('a', 100, 100), node('b', 160, 100), node('c', 130, 140), node('d', 300, 300)];
    const area = { x0: 0, y0: 0, x1: 500, y1: 400 };
    const plan = planLabels(nodes, [], area);
    const boxes = [...plan.values()].map((p) => p.box);
    expect(plan.size).toBeGreaterThanOrEqual(3);
    for (const [i, a] of boxes.entries()) {
      expect(a.x0).toBeGreaterThanOrEqual(area.x0);
      expect(a.x1).toBeLessThanOrEqual(area.x1);
      for (const b of boxes.slice(i + 1)) expect(boxesOverlap(a, b)).toBe(false);
      for (const n of nodes) expect(boxTouchesDisc(a, n)).toBe(false);
    }
  });

  it('keeps a label for an actor that must show one, and none for an actor without a label', () => {
    // Two discs on one spot: only one label fits, but the focal one is kept all the same.
    const nodes = [node('big', 50, 50, { r: 40 }), node('focal', 50, 50, { r: 40, mustShow: true, priority: -1 }), node('quiet', 400, 50, { label: null })];
    const plan = planLabels(nodes, [], { x0: 0, y0: 0, x1: 130, y1: 100 });
    expect(plan.has('focal')).toBe(true);
    expect(plan.has('quiet')).toBe(false);
  });
});

describe('operationNameFor', () => {
  it('keeps a name the document defines, else takes the only operation, else none', () => {
    const two = 'query A { a } query B { b }';
    expect(operationNameFor(two, 'B')).toBe('B');
    expect(operationNameFor(two, 'Gone')).toBeUndefined();
    expect(operationNameFor('query Gaps { gaps }', 'BrowseModel')).toBe('Gaps');
    expect(operationNameFor('{ models { id } }', 'Old')).toBeUndefined();
    expect(operationNameFor('query Broken {', 'Broken')).toBe('Broken');
  });
});
