/**
 * Validation of model input: turns parsed JSON/YAML into a typed, normalised `ModelDocument`, and
 * checks the cross-reference rules of a typed document. Pure: no I/O.
 *
 * Two layers, so that every problem is reported once and all problems are reported together:
 * - `parseModelDocument` checks the *shape* of untyped input (objects, lists, strings, booleans,
 *   unknown fields) and fills in defaults;
 * - `checkIntegrity` checks the *values* of a typed document (id format, names, enum members) and
 *   its *references* (unknown ids, duplicates, goal cycles, one overall goal, one focal actor).
 *   The stores run it after every edit; `parseModelDocument` runs it on what it parsed.
 *
 * Every problem's `where` is the source followed by a JSON path (`home.json: goals[3].parent`);
 * problems come ordered by path, in document order (model, goals, actors, touchpoints,
 * activities, partnerships, segments; indexes numerically; fields in the order of `MODEL_FIELDS`).
 */
import { badInput, type GoalnetError, type Problem } from './errors.js';
import {
  type Activity,
  type Actor,
  type Goal,
  type ModelDocument,
  type ModelInfo,
  type Partnership,
  type Segment,
  type Touchpoint,
  partnershipKey,
  sortedPair,
} from './types.js';
import {
  ACTOR_KINDS,
  CHANNELS,
  INITIATORS,
  MODES,
  OWNERSHIPS,
  PHASES,
  REFINEMENTS,
  type Channel,
  type Ownership,
} from './vocabulary.js';

// ---------------------------------------------------------------------------------------------
// Public constants and small helpers
// ---------------------------------------------------------------------------------------------

/** Longest id accepted, in UTF-16 code units. */
export const ID_MAX_LENGTH = 200;

/** The sections of a model file, in the order they are written and reported. */
export const MODEL_SECTIONS = [
  'model',
  'goals',
  'actors',
  'touchpoints',
  'activities',
  'partnerships',
  'segments',
] as const;
export type ModelSection = (typeof MODEL_SECTIONS)[number];

/**
 * The fields each entity of a model file may have, in the order they are written. Any other
 * field is reported as a problem (a typo such as `parnet` must not pass silently).
 */
export const MODEL_FIELDS = {
  model: ['id', 'name', 'description'],
  goal: ['id', 'name', 'parent', 'refinement', 'description'],
  actor: ['id', 'name', 'kind', 'focal'],
  touchpoint: ['id', 'name', 'actor', 'channel', 'initiator', 'ownership'],
  activity: ['id', 'name', 'goal', 'phase', 'mode', 'actors', 'touchpoints', 'next'],
  partnership: ['actors'],
  segment: ['id', 'name'],
} as const;

/**
 * Top-level keys accepted besides the sections: `$schema` (a JSON Schema reference for editors),
 * which is ignored.
 */
export const IGNORED_TOP_LEVEL_FIELDS = ['$schema'] as const;

/** The entity kind whose list each section holds. */
/** The entity kind (a key of MODEL_FIELDS) of each section of a model file. */
export const SECTION_KIND: Record<ModelSection, keyof typeof MODEL_FIELDS> = {
  model: 'model',
  goals: 'goal',
  actors: 'actor',
  touchpoints: 'touchpoint',
  activities: 'activity',
  partnerships: 'partnership',
  segments: 'segment',
};

/**
 * The closest entry of `candidates` to `value`, or undefined when none is close enough.
 *
 * Comparison ignores case and treats spaces and hyphens as underscores (`word of mouth` is close
 * to `WORD_OF_MOUTH`). A candidate is close when its optimal-string-alignment distance (edits,
 * counting a swap of neighbours as one) is at most a third of the longer string's length (at
 * least 1), or when `value` has 3 or more characters and the candidate starts with it. The
 * smallest distance wins; ties go to the earlier candidate.
 */
