/**
 * The suite's readable report: the figures of one `npm run bench` (bench/run.ts) as Markdown.
 * First the targets (each with the baseline measured in the same run), then one table per series
 * with the sizes as rows and the fitted growth, then the API, the layout and the snapshot.
 *
 * A size whose planted findings did not rank first shows FAILED instead of its analysis times:
 * a fast wrong answer is not a result.
 */
import type { MemorySeries, SizeFigures } from './memory-series.js';
import type { Neo4jSize } from './neo4j-import.js';
import { describeGrowth, type Growth } from './lib/growth.js';
import { describeMachine, type Machine } from './lib/machine.js';

export interface BenchOutcome {
  /** The figures the bench printed (absent when it printed none). */
  figures?: Record<string, unknown>;
  /** Why it did not run. */
  skipped?: string;
  /** Why it failed (exit code, or the planted check). */
  failed?: string;
  seconds?: number;
}

export interface SuiteSummary {
  date: string;
  machine: Machine & { loadAverageAtEnd: number[] };
  options: { maxSteps: number | null; only: string[] };
  seconds: number;
  results: Record<string, BenchOutcome>;
  targets: Target[];
}

export interface Target {
  what: string;
  target: string;
  /** null: not measured in this run. */
  measured: string | null;
  baseline: string | null;
  ratio: string | null;
  met: boolean | null;
}

interface ApiFigures {
  rate: number;
  scenarios: Record<string, { requestsPerSecond: number; latencyP50Ms: number; latencyP99Ms: number }>;
  serverPeakRssMb: Record<string, number>;
  modelVsBare: number;
}

interface Neo4jFigures {
  neo4j: { server: string; heap?: string; pagecache?: string };
  warmup: { steps: number; seconds: number; coldStepsPerSecond: number | null };
  sizes: Neo4jSize[];
  crashed?: { steps: number; reason: string }[];
  growth: Record<'import' | 'baseline' | 'journeyStats', Growth | null>;
  batchSize: number;
  statsConcurrency: number;
}

interface LayoutFigures {
  results: {
    nodes: number;
    edges: number;
    totalMs: number;
    forceAtlas2Ms: number;
    msPerIteration: number;
    noverlapAndSeparationMs: number;
    overlappingPairs: number;
    peakRssMb: number;
    targetMs: number | null;
    metTarget: boolean | null;
  }[];
  growth: Growth | null;
  peakPerSize: boolean;
}

const MILLION = 1_000_000;
export const SUITE_BUDGET_SECONDS = 20 * 60;

// ── formatting ───────────────────────────────────────────────────────────────────────────

export function duration(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en');
}

/** 10^6 for powers of ten, else the number with separators. */
function size(n: number): string {
  const exponent = Math.log10(n);
  return Number.isInteger(exponent) ? `10^${exponent}` : count(n);
}

/** Sizes of the synthetic logs are about 10^k (the generator's journeys vary in length). */
function aboutSize(steps: number): string {
  const k = Math.round(Math.log10(steps));
  return `${count(steps)} (≈10^${k})`;
}

function mb(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  return x < 10 ? `${x.toFixed(1)} MB` : `${Math.round(x)} MB`;
}

function times(ratio: number, of = ''): string {
  return of === '' ? `${ratio.toFixed(2)}×` : `${ratio.toFixed(2)}× ${of}`;
}

