import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UndirectedGraph } from 'graphology';
import type { AbstractGraph } from 'graphology-types';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoalNetwork } from '../../src/graph/goal-network.js';
import { readModelFile } from '../../src/ingest/model-file.js';
import { loadJourneyStats } from '../../src/library.js';
import { GoalnetError } from '../../src/model/errors.js';
import { findRsvgConvert, layoutFormatOf, svgToPng, toGexf, toGraphml, toSigmaJson, toSvg, writeLayout } from '../../src/viz/export/index.js';
import { boxesOverlap, boxTouchesDisc, textBox, textWidth, type Box, type TextAnchor } from '../../src/viz/labels.js';
import { layoutActorNetwork, layoutFromGraph } from '../../src/viz/layout.js';
import { syntheticActorNetwork } from '../../src/viz/synthetic.js';
import type { ActorLayout, LayoutNode } from '../../src/viz/types.js';
import { clusterDocument, clusterStats, homeDocument, homeStats } from '../helpers/home-model.js';
import { activity, actor, goal, modelDocument, partnership } from '../helpers/model-builder.js';
import { findAll, parseXml, type XmlElement } from './xml-check.js';

const HOME_MODEL = 'seeds/models/home-purchase.json';
const HOME_EVENTS = 'seeds/events/home-purchase.csv';

const home = layoutActorNetwork(new GoalNetwork(homeDocument()), homeStats());
const cluster = layoutActorNetwork(new GoalNetwork(clusterDocument()), clusterStats());

/** A model whose names need escaping everywhere. */
const NASTY = `Smith & <Sons> "Ltd" 'Co'\u0007`;
const nasty = layoutActorNetwork(
  new GoalNetwork(
    modelDocument({
      id: 'nasty&<model>',
      name: 'Names <with> & "quotes"',
      goals: [goal('g')],
      actors: [actor('a&b', 'FIRM', { name: NASTY, focal: true }), actor('c<d', 'BANK', { name: 'Ünïcødé 🏠 Bank' })],
      activities: [activity('act', 'g', 'PURCHASE', { actors: ['a&b', 'c<d'] })],
      partnerships: [partnership('a&b', 'c<d')],
    }),
  ),
);

function hex(colour: string): string {
  const m = /^rgb\((\d+),(\d+),(\d+)\)$/.exec(colour);
  if (m === null) return colour.toLowerCase();
  return `#${[m[1], m[2], m[3]].map((c) => Number(c).toString(16).padStart(2, '0')).join('')}`;
}

function edgeKeys(graph: AbstractGraph): string[] {
  return graph.mapEdges((_e, _a, s, t) => (s < t ? `${s}|${t}` : `${t}|${s}`)).sort();
}

function layoutEdgeKeys(layout: ActorLayout): string[] {
  return layout.edges.map((e) => `${e.source}|${e.target}`).sort();
}

describe('toGexf', () => {
  it('parses back with graphology-gexf: same nodes, edges, positions, sizes, colours and data', () => {
    const graph = parseGexf(UndirectedGraph, toGexf(cluster));
    expect(graph.nodes()).toEqual(cluster.nodes.map((n) => n.id));
    expect(edgeKeys(graph)).toEqual(layoutEdgeKeys(cluster));
    for (const n of cluster.nodes) {
      const a = graph.getNodeAttributes(n.id);
      expect(a.x).toBeCloseTo(n.x, 4);
      expect(a.y).toBeCloseTo(n.y, 4);
      expect(a.size).toBeCloseTo(n.size, 4);
      expect(hex(a.color)).toBe(n.color);
      expect(a.label).toBe(n.name);
      expect(a).toMatchObject({ kind: n.kind, community: n.community, degree: n.degree, focal: n.focal, partner: n.partner });
      expect(a.weightedDegree).toBe(n.weightedDegree);
    }
    expect(graph.getNodeAttribute('a1', 'goals')).toEqual(['ga', 'gxa']);
    expect(graph.getNodeAttribute('loner', 'goals')).toBeUndefined();
    const a1a2 = graph.edge('a1', 'a2')!;
    expect(graph.getEdgeAttributes(a1a2)).toMatchObject({ weight: 6, handovers: 5, thickness: 6 });
  });

  it('declares the GEXF 1.2 viz namespace correctly, so Gephi reads positions, sizes and colours', () => {
    const root = parseXml(toGexf(home));
    expect(root.name).toBe('gexf');
    expect(root.attributes['xmlns:viz']).toBe('http://www.gexf.net/1.2draft/viz');
    expect(findAll(root, 'viz:position')).toHaveLength(home.nodes.length);
    expect(findAll(root, 'viz:size')).toHaveLength(home.nodes.length);
    expect(findAll(root, 'viz:color')).toHaveLength(home.nodes.length);
  });

  it('escapes names and drops characters XML forbids', () => {
    const xml = toGexf(nasty);
    parseXml(xml);
    const graph = parseGexf(UndirectedGraph, xml);
    expect(graph.getNodeAttribute('a&b', 'label')).toBe(`Smith & <Sons> "Ltd" 'Co'`);
    expect(graph.getNodeAttribute('c<d', 'label')).toBe('Ünïcødé 🏠 Bank');
  });
});