export function didYouMean(value: string, candidates: readonly string[]): string | undefined {
  const v = normaliseForMatch(value);
  if (v.length === 0) return undefined;
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const c = normaliseForMatch(candidate);
    const limit = Math.max(1, Math.floor(Math.max(v.length, c.length) / 3));
    const distance = editDistance(v, c, limit);
    let score = distance <= limit ? distance : Number.POSITIVE_INFINITY;
    if (v.length >= 3 && c.startsWith(v)) score = Math.min(score, limit);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function normaliseForMatch(s: string): string {
  return s.trim().toUpperCase().replace(/[\s-]+/g, '_');
}

/** Optimal-string-alignment distance; returns `limit + 1` as soon as it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prev2[j - 2] + 1);
      }
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}

/** A short description of a value for messages: `a number (3)`, `a string ("x")`, `a list`, … */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(truncate(value, 40))})`;
    case 'number':
      return `a number (${String(value)})`;
    case 'boolean':
      return `a boolean (${String(value)})`;
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/**
 * The message for a value outside a fixed vocabulary, e.g.
 * `unknown phase "PURCHASING"; did you mean PURCHASE? Use one of: NEED_RECOGNITION, …`.
 */
export function unknownValueMessage(what: string, value: unknown, allowed: readonly string[]): string {
  const list = allowed.join(', ');
  if (typeof value !== 'string') return `expected a ${what} (one of: ${list}), got ${describeValue(value)}`;
  const guess = didYouMean(value, allowed);
  const hint = guess === undefined ? '' : ` did you mean ${guess}?`;
  return `unknown ${what} ${JSON.stringify(value)};${hint} use one of: ${list}`;
}

/**
 * What is wrong with an id, or undefined when it is valid. An id is a string of 1 to
 * `ID_MAX_LENGTH` characters with no control characters (U+0000–U+001F, U+007F–U+009F).
 */
export function idProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    const quote = typeof value === 'number' ? `; write it in quotes: "${String(value)}"` : '';
    return `expected an id (a string), got ${describeValue(value)}${quote}`;
  }
  if (value.length === 0) return 'empty id; give it a non-empty id';
  if (value.length > ID_MAX_LENGTH) {
    return `id is ${value.length} characters long; use at most ${ID_MAX_LENGTH}`;
  }
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f\u007f-\u009f]/.exec(value);
  if (control !== null) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `id ${JSON.stringify(value)} contains a control character (U+${code} at position ${control.index + 1}); remove it`;
  }
  return undefined;
}

/** What is wrong with a name, or undefined when it is valid: a string with a non-space character. */
export function nameProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `expected a name (a string), got ${describeValue(value)}`;
  if (value.trim().length === 0) return 'empty name; give it a name people will recognise';
  return undefined;
}

/** `source: path`, or whichever of the two is non-empty. */
export function wherePath(source: string | undefined, path: string): string {
  if (source === undefined || source === '') return path === '' ? '(model)' : path;
  return path === '' ? source : `${source}: ${path}`;
}

/** The default name of a touchpoint: `<actor name> <channel>`, e.g. `Nordbank WEB`. */
export function defaultTouchpointName(actorName: string, channel: Channel | string): string {
  return `${actorName} ${channel}`;
}

/**
 * The ownership of a touchpoint that does not state one: BRAND when its actor is the focal
 * actor, PARTNER when its actor is in a partnership with the focal actor, EXTERNAL otherwise
 * (including when the model has no focal actor or the actor is unknown). With more than one
 * focal actor (itself a problem), the first is used.
 */
export function deriveOwnership(
  actorId: string,
  actors: readonly Actor[],
  partnerships: readonly Partnership[],
): Ownership {
  const focal = actors.find((a) => a.focal === true);
  if (focal === undefined) return 'EXTERNAL';
  if (focal.id === actorId) return 'BRAND';
  const key = partnershipKey(focal.id, actorId);
  const partnered = partnerships.some(
    (p) => Array.isArray(p.actors) && p.actors.length === 2 && partnershipKey(p.actors[0], p.actors[1]) === key,
  );
  return partnered ? 'PARTNER' : 'EXTERNAL';
}

/**
 * Orders problems by the path after the source, in document order: sections as in
 * `MODEL_SECTIONS`, list indexes numerically, fields as in `MODEL_FIELDS` (others after them,
 * alphabetically). Problems at the same path keep their order. Returns a new array.
 */
export function sortProblemsByPath(problems: readonly Problem[], source?: string): Problem[] {
  const prefix = source === undefined || source === '' ? '' : `${source}: `;
  const keyed = problems.map((p, i) => {
    const path = prefix !== '' && p.where.startsWith(prefix) ? p.where.slice(prefix.length) : p.where;
    return { p, i, key: pathSortKey(path) };
  });
  keyed.sort((a, b) => compareKeys(a.key, b.key) || a.i - b.i);
  return keyed.map((k) => k.p);
}

type KeyPart = [number, string];

function pathSortKey(path: string): KeyPart[] {
  const key: KeyPart[] = [];
  let fields: readonly string[] | undefined;
  const re = /\[(\d+)\]|([^.[\]]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) {
      key.push([Number(m[1]), '']);
      continue;
    }
    const name = m[2];
    if (key.length === 0) {
      const section = (MODEL_SECTIONS as readonly string[]).indexOf(name);
      key.push([section === -1 ? 1000 : section, name]);
      if (section !== -1) fields = MODEL_FIELDS[SECTION_KIND[name as ModelSection]];
    } else {
      const rank = fields === undefined ? -1 : fields.indexOf(name);
      key.push([rank === -1 ? 1000 : rank, name]);
    }
  }
  return key;
}

function compareKeys(a: KeyPart[], b: KeyPart[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i][0] !== b[i][0]) return a[i][0] - b[i][0];
    if (a[i][1] !== b[i][1]) return a[i][1] < b[i][1] ? -1 : 1;
  }
  return a.length - b.length;
}

// ---------------------------------------------------------------------------------------------
// Integrity of a typed document
// ---------------------------------------------------------------------------------------------

/** A problem before its source is attached. */
interface PathProblem {
  path: string;
  message: string;
}

/** An entity with its index in its section and the fields whose shape was already reported. */
interface Entry<T> {
  value: T;
  index: number;
  broken: ReadonlySet<string>;
}

interface Sections {
  model: Entry<ModelInfo> | undefined;
  goals: Entry<Goal>[];
  actors: Entry<Actor>[];
  touchpoints: Entry<Touchpoint>[];
  activities: Entry<Activity>[];
  partnerships: Entry<Partnership>[];
  segments: Entry<Segment>[];
}

const NOTHING_BROKEN: ReadonlySet<string> = new Set();

/** The entities of a typed section; anything that is not a list or not an object is reported. */
function entries<T>(list: readonly T[] | undefined, section: Exclude<ModelSection, 'model'>, out: PathProblem[]): Entry<T>[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    out.push({ path: section, message: `expected a list of ${section}, got ${describeValue(list)}` });
    return [];
  }
  const result: Entry<T>[] = [];
  list.forEach((value: unknown, index: number) => {
    if (isObject(value)) result.push({ value: value as T, index, broken: NOTHING_BROKEN });
    else out.push({ path: `${section}[${index}]`, message: `expected a ${SECTION_KIND[section]} object, got ${describeValue(value)}` });
  });
  return result;
}

/**
 * The cross-reference and value rules of a model, on an already typed document. Returns every
 * problem found, ordered by path; an empty list means the document is valid. The rules:
 * - `model.id` and every entity id is a valid id (see `idProblem`); every name is non-empty;
 *   descriptions, when present, are strings;
 * - ids are unique within each kind (goals, actors, touchpoints, activities, segments); a
 *   repeated id is reported where it repeats;
 * - a goal's `parent` is the id of a goal of the model; parents form no cycle (the problem names
 *   the ids on the cycle); at most one goal has no parent (a model is about one overall goal;
 *   a model without goals is allowed while it is being built);
 * - at most one actor is focal;
 * - a touchpoint's `actor` is an actor of the model;
 * - an activity's `goal` is a goal of the model (any goal, not only a leaf); its `actors`,
 *   `touchpoints` and `next` name actors, touchpoints and activities of the model, each once.
 *   A touchpoint whose actor is not in the activity's `actors` is fine;
 * - a partnership joins exactly two different actors of the model, and no pair is listed twice
 *   (in either order);
 * - enum fields hold members of their vocabulary: refinement, kind, channel, initiator,
 *   ownership, phase, mode.
 *
 * `source` (a file name, or e.g. `input`) prefixes each problem's `where`.
 */
export function checkIntegrity(doc: ModelDocument, source?: string): Problem[] {
  const problems: PathProblem[] = [];
  const sections: Sections = {
    model: isObject(doc.model) ? { value: doc.model, index: 0, broken: NOTHING_BROKEN } : undefined,
    goals: entries(doc.goals, 'goals', problems),
    actors: entries(doc.actors, 'actors', problems),
    touchpoints: entries(doc.touchpoints, 'touchpoints', problems),
    activities: entries(doc.activities, 'activities', problems),
    partnerships: entries(doc.partnerships, 'partnerships', problems),
    segments: entries(doc.segments, 'segments', problems),
  };
  if (sections.model === undefined) problems.push({ path: 'model', message: 'missing model info; give it an id and a name' });
  integrityProblems(sections, problems);
  return finish(problems, source);
}

/** Throws `badInput` listing every problem `checkIntegrity` finds; returns when there are none. */
export function assertValidDocument(doc: ModelDocument, source?: string): void {
  const problems = checkIntegrity(doc, source);
  if (problems.length > 0) throw invalidModel(problems, source, doc.model?.id);
}

/** Orders problems by path (see `sortProblemsByPath`) and attaches the source. */
function finish(problems: PathProblem[], source: string | undefined): Problem[] {
  return problems
    .map((p, i) => ({ p, i, key: pathSortKey(p.path) }))
    .sort((a, b) => compareKeys(a.key, b.key) || a.i - b.i)
    .map(({ p }) => ({ where: wherePath(source, p.path), message: p.message }));
}

function invalidModel(problems: Problem[], source: string | undefined, modelId: unknown): GoalnetError {
  const what =
    source !== undefined && source !== ''
      ? source
      : typeof modelId === 'string' && modelId !== ''
        ? `model ${JSON.stringify(modelId)}`
        : 'the model';
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return badInput(`${what} is not a valid model (${count}); fix each one listed and try again:`, problems);
}

/** Adds the integrity problems of `s` to `out`, skipping fields whose shape was already reported. */
function integrityProblems(s: Sections, out: PathProblem[]): void {
  const add = (path: string, message: string | undefined): void => {
    if (message !== undefined) out.push({ path, message });
  };

  // Field values of each entity.
  if (s.model !== undefined) {
    const m = s.model;
    if (!m.broken.has('id')) add('model.id', idProblem(m.value.id));
    if (!m.broken.has('name')) add('model.name', nameProblem(m.value.name));
    if (!m.broken.has('description')) add('model.description', optionalTextProblem(m.value.description));
  }
  const ids = {
    goals: registerEntities('goals', 'goal', s.goals, add),
    actors: registerEntities('actors', 'actor', s.actors, add),
    touchpoints: registerEntities('touchpoints', 'touchpoint', s.touchpoints, add),
    activities: registerEntities('activities', 'activity', s.activities, add),
    segments: registerEntities('segments', 'segment', s.segments, add),
  };

  // Goals: refinement, description, parent, cycles, one overall goal.
  const roots: Entry<Goal>[] = [];
  for (const e of s.goals) {
    const at = `goals[${e.index}]`;
    const g = e.value;
    if (!e.broken.has('refinement')) add(`${at}.refinement`, enumProblem('refinement', g.refinement, REFINEMENTS));
    if (!e.broken.has('description')) add(`${at}.description`, optionalTextProblem(g.description));
    if (e.broken.has('parent')) continue;
    if (g.parent === undefined || g.parent === null) {
      // A repeated id is already reported; do not also count the repetition as a root.
      const firstIndex = typeof g.id === 'string' ? ids.goals.get(g.id) : undefined;
      if (firstIndex !== undefined && firstIndex !== e.index) continue;
      roots.push(e);
    } else {
      add(
        `${at}.parent`,
        refProblem(g.parent, ids.goals, 'parent goal', 'use the id of another goal, or leave "parent" out for the overall goal'),
      );
    }
  }
  if (roots.length > 1) {
    const first = roots[0];
    const firstId = JSON.stringify(first.value.id);
    for (const e of roots.slice(1)) {
      const id = JSON.stringify(e.value.id);
      add(
        `goals[${e.index}].parent`,
        `goal ${id} has no parent, but goal ${firstId} (goals[${first.index}]) has none either; a model is about one overall goal: give ${id} a parent (e.g. ${firstId})`,
      );
    }
  }
  for (const cycle of goalCycles(s.goals, ids.goals)) {
    const start = cycle[0];
    const names = [...cycle, start].map((e) => JSON.stringify(e.value.id)).join(' → ');
    add(
      `goals[${start.index}].parent`,
      cycle.length === 1
        ? `goal ${JSON.stringify(start.value.id)} is its own parent; give it another goal as parent, or none if it is the overall goal`
        : `goals form a cycle: ${names} (each followed by its parent); a goal cannot be its own ancestor: change the parent of one of them`,
    );
  }

  // Actors: kind, focal, at most one focal.
  let focal: Entry<Actor> | undefined;
  for (const e of s.actors) {
    const at = `actors[${e.index}]`;
    if (!e.broken.has('kind')) add(`${at}.kind`, enumProblem('actor kind', e.value.kind, ACTOR_KINDS));
    if (e.broken.has('focal')) continue;
    if (typeof e.value.focal !== 'boolean') {
      add(`${at}.focal`, `expected true or false, got ${describeValue(e.value.focal)}`);
    } else if (e.value.focal) {
      if (focal === undefined) {
        focal = e;
      } else {
        const id = JSON.stringify(e.value.id);
        add(
          `${at}.focal`,
          `actor ${id} is focal, but actor ${JSON.stringify(focal.value.id)} (actors[${focal.index}]) already is; a model takes one firm's view: set "focal": true on one actor only`,
        );
      }
    }
  }

  // Touchpoints: actor, channel, initiator, ownership.
  for (const e of s.touchpoints) {
    const at = `touchpoints[${e.index}]`;
    const t = e.value;
    if (!e.broken.has('actor')) add(`${at}.actor`, refProblem(t.actor, ids.actors, 'actor', 'use the id of one of the actors, or add the actor'));
    if (!e.broken.has('channel')) add(`${at}.channel`, enumProblem('channel', t.channel, CHANNELS));
    if (!e.broken.has('initiator')) add(`${at}.initiator`, enumProblem('initiator', t.initiator, INITIATORS));
    if (!e.broken.has('ownership')) add(`${at}.ownership`, enumProblem('ownership', t.ownership, OWNERSHIPS));
  }

  // Activities: goal, phase, mode, actors, touchpoints, next.
  for (const e of s.activities) {
    const at = `activities[${e.index}]`;
    const a = e.value;
    if (!e.broken.has('goal')) add(`${at}.goal`, refProblem(a.goal, ids.goals, 'goal', 'use the id of one of the goals, or add the goal'));
    if (!e.broken.has('phase')) add(`${at}.phase`, enumProblem('phase', a.phase, PHASES));
    if (!e.broken.has('mode')) add(`${at}.mode`, enumProblem('mode', a.mode, MODES));
    if (!e.broken.has('actors')) refListProblems(`${at}.actors`, a.actors, ids.actors, 'actor', 'use the ids of actors of the model', add);
    if (!e.broken.has('touchpoints')) {
      refListProblems(`${at}.touchpoints`, a.touchpoints, ids.touchpoints, 'touchpoint', 'use the ids of touchpoints of the model', add);
    }
    if (!e.broken.has('next')) refListProblems(`${at}.next`, a.next, ids.activities, 'activity', 'list the ids of the activities that follow this one', add);
  }

  // Partnerships: two different known actors, each pair once.
  const pairs = new Map<string, Entry<Partnership>>();
  for (const e of s.partnerships) {
    if (e.broken.has('actors')) continue;
    const at = `partnerships[${e.index}].actors`;
    const pair: unknown = e.value.actors;
    if (!Array.isArray(pair) || pair.length !== 2) {
      add(at, `expected a list of the two partnered actors' ids, got ${Array.isArray(pair) ? `${pair.length} items` : describeValue(pair)}; list each pair as its own partnership`);
      continue;
    }
    let known = true;
    pair.forEach((id: unknown, j: number) => {
      const problem = refProblem(id, ids.actors, 'actor', 'use the id of one of the actors, or add the actor');
      if (problem !== undefined) known = false;
      add(`${at}[${j}]`, problem);
    });
    if (!known) continue;
    const [a, b] = pair as [string, string];
    if (a === b) {
      add(at, `actor ${JSON.stringify(a)} is partnered with itself; a partnership joins two different actors`);
      continue;
    }
    const key = partnershipKey(a, b);
    const first = pairs.get(key);
    if (first === undefined) {
      pairs.set(key, e);
    } else {
      add(
        at,
        `duplicate partnership between ${JSON.stringify(a)} and ${JSON.stringify(b)} (also partnerships[${first.index}]); list each pair once`,
      );
    }
  }
}

