/**
 * The actor-network viewer (/network/:modelId): the ForceAtlas2 layout of the model's actor
 * network drawn with sigma.js, with search, hover details, filters by actor kind and journey
 * phase, highlighting of partner opportunities and of actors at the top gaps, a legend and
 * download links for the exports.
 *
 * The page's state is on `window.goalnetViewer` (see GoalnetViewer) and `<body data-ready>`
 * ("true" once the network and its highlights are drawn, "error" when loading failed), for
 * scripts and browser tests.
 */
import Graph from 'graphology';
import Sigma from 'sigma';
import type { Settings } from 'sigma/settings';
import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import './network.css';
import { colourGroups, kindLabel } from '../../src/viz/palette.js';
import { ApiRequestError, authHeaders, getApiKey, graphql, setApiKey } from './shared/api.js';
import { drawHover, drawLabelAt, drawMarks, outerRadius, type LabelData, type Marks } from './network/draw.js';
import { planLabels, type LabelPlan, type PlanNode } from './network/label-plan.js';
import {
  loadGaps,
  loadNetwork,
  loadPartnerOpportunities,
  type GapReport,
  type PartnerOpportunity,
  type ViewerFilter,
  type ViewerNetwork,
  type ViewerNode,
} from './network/query.js';
import {
  findActor,
  gapsByActor,
  humanise,
  isVisible,
  kindsOf,
  neighbourhood,
  opportunityRanks,
  phasesOf,
  TOP_GAPS,
  TOP_OPPORTUNITIES,
} from './network/view-state.js';

/** What the page exposes for scripts and tests. */
export interface GoalnetViewer {
  /** True once the network and its highlights are drawn. */
  ready: boolean;
  /** The message shown when loading failed, else null. */
  error: string | null;
  modelId: string;
  /** Ids of the actors drawn now (not hidden by a filter), in model order. */
  nodes: string[];
  /** Number of ties drawn now. */
  edges: number;
  /** The selected actor's id, or null. */
  selected: string | null;
  /** Actors emphasised now: the selected one first, then the marked opportunities and gap actors. */
  highlighted: string[];
  /** Actor ids of the marked partner opportunities, best first. */
  opportunities: string[];
  /** Actor ids serving one of the top gaps. */
  gapActors: string[];
  /** Finds an actor by name or id, selects and centres it; its id, or null when none matches. */
  search(text: string): string | null;
  /** Selects an actor by id (null clears the selection). */
  select(id: string | null): void;
}

declare global {
  interface Window {
    goalnetViewer: GoalnetViewer;
  }
}

const EXPORT_FORMATS = ['gexf', 'graphml', 'json', 'svg'] as const;
const LABEL_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif";
/** Above this many actors only the marked and the biggest actors keep their labels at all zooms. */
const ALL_LABELS_UP_TO = 80;
const EDGE_COLOR = '#c9ced8';
const EDGE_FADED = '#eceef2';
const EDGE_FOCUS = '#8f97a8';
const PARTNERSHIP_COLOR = '#3f4757';
/**
 * Discs are drawn at this share of their laid-out radius: the layout packs discs just clear of
 * each other, and smaller discs leave room for the edges and labels between them.
 */
const NODE_SCALE = 0.6;
/** Extra room on the right of the drawing, as a share of its width, for the labels of the rightmost actors. */
const LABEL_ROOM = 0.16;
/** Size measure names as the API spells them (WEIGHTED_DEGREE) or as layouts do (weightedDegree). */
const SIZE_WORDS: Record<string, string> = {
  weightedDegree: 'weighted degree (shared goals + hand-overs)',
  degree: 'number of actors tied to',
  pagerank: 'PageRank',
  betweenness: 'betweenness (bridging)',
  journeys: 'observed journeys',
};

const $ = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`network.html lacks #${id}`);
  return found as T;
};

