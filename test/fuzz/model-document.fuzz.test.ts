/**
 * Fuzz tests of the model reader (src/model/validate.ts parseModelDocument, src/ingest/model-file.ts
 * parseModelText): any JSON value, any text and any damage to a valid model give either a valid
 * model or BAD_INPUT problems whose `where` is a JSON path into the input (or file:line:column
 * for syntax); generated valid models are accepted and survive JSON and YAML round trips
 * unchanged. Case counts and seed: see runs.ts.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { canonicalModel, parseModelText, readModelFile, serializeModel } from '../../src/ingest/model-file.js';
import { GoalnetError } from '../../src/model/errors.js';
import type { ModelDocument } from '../../src/model/types.js';
import { checkIntegrity, MODEL_FIELDS, MODEL_SECTIONS, parseModelDocument, SECTION_KIND } from '../../src/model/validate.js';
import { ACTOR_KINDS, CHANNELS, INITIATORS, MODES, OWNERSHIPS, PHASES, REFINEMENTS } from '../../src/model/vocabulary.js';
import { awkwardText, trickyString, wildJson } from './arbitraries.js';
import { fuzzParameters } from './runs.js';

const SEEDS = join(import.meta.dirname, '..', '..', 'seeds', 'models');
const seedModels = await Promise.all(
  ['clinic-visit', 'home-purchase', 'pasta-dinner', 'retail-purchase'].map((name) => readModelFile(join(SEEDS, `${name}.json`))),
);

type Raw = Record<string, any>;
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

// ---------------------------------------------------------------------------------------------
// Valid models

/** An id: 1 to 12 characters, no control characters; some that are special to JavaScript or the API. */
const id = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'a~b', ' ', '1', 'null', 'x'.repeat(200), 'é', '\u{1F600}') },
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }) },
).filter((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s));
const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }).filter((s) => s.trim() !== '');
const text = fc.string({ unit: 'grapheme', maxLength: 20 });
const ids = (min: number, max: number) => fc.uniqueArray(id, { minLength: min, maxLength: max });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Leaves out the keys whose value is undefined, as a file would. */
function defined(entity: Raw): Raw {
  return Object.fromEntries(Object.entries(entity).filter(([, v]) => v !== undefined));
}

/**
 * A valid model as it would be written in a file: goals form one tree, at most one actor is
 * focal, every reference names an entity of the model, optional fields come and go.
 */
