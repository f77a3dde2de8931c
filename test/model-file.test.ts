import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  lineColumn,
  parseModelText,
  readModelFile,
  serializeModel,
  writeModelFile,
} from '../src/ingest/model-file.js';
import { GoalnetError } from '../src/model/errors.js';
import type { ModelDocument } from '../src/model/types.js';

const fixtures = fileURLToPath(new URL('./fixtures/models/', import.meta.url));
const fixture = (name: string): string => join(fixtures, name);
const seedModels = fileURLToPath(new URL('../seeds/models/', import.meta.url));

/** The error a promise or function rejects with; fails when it does not. */
async function failure(run: () => unknown): Promise<GoalnetError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(GoalnetError);
    expect((error as GoalnetError).code).toBe('BAD_INPUT');
    return error as GoalnetError;
  }
  throw new Error('expected a GoalnetError');
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goalnet-model-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readModelFile', () => {
  it('reads the example model with its defaults filled in', async () => {
    const doc = await readModelFile(fixture('home.json'));
    expect(doc.model).toEqual({ id: 'home-purchase', name: 'Buying a new home' });
    expect(doc.goals.map((g) => [g.id, g.parent, g.refinement])).toEqual([
      ['own-home', undefined, 'AND'],
      ['find-home', 'own-home', 'AND'],
      ['finance', 'own-home', 'AND'],
    ]);
    expect(doc.touchpoints).toEqual([
      { id: 'bank-web', name: 'Nordbank WEB', actor: 'nordbank', channel: 'WEB', initiator: 'CUSTOMER', ownership: 'BRAND' },
      { id: 'broker-site', name: 'Broker listings', actor: 'broker', channel: 'WEB', initiator: 'CUSTOMER', ownership: 'EXTERNAL' },
      { id: 'insurer-mail', name: 'Trygg Insurance EMAIL', actor: 'insurer', channel: 'EMAIL', initiator: 'FIRM', ownership: 'PARTNER' },
    ]);
    expect(doc.activities[0]).toMatchObject({ id: 'browse-listings', mode: 'ACTIVE', next: ['apply-loan'] });
    expect(doc.partnerships).toEqual([{ actors: ['insurer', 'nordbank'] }]);
    expect(doc.segments).toEqual([{ id: 'first-time', name: 'First-time buyers' }]);
  });

  it('reads a YAML model equal to the same JSON model', async () => {
    const json = await readModelFile(fixture('home.json'));
    const yaml = await readModelFile(fixture('home.yaml'));
    expect(yaml).toEqual(json);
  });

  it('ignores a UTF-8 byte-order mark', async () => {
    const raw = await readFile(fixture('home-bom.json'));
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the fixture really has one
    expect(await readModelFile(fixture('home-bom.json'))).toEqual(await readModelFile(fixture('home.json')));
    const text = `\ufeff${await readFile(fixture('home.yaml'), 'utf8')}`;
    expect(parseModelText(text, 'yaml', 'bom.yaml').model.id).toBe('home-purchase');
  });

  it('reports a JSON syntax error with file:line:column and the parser message', async () => {
    const path = fixture('syntax-error.json');
    const error = await failure(() => readModelFile(path));
    expect(error.problems).toHaveLength(1);
    // Line 5 starts with 4 spaces; the missing comma makes the "{" at column 5 unexpected.
    expect(error.problems[0].where).toBe(`${path}:5:5`);
    expect(error.problems[0].message).toMatch(/^Expected ',' or '\]' after array element; /);
    expect(error.message).toContain(`${path} is not valid JSON`);
  });

  it('finds the position of errors the parser gives none for', async () => {
    const token = await failure(() => parseModelText('{\n  "model": {\n    "id": x\n  }\n}', 'json', 'a.json'));
    expect(token.problems).toEqual([{ where: 'a.json:3:11', message: expect.stringMatching(/^Unexpected token 'x'; /) }]);
    const trailing = await failure(() => parseModelText('{"goals": [1,\r\n 2,,3]}', 'json', 'b.json'));
    expect(trailing.problems[0].where).toBe('b.json:2:4');
    const end = await failure(() => parseModelText('{"model": {"id": "m"', 'json', 'c.json'));
    expect(end.problems[0].where).toBe('c.json:1:21');
    const empty = await failure(() => parseModelText('', 'json', 'd.json'));
    expect(empty.problems).toEqual([{ where: 'd.json:1:1', message: expect.stringContaining('Unexpected end of JSON input') }]);
  });

  it('refuses a key repeated in one JSON object instead of keeping the last', async () => {
    const text = '{\n  "model": {"id": "m", "name": "M"},\n  "goals": [],\n  "goals": [{"id": "g", "name": "G"}]\n}';
    const error = await failure(() => parseModelText(text, 'json', 'dup.json'));
    expect(error.problems).toEqual([
      { where: 'dup.json:4:3', message: expect.stringContaining('key "goals" appears twice in the same object (first at 3:3)') },
    ]);
    // The same key in different objects is fine.
    expect(parseModelText('{"model": {"id": "m", "name": "M"}, "segments": [{"id": "s", "name": "S"}]}', 'json', 'ok.json').segments).toHaveLength(1);
  });

  it('reports a YAML syntax error with its line', async () => {
    const path = fixture('syntax-error.yaml');
    const error = await failure(() => readModelFile(path));
    expect(error.message).toContain(`${path} is not valid YAML`);
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.problems[0].where).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:7:\\d+$`));
    expect(error.problems[0].message).not.toContain('\n');
    const dup = await failure(() => parseModelText('model: {id: m, name: M}\nmodel: {id: n, name: N}\n', 'yaml', 'dup.yaml'));
    expect(dup.problems[0].where).toBe('dup.yaml:2:1');
    expect(dup.problems[0].message).toContain('Map keys must be unique');
  });

  it('reports model problems with the file and the JSON path', async () => {
    const path = fixture('bad-model.json');
    const error = await failure(() => readModelFile(path));
    expect(error.problems.map((p) => [p.where.slice(path.length + 2), p.message.split(';')[0]])).toEqual([
      ['goals[1].parent', 'unknown parent goal "own-hom": the model has no parent goal with that id'],
      ['goals[2].id', 'duplicate goal id "finance" (also goals[1])'],
      ['actors[1].focal', 'actor "broker" is focal, but actor "nordbank" (actors[0]) already is'],
      ['touchpoints[0].channel', 'unknown channel "WEBSITE"'],
      ['activities[0].goal', 'unknown goal "financing": the model has no goal with that id'],
      ['activities[0].phase', 'unknown phase "PURCHASING"'],
    ]);
    expect(error.problems.every((p) => p.where.startsWith(`${path}: `))).toBe(true);
    expect(error.message).toContain('is not a valid model (6 problems)');
    expect(error.message).toContain(`${path}: activities[0].phase: unknown phase "PURCHASING"; did you mean PURCHASE?`);
  });

  it('names the path of a missing file, and refuses an unknown extension', async () => {
    const missing = join(dir, 'no-such-model.json');
    const error = await failure(() => readModelFile(missing));
    expect(error.problems).toEqual([{ where: missing, message: 'no such file; check the path' }]);
    expect(error.message).toContain(`Cannot read model file ${missing}`);
    const relative = await failure(() => readModelFile('nowhere/model.yaml'));
    expect(relative.problems[0].message).toContain(join(process.cwd(), 'nowhere/model.yaml'));
    const folder = join(dir, 'folder.json');
    await mkdir(folder);
    const directory = await failure(() => readModelFile(folder));
    expect(directory.problems).toEqual([{ where: folder, message: expect.stringContaining('is a directory') }]);
    const txt = await failure(() => readModelFile(fixture('model.txt')));
    expect(txt.problems[0].message).toBe('unknown model file type ".txt"; use a .json, .yaml or .yml file');
  });
});

describe('serializeModel and writeModelFile', () => {
  let home: ModelDocument;
  beforeAll(async () => {
    home = await readModelFile(fixture('home.json'));
  });

  it('parses back to an equal document', () => {
    const text = serializeModel(home);
    expect(parseModelText(text, 'json', 'export.json')).toEqual(home);
    // Writing is stable: a second round gives the same text.
    expect(serializeModel(parseModelText(text, 'json', 'export.json'))).toBe(text);
  });

  it('writes every field explicitly, in a stable key order', () => {
    const value = JSON.parse(serializeModel(home)) as Record<string, Record<string, unknown>[]>;
    expect(Object.keys(value)).toEqual(['model', 'goals', 'actors', 'touchpoints', 'activities', 'partnerships', 'segments']);
    expect(Object.keys(value.goals[0])).toEqual(['id', 'name', 'refinement']);
    expect(Object.keys(value.goals[1])).toEqual(['id', 'name', 'parent', 'refinement']);
    expect(value.actors[1]).toEqual({ id: 'broker', name: 'City Brokers', kind: 'BROKER', focal: false });
    expect(Object.keys(value.touchpoints[0])).toEqual(['id', 'name', 'actor', 'channel', 'initiator', 'ownership']);
    expect(Object.keys(value.activities[1])).toEqual(['id', 'name', 'goal', 'phase', 'mode', 'actors', 'touchpoints', 'next']);
    // Key order does not depend on the order of the object's properties.
    const shuffled: ModelDocument = {
      ...home,
      actors: home.actors.map((a) => ({ focal: a.focal, kind: a.kind, name: a.name, id: a.id })),
    };
    expect(serializeModel(shuffled)).toBe(serializeModel(home));
  });

  it('writes JSON or YAML by extension, and the files read back equal', async () => {
    const json = join(dir, 'out.json');
    const yaml = join(dir, 'out.yml');
    await writeModelFile(json, home);
    await writeModelFile(yaml, home);
    expect(await readFile(json, 'utf8')).toBe(serializeModel(home));
    expect(await readModelFile(json)).toEqual(home);
    expect(await readModelFile(yaml)).toEqual(home);
  });

  it('refuses to write an invalid document and leaves no file behind', async () => {
    const path = join(dir, 'invalid.json');
    const bad: ModelDocument = { ...home, goals: [...home.goals, { id: 'own-home', name: 'Twice', refinement: 'AND' }] };
    const error = await failure(() => writeModelFile(path, bad));
    expect(error.problems[0].where).toBe(`${path}: goals[3].id`);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('invalid'))).toEqual([]);
  });
});

describe('lineColumn', () => {
  it('counts \\n, \\r\\n and \\r line ends', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('ab\r\ncd', 5)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('ab\rcd', 3)).toEqual({ line: 2, column: 1 });
    expect(lineColumn('abc', 0)).toEqual({ line: 1, column: 1 });
  });
});

const seedFiles = existsSync(seedModels)
  ? readdirSync(seedModels).filter((f) => /\.(json|ya?ml)$/i.test(f)).sort()
  : [];

describe.skipIf(seedFiles.length === 0)('seed models', () => {
  it.each(seedFiles)('%s parses without problems and round-trips', async (name) => {
    const doc = await readModelFile(join(seedModels, name));
    expect(doc.model.id).not.toBe('');
    expect(parseModelText(serializeModel(doc), 'json', name)).toEqual(doc);
  });
});