describe('toGraphml', () => {
  it('parses back with graphology-graphml: same nodes, edges, positions, sizes, colours and data', () => {
    const xml = toGraphml(cluster);
    parseXml(xml);
    const graph = parseGraphml(UndirectedGraph, xml);
    expect(graph.type).toBe('undirected');
    expect(graph.nodes()).toEqual(cluster.nodes.map((n) => n.id));
    expect(edgeKeys(graph)).toEqual(layoutEdgeKeys(cluster));
    for (const n of cluster.nodes) {
      const a = graph.getNodeAttributes(n.id);
      expect(a).toMatchObject({ label: n.name, x: n.x, y: n.y, size: n.size, color: n.color, kind: n.kind, focal: n.focal });
      expect(a).toMatchObject({ community: n.community, betweenness: n.betweenness, pagerank: n.pagerank, journeys: n.journeys });
      expect(a.goals).toBe(n.goals.join(' '));
    }
    expect(graph.getEdgeAttributes(graph.edge('a1', 'a2')!)).toMatchObject({ weight: 6, size: 6, handovers: 5, partnership: false });
  });

  it('escapes names', () => {
    const xml = toGraphml(nasty);
    parseXml(xml); // strict: graphology-graphml's own parser forgives a bare &
    const graph = parseGraphml(UndirectedGraph, xml);
    expect(graph.getNodeAttribute('a&b', 'label')).toBe(`Smith & <Sons> "Ltd" 'Co'`);
    expect(graph.getAttribute('id')).toBe('nasty&<model>');
  });
});

describe('toSigmaJson', () => {
  it('is a serialised graphology graph with the attributes sigma.js draws', () => {
    const json = JSON.parse(JSON.stringify(toSigmaJson(home)));
    const graph = UndirectedGraph.from(json);
    expect(graph.order).toBe(home.nodes.length);
    expect(graph.size).toBe(home.edges.length);
    for (const n of home.nodes) {
      const a = graph.getNodeAttributes(n.id);
      expect(a).toMatchObject({ x: n.x, y: n.y, size: n.size, color: n.color, label: n.name, forceLabel: n.focal });
      expect(a).not.toHaveProperty('type'); // sigma reads `type` as a drawing program
    }
    graph.forEachEdge((_e, a) => {
      expect(typeof a.size).toBe('number');
      expect(a.color).toMatch(/^#[0-9a-f]{6}$/);
      expect(a).not.toHaveProperty('type');
    });
    expect(graph.getAttributes()).toMatchObject({ modelId: 'home-purchase', name: 'Buying a new home', seed: 42 });
  });
});

interface SvgLabel {
  id: string;
  text: string;
  box: Box;
}

function svgLabels(root: XmlElement): SvgLabel[] {
  return findAll(root, 'text')
    .filter((t) => t.attributes.class === 'label')
    .map((t) => {
      const size = Number(t.attributes['font-size']);
      const bold = t.attributes['font-weight'] === 'bold';
      const width = textWidth(t.text, size, bold);
      return {
        id: t.attributes['data-for'],
        text: t.text,
        box: textBox(Number(t.attributes.x), Number(t.attributes.y), width, size, t.attributes['text-anchor'] as TextAnchor),
      };
    });
}

function checkSvg(layout: ActorLayout, svg: string): { root: XmlElement; labels: SvgLabel[] } {
  const root = parseXml(svg);
  expect(root.name).toBe('svg');
  const circles = findAll(root, 'circle');
  expect(circles.map((c) => c.attributes['data-id']).sort()).toEqual(layout.nodes.map((n) => n.id).sort());
  const labels = svgLabels(root);
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      expect(boxesOverlap(labels[i].box, labels[j].box), `${labels[i].text} / ${labels[j].text}`).toBe(false);
    }
    for (const c of circles) {
      const disc = { x: Number(c.attributes.cx), y: Number(c.attributes.cy), r: Number(c.attributes.r) };
      expect(boxTouchesDisc(labels[i].box, disc), `${labels[i].text} on ${c.attributes['data-id']}`).toBe(false);
    }
  }
  return { root, labels };
}