const validRaw: fc.Arbitrary<Raw> = fc
  .record({
    goalIds: ids(0, 6),
    actorIds: ids(0, 5),
    touchpointIds: ids(0, 6),
    activityIds: ids(0, 6),
    segmentIds: ids(0, 3),
  })
  .chain(({ goalIds, actorIds, touchpointIds, activityIds, segmentIds }) => {
    const tps = actorIds.length === 0 ? [] : touchpointIds;
    const acts = goalIds.length === 0 ? [] : activityIds;
    const pairs = actorIds.flatMap((a, i) => actorIds.slice(i + 1).map((b) => [a, b] as [string, string]));
    return fc.record({
      model: fc.record({ id, name, description: optional(text) }).map(defined),
      goals: fc.tuple(
        ...goalIds.map((gid, i) =>
          fc
            .record({
              id: fc.constant(gid),
              name,
              // The first goal is the overall goal; each other goal's parent comes before it.
              parent: i === 0 ? fc.constant(undefined) : fc.constantFrom(...goalIds.slice(0, i)),
              refinement: optional(fc.constantFrom(...REFINEMENTS)),
              description: optional(text),
            })
            .map(defined),
        ),
      ),
      actors: fc.nat({ max: actorIds.length }).chain((focal) =>
        fc.tuple(
          ...actorIds.map((aid, i) =>
            fc
              .record({ id: fc.constant(aid), name, kind: fc.constantFrom(...ACTOR_KINDS), focal: i === focal ? fc.constant(true) : optional(fc.constant(false)) })
              .map(defined),
          ),
        ),
      ),
      touchpoints: fc.tuple(
        ...tps.map((tid) =>
          fc
            .record({
              id: fc.constant(tid),
              name: optional(name),
              actor: fc.constantFrom(...actorIds),
              channel: fc.constantFrom(...CHANNELS),
              initiator: optional(fc.constantFrom(...INITIATORS)),
              ownership: optional(fc.constantFrom(...OWNERSHIPS)),
            })
            .map(defined),
        ),
      ),
      activities: fc.tuple(
        ...acts.map((aid) =>
          fc
            .record({
              id: fc.constant(aid),
              name,
              goal: fc.constantFrom(...goalIds),
              phase: fc.constantFrom(...PHASES),
              mode: optional(fc.constantFrom(...MODES)),
              actors: optional(fc.shuffledSubarray(actorIds)),
              touchpoints: optional(fc.shuffledSubarray(tps)),
              next: optional(fc.shuffledSubarray(acts)),
            })
            .map(defined),
        ),
      ),
      partnerships: fc.shuffledSubarray(pairs).chain((chosen) =>
        fc.tuple(...chosen.map((pair) => fc.boolean().map((swap) => ({ actors: swap ? [pair[1], pair[0]] : pair })))),
      ),
      segments: fc.tuple(...segmentIds.map((sid) => fc.record({ id: fc.constant(sid), name }))),
    });
  })
  .chain((raw) =>
    // Empty lists may be left out of a file.
    fc.shuffledSubarray([...MODEL_SECTIONS].slice(1)).map((dropped) => {
      const out: Raw = { ...raw };
      for (const section of dropped) if ((out[section] as unknown[]).length === 0) delete out[section];
      return out;
    }),
  );

// ---------------------------------------------------------------------------------------------
// Checking outcomes

/** What parsing gives: a model, or a GoalnetError (any other exception fails the test). */
function attempt(parse: () => ModelDocument): { doc: ModelDocument } | { error: GoalnetError } {
  try {
    return { doc: parse() };
  } catch (error) {
    if (!(error instanceof GoalnetError)) throw error;
    return { error };
  }
}

/**
 * A JSON path's steps: `goals[3].parent` → ['goals', 3, 'parent'], `goals[0]["a.b"]` → ['goals', 0, 'a.b'].
 * Fails the test when the path does not read whole.
 */
function pathSteps(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|(?:^|\.)([A-Za-z_$][\w$-]*)/y;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (m === null) throw new Error(`not a JSON path: ${JSON.stringify(path)} (at ${re.lastIndex})`);
    steps.push(m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? (JSON.parse(m[2]) as string) : m[3]);
  }
  return steps;
}

function isPrefix(prefix: readonly (string | number)[], steps: readonly (string | number)[]): boolean {
  return prefix.length <= steps.length && prefix.every((step, i) => steps[i] === step);
}

/**
 * Every problem names the source and a JSON path into the input: its first step is a top-level
 * key of the input (or `model`, which may be missing), and every list index on the way exists.
 */
function checkProblems(error: GoalnetError, source: string, raw: unknown): void {
  expect(error.code).toBe('BAD_INPUT');
  expect(error.problems.length).toBeGreaterThan(0);
  for (const p of error.problems) {
    expect(p.message.trim()).not.toBe('');
    if (p.where === source) continue;
    expect(p.where.startsWith(`${source}: `)).toBe(true);
    const steps = pathSteps(p.where.slice(source.length + 2));
    expect(steps.length).toBeGreaterThan(0);
    const top = steps[0];
    expect(typeof top === 'string' && (top === 'model' || Object.keys(raw as object).includes(top)), `${p.where} starts at a key of the input`).toBe(true);
    let node: unknown = raw;
    for (const step of steps) {
      if (typeof step === 'number') {
        expect(Array.isArray(node) && step < (node as unknown[]).length, `${p.where}: index ${step} exists`).toBe(true);
        node = (node as unknown[])[step];
      } else {
        node = node !== null && typeof node === 'object' && Object.hasOwn(node, step) ? (node as Raw)[step] : undefined;
      }
    }
  }
}