/**
 * Checks each entity's id and name and returns the valid ids with the index of their first
 * occurrence; a repeated id is reported where it repeats.
 */
function registerEntities(
  section: string,
  kind: string,
  list: readonly Entry<{ id: unknown; name: unknown }>[],
  add: (path: string, message: string | undefined) => void,
): Map<string, number> {
  const seen = new Map<string, number>();
  for (const e of list) {
    if (!e.broken.has('name')) add(`${section}[${e.index}].name`, nameProblem(e.value.name));
    if (e.broken.has('id')) continue;
    const id = e.value.id;
    const problem = idProblem(id);
    if (problem !== undefined) {
      add(`${section}[${e.index}].id`, problem);
      continue;
    }
    const first = seen.get(id as string);
    if (first === undefined) {
      seen.set(id as string, e.index);
    } else {
      add(
        `${section}[${e.index}].id`,
        `duplicate ${kind} id ${JSON.stringify(id)} (also ${section}[${first}]); give each ${kind} its own id`,
      );
    }
  }
  return seen;
}

function enumProblem(what: string, value: unknown, allowed: readonly string[]): string | undefined {
  return typeof value === 'string' && allowed.includes(value) ? undefined : unknownValueMessage(what, value, allowed);
}

function optionalTextProblem(value: unknown): string | undefined {
  if (value === undefined || value === null || typeof value === 'string') return undefined;
  return `expected text (a string), got ${describeValue(value)}`;
}