describe('toSvg', () => {
  it('is well-formed XML with a title, edges under nodes, one circle per node and non-overlapping labels', () => {
    const svg = toSvg(home);
    const { root, labels } = checkSvg(home, svg);
    expect(findAll(root, 'title')[0].text).toBe('Actor network: Buying a new home');
    const groups = root.children.filter((c) => c.name === 'g').map((g) => g.attributes.class);
    expect(groups).toEqual(['edges', 'nodes', 'labels', 'legend']);
    expect(findAll(root.children.find((g) => g.attributes.class === 'edges')!, 'line')).toHaveLength(home.edges.length);
    // Six actors fit easily: every one is labelled, the focal firm in bold.
    expect(labels.map((l) => l.id).sort()).toEqual(home.nodes.map((n) => n.id).sort());
    expect(labels.find((l) => l.id === 'nordbank')!.text).toBe('Nordbank');
  });

  it('draws discs that do not overlap, as in the layout', () => {
    const root = parseXml(toSvg(cluster));
    const discs = findAll(root, 'circle').map((c) => ({ x: Number(c.attributes.cx), y: Number(c.attributes.cy), r: Number(c.attributes.r) }));
    for (let i = 0; i < discs.length; i++) {
      for (let j = i + 1; j < discs.length; j++) {
        expect(Math.hypot(discs[i].x - discs[j].x, discs[i].y - discs[j].y)).toBeGreaterThanOrEqual(discs[i].r + discs[j].r);
      }
    }
  });

  it('has a legend of the colours and marks the focal firm and its partners', () => {
    const root = parseXml(toSvg(home));
    const legend = root.children.find((g) => g.attributes.class === 'legend')!;
    const texts = findAll(legend, 'text').map((t) => t.text);
    expect(texts[0]).toBe('Colour: community');
    const swatches = findAll(legend, 'rect').filter((r) => r.attributes.rx === '3');
    expect(new Set(swatches.map((s) => s.attributes.fill))).toEqual(new Set(home.nodes.map((n) => n.color)));
    expect(texts).toContain('Focal firm: Nordbank');
    expect(texts).toContain('Partner of Nordbank');
    const markers = findAll(root, 'polygon').filter((p) => p.attributes.class === 'focal-marker');
    expect(markers).toHaveLength(2); // on the node and in the legend
    expect(findAll(root, 'polygon').filter((p) => p.attributes.class === 'partner-marker')).toHaveLength(2); // Trygg + legend
  });

  it('names actor kinds in the legend when coloured by kind', () => {
    const byKind = layoutActorNetwork(new GoalNetwork(homeDocument()), homeStats(), { colorBy: 'kind' });
    const texts = findAll(parseXml(toSvg(byKind)), 'text').map((t) => t.text);
    expect(texts).toContain('Colour: actor kind');
    expect(texts).toEqual(expect.arrayContaining(['Bank', 'Broker', 'Insurer', 'Mover', 'Peer', 'Authority']));
  });

  it('escapes names and uses the given title', () => {
    const svg = toSvg(nasty, { title: 'A & B <test>' });
    const { root, labels } = checkSvg(nasty, svg);
    expect(findAll(root, 'title')[0].text).toBe('A & B <test>');
    expect(labels.map((l) => l.text).sort()).toEqual([`Smith & <Sons> "Ltd" 'Co'`, 'Ünïcødé 🏠 Bank']);
  });

  it('checks its options', () => {
    expect(() => toSvg(home, { width: 100 })).toThrow('width: must be at least 640 pixels (got 100)');
    expect(() => toSvg(home, { height: 10, fontSize: 2 })).toThrow(/height: must be at least 360 pixels[\s\S]*fontSize: must be from 6 to 48/);
    const small = parseXml(toSvg(home, { width: 700, height: 400, legend: false }));
    expect(small.attributes).toMatchObject({ width: '700', height: '400' });
    expect(small.children.some((g) => g.attributes.class === 'legend')).toBe(false);
  });

  it('labels at most maxLabels actors, the focal firm first', () => {
    const { labels } = checkSvg(home, toSvg(home, { maxLabels: 2 }));
    expect(labels.map((l) => l.id)).toEqual(['nordbank', 'insurer']); // focal, then its partner
  });

  it('stays well-formed with non-overlapping labels on a crowded network of 300 actors', () => {
    const graph = syntheticActorNetwork({ nodes: 300, seed: 9 });
    const placed = layoutFromGraph(graph, { iterations: 100 });
    const nodes: LayoutNode[] = placed.nodes.map((id, i) => ({
      id,
      name: `Actor ${i}`,
      kind: 'OTHER',
      focal: i === 0,
      partner: false,
      x: placed.x[i],
      y: placed.y[i],
      size: placed.radius[i],
      color: '#88ccee',
      community: graph.getNodeAttribute(id, 'community'),
      degree: graph.degree(id),
      weightedDegree: 0,
      betweenness: 0,
      pagerank: 0,
      goals: [],
      phases: [],
      journeys: 0,
      handovers: 0,
    }));
    const layout: ActorLayout = {
      modelId: 'synthetic',
      nodes,
      edges: graph.mapEdges((_e, a, s, t) => ({ source: s, target: t, weight: a.weight, sharedGoals: 0, handovers: 0, partnership: false, size: 1 })),
      communities: 9,
      settings: { iterations: 100, seed: 42, barnesHut: false, sizeBy: 'weightedDegree', colorBy: 'community' },
    };
    const { labels } = checkSvg(layout, toSvg(layout, { maxLabels: 300 }));
    expect(labels.length).toBeGreaterThan(10);
    expect(labels.length).toBeLessThan(300);
  });
});

