/**
 * Plain tests of the faults the fuzz tests in this folder found, each on the smallest input that
 * showed it, so that they stay fixed whatever the random cases of a run.
 */
import { describe, expect, it } from 'vitest';
import { formatCsvRecord, parseCsv } from '../../src/ingest/csv.js';
import { parseEventLogText } from '../../src/ingest/event-log.js';
import { parseModelText, YAML_MAX_DEPTH } from '../../src/ingest/model-file.js';
import { GoalnetError } from '../../src/model/errors.js';
import type { ModelDocument } from '../../src/model/types.js';
import { parseModelDocument } from '../../src/model/validate.js';
import { applyUpsert } from '../../src/store/edit.js';
import { startApi } from '../api/helpers.js';

const DOC: ModelDocument = {
  model: { id: 'm', name: 'M' },
  goals: [{ id: 'g', name: 'G', refinement: 'AND' }],
  actors: [{ id: 'a', name: 'A', kind: 'FIRM', focal: true }],
  touchpoints: [],
  activities: [{ id: 'act', name: 'Act', goal: 'g', phase: 'USE', mode: 'ACTIVE', actors: ['a'], touchpoints: [], next: [] }],
  partnerships: [],
  segments: [],
};

function caught(run: () => unknown): GoalnetError {
  try {
    run();
  } catch (error) {
    if (error instanceof GoalnetError) return error;
    throw error;
  }
  throw new Error('expected a GoalnetError, but nothing was thrown');
}

describe('faults found by fuzzing', () => {
  it('CSV: a first field that starts with a byte-order mark is written so that it reads back', () => {
    // The reader drops a BOM at the very start of the text; unquoted, the field lost it.
    const text = `${formatCsvRecord(['\uFEFF', ''])}\n${formatCsvRecord(['\uFEFFx', 'y'])}\n`;
    expect(parseCsv(text).map((r) => r.fields)).toEqual([
      ['\uFEFF', ''],
      ['\uFEFFx', 'y'],
    ]);
  });

  it('event log: a column named __proto__ is kept as an attribute', () => {
    // Assigning the key set the object's prototype instead, so the value was silently lost.
    const log = parseEventLogText('journey,timestamp,activity,__proto__,region\nj1,2024-03-01,act,!,north\n', DOC, 'log.csv');
    expect(log.rejects).toEqual([]);
    const attributes = log.journeys[0].steps[0].attributes!;
    expect(Object.keys(attributes)).toEqual(['__proto__', 'region']);
    expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value).toBe('!');
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(attributes))).toEqual(JSON.parse('{"__proto__":"!","region":"north"}'));
  });

  it('model: a field name that is not a plain word is written in brackets in the problem path', () => {
    // `goals[0].` (an empty name) or `a.b` (read as a path two deep) did not say where the field was.
    const raw = JSON.parse('{"model":{"id":"m","name":"M"},"a.b":1,"goals":[{"id":"g","name":"G","":2,"[0]":3,"parnet":"x"}]}');
    const error = caught(() => parseModelDocument(raw, 'in'));
    expect(error.problems.map((p) => p.where).sort()).toEqual(['in: ["a.b"]', 'in: goals[0][""]', 'in: goals[0]["[0]"]', 'in: goals[0].parnet'].sort());
  });

  it('model: YAML nested far too deep is refused before it is read, and reading goes on working', () => {
    // About 800 levels overflowed the stack inside the YAML package; the second such read killed
    // the process (V8 could no longer compile regular expressions), e.g. two importModel calls.
    for (let i = 0; i < 3; i++) {
      const error = caught(() => parseModelText('['.repeat(1000), 'yaml', 'deep.yaml'));
      expect(error.problems).toEqual([{ where: `deep.yaml:1:${YAML_MAX_DEPTH + 1}`, message: expect.stringContaining(`more than ${YAML_MAX_DEPTH} levels`) }]);
    }
    expect(caught(() => parseModelText('- '.repeat(3000) + 'x', 'yaml', 'dashes.yaml')).problems[0].message).toContain('levels deep');
    // Nesting a model needs, and a little more, still reads.
    const nested = `model: {id: m, name: M}\ngoals: [{id: g, name: G, description: ${'['.repeat(10)}${']'.repeat(10)}}]\n`;
    expect(caught(() => parseModelText(nested, 'yaml', 'ok.yaml')).problems[0].where).toBe('ok.yaml: goals[0].description');
    expect(parseModelText('model: {id: m, name: M}\n', 'yaml', 'small.yaml').model).toEqual({ id: 'm', name: 'M' });
  });

  it('partnerships: actor ids with "~" do not make two different pairs one', async () => {
    // (a~b, c) and (a, b~c) both have the id "a~b~c": adding the second replaced the first.
    const doc: ModelDocument = {
      ...DOC,
      actors: ['a', 'c', 'a~b', 'b~c'].map((id) => ({ id, name: id, kind: 'FIRM' as const, focal: false })),
      activities: [],
      partnerships: [{ actors: ['a~b', 'c'] }],
    };
    expect(applyUpsert(doc, 'partnership', [{ actors: ['a', 'b~c'] }]).partnerships).toEqual([{ actors: ['a~b', 'c'] }, { actors: ['a', 'b~c'] }]);
    // Both in one call are two partnerships, not one given twice.
    expect(applyUpsert({ ...doc, partnerships: [] }, 'partnership', [{ actors: ['c', 'a~b'] }, { actors: ['b~c', 'a'] }]).partnerships).toHaveLength(2);

    // The API answered with the id split at every "~": actors "a" and "" for the pair ("a", "~").
    const api = await startApi({ examples: false });
    try {
      await api.store.putDocument({ ...doc, actors: [...doc.actors, { id: '~', name: 'tilde', kind: 'FIRM', focal: false }] });
      const data = await api.ok(`mutation { upsertPartnerships(modelId: "m", partnerships: [{ actors: ["~", "a"] }, { actors: ["a", "b~c"] }]) { id actors { id } } }`);
      expect(data.upsertPartnerships).toEqual([
        { id: 'a~~', actors: [{ id: 'a' }, { id: '~' }] },
        { id: 'a~b~c', actors: [{ id: 'a' }, { id: 'b~c' }] },
      ]);
      expect((await api.store.getDocument('m'))!.partnerships).toHaveLength(3);
    } finally {
      await api.close();
    }
  });
});