/** A valid model reads back equal from its own JSON, its canonical file text and YAML. */
function checkRoundTrips(doc: ModelDocument): void {
  expect(checkIntegrity(doc, 'in')).toEqual([]);
  expect(parseModelDocument(clone(doc), 'again')).toEqual(doc);
  expect(parseModelText(serializeModel(doc), 'json', 'again.json')).toEqual(doc);
  expect(parseModelText(stringifyYaml(canonicalModel(doc), { lineWidth: 0 }), 'yaml', 'again.yaml')).toEqual(doc);
}

// ---------------------------------------------------------------------------------------------
// Damage to a valid model

const FIELD_VALUES: Record<string, readonly string[]> = {
  refinement: REFINEMENTS,
  kind: ACTOR_KINDS,
  channel: CHANNELS,
  initiator: INITIATORS,
  ownership: OWNERSHIPS,
  phase: PHASES,
  mode: MODES,
};

/** Whether `value` is a wrong value for `field` wherever it appears (so a problem must name it). */
function wrongFor(field: string, value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (field === 'name') return typeof value !== 'string' || value.trim() === '';
  if (field === 'description') return typeof value !== 'string';
  if (field === 'focal') return typeof value !== 'boolean';
  const allowed = FIELD_VALUES[field];
  return allowed !== undefined && !(typeof value === 'string' && allowed.includes(value));
}

type Damage =
  | { kind: 'set'; section: number; index: number; field: string; value: unknown }
  | { kind: 'delete'; section: number; index: number; field: string }
  | { kind: 'unknown field'; section: number; index: number; field: string; value: unknown }
  | { kind: 'duplicate entity'; section: number; index: number }
  | { kind: 'replace entity'; section: number; index: number; value: unknown }
  | { kind: 'replace section'; section: number; value: unknown }
  | { kind: 'parent loop'; index: number; to: number };

const SECTION_FIELDS = ['id', 'name', 'parent', 'refinement', 'description', 'kind', 'focal', 'actor', 'channel', 'initiator', 'ownership', 'goal', 'phase', 'mode', 'actors', 'touchpoints', 'next'];

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), section: fc.nat(), index: fc.nat(), field: fc.constantFrom(...SECTION_FIELDS), value: wildJson }),
  fc.record({ kind: fc.constant('delete' as const), section: fc.nat(), index: fc.nat(), field: fc.constantFrom(...SECTION_FIELDS) }),
  fc.record({ kind: fc.constant('unknown field' as const), section: fc.nat(), index: fc.nat(), field: fc.oneof(trickyString, fc.constantFrom('parnet', 'Name', 'ID', 'journeys')), value: wildJson }),
  fc.record({ kind: fc.constant('duplicate entity' as const), section: fc.nat(), index: fc.nat() }),
  fc.record({ kind: fc.constant('replace entity' as const), section: fc.nat(), index: fc.nat(), value: wildJson }),
  fc.record({ kind: fc.constant('replace section' as const), section: fc.nat(), value: wildJson }),
  fc.record({ kind: fc.constant('parent loop' as const), index: fc.nat(), to: fc.nat() }),
);

/**
 * Applies the damage to a copy of `raw`. Returns the damaged copy and, when the damage is sure to
 * be reported at a known place, that path.
 */