function yesNo(met: boolean | null): string {
  return met === null ? '—' : met ? 'yes' : '**no**';
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** Text for a table cell or a line: no line breaks, no unescaped pipes. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

function growthLine(what: string, growth: Growth | null | undefined): string {
  return `${what}: ${describeGrowth(growth ?? null)}.`;
}

// ── targets ──────────────────────────────────────────────────────────────────────────────

function nearest<T extends { steps: number }>(sizes: readonly T[] | undefined, steps: number): T | undefined {
  // The synthetic logs hold about 10^k steps, not exactly: take the size within 10 %.
  return sizes?.find((s) => Math.abs(s.steps - steps) / steps < 0.1);
}

/** The project's targets, each measured against its baseline where there is one. */
export function targets(results: Record<string, BenchOutcome>, seconds: number): Target[] {
  const memory = results.memory?.figures as MemorySeries | undefined;
  const neo = results.neo4j?.figures as Neo4jFigures | undefined;
  const api = results.api?.figures as ApiFigures | undefined;
  const layout = results.layout?.figures as LayoutFigures | undefined;
  const m6 = nearest(memory?.sizes, MILLION);
  const n6 = nearest(neo?.sizes, MILLION);
  const out: Target[] = [];
  const add = (t: Target): void => {
    out.push(t);
  };
  add({
    what: '10^6 steps parsed, checked and imported into the memory store',
    target: '< 3 s',
    measured: m6 ? duration(m6.import.ms) : null,
    baseline: m6 ? `plain CSV parse ${duration(m6.parse.ms)}` : null,
    ratio: m6 ? times(m6.import.ratioToParse, 'its time') : null,
    met: m6 ? m6.import.ms < 3000 : null,
  });
  add({
    what: 'journeyStats + all analyses on 10^6 steps (memory store)',
    target: '< 2 s',
    measured: m6 ? (m6.planted.length > 0 ? 'FAILED (planted findings not first)' : duration(m6.allMs)) : null,
    baseline: null,
    ratio: null,
    met: m6 ? m6.planted.length === 0 && m6.allMs < 2000 : null,
  });
  add({
    what: 'memory store holding 10^6 steps, resident after import',
    target: '< 600 MB',
    measured: m6 ? mb(m6.import.storeRssMb) : null,
    baseline: m6 ? `same process before the import ${mb(m6.import.rssBeforeMb)}` : null,
    ratio: null,
    met: m6 ? m6.import.storeRssMb < 600 : null,
  });
  add({
    what: 'peak memory of the import of 10^6 steps (memory store)',
    target: '< 600 MB',
    measured: m6 ? mb(m6.import.peakRssMb) : null,
    baseline: m6 ? `plain CSV parse ${mb(m6.parse.peakRssMb)}` : null,
    ratio: m6 ? times(m6.import.peakRssMb / m6.parse.peakRssMb, 'its peak') : null,
    met: m6 ? m6.import.peakRssMb < 600 : null,
  });
  add({
    what: 'Neo4j import of 10^6 steps',
    target: '≥ 50,000 steps/s',
    measured: n6 ? `${count(n6.stepsPerSecond)} steps/s` : null,
    baseline: n6 ? `raw UNWIND … CREATE ${count(n6.baseline.stepsPerSecond)} steps/s` : null,
    ratio: n6 ? times(n6.importVsBaseline, 'its rate') : null,
    met: n6 ? n6.stepsPerSecond >= 50_000 : null,
  });
  add({
    what: 'Neo4j journeyStats over 10^6 steps (warm, median)',
    target: '< 3 s',
    measured: n6 ? (n6.planted.length > 0 ? 'FAILED (planted findings not first)' : duration(n6.journeyStatsSeconds.medianWarm * 1000)) : null,
    baseline: null,
    ratio: null,
    met: n6 ? n6.planted.length === 0 && n6.journeyStatsSeconds.medianWarm < 3 : null,
  });
  const atRate = api?.scenarios['model@rate'];
  const bareAtRate = api?.scenarios['bare@rate'];
  add({
    what: `GraphQL model query p99 at ${api?.rate ?? 200} requests/s`,
    target: '< 25 ms',
    measured: atRate ? `${atRate.latencyP99Ms} ms (p50 ${atRate.latencyP50Ms} ms)` : null,
    baseline: bareAtRate ? `bare Apollo Server ${bareAtRate.latencyP99Ms} ms (p50 ${bareAtRate.latencyP50Ms} ms)` : null,
    ratio: atRate && bareAtRate && bareAtRate.latencyP99Ms > 0 ? times(atRate.latencyP99Ms / bareAtRate.latencyP99Ms, 'its p99') : null,
    met: atRate ? atRate.latencyP99Ms < 25 : null,
  });
  add({
    what: 'GraphQL model query throughput',
    target: '≥ 0.5× bare Apollo',
    measured: api ? `${count(api.scenarios.model.requestsPerSecond)} req/s` : null,
    baseline: api ? `bare Apollo Server ${count(api.scenarios.bare.requestsPerSecond)} req/s` : null,
    ratio: api ? times(api.modelVsBare, 'its rate') : null,
    met: api ? api.modelVsBare >= 0.5 : null,
  });
  for (const [nodes, limitMs] of [
    [1000, 2000],
    [10_000, 20_000],
  ] as const) {
    const r = layout?.results.find((x) => x.nodes === nodes);
    add({
      what: `layout of ${count(nodes)} actors (ForceAtlas2, 300 iterations, no overlaps)`,
      target: `< ${limitMs / 1000} s`,
      measured: r ? `${duration(r.totalMs)}, ${r.overlappingPairs} overlaps` : null,
      baseline: null,
      ratio: null,
      met: r ? r.totalMs < limitMs && r.overlappingPairs === 0 : null,
    });
  }
  const crashed = (memory?.crashed?.length ?? 0) + (neo?.crashed?.length ?? 0);
  const checked = [...(memory?.sizes ?? []), ...(neo?.sizes ?? [])];
  const total = checked.length + crashed;
  const wrong = checked.filter((s) => s.planted.length > 0).length + crashed;
  add({
    what: 'planted findings ranked first at every size (memory store and Neo4j)',
    target: 'all sizes',
    measured: total === 0 ? null : `${total - wrong} of ${total} sizes`,
    baseline: null,
    ratio: null,
    met: total === 0 ? null : wrong === 0,
  });
  add({
    what: 'the whole suite, `npm run bench`',
    target: '< 20 min',
    measured: duration(seconds * 1000),
    baseline: null,
    ratio: null,
    met: seconds < SUITE_BUDGET_SECONDS,
  });
  return out;
}

// ── sections ─────────────────────────────────────────────────────────────────────────────

function memorySection(m: MemorySeries): string[] {
  const lines: string[] = ['## Memory store: cost against size', ''];
  lines.push(
    `Synthetic model and log (bench/generate, seed \`${m.seed}\`) per size, written once; each figure from a fresh process. ` +
      `Times of journeyStats and the analyses are medians of ${m.runs} runs after one warm-up, each journeyStats run right after a write (the store keeps results until its next write, so repeated calls cost only a copy: shown apart). ` +
      'The baseline of the import is a plain CSV parse of the same file (same reader and parser, no model, nothing kept). ' +
      'The model grows with the log (20 actors at 10^4 steps, 1,000 at 10^7), so journeyStats and the analyses also pay for a larger model. ' +
      'The fitted growth is over all sizes; at the small ones a fixed start-up cost weighs, so the exponent between the two largest sizes is stated too.',
    '',
  );
  const failed = (s: SizeFigures): boolean => s.planted.length > 0;
  lines.push('### Plain CSV parse (the baseline) and the log', '');
  lines.push(
    ...table(
      ['steps', 'actors', 'journeys', 'log', 'generate', 'plain parse', 'steps/s', 'peak RSS'],
      m.sizes.map((s) => [aboutSize(s.steps), count(s.actors), count(s.journeys), mb(s.logMb), duration(s.generate.ms), duration(s.parse.ms), count(s.parse.stepsPerSecond), mb(s.parse.peakRssMb)]),
    ),
    '',
    growthLine('Plain parse time', m.growth.parse),
    '',
  );
  lines.push('### Parse, check and import (`goalnet import` into the memory store)', '');
  lines.push(
    ...table(
      ['steps', 'time', 'baseline (plain parse)', 'time ÷ baseline', 'steps/s', 'peak RSS', 'resident before → after import'],
      m.sizes.map((s) => [
        aboutSize(s.steps),
        duration(s.import.ms),
        duration(s.parse.ms),
        times(s.import.ratioToParse),
        count(s.import.stepsPerSecond),
        mb(s.import.peakRssMb),
        `${mb(s.import.rssBeforeMb)} → ${mb(s.import.storeRssMb)}`,
      ]),
    ),
    '',
    growthLine('Import time', m.growth.import),
    '',
    'Resident before: Node, the code and an empty store; after: the store holding the journeys, the parsed log dropped and garbage collected.',
    '',
  );
  lines.push('### journeyStats (memory store)', '');
  lines.push(
    ...table(
      ['steps', 'time after a write (median)', 'first run', 'steps/s', 'repeated, no write between (kept result)'],
      m.sizes.map((s) =>
        failed(s)
          ? [aboutSize(s.steps), 'FAILED', 'FAILED', '—', '—']
          : [
              aboutSize(s.steps),
              duration(s.journeyStats.ms),
              duration(s.journeyStats.firstMs),
              count(s.steps / (s.journeyStats.ms / 1000)),
              s.journeyStats.cachedMs === undefined ? '—' : duration(s.journeyStats.cachedMs),
            ],
      ),
    ),
    '',
    growthLine('journeyStats time', m.growth.journeyStats),
    '',
  );
  lines.push('### journeyStats + every analysis, as one request computes them', '');
  lines.push(
    ...table(
      ['steps', 'time (median)', 'steps/s', 'peak RSS of the analyses', 'planted findings'],
      m.sizes.map((s) =>
        failed(s)
          ? [aboutSize(s.steps), 'FAILED', '—', mb(s.analysisPeakRssMb), `**FAILED**: ${oneLine(s.planted.join('; '))}`]
          : [aboutSize(s.steps), duration(s.allMs), count(s.steps / (s.allMs / 1000)), mb(s.analysisPeakRssMb), 'ranked first'],
      ),
    ),
    '',
    growthLine('journeyStats + all analyses time', m.growth.all),
    '',
  );
  if (m.sizes.length > 0) {
    lines.push('### Each analysis on the computed journeyStats (median)', '');
    const names = Object.keys(m.sizes[0].analysesMs);
    lines.push(
      ...table(
        ['analysis', ...m.sizes.map((s) => `≈10^${Math.round(Math.log10(s.steps))} steps, ${s.actors} actors`)],
        names.map((name) => [name, ...m.sizes.map((s) => (failed(s) ? 'FAILED' : duration(s.analysesMs[name])))]),
      ),
      '',
      'The analyses work on the aggregated journeyStats, so their cost follows the model (actors, activities), not the steps.',
      '',
    );
  }
  for (const s of m.skipped) lines.push(`${size(s.steps)} steps: not run (${oneLine(s.reason)}).`, '');
  for (const s of m.crashed ?? []) lines.push(`${size(s.steps)} steps: **FAILED** (${oneLine(s.reason)}).`, '');
  if (m.sizes.some((s) => !s.peakPerPhase)) lines.push('Peak RSS of the analyses is the process peak since its start (this system does not allow resetting it).', '');
  return lines;
}

function neo4jSection(n: Neo4jFigures): string[] {
  const lines: string[] = ['## Neo4j store: cost against size', ''];
  const server = [n.neo4j.server, n.neo4j.heap ? `heap ${n.neo4j.heap}` : '', n.neo4j.pagecache ? `page cache ${n.neo4j.pagecache}` : ''].filter(Boolean).join(', ');
  lines.push(
    `${server}; one server for the series, batches of ${count(n.batchSize)} journeys. ` +
      (n.warmup.steps > 0 ? `A warm-up imported ${count(n.warmup.steps)} steps first at ${count(n.warmup.coldStepsPerSecond ?? 0)} steps/s (cold JVM). ` : '') +
      'Baseline: the same rows written by a raw `UNWIND $rows AS r CREATE (j:RawJourney) SET j = r` (no checks, no merging).',
    '',
  );
  lines.push('### Import', '');
  lines.push(
    ...table(
      ['steps', 'time', 'baseline (raw UNWIND CREATE)', 'time ÷ baseline', 'steps/s', 'baseline steps/s', 'JVM peak RSS'],
      n.sizes.map((s) => [
        aboutSize(s.steps),
        duration(s.importSeconds * 1000),
        duration(s.baseline.seconds * 1000),
        times(s.importSeconds / s.baseline.seconds),
        count(s.stepsPerSecond),
        count(s.baseline.stepsPerSecond),
        mb(s.jvmPeakRssMb) + (s.jvmPeakSinceStart ? ' (since start)' : ''),
      ]),
    ),
    '',
    growthLine('Import time', n.growth.import),
    growthLine('Baseline time', n.growth.baseline),
    '',
  );
  lines.push(`### journeyStats (Neo4j, ${n.statsConcurrency} queries at a time)`, '');
  lines.push(
    ...table(
      ['steps', 'warm, after a write (median)', 'first run', 'repeated, no write between (kept result)', 'one segment', 'all queries in one transaction', 'planted findings'],
      n.sizes.map((s) =>
        s.planted.length > 0
          ? [aboutSize(s.steps), 'FAILED', 'FAILED', '—', '—', '—', `**FAILED**: ${oneLine(s.planted.join('; '))}`]
          : [
              aboutSize(s.steps),
              duration(s.journeyStatsSeconds.medianWarm * 1000),
              duration(s.journeyStatsSeconds.first * 1000),
              s.journeyStatsSeconds.keptMs === undefined ? '—' : duration(s.journeyStatsSeconds.keptMs),
              duration(s.journeyStatsSegmentSeconds * 1000),
              duration(s.journeyStatsOneTransactionSeconds * 1000),
              'ranked first',
            ],
      ),
    ),
    '',
    growthLine('journeyStats time', n.growth.journeyStats),
    '',
  );
  for (const s of n.crashed ?? []) lines.push(`${size(s.steps)} steps: **FAILED** (${oneLine(s.reason)}).`, '');
  return lines;
}

function apiSection(a: ApiFigures): string[] {
  const s = a.scenarios;
  const row = (what: string, name: string, base: string, basis: 'rate' | 'p99'): string[] => {
    const f = s[name];
    const b = s[base];
    const ratio = basis === 'rate' ? f.requestsPerSecond / b.requestsPerSecond : b.latencyP99Ms > 0 ? f.latencyP99Ms / b.latencyP99Ms : NaN;
    return [
      what,
      count(f.requestsPerSecond),
      `${f.latencyP50Ms} ms`,
      `${f.latencyP99Ms} ms`,
      `${count(b.requestsPerSecond)} req/s, p50 ${b.latencyP50Ms} ms, p99 ${b.latencyP99Ms} ms`,
      Number.isFinite(ratio) ? times(ratio, basis === 'rate' ? 'its rate' : 'its p99') : '—',
    ];
  };
  return [
    '## GraphQL API',
    '',
    'autocannon on loopback, servers in their own processes in production mode; baseline: a bare Apollo Server answering `{ hello }` (and, in the second row, the model query\'s shape from the same example document in memory, which shows what goalnet\'s own layers cost: keys, limits, logging, DataLoaders, type-graphql, the store).',
    '',
    ...table(
      ['scenario', 'req/s', 'p50', 'p99', 'baseline (bare Apollo)', 'ratio'],
      [
        row('model query, as fast as it answers', 'model', 'bare', 'rate'),
        ...(a.scenarios.bareModel ? [row('model query, as fast as it answers, against a bare Apollo Server answering the same query from the same document', 'model', 'bareModel', 'rate')] : []),
        row("gaps analysis query, as fast as it answers (no writes meanwhile, so the store's kept journeyStats serve it)", 'gaps', 'bare', 'rate'),
        row(`model query at ${a.rate} requests/s`, 'model@rate', 'bare@rate', 'p99'),
      ],
    ),
    '',
    `Server peak resident memory: goalnet ${mb(a.serverPeakRssMb.goalnet)}, bare Apollo ${mb(a.serverPeakRssMb.bare)}.`,
    '',
  ];
}

function layoutSection(l: LayoutFigures): string[] {
  return [
    '## Layout',
    '',
    'ForceAtlas2 (300 iterations, Barnes-Hut above 500 actors), then noverlap and separation, on seeded synthetic actor networks.',
    '',
    ...table(
      ['actors', 'ties', 'time', 'ForceAtlas2', 'per iteration', 'noverlap + separation', 'overlaps', 'peak RSS', 'target', 'met'],
      l.results.map((r) => [
        count(r.nodes),
        count(r.edges),
        duration(r.totalMs),
        duration(r.forceAtlas2Ms),
        duration(r.msPerIteration),
        duration(r.noverlapAndSeparationMs),
        String(r.overlappingPairs),
        mb(r.peakRssMb) + (l.peakPerSize ? '' : ' (since start)'),
        r.targetMs === null ? '—' : `< ${r.targetMs / 1000} s`,
        yesNo(r.metTarget),
      ]),
    ),
    '',
    growthLine('Layout time (n = actors)', l.growth),
    '',
  ];
}

function keyValueSection(name: string, figures: Record<string, unknown>): string[] {
  const rows: string[][] = [];
  const walk = (o: Record<string, unknown>, prefix: string): void => {
    for (const [k, v] of Object.entries(o)) {
      if (['machine', 'date', 'bench'].includes(k)) continue;
      const key = prefix ? `${prefix}.${k}` : k;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, key);
      else rows.push([key, Array.isArray(v) ? JSON.stringify(v) : String(v)]);
    }
  };
  walk(figures, '');
  return [`## ${name}`, '', ...table(['figure', 'value'], rows), ''];
}

