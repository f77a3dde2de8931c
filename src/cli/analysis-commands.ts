/**
 * The analysis commands: each loads the model and its journey aggregates, runs one pure analysis
 * and prints a table (default), a JSON array ranked best first (`--json`), or CSV (`--csv`).
 */
import { findTransitions } from '../analysis/transitions.js';
import { findGaps } from '../analysis/gaps.js';
import { findStructuralGaps } from '../analysis/structural-gaps.js';
import { findPartnerOpportunities } from '../analysis/partners.js';
import { channelPresence } from '../analysis/channels.js';
import { contactPressure } from '../analysis/pressure.js';
import { goalSatisfaction } from '../analysis/satisfaction.js';
import { networkMeasures } from '../analysis/network-measures.js';
import { formatDuration, type Ranked } from '../analysis/common.js';
import { GoalNetwork } from '../graph/goal-network.js';
import type { JourneyStats, StatsFilter } from '../model/journey-stats.js';
import { CHANNELS, PHASES, isOneOf, type Phase } from '../model/vocabulary.js';
import { renderCsv, renderTable, type Cell, type Column } from './table.js';
import { parseTimestamp } from '../ingest/event-log.js';
import { badInput } from '../model/errors.js';
import { UsageError, openTarget, parsePositiveInt, requireArg, type Output } from './context.js';

export const ANALYSIS_COMMANDS = ['transitions', 'gaps', 'partners', 'channels', 'pressure', 'satisfaction', 'network'];
/** The analyses that --phase restricts. */
const PHASE_COMMANDS = ['transitions', 'gaps', 'channels', 'pressure'];

export const analysisOptions = {
  events: { type: 'string' },
  rejects: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  segment: { type: 'string' },
  phase: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  focal: { type: 'string' },
  by: { type: 'string' },
  structural: { type: 'boolean' },
  limit: { type: 'string' },
} as const;

export interface AnalysisFlags {
  events?: string;
  rejects?: string;
  json?: boolean;
  csv?: boolean;
  segment?: string;
  phase?: string;
  from?: string;
  to?: string;
  focal?: string;
  by?: string;
  structural?: boolean;
  limit?: string;
}

type AnyRanked = Ranked<object>;

export async function runAnalysisCommand(
  command: string,
  modelArg: string | undefined,
  values: AnalysisFlags,
  io: Output,
): Promise<number> {
  if (values.json && values.csv) throw new UsageError('choose one of --json and --csv');
  const phase = parsePhase(values.phase);
  const filter = parseFilter(values);
  const limit = parsePositiveInt(values.limit, '--limit');
  if (values.by !== undefined && values.by !== 'activity' && values.by !== 'goal') {
    throw new UsageError(`--by takes "activity" or "goal", not "${values.by}"`);
  }
  if (phase !== undefined && !PHASE_COMMANDS.includes(command)) {
    throw new UsageError(`--phase does not apply to ${command}; it restricts ${PHASE_COMMANDS.join(', ')}`);
  }
  if (phase !== undefined && command === 'gaps' && values.structural) throw new UsageError('--phase does not apply to gaps --structural');
  const target = await openTarget(requireArg(modelArg, 'MODEL: a model file or stored model id'), values, io);
  try {
    const network = new GoalNetwork(target.doc);
    const declared = network.segments.map((s) => s.id);
    if (filter.segment !== undefined && declared.length > 0 && !declared.includes(filter.segment)) {
      throw badInput(`unknown segment "${filter.segment}" in model "${network.model.id}"; use one of: ${declared.join(', ')}`);
    }
    const stats = await target.store.journeyStats(target.doc.model.id, filter);
    if (stats.journeys === 0) {
      io.err(
        `No journeys recorded for model "${target.doc.model.id}"${describeFilter(filter)}: ` +
          'results below come from the model alone.' +
          (values.events === undefined ? ' Pass --events LOG, or import a log with `goalnet import MODEL --events LOG`.' : ''),
      );
    }
    const { ranked, table } = analyse(command, network, stats, { ...values, phase }, limit);
    if (values.json) io.out(JSON.stringify(ranked, null, 2));
    else if (values.csv) io.out(renderCsv(ranked, csvColumns(ranked)).trimEnd());
    else io.out(table);
    return target.rejected === 0 ? 0 : 1;
  } finally {
    await target.store.close();
  }
}

interface Rendered {
  ranked: AnyRanked[];
  table: string;
}

