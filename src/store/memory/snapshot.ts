/**
 * The memory store's snapshot file: every model document with its journeys, saved atomically.
 *
 * Format (JSON, version 1):
 * ```
 * { "format": "goalnet-snapshot", "version": 1, "savedAt": "<ISO time>",
 *   "vocabularies": { "channels": [...], "outcomes": [...] },
 *   "models": [ {
 *     "document": <ModelDocument>,
 *     "strings": { "activities": [..], "actors": [..], "touchpoints": [..], "segments": [..],
 *                  "notes": [..], "attributes": [..] },
 *     "journeys": { "ids": [..], "segment": [..], "steps": [..] },
 *     "steps": { "timestamp": [..], "activity": [..], "actor": [..], "touchpoint": [..],
 *                "channel": [..], "outcome": [..], "sentiment": [..], "note": [..], "attribute": [..] } } ] }
 * ```
 * - `journeys` are parallel arrays: a journey's id, its segment (index into `strings.segments`,
 *   -1 for none) and its number of steps. Its steps are the next that many rows of `steps`, in
 *   journey order, each journey's steps ordered by timestamp (ties in recorded order).
 * - `steps` are parallel columns, one entry per step. `activity`, `actor`, `touchpoint`, `note` are
 *   indexes into the matching `strings` table (-1 for none); `channel` and `outcome` index the
 *   `vocabularies` lists (channel -1 for none); `sentiment` is an integer or null; `attribute`
 *   indexes `strings.attributes`, each a JSON list of [key, value] pairs sorted by key (-1 for none).
 *
 * Saving writes `<path>.tmp-<pid>`, fsyncs it, renames it over `<path>` and fsyncs the directory,
 * so a crash at any moment leaves either the previous or the new snapshot, never a half-written one.
 * Loading checks everything and refuses a damaged file with an error naming it.
 */
import { mkdir, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { GoalnetError, type Problem } from '../../model/errors.js';
import type { ModelDocument } from '../../model/types.js';
import { checkIntegrity } from '../../model/validate.js';
import { CHANNELS, OUTCOMES } from '../../model/vocabulary.js';
import { JourneyColumns, NO_SENTIMENT, NONE, type ColumnData } from './journey-columns.js';

export const SNAPSHOT_FORMAT = 'goalnet-snapshot';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotModel {
  document: ModelDocument;
  journeys: JourneyColumns;
}

const FLUSH_AT = 1 << 20;
const CHUNK = 1 << 16;

/** Buffers text and writes it to a file handle in large pieces. */
class TextSink {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly handle: FileHandle) {}

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.handle.write(text, null, 'utf8');
  }

  async numbers(values: ArrayLike<number>, map?: (v: number) => string | number): Promise<void> {
    await this.write('[');
    for (let at = 0; at < values.length; at += CHUNK) {
      const end = Math.min(values.length, at + CHUNK);
      const piece: (string | number)[] = new Array(end - at);
      for (let i = at; i < end; i++) piece[i - at] = map ? map(values[i]) : values[i];
      await this.write((at > 0 ? ',' : '') + piece.join(','));
    }
    await this.write(']');
  }
}

async function writeModel(sink: TextSink, model: SnapshotModel): Promise<void> {
  const d = model.journeys.data();
  await sink.write(`{"document":${JSON.stringify(model.document)},"strings":`);
  await sink.write(
    JSON.stringify({
      activities: d.activities,
      actors: d.actors,
      touchpoints: d.touchpoints,
      segments: d.segments,
      notes: d.notes,
      attributes: d.attributes,
    }),
  );
  await sink.write(`,"journeys":{"ids":${JSON.stringify(d.journeyIds)},"segment":`);
  await sink.numbers(d.journeySegment);
  await sink.write(',"steps":');
  await sink.numbers(d.journeySteps);
  await sink.write('},"steps":{"timestamp":');
  await sink.numbers(d.timestamp);
  for (const name of ['activity', 'actor', 'touchpoint', 'channel', 'outcome', 'note', 'attribute'] as const) {
    await sink.write(`,"${name}":`);
    await sink.numbers(d[name]);
  }
  await sink.write(',"sentiment":');
  await sink.numbers(d.sentiment, (v) => (v === NO_SENTIMENT ? 'null' : v));
  await sink.write('}}');
}