function refProblem(value: unknown, known: ReadonlyMap<string, number>, what: string, todo: string): string | undefined {
  if (typeof value !== 'string') return `expected the id of a ${what} (a string), got ${describeValue(value)}`;
  if (known.has(value)) return undefined;
  if (value === '') return `empty ${what} id; ${todo}`;
  const guess = didYouMean(value, [...known.keys()]);
  const hint = guess === undefined ? '' : ` did you mean ${JSON.stringify(guess)}?`;
  return `unknown ${what} ${JSON.stringify(value)}: the model has no ${what} with that id;${hint} ${todo}`;
}

function refListProblems(
  path: string,
  value: unknown,
  known: ReadonlyMap<string, number>,
  what: string,
  todo: string,
  add: (path: string, message: string | undefined) => void,
): void {
  if (!Array.isArray(value)) {
    add(path, `expected a list of ${what} ids, got ${describeValue(value)}`);
    return;
  }
  const seen = new Map<unknown, number>();
  value.forEach((id: unknown, j: number) => {
    const problem = refProblem(id, known, what, todo);
    add(`${path}[${j}]`, problem);
    if (problem !== undefined) return;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, j);
    else add(`${path}[${j}]`, `${what} ${JSON.stringify(id)} is listed twice (also [${first}]); list it once`);
  });
}