function applyDamage(raw: Raw, d: Damage): { raw: Raw; mustReport?: (string | number)[] } {
  const out = clone(raw);
  const sectionName = MODEL_SECTIONS[('section' in d ? d.section : 1) % MODEL_SECTIONS.length];
  if (d.kind === 'replace section') {
    out[sectionName] = d.value;
    return { raw: out };
  }
  if (d.kind === 'parent loop') {
    const goals = out.goals as unknown;
    if (!Array.isArray(goals) || goals.length === 0) return { raw: out };
    const g = goals[d.index % goals.length] as unknown;
    const to = goals[d.to % goals.length] as unknown;
    if (g === null || typeof g !== 'object' || to === null || typeof to !== 'object') return { raw: out };
    (g as Raw).parent = (to as Raw).id;
    return { raw: out };
  }
  // The entity: the model info itself, or one item of a list.
  let entity: unknown;
  let path: (string | number)[];
  let list: unknown[] | undefined;
  let at = 0;
  if (sectionName === 'model') {
    entity = out.model;
    path = ['model'];
  } else {
    list = out[sectionName] as unknown[] | undefined;
    if (!Array.isArray(list) || list.length === 0) return { raw: out };
    at = d.index % list.length;
    entity = list[at];
    path = [sectionName, at];
  }
  switch (d.kind) {
    case 'duplicate entity':
      if (list) list.push(clone(entity));
      return { raw: out };
    case 'replace entity':
      if (list) list[at] = d.value;
      else out.model = d.value;
      return { raw: out, mustReport: d.value === null || typeof d.value !== 'object' || Array.isArray(d.value) ? path : undefined };
    case 'delete':
      if (entity !== null && typeof entity === 'object') delete (entity as Raw)[d.field];
      return { raw: out };
    case 'set':
    case 'unknown field': {
      if (entity === null || typeof entity !== 'object') return { raw: out };
      const field = d.field;
      // Defined, so that a key such as __proto__ is an own key, as JSON.parse makes it.
      Object.defineProperty(entity, field, { value: d.value, enumerable: true, writable: true, configurable: true });
      const allowed = (MODEL_FIELDS[SECTION_KIND[sectionName]] as readonly string[]).includes(field);
      if (!allowed) return { raw: out, mustReport: [...path, field] };
      return { raw: out, mustReport: wrongFor(field, d.value) ? [...path, field] : undefined };
    }
  }
}