/** The temporary file a process writes before renaming it over the snapshot. */
export function temporaryPath(snapshotPath: string, pid = process.pid): string {
  return `${snapshotPath}.tmp-${pid}`;
}

/** Saves the models atomically to `snapshotPath` (see the module comment). */
export async function saveSnapshot(snapshotPath: string, models: Iterable<SnapshotModel>): Promise<void> {
  const dir = path.dirname(snapshotPath);
  await mkdir(dir, { recursive: true });
  const tmp = temporaryPath(snapshotPath);
  const handle = await open(tmp, 'w');
  try {
    const sink = new TextSink(handle);
    await sink.write(
      `{"format":"${SNAPSHOT_FORMAT}","version":${SNAPSHOT_VERSION},"savedAt":${JSON.stringify(new Date().toISOString())},` +
        `"vocabularies":${JSON.stringify({ channels: CHANNELS, outcomes: OUTCOMES })},"models":[`,
    );
    let first = true;
    for (const model of models) {
      if (!first) await sink.write(',');
      first = false;
      await writeModel(sink, model);
    }
    await sink.write(']}\n');
    await sink.flush();
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(tmp, snapshotPath);
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

/** Removes temporary files that processes no longer running left beside the snapshot. */
export async function removeStaleTemporaries(snapshotPath: string): Promise<string[]> {
  const dir = path.dirname(snapshotPath);
  const prefix = `${path.basename(snapshotPath)}.tmp-`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || isRunning(pid))) continue;
    await unlink(path.join(dir, name)).catch(() => undefined);
    removed.push(path.join(dir, name));
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Loads a snapshot; null when there is no file at the path. Throws when the file is damaged. */
export async function loadSnapshot(snapshotPath: string): Promise<SnapshotModel[] | null> {
  let text: string;
  try {
    text = await readFile(snapshotPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new GoalnetError('STORE_UNAVAILABLE', `Cannot read the snapshot ${snapshotPath}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw damaged(snapshotPath, [{ where: snapshotPath, message: `not valid JSON (${(error as Error).message}); the file may be half-written` }]);
  }
  text = '';
  return readSnapshot(raw, snapshotPath);
}

function damaged(snapshotPath: string, problems: Problem[]): GoalnetError {
  return new GoalnetError(
    'STORE_UNAVAILABLE',
    `The snapshot ${snapshotPath} cannot be loaded: it is damaged or not a goalnet snapshot. ` +
      'Restore a backup, or move the file aside to start with an empty store.',
    problems,
  );
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a parsed snapshot and builds the models it holds. */
export function readSnapshot(raw: unknown, snapshotPath: string): SnapshotModel[] {
  const problems: Problem[] = [];
  const fail = (where: string, message: string): never => {
    problems.push({ where, message });
    throw damaged(snapshotPath, problems);
  };
  if (!isObject(raw)) return fail('$', 'expected a JSON object');
  if (raw.format !== SNAPSHOT_FORMAT) fail('format', `expected "${SNAPSHOT_FORMAT}", found ${JSON.stringify(raw.format)}`);
  if (raw.version !== SNAPSHOT_VERSION) {
    fail('version', `this goalnet reads snapshot version ${SNAPSHOT_VERSION}, the file has ${JSON.stringify(raw.version)}`);
  }
  const vocab = isObject(raw.vocabularies) ? raw.vocabularies : fail('vocabularies', 'missing');
  const channelMap = vocabularyMap(vocab.channels, CHANNELS, 'vocabularies.channels', fail);
  const outcomeMap = vocabularyMap(vocab.outcomes, OUTCOMES, 'vocabularies.outcomes', fail);
  if (!Array.isArray(raw.models)) fail('models', 'expected a list');
  const models: SnapshotModel[] = [];
  const ids = new Set<string>();
  (raw.models as unknown[]).forEach((m, i) => {
    const model = readModel(m, `models[${i}]`, channelMap, outcomeMap, fail);
    if (ids.has(model.document.model.id)) fail(`models[${i}].document.model.id`, `model "${model.document.model.id}" appears twice`);
    ids.add(model.document.model.id);
    models.push(model);
  });
  return models;
}

type Fail = (where: string, message: string) => never;

function vocabularyMap(list: unknown, known: readonly string[], where: string, fail: Fail): Int32Array {
  if (!Array.isArray(list)) return fail(where, 'expected a list');
  return Int32Array.from(list, (name, i) => {
    const n = known.indexOf(name as string);
    return n >= 0 ? n : fail(`${where}[${i}]`, `unknown value ${JSON.stringify(name)}`);
  });
}

function stringList(v: unknown, where: string, fail: Fail, unique = true): string[] {
  if (!Array.isArray(v)) return fail(where, 'expected a list of strings');
  const seen = new Set<string>();
  v.forEach((s, i) => {
    if (typeof s !== 'string') fail(`${where}[${i}]`, 'expected a string');
    if (unique && seen.has(s)) fail(`${where}[${i}]`, `${JSON.stringify(s)} appears twice`);
    seen.add(s);
  });
  return v as string[];
}

/** An integer column of `length` values in [min, max), as an Int32Array; `map` renumbers values >= 0. */
function intColumn(v: unknown, where: string, length: number, min: number, max: number, fail: Fail, map?: Int32Array): Int32Array {
  if (!Array.isArray(v)) return fail(where, 'expected a list of integers');
  if (v.length !== length) fail(where, `expected ${length} values, found ${v.length}`);
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const n = v[i];
    if (!Number.isInteger(n) || n < min || n >= max) fail(`${where}[${i}]`, `expected an integer from ${min} to ${max - 1}, found ${JSON.stringify(n)}`);
    out[i] = map && n >= 0 ? map[n] : n;
  }
  return out;
}

function readModel(m: unknown, where: string, channelMap: Int32Array, outcomeMap: Int32Array, fail: Fail): SnapshotModel {
  if (!isObject(m)) return fail(where, 'expected an object');
  const document = m.document;
  if (!isObject(document) || !isObject(document.model) || typeof document.model.id !== 'string') {
    return fail(`${where}.document`, 'expected a model document with model.id');
  }
  for (const list of ['goals', 'actors', 'touchpoints', 'activities', 'partnerships', 'segments']) {
    if (!Array.isArray(document[list])) fail(`${where}.document.${list}`, 'expected a list');
  }
  const doc = document as unknown as ModelDocument;
  let integrity: Problem[];
  try {
    integrity = checkIntegrity(doc);
  } catch (error) {
    return fail(`${where}.document`, `not a usable model document (${(error as Error).message})`);
  }
  if (integrity.length > 0) fail(`${where}.document`, `the model does not hold together: ${integrity[0].where}: ${integrity[0].message}`);

  const strings = isObject(m.strings) ? m.strings : fail(`${where}.strings`, 'missing');
  const s = {
    activities: stringList(strings.activities, `${where}.strings.activities`, fail),
    actors: stringList(strings.actors, `${where}.strings.actors`, fail),
    touchpoints: stringList(strings.touchpoints, `${where}.strings.touchpoints`, fail),
    segments: stringList(strings.segments, `${where}.strings.segments`, fail),
    notes: stringList(strings.notes, `${where}.strings.notes`, fail, false),
    attributes: stringList(strings.attributes, `${where}.strings.attributes`, fail, false),
  };
  s.attributes.forEach((text, i) => {
    let ok = false;
    try {
      const pairs = JSON.parse(text) as unknown;
      ok = Array.isArray(pairs) && pairs.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string'));
    } catch {
      ok = false;
    }
    if (!ok) fail(`${where}.strings.attributes[${i}]`, 'expected a JSON list of [key, value] string pairs');
  });

  const journeys = isObject(m.journeys) ? m.journeys : fail(`${where}.journeys`, 'missing');
  const journeyIds = stringList(journeys.ids, `${where}.journeys.ids`, fail);
  const J = journeyIds.length;
  const journeySegment = intColumn(journeys.segment, `${where}.journeys.segment`, J, -1, s.segments.length, fail);
  const journeySteps = intColumn(journeys.steps, `${where}.journeys.steps`, J, 1, 2 ** 31 - 1, fail);
  let rows = 0;
  for (let j = 0; j < J; j++) rows += journeySteps[j];

  const steps = isObject(m.steps) ? m.steps : fail(`${where}.steps`, 'missing');
  const at = `${where}.steps`;
  const ts = steps.timestamp;
  if (!Array.isArray(ts) || ts.length !== rows) fail(`${at}.timestamp`, `expected ${rows} timestamps`);
  const timestamp = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const t = (ts as unknown[])[i];
    if (typeof t !== 'number' || !Number.isFinite(t)) fail(`${at}.timestamp[${i}]`, `expected a number, found ${JSON.stringify(t)}`);
    timestamp[i] = t as number;
  }
  let first = 0;
  for (let j = 0; j < J; j++) {
    for (let i = first + 1; i < first + journeySteps[j]; i++) {
      if (timestamp[i] < timestamp[i - 1]) fail(`${at}.timestamp[${i}]`, `steps of journey "${journeyIds[j]}" are out of order`);
    }
    first += journeySteps[j];
  }
  const sent = steps.sentiment;
  if (!Array.isArray(sent) || sent.length !== rows) fail(`${at}.sentiment`, `expected ${rows} values`);
  const sentiment = new Int8Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = (sent as unknown[])[i];
    if (v === null) sentiment[i] = NO_SENTIMENT;
    else if (Number.isInteger(v) && (v as number) >= -2 && (v as number) <= 2) sentiment[i] = v as number;
    else fail(`${at}.sentiment[${i}]`, `expected an integer from -2 to 2 or null, found ${JSON.stringify(v)}`);
  }
  const data: ColumnData = {
    ...s,
    journeyIds,
    journeySegment,
    journeySteps,
    timestamp,
    activity: intColumn(steps.activity, `${at}.activity`, rows, 0, s.activities.length, fail),
    actor: intColumn(steps.actor, `${at}.actor`, rows, NONE, s.actors.length, fail),
    touchpoint: intColumn(steps.touchpoint, `${at}.touchpoint`, rows, NONE, s.touchpoints.length, fail),
    channel: intColumn(steps.channel, `${at}.channel`, rows, NONE, channelMap.length, fail, channelMap),
    outcome: intColumn(steps.outcome, `${at}.outcome`, rows, 0, outcomeMap.length, fail, outcomeMap),
    sentiment,
    note: intColumn(steps.note, `${at}.note`, rows, NONE, s.notes.length, fail),
    attribute: intColumn(steps.attribute, `${at}.attribute`, rows, NONE, s.attributes.length, fail),
  };
  const columns = JourneyColumns.fromData(data);
  const usage = columns.usage();
  const known = {
    activity: new Set(doc.activities.map((a) => a.id)),
    actor: new Set(doc.actors.map((a) => a.id)),
    touchpoint: new Set(doc.touchpoints.map((t) => t.id)),
    segment: new Set(doc.segments.map((t) => t.id)),
  };
  for (const kind of ['activity', 'actor', 'touchpoint', 'segment'] as const) {
    for (const [id, use] of usage[kind]) {
      if (!known[kind].has(id)) fail(`${where}.steps`, `journey "${use.example}" refers to ${kind} "${id}", which the model does not have`);
    }
  }
  return { document: doc, journeys: columns };
}