/**
 * The cycles among goals' parents, each as the goals on it starting from the one listed first
 * in the model and following parents. Considers the first goal of each valid id.
 */
function goalCycles(goals: readonly Entry<Goal>[], ids: ReadonlyMap<string, number>): Entry<Goal>[][] {
  const byId = new Map<string, Entry<Goal>>();
  for (const e of goals) {
    if (ids.get(e.value.id) === e.index && !byId.has(e.value.id)) byId.set(e.value.id, e);
  }
  const parentOf = (e: Entry<Goal>): Entry<Goal> | undefined => {
    if (e.broken.has('parent') || typeof e.value.parent !== 'string') return undefined;
    return byId.get(e.value.parent);
  };
  const state = new Map<Entry<Goal>, 'walking' | 'done'>();
  const cycles: Entry<Goal>[][] = [];
  for (const start of byId.values()) {
    const path: Entry<Goal>[] = [];
    let node: Entry<Goal> | undefined = start;
    while (node !== undefined && !state.has(node)) {
      state.set(node, 'walking');
      path.push(node);
      node = parentOf(node);
    }
    if (node !== undefined && state.get(node) === 'walking') {
      const cycle = path.slice(path.indexOf(node));
      let first = 0;
      cycle.forEach((e, i) => {
        if (e.index < cycle[first].index) first = i;
      });
      cycles.push([...cycle.slice(first), ...cycle.slice(0, first)]);
    }
    for (const e of path) state.set(e, 'done');
  }
  return cycles;
}

