/**
 * The goalnet command line, run in-process with a snapshot store in a temporary folder, and once
 * as a real process from the build (the README's main job).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { goalnet, tempDir } from './helpers/cli.js';

const HOME = 'seeds/models/home-purchase.json';
const HOME_LOG = 'seeds/events/home-purchase.csv';

let env: Record<string, string | undefined>;
let dir: string;
beforeEach(() => {
  dir = tempDir();
  env = { GOALNET_DATA: path.join(dir, 'snapshot.json'), NEO4J_URI: undefined };
});

describe('validate', () => {
  it('accepts a good model and a good log', async () => {
    const r = await goalnet(['validate', HOME, '--events', HOME_LOG], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid model "home-purchase"/);
    expect(r.stdout).toMatch(/5,?105 of 5,?105 rows valid, 400 journeys/);
  });

  it('reports every problem of a bad model with its JSON path, exit 1', async () => {
    const bad = path.join(dir, 'bad.json');
    const doc = JSON.parse(readFileSync(HOME, 'utf8'));
    doc.goals.push({ id: 'loop-a', name: 'A', parent: 'loop-b' }, { id: 'loop-b', name: 'B', parent: 'loop-a' });
    doc.activities[0].phase = 'PURCHASING';
    writeFileSync(bad, JSON.stringify(doc));
    const r = await goalnet(['validate', bad], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.json: activities\[0\]\.phase: unknown phase "PURCHASING"/);
    expect(r.stderr).toMatch(/cycle/);
  });

  it('says which rows of a log are rejected, with line numbers, exit 1', async () => {
    const log = path.join(dir, 'log.csv');
    writeFileSync(
      log,
      'journey,timestamp,activity,sentiment\n' +
        'j1,2025-01-01T10:00:00Z,browse-listings,1\n' +
        'j1,31/12/2024,browse-listings,\n' +
        'j1,2025-01-02T10:00:00Z,no-such-activity,\n' +
        'j1,2025-01-03T10:00:00Z,browse-listings,7\n',
    );
    const r = await goalnet(['validate', HOME, '--events', log], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/log\.csv:3: .*31\/12\/2024/);
    expect(r.stderr).toMatch(/log\.csv:4: .*no-such-activity/);
    expect(r.stderr).toMatch(/log\.csv:5: .*sentiment/);
    expect(r.stdout).toMatch(/1 of 4 rows valid/);
  });
});

describe('import, show, export, models', () => {
  it('imports a model with its log into the snapshot, and shows it from the store', async () => {
    const imported = await goalnet(['import', HOME, '--events', HOME_LOG], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/now holds 400 journeys, 5,105 steps/);

    const again = await goalnet(['import', HOME, '--events', HOME_LOG], env);
    expect(again.stdout).toMatch(/now holds 400 journeys, 5,105 steps/);

    const shown = await goalnet(['show', 'home-purchase'], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/Buying a new home \(home-purchase\)/);
    expect(shown.stdout).toMatch(/Journeys: 400 with 5,105 steps/);
    expect(shown.stdout).toMatch(/└─ /);
    expect(shown.stdout).toMatch(/nordbank .*focal firm/);

    const models = await goalnet(['models'], env);
    expect(models.stdout).toMatch(/home-purchase\s+Buying a new home\s+400\s+5,105/);
  });

  it('keeps what is stored when a bad model is imported over it', async () => {
    await goalnet(['import', HOME, '--events', HOME_LOG], env);
    const before = readFileSync(env.GOALNET_DATA!, 'utf8');
    const bad = path.join(dir, 'bad.json');
    const doc = JSON.parse(readFileSync(HOME, 'utf8'));
    doc.activities[0].goal = 'no-such-goal';
    writeFileSync(bad, JSON.stringify(doc));
    const r = await goalnet(['import', bad], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/activities\[0\]\.goal/);
    expect(readFileSync(env.GOALNET_DATA!, 'utf8')).toBe(before);
  });

  it('exports the normalised model file, which validates and equals the stored model', async () => {
    await goalnet(['import', HOME], env);
    const out = path.join(dir, 'export.json');
    const r = await goalnet(['export', 'home-purchase', '--format', 'json', '--out', out], env);
    expect(r.code).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    expect(exported.model.id).toBe('home-purchase');
    expect((await goalnet(['validate', out], env)).code).toBe(0);
    const printed = await goalnet(['export', out], env);
    expect(JSON.parse(printed.stdout)).toEqual(exported);
  });

  it('names the stored models when asked for one it does not have', async () => {
    await goalnet(['import', HOME], env);
    const r = await goalnet(['show', 'no-such-model'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Stored models: home-purchase/);
  });
});

describe('analysis commands', () => {
  it('print a ranked JSON array with id, score and evidence, best first', async () => {
    for (const command of ['transitions', 'gaps', 'partners', 'channels', 'pressure', 'satisfaction', 'network']) {
      const r = await goalnet([command, HOME, '--events', HOME_LOG, '--json'], env);
      expect(r.code, `${command}: ${r.stderr}`).toBe(0);
      const ranked = JSON.parse(r.stdout) as { id: string; score: number; evidence: object }[];
      expect(Array.isArray(ranked)).toBe(true);
      expect(ranked.length, command).toBeGreaterThan(0);
      for (const item of ranked) {
        expect(typeof item.id).toBe('string');
        expect(Number.isFinite(item.score)).toBe(true);
        expect(typeof item.evidence).toBe('object');
      }
      for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].score).toBeGreaterThanOrEqual(ranked[i].score);
    }
  });

  it('print tables by default and CSV on request', async () => {
    const table = await goalnet(['gaps', HOME, '--events', HOME_LOG, '--limit', '3'], env);
    expect(table.stdout).toMatch(/Where customers get stuck, by activity/);
    expect(table.stdout.split('\n').filter((l) => /^(loan|apply|browse)/.test(l)).length).toBeGreaterThan(0);
    const csv = await goalnet(['gaps', HOME, '--events', HOME_LOG, '--csv', '--by', 'goal'], env);
    const json = JSON.parse((await goalnet(['gaps', HOME, '--events', HOME_LOG, '--json', '--by', 'goal'], env)).stdout);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0].startsWith('id,name,score,reason,')).toBe(true);
    expect(lines.length - 1).toBe(json.length);
    expect(lines[1].split(',')[0]).toBe(json[0].id);
  });

  it('use the journeys in the store when no log is given, restricted by segment and phase', async () => {
    await goalnet(['import', HOME, '--events', HOME_LOG], env);
    const all = JSON.parse((await goalnet(['gaps', 'home-purchase', '--json'], env)).stdout);
    const segment = JSON.parse((await goalnet(['gaps', 'home-purchase', '--json', '--segment', 'first-time-buyers'], env)).stdout);
    const phase = JSON.parse((await goalnet(['gaps', 'home-purchase', '--json', '--phase', 'purchase'], env)).stdout);
    expect(all[0].evidence.reached).toBeGreaterThan(segment[0].evidence.reached);
    expect(phase.every((g: { evidence: { phase: string } }) => g.evidence.phase === 'PURCHASE')).toBe(true);
  });

  it('explain an unknown focal actor, a model without journeys and bad flags', async () => {
    const focal = await goalnet(['partners', HOME, '--events', HOME_LOG, '--focal', 'ghost-bank'], env);
    expect(focal.code).toBe(1);
    expect(focal.stderr).toMatch(/unknown focal actor "ghost-bank".*nordbank/);

    const empty = await goalnet(['gaps', HOME], env);
    expect(empty.code).toBe(0);
    expect(empty.stderr).toMatch(/No journeys recorded for model "home-purchase"/);
    expect(empty.stdout).not.toMatch(/NaN/);

    const usage = await goalnet(['gaps', HOME, '--by', 'phase'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--by takes "activity" or "goal"/);
    expect((await goalnet(['gaps', HOME, '--from', 'yesterday'], env)).code).toBe(2);
    expect((await goalnet(['no-such-command'], env)).code).toBe(2);
    expect((await goalnet(['gaps', HOME, '--no-such-flag'], env)).code).toBe(2);
    expect((await goalnet(['gaps', HOME, 'extra-argument'], env)).code).toBe(2);
    const phase = await goalnet(['partners', HOME, '--phase', 'USE'], env);
    expect(phase.code).toBe(2);
    expect(phase.stderr).toMatch(/--phase does not apply to partners/);
    const zoneless = await goalnet(['gaps', HOME, '--from', '2025-06-01T00:00'], env);
    expect(zoneless.code).toBe(2);
    expect((await goalnet(['gaps', HOME, '--from', '2025-02-30'], env)).code).toBe(2);
    const segment = await goalnet(['gaps', HOME, '--events', HOME_LOG, '--segment', 'downsizerz'], env);
    expect(segment.code).toBe(1);
    expect(segment.stderr).toMatch(/unknown segment "downsizerz".*downsizers/);
    expect((await goalnet(['import', 'no-such-model-id'], env)).code).toBe(1);
  });

  it('analyse a log against a stored model without writing it into the store', async () => {
    await goalnet(['import', HOME], env);
    const r = await goalnet(['gaps', 'home-purchase', '--events', HOME_LOG, '--json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0].evidence.reached).toBeGreaterThan(0);
    const models = await goalnet(['models'], env);
    expect(models.stdout).toMatch(/home-purchase\s+Buying a new home\s+0\s+0/);
  });

  it('accept a segment column on a model that declares no segments, as validate does', async () => {
    const noSegments = path.join(dir, 'no-segments.json');
    const doc = JSON.parse(readFileSync(HOME, 'utf8'));
    doc.segments = [];
    writeFileSync(noSegments, JSON.stringify(doc));
    expect((await goalnet(['validate', noSegments, '--events', HOME_LOG], env)).code).toBe(0);
    const r = await goalnet(['gaps', noSegments, '--events', HOME_LOG, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(0);
  });
});

describe('layout', () => {
  it('writes the laid-out actor network as SVG and GEXF, and refuses an unknown format', async () => {
    const svg = path.join(dir, 'home.svg');
    const r = await goalnet(['layout', HOME, '--events', HOME_LOG, '--out', svg, '--iterations', '50'], env);
    expect(r.code, r.stderr).toBe(0);
    const actors = JSON.parse(readFileSync(HOME, 'utf8')).actors.length;
    expect(r.stdout).toMatch(new RegExp(`Wrote .*home\\.svg: ${actors} actors`));
    expect(readFileSync(svg, 'utf8').match(/<circle[^>]*data-id=/g)?.length).toBe(actors);
    const gexf = path.join(dir, 'home.gexf');
    expect((await goalnet(['layout', HOME, '--out', gexf], env)).code).toBe(0);
    expect(readFileSync(gexf, 'utf8')).toMatch(/<viz:position /);
    const bad = await goalnet(['layout', HOME, '--out', path.join(dir, 'home.txt')], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown extension "\.txt"/);
    expect((await goalnet(['layout', HOME, '--out', svg, '--size-by', 'beauty'], env)).code).toBe(2);
  });
});

describe('the built command line', () => {
  it('runs the main job: npm start prints the example models', () => {
    execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'pipe' });
    const r = spawnSync(process.execPath, ['dist/src/cli/main.js', 'show', '--examples'], {
      encoding: 'utf8',
      env: { ...process.env, NEO4J_URI: '' },
    });
    expect(r.status).toBe(0);
    for (const name of ['home-purchase', 'clinic-visit', 'pasta-dinner', 'retail-purchase']) {
      expect(r.stdout).toContain(`(${name})`);
    }
    const usage = spawnSync(process.execPath, ['dist/src/cli/main.js', 'gaps'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/missing MODEL/);
  });
});