function analyse(
  command: string,
  network: GoalNetwork,
  stats: JourneyStats,
  flags: Omit<AnalysisFlags, 'phase'> & { phase?: Phase },
  limit: number | undefined,
): Rendered {
  const top = <T>(list: T[]) => (limit === undefined ? list : list.slice(0, limit));
  const header = (title: string) => `${title} · ${network.model.name} (${network.model.id}) · ${stats.journeys.toLocaleString('en-US')} journeys\n`;
  switch (command) {
    case 'transitions': {
      const result = findTransitions(network, stats, { phase: flags.phase });
      const ranked = top(result.transitions);
      return {
        ranked,
        table:
          header('Transitions (directly-follows)') +
          renderTable(ranked, [
            { header: 'from', value: (r) => r.evidence.from },
            { header: 'to', value: (r) => r.evidence.to },
            { header: 'count', value: (r) => r.evidence.count },
            { header: 'share', value: (r) => pct(r.evidence.share) },
            { header: 'median', value: (r) => formatDuration(r.evidence.duration.median) },
            { header: 'p90', value: (r) => formatDuration(r.evidence.duration.p90) },
          ]) +
          '\n\nStarts: ' + result.starts.map((s) => `${s.activity} ${s.journeys}`).join(', ') +
          '\nEnds:   ' + result.ends.map((s) => `${s.activity} ${s.journeys}`).join(', '),
      };
    }
    case 'gaps': {
      if (flags.structural) {
        const ranked = top(findStructuralGaps(network, stats, flags.focal));
        return {
          ranked,
          table:
            header('Structural gaps') +
            renderTable(ranked, [
              { header: 'kind', value: (r) => r.evidence.kind },
              { header: 'where', value: (r) => r.id },
              { header: 'journeys', value: (r) => r.evidence.journeys },
              { header: 'why', value: (r) => r.reason },
            ]),
        };
      }
      const by = (flags.by ?? 'activity') as 'activity' | 'goal';
      const ranked = top(findGaps(network, stats, { by, phase: flags.phase }));
      return {
        ranked,
        table:
          header(`Where customers get stuck, by ${by}`) +
          renderTable(ranked, [
            { header: by, value: (r) => r.id },
            { header: 'affected', value: (r) => r.score },
            { header: 'reached', value: (r) => r.evidence.reached },
            { header: 'share', value: (r) => pct(r.evidence.affectedShare) },
            { header: 'stuck', value: (r) => r.evidence.stuck },
            { header: 'abandoned', value: (r) => r.evidence.abandoned },
            { header: 'ended', value: (r) => r.evidence.endedIncomplete },
            { header: 'negative', value: (r) => pct(r.evidence.negativeShare) },
            { header: 'dwell', value: (r) => formatDuration(r.evidence.medianDwellMs) },
            { header: 'most told', value: (r) => clip(r.evidence.notes[0]?.note ?? '', 48) },
          ]),
      };
    }
    case 'partners': {
      const ranked = top(findPartnerOpportunities(network, stats, { focal: flags.focal }));
      return {
        ranked,
        table:
          header('Partner opportunities') +
          renderTable(ranked, [
            { header: 'actor', value: (r) => r.id },
            { header: 'kind', value: (r) => r.evidence.kind },
            { header: 'score', value: (r) => r.score },
            { header: 'to you', value: (r) => r.evidence.journeysToFocal },
            { header: 'from you', value: (r) => r.evidence.journeysFromFocal },
            { header: 'shared', value: (r) => r.evidence.sharedJourneys },
            { header: 'sibling goals', value: (r) => r.evidence.siblingGoals.join(' ') },
          ]) +
          '\n\n' + ranked.slice(0, 5).map((r) => `• ${r.reason}.`).join('\n'),
      };
    }
    case 'channels': {
      const result = channelPresence(network, stats, { focal: flags.focal, phase: flags.phase });
      const ranked = top(result.gaps);
      return { ranked, table: header(`Channel presence of ${result.focal}`) + channelMatrix(result.cells) + '\n\nGaps (customers active, firm absent):\n' + (ranked.map((r) => `• ${r.reason}`).join('\n') || '  none') };
    }
    case 'pressure': {
      const result = contactPressure(network, stats, { focal: flags.focal, phase: flags.phase });
      const ranked = top(result.touchpoints);
      return {
        ranked,
        table:
          header(`Contact pressure of ${result.focal}`) +
          `Firm-initiated contacts: ${result.contacts.toLocaleString('en-US')} (${result.perJourney} per journey)\n` +
          renderTable(result.byPhase, [
            { header: 'phase', value: (r) => r.phase },
            { header: 'contacts', value: (r) => r.contacts },
            { header: 'per journey', value: (r) => r.perJourney },
          ]) +
          `\n\nTrouble after customers' own steps (baseline): ${pct(result.baseline.rate)}\n` +
          renderTable(ranked, [
            { header: 'touchpoint', value: (r) => r.id },
            { header: 'channel', value: (r) => r.evidence.channel },
            { header: 'sensitive', value: (r) => r.evidence.sensitiveContacts },
            { header: 'trouble', value: (r) => r.evidence.trouble },
            { header: 'rate', value: (r) => pct(r.evidence.rate) },
            { header: 'lift', value: (r) => r.evidence.lift },
            { header: 'excess', value: (r) => r.evidence.excess },
            { header: 'flagged', value: (r) => (r.evidence.flagged ? 'yes' : '') },
          ]),
      };
    }
    case 'satisfaction': {
      const result = goalSatisfaction(network, stats);
      const ranked = top(result.leaves);
      return {
        ranked,
        table:
          header('Goal satisfaction') +
          renderTable(result.goals, [
            { header: 'goal', value: (g) => `${'  '.repeat(g.depth)}${g.goal}` },
            { header: 'refinement', value: (g) => (g.leaf ? 'leaf' : g.refinement) },
            { header: 'journeys', value: (g) => g.journeys },
            { header: 'completed', value: (g) => (g.leaf ? g.completed : null) },
            { header: 'value', value: (g) => (g.value === null ? 'n/a' : pct(g.value)) },
          ]) +
          '\n\nBest places to act (gain to the overall goal if fixed):\n' +
          renderTable(ranked, [
            { header: 'leaf', value: (r) => r.id },
            { header: 'value', value: (r) => (r.evidence.value === null ? 'n/a' : pct(r.evidence.value)) },
            { header: 'gain', value: (r) => pct(r.evidence.gain) },
            { header: 'why', value: (r) => r.reason },
          ]),
      };
    }
    case 'network': {
      const result = networkMeasures(network, stats);
      const ranked = top(result.actors);
      return {
        ranked,
        table:
          header(`Actor network: ${result.communities} communities, modularity ${result.modularity}`) +
          renderTable(ranked, [
            { header: 'actor', value: (r) => r.id },
            { header: 'kind', value: (r) => r.evidence.kind },
            { header: 'degree', value: (r) => r.evidence.degree },
            { header: 'weighted', value: (r) => r.evidence.weightedDegree },
            { header: 'betweenness', value: (r) => r.evidence.betweenness },
            { header: 'pagerank', value: (r) => r.evidence.pagerank },
            { header: 'community', value: (r) => r.evidence.community },
          ]),
      };
    }
    default:
      throw new UsageError(`unknown analysis "${command}"`);
  }
}

