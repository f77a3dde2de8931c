/** The commands that load, check and print models: validate, import, show, export, models. */
import { writeFile } from 'node:fs/promises';
import { GoalNetwork } from '../graph/goal-network.js';
import { readModelFile, serializeModel } from '../ingest/model-file.js';
import { readEventLog } from '../ingest/event-log.js';
import { exampleFiles } from '../ingest/examples.js';
import type { ModelDocument } from '../model/types.js';
import { notFound } from '../model/errors.js';
import { PHASES } from '../model/vocabulary.js';
import type { JourneyStats } from '../model/journey-stats.js';
import type { GraphStore } from '../store/graph-store.js';
import { openStore, scratchStore, storeChoice } from '../store/open.js';
import { renderTable } from './table.js';
import {
  UsageError,
  loadEventLog,
  looksLikeFile,
  openTarget,
  reportRejects,
  requireArg,
  type Output,
} from './context.js';

/** `goalnet validate FILE [--events LOG]`: checks a model file (and a log against it). */
export async function validateCommand(file: string | undefined, events: string | undefined, io: Output): Promise<number> {
  const doc = await readModelFile(requireArg(file, 'FILE: the model file to check'));
  const counts = describeCounts(doc);
  io.out(`${file}: valid model "${doc.model.id}" (${counts}).`);
  if (events === undefined) return 0;
  const log = await readEventLog(events, doc);
  reportRejects(log, undefined, io);
  io.out(`${events}: ${log.accepted} of ${log.rows} rows valid, ${log.journeys.length} journeys.`);
  return log.rejects.length === 0 ? 0 : 1;
}