describe('model reader, fuzzed', () => {
  it('any JSON value gives a valid model or BAD_INPUT problems at JSON paths into it', () => {
    const anyTop = fc.oneof(
      wildJson,
      fc.jsonValue(),
      fc.dictionary(fc.constantFrom(...MODEL_SECTIONS, '$schema', 'journeys', 'Goals', 'modle'), wildJson),
    );
    fc.assert(
      fc.property(anyTop, (raw) => {
        const outcome = attempt(() => parseModelDocument(raw, 'in'));
        if ('error' in outcome) checkProblems(outcome.error, 'in', raw);
        else checkRoundTrips(outcome.doc);
      }),
      fuzzParameters(),
    );
  });

  it('a generated valid model is accepted and survives JSON and YAML round trips unchanged', () => {
    fc.assert(
      fc.property(validRaw, (raw) => {
        const outcome = attempt(() => parseModelDocument(raw, 'in'));
        if ('error' in outcome) throw new Error(`a valid model was refused:\n${outcome.error.message}`);
        checkRoundTrips(outcome.doc);
        // Its file text reads the same as the value it came from.
        expect(parseModelText(JSON.stringify(raw), 'json', 'in.json')).toEqual(outcome.doc);
      }),
      fuzzParameters(),
    );
  });

  it('a damaged model gives a valid model or problems at JSON paths, including at the damage', () => {
    const seedsRaw = seedModels.map((doc) => {
      const raw = clone(canonicalModel(doc));
      // A counterexample names the example rather than printing it whole.
      Object.defineProperty(raw, fc.toStringMethod, { value: () => `<example ${doc.model.id}>` });
      return raw;
    });
    const start = fc.oneof(fc.constantFrom(...seedsRaw), validRaw);
    fc.assert(
      fc.property(start, fc.array(damage, { minLength: 1, maxLength: 3 }), (raw, damages) => {
        let damaged = raw;
        let sure: (string | number)[] | undefined;
        for (const d of damages) {
          const applied = applyDamage(damaged, d);
          damaged = applied.raw;
          // One damage may undo another: only a single one is sure to be reported where it is.
          sure = damages.length === 1 ? applied.mustReport : undefined;
        }
        const outcome = attempt(() => parseModelDocument(damaged, 'in'));
        if ('error' in outcome) {
          checkProblems(outcome.error, 'in', damaged);
          if (sure !== undefined) {
            const wheres = outcome.error.problems.map((p) => p.where);
            const at = wheres.filter((w) => w.startsWith('in: ') && isPrefix(sure!, pathSteps(w.slice(4))));
            expect(at, `a problem at ${JSON.stringify(sure)}; got ${wheres.join(', ')}`).not.toEqual([]);
          }
        } else {
          expect(sure, 'damage that must be reported').toBeUndefined();
          checkRoundTrips(outcome.doc);
        }
      }),
      fuzzParameters(),
    );
  });

  it('any text, as JSON or YAML, gives a model or BAD_INPUT problems naming the source', () => {
    const anyText = fc.oneof(
      awkwardText({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
      // Valid model text with a few characters inserted or removed.
      fc
        .tuple(fc.constantFrom(...seedModels), fc.constantFrom('json', 'yaml'), fc.nat(), fc.nat({ max: 6 }), awkwardText({ maxLength: 3 }))
        .map(([doc, format, at, cut, insert]) => {
          const full = format === 'json' ? serializeModel(doc) : stringifyYaml(canonicalModel(doc));
          const i = at % (full.length + 1);
          return full.slice(0, i) + insert + full.slice(i + cut);
        }),
    );
    fc.assert(
      fc.property(anyText, fc.constantFrom('json' as const, 'yaml' as const), (input, format) => {
        const outcome = attempt(() => parseModelText(input, format, 'in.txt'));
        if ('doc' in outcome) {
          checkRoundTrips(outcome.doc);
          return;
        }
        expect(outcome.error.code).toBe('BAD_INPUT');
        expect(outcome.error.problems.length).toBeGreaterThan(0);
        for (const p of outcome.error.problems) {
          // Syntax problems: in.txt:line:column; model problems: in.txt: path.
          expect(p.where).toMatch(/^in\.txt(:\d+:\d+|: .+)?$/s);
          expect(p.message.trim()).not.toBe('');
        }
      }),
      fuzzParameters(),
    );
  });

  it('deeply nested text is refused with BAD_INPUT, and reading goes on working afterwards', () => {
    const nested = fc.record({
      depth: fc.integer({ min: 1, max: 3000 }),
      open: fc.constantFrom('[', '{"a":', '- ', '{a: '),
      closed: fc.boolean(),
      format: fc.constantFrom('json' as const, 'yaml' as const),
    });
    const small = stringifyYaml(canonicalModel(seedModels[2]));
    fc.assert(
      fc.property(nested, ({ depth, open, closed, format }) => {
        const close = open === '[' ? ']' : open.startsWith('{') ? '}' : '';
        const input = open.repeat(depth) + (closed ? `1${close.repeat(depth)}` : '');
        const outcome = attempt(() => parseModelText(input, format, 'deep'));
        expect('error' in outcome && outcome.error.code).toBe('BAD_INPUT');
        // The reader still reads a plain model, and text with an open bracket, after that.
        expect(parseModelText(small, 'yaml', 'small.yaml')).toEqual(seedModels[2]);
        expect('error' in attempt(() => parseModelText('a: [', 'yaml', 'open.yaml'))).toBe(true);
      }),
      fuzzParameters(Math.max(10, Math.floor(fuzzParameters().numRuns! / 10))),
    );
  });
});