const TITLES: Record<string, string> = {
  memory: 'Memory store',
  neo4j: 'Neo4j store',
  api: 'GraphQL API',
  layout: 'Layout',
  snapshot: 'Memory store snapshot (10^6 steps, bench/memory-store-rss.ts)',
};

export function markdown(s: SuiteSummary): string {
  const m = s.machine;
  const lines: string[] = [
    '# Benchmark results',
    '',
    `Taken ${s.date.slice(0, 16).replace('T', ' ')} UTC on ${describeMachine(m)}; ` +
      `load average at the start ${m.loadAverage.join(' / ')}, at the end ${m.loadAverageAtEnd.join(' / ')} (1 / 5 / 15 min). ` +
      `The suite took ${duration(s.seconds * 1000)}.`,
    '',
    'Rerun with `npm run bench` (`npm run bench -- memory api` for some of it, `-- --max-steps 1e6` to stop at 10^6 steps; ' +
      '10^7 steps run when the machine has 5 GB of memory free). ' +
      'Each figure stands next to a baseline measured in the same run, so the ratios hold on a busy machine.',
    '',
    '## Targets',
    '',
    ...table(
      ['target', 'goal', 'measured', 'baseline (same run)', 'ratio', 'met'],
      s.targets.map((t) => [t.what, t.target, t.measured ?? 'not measured', t.baseline ?? '—', t.ratio ?? '—', yesNo(t.met)]),
    ),
    '',
  ];
  for (const [name, outcome] of Object.entries(s.results)) {
    const title = TITLES[name] ?? name;
    if (outcome.skipped !== undefined) {
      lines.push(`## ${title}`, '', `Skipped: ${outcome.skipped}.`, '');
      continue;
    }
    if (outcome.figures === undefined) {
      lines.push(`## ${title}`, '', `**FAILED**: ${oneLine(outcome.failed ?? 'no figures')}.`, '');
      continue;
    }
    if (outcome.failed !== undefined) lines.push(`**${title}: FAILED** — ${outcome.failed}.`, '');
    const f = outcome.figures;
    if (name === 'memory') lines.push(...memorySection(f as unknown as MemorySeries));
    else if (name === 'neo4j') lines.push(...neo4jSection(f as unknown as Neo4jFigures));
    else if (name === 'api') lines.push(...apiSection(f as unknown as ApiFigures));
    else if (name === 'layout') lines.push(...layoutSection(f as unknown as LayoutFigures));
    else lines.push(...keyValueSection(title, f));
  }
  return `${lines.join('\n')}\n`;
}
