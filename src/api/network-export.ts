/**
 * `GET /network/:modelId/export.<format>`: the laid-out actor network as a file, for Gephi
 * (gexf), GraphML tools (graphml), sigma.js (json) or a picture (svg). Same rules as the
 * `actorNetwork` query: the `analyst` role on the model; query parameters `segment`, `from`,
 * `to` (ISO 8601) filter the journeys, `iterations`, `seed`, `sizeBy`, `colorBy` set the layout.
 */
import { GoalNetwork } from '../graph/goal-network.js';
import { badInput, notFound, type Problem } from '../model/errors.js';
import type { StatsFilter } from '../model/journey-stats.js';
import type { GraphStore } from '../store/graph-store.js';
import { toGexf, toGraphml, toSigmaJson, toSvg } from '../viz/export/index.js';
import { layoutActorNetwork } from '../viz/layout.js';
import type { ColorBy, LayoutOptions, SizeMeasure } from '../viz/types.js';
import type { Principal } from './auth.js';
import { requirePrincipalRole } from './context.js';

export const EXPORT_FORMATS = ['gexf', 'graphml', 'json', 'svg'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CONTENT_TYPE: Record<ExportFormat, string> = {
  gexf: 'application/gexf+xml; charset=utf-8',
  graphml: 'application/graphml+xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
};

export interface ExportedNetwork {
  contentType: string;
  filename: string;
  body: string;
}

/** The filter and layout options in the query string; BAD_INPUT naming each bad parameter. */
export function exportParameters(params: URLSearchParams): { filter: StatsFilter; layout: LayoutOptions } {
  const problems: Problem[] = [];
  const filter: StatsFilter = {};
  const layout: LayoutOptions = {};
  const segment = params.get('segment');
  if (segment) filter.segment = segment;
  for (const key of ['from', 'to'] as const) {
    const raw = params.get(key);
    if (raw === null) continue;
    const ms = Date.parse(raw);
    if (Number.isNaN(ms)) problems.push({ where: key, message: `expected an ISO 8601 date-time, got ${JSON.stringify(raw)}` });
    else filter[key] = ms;
  }
  for (const key of ['iterations', 'seed'] as const) {
    const raw = params.get(key);
    if (raw === null) continue;
    if (!/^\d+$/.test(raw)) problems.push({ where: key, message: `expected a whole number, got ${JSON.stringify(raw)}` });
    else layout[key] = Number(raw);
  }
  const sizeBy = params.get('sizeBy');
  if (sizeBy !== null) layout.sizeBy = sizeBy as SizeMeasure;
  const colorBy = params.get('colorBy');
  if (colorBy !== null) layout.colorBy = colorBy as ColorBy;
  if (problems.length > 0) throw badInput('Invalid export parameters', problems);
  return { filter, layout };
}

export async function exportNetwork(
  store: GraphStore,
  principal: Principal,
  modelId: string,
  format: ExportFormat,
  params: URLSearchParams,
): Promise<ExportedNetwork> {
  requirePrincipalRole(principal, modelId, 'analyst', 'Exporting the actor network');
  const { filter, layout: options } = exportParameters(params);
  const doc = await store.getDocument(modelId);
  if (doc === null) throw notFound(`No model "${modelId}"; list the models with { models { id } }`);
  const network = new GoalNetwork(doc);
  if (filter.segment !== undefined && network.segments.length > 0 && !network.segments.some((s) => s.id === filter.segment)) {
    throw notFound(`No segment "${filter.segment}" in model "${modelId}"; use one of: ${network.segments.map((s) => s.id).join(', ')}`);
  }
  const stats = await store.journeyStats(modelId, filter);
  const layout = layoutActorNetwork(network, stats, options);
  const body =
    format === 'gexf'
      ? toGexf(layout)
      : format === 'graphml'
        ? toGraphml(layout)
        : format === 'json'
          ? `${JSON.stringify(toSigmaJson(layout))}\n`
          : toSvg(layout);
  const safeId = modelId.replace(/[^A-Za-z0-9._-]/g, '_');
  return { contentType: CONTENT_TYPE[format], filename: `${safeId}-actors.${format}`, body };
}