/** `goalnet import MODEL [--events LOG] [--rejects FILE]`: writes a model (and its journeys) into the store. */
export async function importCommand(
  file: string | undefined,
  options: { events?: string; rejects?: string },
  io: Output,
): Promise<number> {
  const path = requireArg(file, 'MODEL: a model file to import');
  const store = await openStore();
  try {
    let doc: ModelDocument;
    if (looksLikeFile(path)) {
      doc = await readModelFile(path);
      await store.putDocument(doc);
      io.out(`Imported model "${doc.model.id}" (${describeCounts(doc)}) into ${storeChoice().location}.`);
    } else {
      const stored = await store.getDocument(path);
      if (stored === null) throw notFound(`"${path}" is neither a model file (.json, .yaml) nor a model in the store (${storeChoice().location})`);
      doc = stored;
    }
    if (options.events === undefined) return 0;
    const log = await loadEventLog(store, doc, options.events, options.rejects, io, true);
    const counts = await store.countJourneys(doc.model.id);
    io.out(
      `Imported ${log.accepted.toLocaleString('en-US')} steps of ${log.journeys.length.toLocaleString('en-US')} journeys from ${options.events}; ` +
        `"${doc.model.id}" now holds ${counts.journeys.toLocaleString('en-US')} journeys, ${counts.steps.toLocaleString('en-US')} steps.`,
    );
    return log.rejects.length === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** `goalnet export MODEL --format json [--out FILE]`: the normalised model file. */
export async function exportCommand(
  arg: string | undefined,
  options: { format?: string; out?: string },
  io: Output,
): Promise<number> {
  const format = options.format ?? 'json';
  if (format !== 'json') throw new UsageError(`--format ${format} is not known for export; use --format json`);
  const target = await openTarget(requireArg(arg, 'MODEL: a model file or stored model id'), {}, io);
  try {
    const text = serializeModel(target.doc);
    if (options.out !== undefined) {
      await writeFile(options.out, text);
      io.err(`Wrote ${options.out}.`);
    } else io.out(text);
    return 0;
  } finally {
    await target.store.close();
  }
}

/** `goalnet models`: the models in the configured store. */
export async function modelsCommand(io: Output): Promise<number> {
  const store = await openStore();
  try {
    const models = await store.listModels();
    const rows = await Promise.all(models.map(async (m) => ({ ...m, ...(await store.countJourneys(m.id)) })));
    io.out(`Store: ${storeChoice().location}`);
    io.out(
      renderTable(rows, [
        { header: 'id', value: (r) => r.id },
        { header: 'name', value: (r) => r.name },
        { header: 'journeys', value: (r) => r.journeys },
        { header: 'steps', value: (r) => r.steps },
      ]),
    );
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * `goalnet show MODEL [--events LOG]` or `goalnet show --examples`: the goal tree, activities,
 * actors, touchpoints and journey counts.
 */
export async function showCommand(
  arg: string | undefined,
  options: { events?: string; rejects?: string; examples?: boolean },
  io: Output,
): Promise<number> {
  if (options.examples) {
    const store = await scratchStore();
    try {
      for (const files of exampleFiles()) {
        const doc = await readModelFile(files.model);
        await store.putDocument(doc);
        if (files.events !== undefined) await loadEventLog(store, doc, files.events, undefined, io);
        io.out(await describeModel(store, doc));
      }
      return 0;
    } finally {
      await store.close();
    }
  }
  const target = await openTarget(requireArg(arg, 'MODEL: a model file or stored model id'), options, io);
  try {
    io.out(await describeModel(target.store, target.doc));
    return target.rejected === 0 ? 0 : 1;
  } finally {
    await target.store.close();
  }
}

export function describeCounts(doc: ModelDocument): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return [
    n(doc.goals.length, 'goal'),
    n(doc.activities.length, 'activity').replace('activitys', 'activities'),
    n(doc.actors.length, 'actor'),
    n(doc.touchpoints.length, 'touchpoint'),
    n(doc.partnerships.length, 'partnership'),
    n(doc.segments.length, 'segment'),
  ].join(', ');
}

export async function describeModel(store: GraphStore, doc: ModelDocument): Promise<string> {
  const net = new GoalNetwork(doc);
  const stats = await store.journeyStats(doc.model.id);
  const focal = net.focalActor();
  const rule = '═'.repeat(78);
  const parts: string[] = [
    rule,
    `${doc.model.name} (${doc.model.id})`,
    ...(doc.model.description ? [doc.model.description] : []),
    `Focal firm: ${focal ? focal.name : 'none declared'} · ${describeCounts(doc)}`,
    describeJourneys(stats),
    '',
    'Goal tree',
    goalTree(net),
    '',
    'Activities by phase',
    renderTable(
      [...doc.activities].sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase)),
      [
        { header: 'phase', value: (a) => a.phase },
        { header: 'activity', value: (a) => a.id },
        { header: 'goal', value: (a) => a.goal },
        { header: 'mode', value: (a) => a.mode },
        { header: 'actors', value: (a) => net.actorsOfActivity(a.id).map((x) => x.id).join(' ') },
        { header: 'steps', value: (a) => stats.activities.find((s) => s.id === a.id)?.steps ?? 0 },
      ],
    ),
    '',
    'Actors',
    renderTable(doc.actors, [
      { header: 'actor', value: (a) => a.id },
      { header: 'name', value: (a) => a.name },
      { header: 'kind', value: (a) => a.kind },
      {
        header: 'relation',
        value: (a) => (a.focal ? 'focal firm' : focal && net.isPartner(focal.id, a.id) ? 'partner' : ''),
      },
      { header: 'goals', value: (a) => net.goalsOfActor(a.id).map((g) => g.id).join(' ') },
      { header: 'journeys', value: (a) => stats.actors.find((s) => s.actor === a.id)?.journeys ?? 0 },
    ]),
    '',
    'Touchpoints',
    renderTable(doc.touchpoints, [
      { header: 'touchpoint', value: (t) => t.id },
      { header: 'actor', value: (t) => t.actor },
      { header: 'channel', value: (t) => t.channel },
      { header: 'initiator', value: (t) => t.initiator },
      { header: 'ownership', value: (t) => t.ownership },
    ]),
  ];
  return parts.join('\n') + '\n';
}

function describeJourneys(stats: JourneyStats): string {
  if (stats.journeys === 0) return 'Journeys: none recorded';
  const o = stats.outcomes;
  const fmt = (n: number) => n.toLocaleString('en-US');
  return (
    `Journeys: ${fmt(stats.journeys)} with ${fmt(stats.steps)} steps · ended completed ${fmt(o.completed)}, ` +
    `abandoned ${fmt(o.abandoned)}, stuck ${fmt(o.stuck)}, open ${fmt(o.progressed)}`
  );
}

/** The goal tree drawn with box characters, each goal with its refinement and activity count. */
export function goalTree(net: GoalNetwork): string {
  const root = net.root();
  if (root === undefined) return '  (no goals yet)';
  const lines: string[] = [];
  const visit = (goalId: string, prefix: string, childPrefix: string) => {
    const goal = net.goal(goalId)!;
    const kids = net.children(goalId);
    const activities = net.activitiesOf(goalId).length;
    const tags = [kids.length > 1 ? goal.refinement : '', activities > 0 ? `${activities} activities` : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`${prefix}${goal.name} (${goal.id})${tags ? ` [${tags}]` : ''}`);
    kids.forEach((kid, i) => {
      const last = i === kids.length - 1;
      visit(kid.id, `${childPrefix}${last ? '└─ ' : '├─ '}`, `${childPrefix}${last ? '   ' : '│  '}`);
    });
  };
  visit(root.id, '  ', '  ');
  return lines.join('\n');
}