function channelMatrix(cells: ReturnType<typeof channelPresence>['cells']): string {
  const phases = PHASES.filter((p) => cells.some((c) => c.phase === p));
  const channels = CHANNELS.filter((ch) => cells.some((c) => c.channel === ch));
  const mark = { PRESENT: '●', ABSENT: '○', FIRM_ONLY: '·' } as const;
  const rows = phases.map((phase) => ({ phase }));
  const columns: Column<{ phase: Phase }>[] = [
    { header: 'phase', value: (r) => r.phase },
    ...channels.map((channel) => ({
      header: channel,
      align: 'right' as const,
      value: (r: { phase: Phase }): Cell => {
        const cell = cells.find((c) => c.phase === r.phase && c.channel === channel);
        return cell === undefined ? '' : `${cell.customerSteps} ${mark[cell.status]}`;
      },
    })),
  ];
  return renderTable(rows, columns) + '\n(customer steps; ● firm present, ○ firm absent, · firm only)';
}

/** CSV columns: id, name, score, reason, then every scalar evidence field (lists joined by `;`). */
function csvColumns(ranked: AnyRanked[]): Column<AnyRanked>[] {
  const keys = new Set<string>();
  for (const r of ranked) for (const k of Object.keys(r.evidence)) keys.add(k);
  const flat = (v: unknown): Cell => {
    if (v === null || v === undefined) return '';
    if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x !== null ? Object.values(x).join(':') : String(x))).join(';');
    if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}=${x}`).join(';');
    return v as Cell;
  };
  return [
    { header: 'id', value: (r) => r.id },
    { header: 'name', value: (r) => r.name },
    { header: 'score', value: (r) => r.score },
    { header: 'reason', value: (r) => r.reason },
    ...[...keys].map((k) => ({ header: k, value: (r: AnyRanked) => flat((r.evidence as Record<string, unknown>)[k]) })),
  ];
}

function parsePhase(value: string | undefined): Phase | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (!isOneOf(PHASES, upper)) throw new UsageError(`--phase "${value}" is not a phase; use one of ${PHASES.join(', ')}`);
  return upper;
}

function parseFilter(values: AnalysisFlags): StatsFilter {
  const filter: StatsFilter = {};
  if (values.segment !== undefined) filter.segment = values.segment;
  if (values.from !== undefined) filter.from = parseDate(values.from, '--from');
  if (values.to !== undefined) filter.to = parseDate(values.to, '--to');
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) {
    throw new UsageError(`--from ${values.from} is not before --to ${values.to}`);
  }
  return filter;
}

/** The event log's own timestamp rule: a date (midnight UTC) or a date-time with Z or an offset. */
function parseDate(value: string, flag: string): number {
  const ms = parseTimestamp(value);
  if (ms === undefined) {
    throw new UsageError(`${flag} takes an ISO 8601 date such as 2025-01-31, or a date-time with Z or an offset, not "${value}"`);
  }
  return ms;
}

function describeFilter(filter: StatsFilter): string {
  const parts: string[] = [];
  if (filter.segment !== undefined) parts.push(`segment ${filter.segment}`);
  if (filter.from !== undefined) parts.push(`from ${new Date(filter.from).toISOString().slice(0, 10)}`);
  if (filter.to !== undefined) parts.push(`before ${new Date(filter.to).toISOString().slice(0, 10)}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