type Child = Node | string | null | undefined | false;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const decimal = (digits: number) => new Intl.NumberFormat('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The colour mixed with white: `amount` 0 keeps it, 1 gives white. */
function fade(hex: string, amount: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (m === null) return hex;
  const n = parseInt(m[1], 16);
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix);
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

function sizeWords(sizeBy: string): string {
  const key = sizeBy.includes('_') || sizeBy === sizeBy.toUpperCase() ? sizeBy.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : sizeBy;
  return SIZE_WORDS[key] ?? humanise(sizeBy);
}

/**
 * The part of the plane to fit on screen: every disc whole (sizes are in graph units), plus
 * LABEL_ROOM on the right for labels.
 */
function drawingBox(nodes: readonly ViewerNode[]): { x: [number, number]; y: [number, number] } {
  if (nodes.length === 0) return { x: [-1, 1], y: [-1, 1] };
  const r = (n: ViewerNode) => n.size * NODE_SCALE;
  const minX = Math.min(...nodes.map((n) => n.x - r(n)));
  const maxX = Math.max(...nodes.map((n) => n.x + r(n)));
  const minY = Math.min(...nodes.map((n) => n.y - r(n)));
  const maxY = Math.max(...nodes.map((n) => n.y + r(n)));
  const width = Math.max(maxX - minX, 1);
  return { x: [minX, maxX + LABEL_ROOM * width], y: [minY, Math.max(maxY, minY + 1)] };
}

/** `/network/home-purchase` → "home-purchase" (`?model=` as a fallback for development). */
function modelIdFromLocation(): string {
  const m = /^\/network\/([^/]+)\/?$/.exec(window.location.pathname);
  if (m) return decodeURIComponent(m[1]);
  return new URLSearchParams(window.location.search).get('model') ?? '';
}

function filterFromLocation(): ViewerFilter {
  const params = new URLSearchParams(window.location.search);
  return { segment: params.get('segment') ?? undefined, from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
}

class Viewer {
  readonly state: GoalnetViewer;
  private network: ViewerNetwork | null = null;
  private graph: Graph | null = null;
  private renderer: Sigma | null = null;
  private nodeById = new Map<string, ViewerNode>();
  private opportunities: PartnerOpportunity[] = [];
  private opportunityError: string | null = null;
  private gaps: GapReport | null = null;
  private gapError: string | null = null;
  private ranks = new Map<string, number>();
  private gapActors = new Map<string, GapReport['ranked']>();
  private kinds = new Set<string>();
  private phases = new Set<string>();
  private allPhases: string[] = [];
  private visible = new Set<string>();
  private hovered: string | null = null;
  private selected: string | null = null;
  private showOpportunities = true;
  private showGaps = true;
  /** Where labels go in the frame being drawn; planned at the first label of each frame. */
  private labelPlan: LabelPlan | null = null;
  private manyActors = false;
  private maxSize: number | null = null;

  constructor(
    readonly modelId: string,
    readonly filter: ViewerFilter,
  ) {
    this.state = {
      ready: false,
      error: null,
      modelId,
      nodes: [],
      edges: 0,
      selected: null,
      highlighted: [],
      opportunities: [],
      gapActors: [],
      search: (text) => this.search(text),
      select: (id) => this.select(id, { center: true }),
    };
  }

  async start(): Promise<void> {
    this.setupExports();
    this.setupControls();
    if (this.modelId === '') {
      this.fail('No model in the address: open /network/<model id>, e.g. /network/home-purchase.');
      return;
    }
    try {
      this.network = await loadNetwork(graphql, this.modelId, this.filter);
    } catch (error) {
      this.failLoading(error);
      return;
    }
    try {
      this.draw(this.network);
    } catch (error) {
      this.fail(
        `This browser could not draw the network (${(error as Error).message}). WebGL is needed; the SVG download above shows the same network as a picture.`,
      );
      return;
    }
    const [partners, gaps] = await Promise.allSettled([
      loadPartnerOpportunities(graphql, this.modelId, this.filter),
      loadGaps(graphql, this.modelId, this.filter),
    ]);
    if (partners.status === 'fulfilled') this.opportunities = partners.value;
    else this.opportunityError = (partners.reason as Error).message;
    if (gaps.status === 'fulfilled') this.gaps = gaps.value;
    else this.gapError = (gaps.reason as Error).message;
    this.ranks = opportunityRanks(this.opportunities);
    this.gapActors = gapsByActor(this.gaps?.ranked ?? []);
    this.renderHighlights();
    this.renderStats();
    this.update();
    this.state.ready = true;
    document.body.dataset.ready = 'true';
  }

  // ── loading failures ──────────────────────────────────────────────────────

  private failLoading(error: unknown): void {
    if (error instanceof ApiRequestError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
      this.fail(error.message, true);
    } else if (error instanceof ApiRequestError && error.code === 'NOT_FOUND') {
      this.fail(`${error.message}. Open the GraphQL IDE to see the models this server has.`);
    } else {
      this.fail((error as Error).message);
    }
  }

  private fail(message: string, askForKey = false): void {
    this.state.error = message;
    document.body.dataset.ready = 'error';
    $('model-stats').textContent = 'Could not load the actor network';
    const box = $('message');
    box.hidden = false;
    box.replaceChildren(h('h2', {}, 'The network could not be shown'), h('p', {}, message));
    if (askForKey) {
      const input = h('input', { type: 'password', placeholder: 'API key', 'aria-label': 'API key', value: getApiKey() ?? '' });
      const form = h('form', { class: 'key-form' }, input, h('button', { type: 'submit' }, 'Use this key'));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        setApiKey(input.value);
        window.location.reload();
      });
      box.append(form);
    }
    box.append(h('p', {}, h('a', { href: '/ide' }, 'Open the GraphQL IDE')));
  }

  // ── drawing ───────────────────────────────────────────────────────────────

  private draw(network: ViewerNetwork): void {
    $('model-name').textContent = network.modelName;
    document.title = `${network.modelName} · actor network · goalnet`;
    const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
    for (const n of network.nodes) {
      this.nodeById.set(n.id, n);
      graph.addNode(n.id, { x: n.x, y: n.y, size: n.size * NODE_SCALE, color: n.color, label: n.name });
    }
    for (const e of network.edges) {
      if (!graph.hasNode(e.source) || !graph.hasNode(e.target) || e.source === e.target || graph.hasEdge(e.source, e.target)) continue;
      graph.addEdge(e.source, e.target, { size: e.size, color: e.partnership ? PARTNERSHIP_COLOR : EDGE_COLOR, partnership: e.partnership });
    }
    this.graph = graph;
    this.maxSize = Math.max(0, ...network.nodes.map((n) => n.size));
    this.allPhases = phasesOf(network.nodes);
    this.kinds = new Set(network.nodes.map((n) => n.kind));
    this.phases = new Set(this.allPhases);
    this.renderFilters(network);
    this.renderLegend(network);
    this.renderStats();
    $('actor-list').replaceChildren(...network.nodes.map((n) => h('option', { value: n.name }, n.id)));

    const many = network.nodes.length > ALL_LABELS_UP_TO;
    const bigEnough = new Set(
      [...network.nodes]
        .sort((a, b) => b.size - a.size)
        .slice(0, 25)
        .map((n) => n.id),
    );
    const renderer = new Sigma(graph, $('graph'), {
      itemSizesReference: 'positions',
      zoomToSizeRatioFunction: (ratio) => ratio,
      autoRescale: true,
      stagePadding: 56,
      renderEdgeLabels: false,
      labelFont: LABEL_FONT,
      labelSize: 13,
      labelWeight: '500',
      labelDensity: many ? 0.7 : 10,
      labelGridCellSize: many ? 100 : 10,
      labelRenderedSizeThreshold: many ? 6 : 0,
      defaultDrawNodeLabel: (ctx, data, settings) => this.drawNodeLabel(ctx, data as LabelData, settings),
      defaultDrawNodeHover: drawHover,
      zIndex: true,
      minCameraRatio: 0.08,
      maxCameraRatio: 3,
      nodeReducer: (node, data) => this.reduceNode(node, data, many, bigEnough),
      edgeReducer: (edge, data) => this.reduceEdge(edge, data),
    });
    this.renderer = renderer;
    this.manyActors = many;
    renderer.on('beforeRender', () => {
      this.labelPlan = null;
    });
    renderer.setCustomBBox(drawingBox(network.nodes));
    renderer.refresh();
    renderer.on('enterNode', ({ node }) => {
      this.hovered = node;
      $('graph').style.cursor = 'pointer';
      this.update();
    });
    renderer.on('leaveNode', () => {
      this.hovered = null;
      $('graph').style.cursor = '';
      this.update();
    });
    renderer.on('clickNode', ({ node }) => this.select(node, { center: false }));
    renderer.on('clickStage', () => this.select(null, { center: false }));
    this.update();
  }

  /** Sigma's label drawer: markers, then the label where the frame's plan puts it (if anywhere). */
  private drawNodeLabel(ctx: CanvasRenderingContext2D, data: LabelData, settings: Settings): void {
    drawMarks(ctx, data, settings.labelFont);
    this.labelPlan ??= this.planFrame(settings);
    const spot = this.labelPlan.get(data.key as string);
    if (spot !== undefined && data.label) drawLabelAt(ctx, data.label, spot, data, settings);
  }

  /** Plans the labels of the visible actors for the current camera (see label-plan.ts). */
  private planFrame(settings: Settings): LabelPlan {
    const renderer = this.renderer!;
    const graph = this.graph!;
    const focus = this.focus();
    const nodes: PlanNode[] = [];
    const at = new Map<string, { x: number; y: number }>();
    for (const id of this.visible) {
      const n = this.nodeById.get(id)!;
      const attrs = graph.getNodeAttributes(id) as { x: number; y: number; size: number };
      const p = renderer.graphToViewport({ x: attrs.x, y: attrs.y });
      at.set(id, p);
      const selected = this.selected === id;
      const dimmed = focus !== null && !focus.ids.has(id);
      const marks: Marks = {
        focal: n.focal,
        atGap: this.showGaps && this.gapActors.has(id),
        opportunityRank: this.showOpportunities ? this.ranks.get(id) : undefined,
        selected,
        dimmed,
      };
      const marked = n.focal || selected || marks.atGap === true || marks.opportunityRank !== undefined;
      const labelled = !(this.manyActors && dimmed) && (!this.manyActors || marked || n.size >= 0.5 * (this.maxSize ?? n.size));
      nodes.push({
        id,
        label: labelled ? n.name : null,
        x: p.x,
        y: p.y,
        r: outerRadius({ size: renderer.scaleSize(attrs.size), ...marks }),
        priority: (selected ? 8 : 0) + (this.hovered === id ? 8 : 0) + (n.focal ? 4 : 0) + (marked ? 2 : 0) + (dimmed ? -4 : 0),
        fontSize: settings.labelSize,
        bold: n.focal || selected,
        mustShow: selected || n.focal || this.hovered === id,
      });
    }
    const segments = this.network!.edges
      .filter((e) => at.has(e.source) && at.has(e.target))
      .map((e) => ({ x1: at.get(e.source)!.x, y1: at.get(e.source)!.y, x2: at.get(e.target)!.x, y2: at.get(e.target)!.y }));
    const { width, height } = renderer.getDimensions();
    // With a pinned details card, labels stay clear of it (not for a passing hover: labels would jump).
    const card = $('details');
    const right = this.selected !== null && !card.hidden ? Math.min(width, card.offsetLeft - 8) : width;
    return planLabels(nodes, segments, { x0: 2, y0: 2, x1: right - 2, y1: height - 2 });
  }

  /** The actors in focus: the hovered or selected actor and its neighbours, or null for all. */
  private focus(): { id: string; ids: Set<string> } | null {
    const id = this.hovered ?? this.selected;
    if (id === null || this.network === null) return null;
    return { id, ids: neighbourhood(id, this.network.edges) };
  }

  private reduceNode(node: string, data: Partial<NodeDisplayData>, many: boolean, bigEnough: Set<string>): Partial<NodeDisplayData> & Marks {
    const n = this.nodeById.get(node)!;
    const rank = this.showOpportunities ? this.ranks.get(node) : undefined;
    const atGap = this.showGaps && this.gapActors.has(node);
    const marked = n.focal || rank !== undefined || atGap || this.selected === node;
    const out: Partial<NodeDisplayData> & Marks = {
      ...data,
      focal: n.focal,
      partner: n.partner,
      opportunityRank: rank,
      atGap,
      selected: this.selected === node,
      forceLabel: !many || marked || bigEnough.has(node),
      zIndex: marked ? 2 : 1,
    };
    if (!this.visible.has(node)) out.hidden = true;
    const focus = this.focus();
    if (focus !== null && !focus.ids.has(node)) {
      out.color = fade(n.color, 0.78);
      out.dimmed = true;
      out.zIndex = 0;
      if (many) out.label = null;
    }
    return out;
  }

  private reduceEdge(edge: string, data: Partial<EdgeDisplayData>): Partial<EdgeDisplayData> {
    const graph = this.graph!;
    const [s, t] = graph.extremities(edge);
    const out: Partial<EdgeDisplayData> = { ...data };
    if (!this.visible.has(s) || !this.visible.has(t)) out.hidden = true;
    const focus = this.focus();
    if (focus !== null) {
      const touches = s === focus.id || t === focus.id;
      out.color = touches ? (graph.getEdgeAttribute(edge, 'partnership') ? PARTNERSHIP_COLOR : EDGE_FOCUS) : EDGE_FADED;
      out.zIndex = touches ? 1 : 0;
    }
    return out;
  }

  /** Recomputes what is drawn and what the page exposes, and redraws. */
  private update(): void {
    const network = this.network;
    if (network === null) return;
    const filter = { kinds: this.kinds, phases: this.phases, allPhases: this.allPhases };
    this.visible = new Set(network.nodes.filter((n) => isVisible(n, filter)).map((n) => n.id));
    if (this.selected !== null && !this.visible.has(this.selected)) this.selected = null;
    const opportunities = this.showOpportunities ? [...this.ranks.keys()] : [];
    const gapActors = this.showGaps ? [...this.gapActors.keys()] : [];
    const highlighted = new Set<string>();
    if (this.selected !== null) highlighted.add(this.selected);
    for (const id of [...opportunities, ...gapActors]) if (this.visible.has(id)) highlighted.add(id);
    Object.assign(this.state, {
      nodes: network.nodes.filter((n) => this.visible.has(n.id)).map((n) => n.id),
      edges: network.edges.filter((e) => this.visible.has(e.source) && this.visible.has(e.target)).length,
      selected: this.selected,
      highlighted: [...highlighted],
      opportunities,
      gapActors,
    });
    document.body.dataset.selected = this.selected ?? '';
    this.renderDetails();
    this.renderer?.refresh();
  }

  // ── selection and search ──────────────────────────────────────────────────

  select(id: string | null, options: { center: boolean }): void {
    if (id !== null && !this.nodeById.has(id)) return;
    const had = this.selected;
    this.selected = id;
    this.update();
    if (id === null && had !== null && !this.manyActors) void this.renderer?.getCamera().animatedReset({ duration: 300 });
    if (id !== null && options.center) this.centre(id);
  }

  /**
   * Shows the selected actor beside its details card. Small networks (up to ALL_LABELS_UP_TO
   * actors) are fitted whole into the part of the stage left of the card, so the actor's
   * neighbours stay in view; big ones are centred on the actor there, zoomed in.
   */
  private centre(id: string): void {
    const renderer = this.renderer;
    const graph = this.graph;
    if (renderer === null || graph === null) return;
    const { width, height } = renderer.getDimensions();
    const card = $('details');
    const freeRight = card.hidden ? width : Math.max(width * 0.4, card.offsetLeft - 16);
    const camera = renderer.getCamera();
    const reset = { cameraState: { x: 0.5, y: 0.5, ratio: 1, angle: 0 } };
    const middle = renderer.viewportToFramedGraph({ x: width / 2, y: height / 2 }, reset);
    const pixel = renderer.viewportToFramedGraph({ x: width / 2 + 1, y: height / 2 + 1 }, reset);
    const perPixel = { x: pixel.x - middle.x, y: pixel.y - middle.y };
    if (this.manyActors) {
      const attrs = graph.getNodeAttributes(id) as { x: number; y: number };
      const node = renderer.viewportToFramedGraph(renderer.graphToViewport({ x: attrs.x, y: attrs.y }));
      const ratio = Math.min(camera.getState().ratio, 0.5);
      const shift = (freeRight / 2 - width / 2) * ratio;
      void camera.animate({ x: node.x - shift * perPixel.x, y: node.y, ratio }, { duration: 450 });
      return;
    }
    const box = drawingBox(this.network!.nodes);
    const left = renderer.graphToViewport({ x: box.x[0], y: box.y[0] }, reset).x;
    const right = renderer.graphToViewport({ x: box.x[1], y: box.y[0] }, reset).x;
    const scale = Math.min(1, (freeRight - 24) / Math.max(right - left, 1));
    const drawnMiddle = renderer.viewportToFramedGraph({ x: (left + right) / 2, y: height / 2 }, reset);
    const ratio = 1 / scale;
    const x = drawnMiddle.x - (freeRight / 2 - width / 2) * perPixel.x * ratio;
    void camera.animate({ x, y: 0.5, ratio, angle: 0 }, { duration: 450 });
  }

  search(text: string): string | null {
    const status = $('search-status');
    const network = this.network;
    if (network === null) return null;
    if (text.trim() === '') {
      status.textContent = '';
      this.select(null, { center: false });
      return null;
    }
    const found = findActor(network.nodes, text);
    if (found === undefined) {
      status.textContent = `No actor matches “${text.trim()}”`;
      status.className = 'search-status miss';
      return null;
    }
    let note = '';
    if (!this.visible.has(found.id)) {
      this.kinds = new Set(network.nodes.map((n) => n.kind));
      this.phases = new Set(this.allPhases);
      this.syncFilterBoxes();
      note = ' (filters cleared to show it)';
    }
    status.textContent = `${found.name}${note}`;
    status.className = 'search-status hit';
    this.select(found.id, { center: true });
    return found.id;
  }

  // ── side panels ───────────────────────────────────────────────────────────

  private setupControls(): void {
    const form = $('search-form') as HTMLFormElement;
    const input = $('search') as HTMLInputElement;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.search(input.value);
    });
    input.addEventListener('change', () => {
      // Picking a name from the suggestion list searches at once.
      if (this.network?.nodes.some((n) => n.name === input.value)) this.search(input.value);
    });
    ($('show-opportunities') as HTMLInputElement).addEventListener('change', (e) => {
      this.showOpportunities = (e.target as HTMLInputElement).checked;
      this.update();
    });
    ($('show-gaps') as HTMLInputElement).addEventListener('change', (e) => {
      this.showGaps = (e.target as HTMLInputElement).checked;
      this.update();
    });
    $('zoom-in').addEventListener('click', () => void this.renderer?.getCamera().animatedZoom({ duration: 250 }));
    $('zoom-out').addEventListener('click', () => void this.renderer?.getCamera().animatedUnzoom({ duration: 250 }));
    $('zoom-fit').addEventListener('click', () => void this.renderer?.getCamera().animatedReset({ duration: 300 }));
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.select(null, { center: false });
    });
  }

  private renderFilters(network: ViewerNetwork): void {
    const kindBox = $('kind-filter');
    kindBox.replaceChildren(
      ...kindsOf(network.nodes).map(({ kind, count }) =>
        this.checkbox('kind', kind, `${kindLabel(kind)}`, count, (on) => {
          if (on) this.kinds.add(kind);
          else this.kinds.delete(kind);
          this.update();
        }),
      ),
    );
    const phaseBox = $('phase-filter');
    phaseBox.replaceChildren(
      ...this.allPhases.map((phase) =>
        this.checkbox('phase', phase, humanise(phase), network.nodes.filter((n) => n.phases.includes(phase)).length, (on) => {
          if (on) this.phases.add(phase);
          else this.phases.delete(phase);
          this.update();
        }),
      ),
    );
  }

  private checkbox(group: string, value: string, label: string, count: number, onChange: (on: boolean) => void): HTMLElement {
    const input = h('input', { type: 'checkbox', name: group, value, 'data-filter': group });
    input.checked = true;
    input.addEventListener('change', () => onChange(input.checked));
    return h('label', { class: 'check' }, input, h('span', {}, label), h('span', { class: 'count' }, String(count)));
  }

  private syncFilterBoxes(): void {
    for (const input of document.querySelectorAll<HTMLInputElement>('input[data-filter]')) {
      input.checked = input.dataset.filter === 'kind' ? this.kinds.has(input.value) : this.phases.has(input.value);
    }
  }

  private renderHighlights(): void {
    const opportunityList = $('opportunity-list');
    if (this.opportunityError !== null) {
      opportunityList.replaceChildren(h('li', { class: 'none' }, `Not available: ${this.opportunityError}`));
    } else if (this.opportunities.length === 0) {
      opportunityList.replaceChildren(h('li', { class: 'none' }, 'No actor outside the partnerships shares journeys with the focal firm.'));
    } else {
      opportunityList.replaceChildren(
        ...this.opportunities.slice(0, TOP_OPPORTUNITIES).map((o, i) =>
          this.rankedItem(o.id, `${i + 1}`, o.name, o.reason, 'opportunity', `score ${decimal(2).format(o.score)}`),
        ),
      );
    }
    const gapList = $('gap-list');
    const gaps = this.gaps?.ranked ?? [];
    if (this.gapError !== null) {
      gapList.replaceChildren(h('li', { class: 'none' }, `Not available: ${this.gapError}`));
    } else if (gaps.length === 0) {
      gapList.replaceChildren(h('li', { class: 'none' }, 'No observed journeys got stuck (or none are loaded).'));
    } else {
      gapList.replaceChildren(
        ...gaps.slice(0, TOP_GAPS).map((g, i) => {
          const actors = g.actorIds.map((id) => this.nodeById.get(id)?.name ?? id).join(', ');
          const share = g.reached > 0 ? ` (${Math.round((100 * g.affected) / g.reached)}%)` : '';
          return this.rankedItem(
            g.actorIds[0] ?? null,
            `${i + 1}`,
            g.name,
            `${integer.format(g.affected)} of ${integer.format(g.reached)} journeys stuck or lost${share}${actors ? ` · ${actors}` : ''}`,
            'gap',
            g.phase ? humanise(g.phase) : '',
            g.id,
          );
        }),
      );
    }
  }

  private rankedItem(actorId: string | null, rank: string, title: string, text: string, kind: string, aside: string, itemId?: string): HTMLElement {
    const button = h(
      'button',
      { type: 'button', class: `ranked-item ${kind}`, 'data-actor': actorId ?? undefined, 'data-id': itemId ?? actorId ?? undefined },
      h('span', { class: 'rank' }, rank),
      h('span', { class: 'body' }, h('strong', {}, title), aside ? h('span', { class: 'aside' }, aside) : null, h('span', { class: 'text' }, text)),
    );
    if (actorId !== null) button.addEventListener('click', () => this.select(actorId, { center: true }));
    return h('li', {}, button);
  }

  private renderStats(): void {
    const network = this.network;
    if (network === null) return;
    const parts = [
      `${integer.format(network.nodes.length)} actors`,
      `${integer.format(network.edges.length)} ties`,
      `${integer.format(network.communities)} communities`,
    ];
    if (this.gaps !== null) parts.push(`${integer.format(this.gaps.journeys)} observed journeys`);
    const f = this.filter;
    if (f.segment) parts.push(`segment ${f.segment}`);
    if (f.from || f.to) parts.push(`journeys ${f.from ?? '…'} to ${f.to ?? '…'}`);
    $('model-stats').textContent = parts.join(' · ');
  }

  private renderLegend(network: ViewerNetwork): void {
    const colorBy = network.settings.colorBy === 'kind' ? 'kind' : 'community';
    const groups = colourGroups(network.nodes, colorBy);
    const colourOfGroup = (members: string[]) => this.nodeById.get(members[0])?.color ?? '#bbbbbb';
    const swatch = (color: string) => h('span', { class: 'swatch', style: `background:${color}` });
    const marker = (cls: string, glyph = '') => h('span', { class: `marker ${cls}` }, glyph);
    const item = (...children: Child[]) => h('span', { class: 'item' }, ...children);
    $('legend').replaceChildren(
      h(
        'div',
        { class: 'group' },
        h('h3', {}, colorBy === 'kind' ? 'Actor kind' : 'Community'),
        ...groups.map((g) => item(swatch(colourOfGroup(g.members)), g.label)),
      ),
      h(
        'div',
        { class: 'group' },
        h('h3', {}, 'Markers'),
        item(marker('focal', '★'), 'Focal firm'),
        item(marker('partner', '◆'), 'Partner'),
        item(marker('opportunity'), 'Partner opportunity'),
        item(marker('gap'), 'At a top gap'),
      ),
      h('p', { class: 'note' }, `Disc size: ${sizeWords(network.settings.sizeBy)} · line width: hand-overs · dark line: partnership`),
    );
  }

  private renderDetails(): void {
    const box = $('details');
    const id = this.hovered ?? this.selected;
    const n = id === null ? undefined : this.nodeById.get(id);
    if (n === undefined || this.network === null) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    const goalNames = n.goals.map((g) => this.network!.goalNames.get(g) ?? g);
    const badges: HTMLElement[] = [];
    if (n.focal) badges.push(h('span', { class: 'badge focal' }, '★ Focal firm'));
    if (n.partner) badges.push(h('span', { class: 'badge partner' }, '◆ Partner'));
    const rank = this.ranks.get(n.id);
    if (rank !== undefined) badges.push(h('span', { class: 'badge opportunity' }, `Opportunity #${rank}`));
    const gaps = this.gapActors.get(n.id) ?? [];
    if (gaps.length > 0) badges.push(h('span', { class: 'badge gap' }, `At ${gaps.length} top gap${gaps.length > 1 ? 's' : ''}`));
    const row = (label: string, value: string) => h('tr', {}, h('th', {}, label), h('td', {}, value));
    const opportunity = this.opportunities.find((o) => o.id === n.id);
    const close = h('button', { type: 'button', class: 'close', title: 'Clear the selection (Esc)' }, '×');
    close.addEventListener('click', () => this.select(null, { center: false }));
    const parts: Child[] = [
      h(
        'div',
        { class: 'details-head' },
        h('span', { class: 'swatch big', style: `background:${n.color}` }),
        h('div', {}, h('h2', {}, n.name), h('p', { class: 'kind' }, `${kindLabel(n.kind)} · ${n.id}`)),
        this.selected === n.id ? close : null,
      ),
      badges.length > 0 ? h('div', { class: 'badges' }, ...badges) : null,
      h(
        'table',
        { class: 'measures' },
        row('Journeys met', integer.format(n.journeys)),
        row('Hand-overs', integer.format(n.handovers)),
        row('Ties', `${integer.format(n.degree)} actors (weighted ${decimal(1).format(n.weightedDegree)})`),
        row('Betweenness', decimal(3).format(n.betweenness)),
        row('PageRank', decimal(3).format(n.pagerank)),
      ),
      h('h3', {}, 'Goals served'),
      goalNames.length > 0 ? h('ul', { class: 'goals' }, ...goalNames.map((g) => h('li', {}, g))) : h('p', { class: 'none' }, 'None directly'),
      h('h3', {}, 'Journey phases'),
      h('p', {}, n.phases.length > 0 ? n.phases.map(humanise).join(' → ') : 'None'),
      opportunity ? h('div', { class: 'why opportunity' }, h('h3', {}, 'Why partner'), h('p', {}, opportunity.reason)) : null,
      gaps.length > 0
        ? h('div', { class: 'why gap' }, h('h3', {}, 'Where customers get stuck'), h('ul', {}, ...gaps.map((g) => h('li', {}, `${g.name}: ${g.reason}`))))
        : null,
    ];
    box.replaceChildren(...parts.filter((p): p is Node | string => p !== null && p !== undefined && p !== false));
    box.hidden = false;
  }

  // ── exports ───────────────────────────────────────────────────────────────

  private setupExports(): void {
    const query = new URLSearchParams();
    if (this.filter.segment) query.set('segment', this.filter.segment);
    if (this.filter.from) query.set('from', this.filter.from);
    if (this.filter.to) query.set('to', this.filter.to);
    const qs = query.size > 0 ? `?${query}` : '';
    const base = `/network/${encodeURIComponent(this.modelId)}/export`;
    for (const a of document.querySelectorAll<HTMLAnchorElement>('.exports a[data-format]')) {
      const format = a.dataset.format as (typeof EXPORT_FORMATS)[number];
      a.href = `${base}.${format}${qs}`;
      a.download = `${this.modelId.replace(/[^A-Za-z0-9._-]/g, '_')}-actors.${format}`;
      a.addEventListener('click', (e) => {
        // A plain link cannot carry the API key: with a key, fetch the file and save it from memory.
        if (getApiKey() === null) return;
        e.preventDefault();
        void this.download(a.href, a.download);
      });
    }
  }

  private async download(url: string, filename: string): Promise<void> {
    const response = await fetch(url, { headers: authHeaders() });
    if (!response.ok) {
      const status = $('search-status');
      status.textContent = `Download failed: the server answered ${response.status}`;
      status.className = 'search-status miss';
      return;
    }
    const blobUrl = URL.createObjectURL(await response.blob());
    const link = h('a', { href: blobUrl, download: filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(blobUrl), 10_000);
  }
}

const viewer = new Viewer(modelIdFromLocation(), filterFromLocation());
window.goalnetViewer = viewer.state;
void viewer.start().catch((error: unknown) => {
  viewer.state.error = (error as Error).message;
  document.body.dataset.ready = 'error';
  // eslint-disable-next-line no-console
  console.error(error);
});