describe('writeLayout', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'goalnet-viz-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('chooses the format by the extension', async () => {
    for (const [file, first] of [
      ['net.gexf', '<?xml'],
      ['net.GraphML', '<?xml'],
      ['net.json', '{'],
      ['net.svg', '<svg'],
    ] as const) {
      await writeLayout(home, path.join(dir, file));
      expect((await readFile(path.join(dir, file), 'utf8')).startsWith(first), file).toBe(true);
    }
    expect(parseGexf(UndirectedGraph, await readFile(path.join(dir, 'net.gexf'), 'utf8')).order).toBe(home.nodes.length);
    expect(JSON.parse(await readFile(path.join(dir, 'net.json'), 'utf8'))).toEqual(toSigmaJson(home));
  });

  it('refuses an unknown extension, saying which ones it knows', async () => {
    const error = await writeLayout(home, path.join(dir, 'net.pdf')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoalnetError);
    expect((error as GoalnetError).code).toBe('BAD_INPUT');
    expect((error as GoalnetError).message).toContain('unknown extension ".pdf"');
    expect((error as GoalnetError).message).toContain('.gexf, .graphml, .json, .svg, .png');
    expect(() => layoutFormatOf('net')).toThrow('no extension');
  });

  it('says what to install when rsvg-convert is missing', async () => {
    const error = await svgToPng(toSvg(home), path.join(dir, 'x.png'), { rsvgConvert: undefined }).catch((e: unknown) => e);
    if (findRsvgConvert() === undefined) {
      expect((error as GoalnetError).message).toContain('librsvg2-bin');
    }
    expect(findRsvgConvert('/nonexistent-dir')).toBeUndefined();
  });

  it.runIf(findRsvgConvert() !== undefined)('renders a PNG with rsvg-convert', async () => {
    const file = path.join(dir, 'net.png');
    await writeLayout(home, file);
    const bytes = await readFile(file);
    expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    expect((await stat(file)).size).toBeGreaterThan(1000);
  });
});

describe.runIf(existsSync(HOME_MODEL) && existsSync(HOME_EVENTS))('the home-purchase example', () => {
  it('exports to every text format, with every actor labelled in the SVG', async () => {
    const network = new GoalNetwork(await readModelFile(HOME_MODEL));
    const layout = layoutActorNetwork(network, await loadJourneyStats(network, HOME_EVENTS));
    const { labels } = checkSvg(layout, toSvg(layout));
    expect(labels).toHaveLength(layout.nodes.length);
    expect(parseGexf(UndirectedGraph, toGexf(layout)).order).toBe(layout.nodes.length);
    expect(parseGraphml(UndirectedGraph, toGraphml(layout)).size).toBe(layout.edges.length);
  });
});