// ---------------------------------------------------------------------------------------------
// Parsing untyped input
// ---------------------------------------------------------------------------------------------

type Raw = Record<string, unknown>;

/**
 * The path of a field the input names: `goals[0].parnet`, or `goals[0]["my field"]` when the name
 * is not a plain word, so that a name such as `a.b`, `[0]` or the empty string cannot be read as
 * a different path.
 */
function fieldPath(base: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the fields of one raw entity, reporting shape problems and remembering broken fields. */
class EntityReader {
  readonly broken = new Set<string>();

  constructor(
    private readonly raw: Raw,
    private readonly path: string,
    private readonly kind: keyof typeof MODEL_FIELDS,
    private readonly out: PathProblem[],
  ) {
    const allowed: readonly string[] = MODEL_FIELDS[kind];
    const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
    for (const key of Object.keys(raw)) {
      if (allowed.includes(key)) continue;
      const guess = didYouMean(key, allowed);
      const hint = guess === undefined ? '' : ` did you mean "${guess}"?`;
      out.push({
        path: fieldPath(path, key),
        message: `unknown field ${JSON.stringify(key)} in ${article} ${kind};${hint} ${article} ${kind} may have: ${allowed.join(', ')}`,
      });
    }
  }

  private fail(field: string, message: string): void {
    this.broken.add(field);
    this.out.push({ path: `${this.path}.${field}`, message });
  }

  private absent(field: string): boolean {
    return this.raw[field] === undefined || this.raw[field] === null;
  }

  /** A required string field (id, reference or vocabulary member); '' when missing or not a string. */
  required(field: string, todo: string): string {
    const value = this.raw[field];
    if (this.absent(field)) {
      this.fail(field, `missing "${field}"; ${todo}`);
      return '';
    }
    if (typeof value !== 'string') {
      const quote = typeof value === 'number' ? `; write it in quotes: "${String(value)}"` : '';
      this.fail(field, `expected a string, got ${describeValue(value)}${quote}`);
      return '';
    }
    return value;
  }

  /** A required name, trimmed. */
  name(todo: string): string {
    return this.required('name', todo).trim();
  }

  /** An optional string field; undefined when absent or null. */
  optional(field: string): string | undefined {
    if (this.absent(field)) return undefined;
    const value = this.raw[field];
    if (typeof value === 'string') return value;
    const quote = typeof value === 'number' ? `; write it in quotes: "${String(value)}"` : '';
    this.fail(field, `expected a string, got ${describeValue(value)}${quote}`);
    return undefined;
  }

  /** A vocabulary field: its string value (membership is checked by the integrity rules). */
  vocabulary<T extends string>(field: string, allowed: readonly T[], fallback: T | undefined): T {
    if (this.absent(field)) {
      if (fallback !== undefined) return fallback;
      this.fail(field, `missing "${field}"; use one of: ${allowed.join(', ')}`);
      return allowed[0];
    }
    const value = this.raw[field];
    if (typeof value !== 'string') {
      this.fail(field, unknownValueMessage(field, value, allowed));
      return fallback ?? allowed[0];
    }
    return value as T;
  }

  boolean(field: string, fallback: boolean): boolean {
    if (this.absent(field)) return fallback;
    const value = this.raw[field];
    if (typeof value === 'boolean') return value;
    this.fail(field, `expected true or false, got ${describeValue(value)}`);
    return fallback;
  }

  /** An optional list of ids; elements that are not strings are reported and left out. */
  idList(field: string, what: string): string[] {
    if (this.absent(field)) return [];
    const value = this.raw[field];
    if (!Array.isArray(value)) {
      const hint = typeof value === 'string' ? `; write it as a list: [${JSON.stringify(value)}]` : '';
      this.fail(field, `expected a list of ${what} ids, got ${describeValue(value)}${hint}`);
      return [];
    }
    const ids: string[] = [];
    value.forEach((item: unknown, j: number) => {
      if (typeof item === 'string') {
        ids.push(item);
      } else {
        this.out.push({ path: `${this.path}.${field}[${j}]`, message: `expected the id of a ${what} (a string), got ${describeValue(item)}` });
      }
    });
    return ids;
  }
}

/**
 * Reads one section: absent or null means empty; anything but a list is reported; items that
 * are not objects are reported and left out.
 */
function readSection<T>(
  raw: Raw,
  section: Exclude<ModelSection, 'model'>,
  out: PathProblem[],
  read: (item: Raw, path: string) => { value: T; broken: ReadonlySet<string> },
): Entry<T>[] {
  const value = raw[section];
  if (value === undefined || value === null) return [];
  const kind = SECTION_KIND[section];
  if (!Array.isArray(value)) {
    out.push({ path: section, message: `expected a list of ${section}, got ${describeValue(value)}; write "${section}": [ { ... }, ... ]` });
    return [];
  }
  const result: Entry<T>[] = [];
  value.forEach((item: unknown, index: number) => {
    const path = `${section}[${index}]`;
    if (!isObject(item)) {
      const fields = MODEL_FIELDS[kind].slice(0, 2).map((f) => `"${f}": ...`).join(', ');
      out.push({ path, message: `expected a ${kind} object like { ${fields} }, got ${describeValue(item)}` });
      return;
    }
    const { value: entity, broken } = read(item, path);
    result.push({ value: entity, index, broken });
  });
  return result;
}

/**
 * Turns parsed JSON or YAML into a typed, normalised `ModelDocument`, or throws `badInput`
 * listing every problem found (shape and integrity), ordered by path, each `where` being
 * `source: json.path`.
 *
 * Shape: the top level is an object with `model` ({id, name, description?}, required) and the
 * optional lists `goals`, `actors`, `touchpoints`, `activities`, `partnerships`, `segments`
 * (absent or null: empty); `$schema` is accepted and ignored; any other field, at any level, is
 * a problem (allowed fields: `MODEL_FIELDS`). Optional fields given as null count as absent.
 *
 * Normalisation and defaults: names are trimmed; goal.refinement AND; actor.focal false
 * (actor.kind is required); touchpoint.name `<actor name> <channel>` (the actor's id when the
 * actor is unknown); touchpoint.initiator CUSTOMER; touchpoint.ownership from `deriveOwnership`;
 * activity.mode ACTIVE; activity.actors, touchpoints and next []; a partnership's two actor ids
 * sorted. Integrity rules: see `checkIntegrity`.
 */
export function parseModelDocument(raw: unknown, source: string): ModelDocument {
  const out: PathProblem[] = [];
  if (!isObject(raw)) {
    throw invalidModel(
      [
        {
          where: wherePath(source, ''),
          message: `expected a model: an object with "model": { "id": ..., "name": ... } and lists of ${MODEL_SECTIONS.slice(1).join(', ')}; got ${describeValue(raw)}`,
        },
      ],
      source,
      undefined,
    );
  }
  const topLevel: readonly string[] = [...MODEL_SECTIONS, ...IGNORED_TOP_LEVEL_FIELDS];
  for (const key of Object.keys(raw)) {
    if (topLevel.includes(key)) continue;
    let message: string;
    if (key === 'journeys' || key === 'steps') {
      message = `a model file does not hold observed ${key}; import them from an event log (CSV) instead`;
    } else {
      const guess = didYouMean(key, MODEL_SECTIONS);
      const hint = guess === undefined ? '' : ` did you mean "${guess}"?`;
      message = `unknown top-level field ${JSON.stringify(key)};${hint} a model file may have: ${MODEL_SECTIONS.join(', ')}`;
    }
    out.push({ path: fieldPath('', key), message });
  }

  let model: Entry<ModelInfo> | undefined;
  const rawModel = raw.model;
  if (rawModel === undefined || rawModel === null) {
    out.push({ path: 'model', message: 'missing "model"; add "model": { "id": "...", "name": "..." }' });
  } else if (!isObject(rawModel)) {
    out.push({ path: 'model', message: `expected an object like { "id": ..., "name": ... }, got ${describeValue(rawModel)}` });
  } else {
    const r = new EntityReader(rawModel, 'model', 'model', out);
    const value: ModelInfo = { id: r.required('id', 'give the model an id'), name: r.name('give the model a name') };
    const description = r.optional('description');
    if (description !== undefined) value.description = description;
    model = { value, index: 0, broken: r.broken };
  }

  const goals = readSection<Goal>(raw, 'goals', out, (item, path) => {
    const r = new EntityReader(item, path, 'goal', out);
    const id = r.required('id', 'give every goal a unique id');
    const name = r.name('give every goal a name');
    const parent = r.optional('parent');
    const value: Goal = parent === undefined ? { id, name, refinement: 'AND' } : { id, name, parent, refinement: 'AND' };
    value.refinement = r.vocabulary('refinement', REFINEMENTS, 'AND');
    const description = r.optional('description');
    if (description !== undefined) value.description = description;
    return { value, broken: r.broken };
  });

  const actors = readSection<Actor>(raw, 'actors', out, (item, path) => {
    const r = new EntityReader(item, path, 'actor', out);
    const value: Actor = {
      id: r.required('id', 'give every actor a unique id'),
      name: r.name('give every actor a name'),
      kind: r.vocabulary('kind', ACTOR_KINDS, undefined),
      focal: r.boolean('focal', false),
    };
    return { value, broken: r.broken };
  });

  // Touchpoint names and ownership default from actors and partnerships, filled in below.
  const unnamed = new Set<Touchpoint>();
  const unowned = new Set<Touchpoint>();
  const touchpoints = readSection<Touchpoint>(raw, 'touchpoints', out, (item, path) => {
    const r = new EntityReader(item, path, 'touchpoint', out);
    const id = r.required('id', 'give every touchpoint a unique id');
    const named = item.name !== undefined && item.name !== null;
    const name = named ? r.name('') : '';
    const value: Touchpoint = {
      id,
      name,
      actor: r.required('actor', 'give the id of the actor who owns this touchpoint'),
      channel: r.vocabulary('channel', CHANNELS, undefined),
      initiator: r.vocabulary('initiator', INITIATORS, 'CUSTOMER'),
      ownership: r.vocabulary('ownership', OWNERSHIPS, 'EXTERNAL'),
    };
    if (!named) unnamed.add(value);
    if (item.ownership === undefined || item.ownership === null) unowned.add(value);
    return { value, broken: r.broken };
  });

  const activities = readSection<Activity>(raw, 'activities', out, (item, path) => {
    const r = new EntityReader(item, path, 'activity', out);
    const value: Activity = {
      id: r.required('id', 'give every activity a unique id'),
      name: r.name('give every activity a name'),
      goal: r.required('goal', 'give the id of the goal this activity works toward'),
      phase: r.vocabulary('phase', PHASES, undefined),
      mode: r.vocabulary('mode', MODES, 'ACTIVE'),
      actors: r.idList('actors', 'actor'),
      touchpoints: r.idList('touchpoints', 'touchpoint'),
      next: r.idList('next', 'activity'),
    };
    return { value, broken: r.broken };
  });

  const partnerships = readSection<Partnership>(raw, 'partnerships', out, (item, path) => {
    const r = new EntityReader(item, path, 'partnership', out);
    const pair = item.actors;
    const fail = (message: string): { value: Partnership; broken: ReadonlySet<string> } => {
      out.push({ path: `${path}.actors`, message });
      return { value: { actors: ['', ''] }, broken: new Set([...r.broken, 'actors']) };
    };
    if (pair === undefined || pair === null) return fail('missing "actors"; list the ids of the two partnered actors');
    if (!Array.isArray(pair)) return fail(`expected a list of the two partnered actors' ids, got ${describeValue(pair)}`);
    if (pair.length !== 2) {
      return fail(`a partnership joins exactly two actors, got ${pair.length}; list each pair as its own partnership`);
    }
    const bad = pair.findIndex((id: unknown) => typeof id !== 'string');
    if (bad !== -1) {
      out.push({ path: `${path}.actors[${bad}]`, message: `expected the id of an actor (a string), got ${describeValue(pair[bad])}` });
      return { value: { actors: ['', ''] }, broken: new Set([...r.broken, 'actors']) };
    }
    // Kept in file order so that problems point at the right element; sorted when returned.
    return { value: { actors: [pair[0] as string, pair[1] as string] }, broken: r.broken };
  });

  const segments = readSection<Segment>(raw, 'segments', out, (item, path) => {
    const r = new EntityReader(item, path, 'segment', out);
    return {
      value: { id: r.required('id', 'give every segment a unique id'), name: r.name('give every segment a name') },
      broken: r.broken,
    };
  });

  const actorValues = actors.map((e) => e.value);
  const partnershipValues = partnerships.filter((e) => !e.broken.has('actors')).map((e) => e.value);
  const actorNames = new Map<string, string>();
  for (const a of actorValues) if (!actorNames.has(a.id)) actorNames.set(a.id, a.name);
  for (const e of touchpoints) {
    const t = e.value;
    if (unnamed.has(t)) t.name = defaultTouchpointName(actorNames.get(t.actor) || t.actor, t.channel);
    if (unowned.has(t)) t.ownership = deriveOwnership(t.actor, actorValues, partnershipValues);
  }

  integrityProblems({ model, goals, actors, touchpoints, activities, partnerships, segments }, out);
  if (out.length > 0) throw invalidModel(finish(out, source), source, model?.value.id);

  return {
    model: (model as Entry<ModelInfo>).value,
    goals: goals.map((e) => e.value),
    actors: actorValues,
    touchpoints: touchpoints.map((e) => e.value),
    activities: activities.map((e) => e.value),
    partnerships: partnerships.map((e) => ({ actors: sortedPair(e.value.actors[0], e.value.actors[1]) })),
    segments: segments.map((e) => e.value),
  };
}
