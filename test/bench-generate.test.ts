/**
 * The benchmark's synthetic generator (bench/generate): deterministic from its seed, a valid model
 * with a four-level goal tree at every size, a log the project's reader takes without a reject,
 * and planted findings that the real analyses rank first — and a check that notices when they
 * do not.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorsForSteps,
  checkPlanted,
  specForSteps,
  syntheticJourneys,
  syntheticModel,
  writeSyntheticLog,
  type Planted,
  type SyntheticSpec,
} from '../bench/generate/index.js';
import { findGaps } from '../src/analysis/gaps.js';
import { findPartnerOpportunities, isCustomerSide } from '../src/analysis/partners.js';
import { findTransitions } from '../src/analysis/transitions.js';
import { GoalNetwork } from '../src/graph/goal-network.js';
import { readEventLog } from '../src/ingest/event-log.js';
import { loadJourneyStats } from '../src/library.js';
import { GoalnetError } from '../src/model/errors.js';
import type { JourneyStats } from '../src/model/journey-stats.js';
import type { ModelDocument } from '../src/model/types.js';
import { checkIntegrity, parseModelDocument } from '../src/model/validate.js';
import { PHASES } from '../src/model/vocabulary.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'goalnet-bench-generate-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Depth of every goal (the overall goal 0), by walking parents. */
function depths(model: ModelDocument): Map<string, number> {
  const parent = new Map(model.goals.map((g) => [g.id, g.parent] as const));
  const out = new Map<string, number>();
  for (const g of model.goals) {
    let d = 0;
    for (let p = g.parent; p !== undefined; p = parent.get(p)) d++;
    out.set(g.id, d);
  }
  return out;
}

async function analyse(model: ModelDocument, file: string) {
  const net = new GoalNetwork(model);
  const stats = await loadJourneyStats(net, file);
  return {
    stats,
    gaps: findGaps(net, stats),
    partners: findPartnerOpportunities(net, stats),
    transitions: findTransitions(net, stats).transitions,
  };
}

describe('specForSteps', () => {
  it('gives the suite sizes: actors growing with the steps, journeys = steps / 10', () => {
    const sizes = [10_000, 100_000, 1_000_000, 10_000_000].map((steps) => specForSteps(steps));
    expect(sizes.map((s) => s.actors)).toEqual([20, 100, 300, 1000]);
    expect(sizes.map((s) => s.journeys)).toEqual([1000, 10_000, 100_000, 1_000_000]);
    expect(sizes.every((s) => s.stepsPerJourney === 10)).toBe(true);
  });

  it('clamps the actors to 10..1000 and interpolates between the standard sizes', () => {
    expect(specForSteps(100).actors).toBe(10);
    expect(actorsForSteps(50_000_000)).toBe(1000);
    const between = specForSteps(300_000).actors;
    expect(between).toBeGreaterThan(100);
    expect(between).toBeLessThan(300);
    expect(specForSteps(5000, 'other').seed).toBe('other');
  });

  it('refuses sizes it cannot grow, naming the field', () => {
    expect(() => specForSteps(0)).toThrow(/steps: 0 must be a whole number/);
    expect(() => specForSteps(100_000_000)).toThrow(/journeys: 10000000 must be a whole number from 0 to 1,000,000/);
    expect(() => syntheticModel({ seed: 's', actors: 9, journeys: 1 })).toThrow(GoalnetError);
    expect(() => syntheticModel({ seed: 's', actors: 1001, journeys: 1 })).toThrow(/actors: 1001/);
    const { model, planted } = syntheticModel({ seed: 's', actors: 10, journeys: 1 });
    expect(() => [...syntheticJourneys(model, planted, { seed: 's', actors: 10, journeys: 1, stepsPerJourney: 0 })]).toThrow(/stepsPerJourney: 0/);
  });
});

describe('syntheticModel', () => {
  it.each([10, 20, 300, 1000])('with %i actors is a valid model with a goal tree exactly four levels deep', (actors) => {
    const { model, planted } = syntheticModel({ seed: 'shape', actors, journeys: 0 });
    // Through the file path: JSON out and parsed back as a model file would be.
    const parsed = parseModelDocument(JSON.parse(JSON.stringify(model)), 'synthetic.json');
    expect(checkIntegrity(parsed)).toEqual([]);
    expect(checkIntegrity(model)).toEqual([]);

    const depth = depths(model);
    const hasChildren = new Set(model.goals.map((g) => g.parent).filter((p) => p !== undefined));
    expect(model.goals.filter((g) => g.parent === undefined)).toHaveLength(1);
    expect(Math.max(...depth.values())).toBe(3);
    for (const g of model.goals) if (!hasChildren.has(g.id)) expect(depth.get(g.id)).toBe(3);
    for (const a of model.activities) {
      expect(hasChildren.has(a.goal)).toBe(false);
      expect(depth.get(a.goal)).toBe(3);
    }
    expect(new Set(model.goals.filter((g) => hasChildren.has(g.id)).map((g) => g.refinement)).size).toBeGreaterThan(0);

    expect(model.actors).toHaveLength(actors);
    expect(model.actors.filter((a) => a.focal)).toHaveLength(1);
    expect(new Set(model.activities.map((a) => a.phase))).toEqual(new Set(PHASES));
    expect(new Set(model.actors.map((a) => a.kind)).size).toBeGreaterThanOrEqual(5);
    // Every actor serves something and owns a touchpoint; touchpoints use several channels.
    const serving = new Set(model.activities.flatMap((a) => a.actors));
    for (const a of model.actors) expect(serving.has(a.id)).toBe(true);
    for (const a of model.actors) expect(model.touchpoints.some((t) => t.actor === a.id)).toBe(true);
    expect(new Set(model.touchpoints.map((t) => t.channel)).size).toBeGreaterThanOrEqual(4);
    expect(model.activities.filter((a) => a.next.length > 0).length).toBeGreaterThan(model.activities.length / 2);
    expect(model.segments.length).toBeGreaterThanOrEqual(3);

    // The planted items exist, and the planted hand-over is between two actors not yet partners.
    const net = new GoalNetwork(model);
    expect(net.activity(planted.stuckActivity)).toBeDefined();
    expect(net.activity(planted.secondStuckActivity)).toBeDefined();
    expect(net.focalActor()?.id).toBe(planted.focal);
    expect(planted.handover.to).toBe(planted.focal);
    expect(net.actor(planted.handover.from)).toBeDefined();
    expect(net.isPartner(planted.handover.from, planted.handover.to)).toBe(false);
    expect(isCustomerSide(net, planted.handover.from)).toBe(false);
    expect(net.activity(planted.handoverActivities.from)?.actors).toEqual([planted.handover.from]);
    expect(net.activity(planted.handoverActivities.to)?.actors).toEqual([planted.handover.to]);
  });

  it('AND and OR refinements both occur in a large tree', () => {
    const { model } = syntheticModel({ seed: 'shape', actors: 1000, journeys: 0 });
    expect(new Set(model.goals.map((g) => g.refinement))).toEqual(new Set(['AND', 'OR']));
  });

  it('is the same for the same seed and actors, whatever the journeys, and differs for another seed', () => {
    const a = syntheticModel({ seed: 'same', actors: 50, journeys: 10 });
    const b = syntheticModel({ seed: 'same', actors: 50, journeys: 99_999 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = syntheticModel({ seed: 'different', actors: 50, journeys: 10 });
    expect(JSON.stringify(c.model.actors)).not.toBe(JSON.stringify(a.model.actors));
  });
});

describe('syntheticJourneys', () => {
  const spec: SyntheticSpec = { seed: 'walk', actors: 40, journeys: 3000 };
  const { model, planted } = syntheticModel(spec);

  it('yields the same journeys for the same seed, and journey i does not depend on how many follow', () => {
    const first = [...syntheticJourneys(model, planted, { ...spec, journeys: 200 })];
    const again = [...syntheticJourneys(model, planted, { ...spec, journeys: 200 })];
    expect(again).toEqual(first);
    const longer = syntheticJourneys(model, planted, spec);
    for (const journey of first) expect(longer.next().value).toEqual(journey);
    const other = [...syntheticJourneys(model, planted, { ...spec, seed: 'walk-2', journeys: 200 })];
    expect(other.map((j) => j.steps.length)).not.toEqual(first.map((j) => j.steps.length));
  });

  it('walks the model: known ids, increasing times, segments, sentiments in range, about the mean length', () => {
    const activities = new Map(model.activities.map((a) => [a.id, a] as const));
    const touchpoints = new Map(model.touchpoints.map((t) => [t.id, t] as const));
    const segments = new Set(model.segments.map((s) => s.id));
    const wrong: string[] = [];
    let steps = 0;
    let planned = 0;
    let transitions = 0;
    let notes = 0;
    const outcomes = new Set<string>();
    for (const j of syntheticJourneys(model, planted, spec)) {
      if (!segments.has(j.segment ?? '')) wrong.push(`${j.id}: segment ${j.segment}`);
      steps += j.steps.length;
      j.steps.forEach((s, i) => {
        const at = `${j.id} step ${i + 1}`;
        const activity = activities.get(s.activity);
        const tp = touchpoints.get(s.touchpoint);
        if (activity === undefined) wrong.push(`${at}: activity ${s.activity}`);
        if (tp === undefined || tp.actor !== s.actor || tp.channel !== s.channel) wrong.push(`${at}: touchpoint ${s.touchpoint} vs ${s.actor}/${s.channel}`);
        if (!activity?.actors.includes(s.actor)) wrong.push(`${at}: ${s.actor} does not serve ${s.activity}`);
        if (s.sentiment !== undefined && !(Number.isInteger(s.sentiment) && Math.abs(s.sentiment) <= 2)) wrong.push(`${at}: sentiment ${s.sentiment}`);
        if (s.note !== undefined) notes++;
        outcomes.add(s.outcome);
        if (i > 0) {
          if (!(s.timestamp > j.steps[i - 1].timestamp)) wrong.push(`${at}: time does not increase`);
          transitions++;
          if (activities.get(j.steps[i - 1].activity)?.next.includes(s.activity)) planned++;
        }
      });
    }
    expect(wrong).toEqual([]);
    // Mean 10 steps per journey (uniform 3..17): 3,000 journeys give 30,000 ± a few hundred.
    expect(Math.abs(steps - 30_000)).toBeLessThan(900);
    // Most moves follow the plan; retries, forced steps and 5% deviations do not.
    expect(planned / transitions).toBeGreaterThan(0.5);
    expect(notes).toBeGreaterThan(0);
    expect([...outcomes].sort()).toEqual(['abandoned', 'completed', 'progressed', 'stuck']);
  });
});

describe('the event log and the planted findings', () => {
  const cases: { actors: number; seed: string }[] = [
    { actors: 10, seed: 'plant-10' },
    { actors: 1000, seed: 'plant-1000' },
  ];

  it.each(cases)('$actors actors: the log reads back without a reject and the planted items rank first', async ({ actors, seed }) => {
    const spec: SyntheticSpec = { seed, actors, journeys: 2000 };
    const { model, planted } = syntheticModel(spec);
    const file = path.join(dir, `events-${actors}.csv`);
    const progress: number[] = [];
    const written = await writeSyntheticLog(file, model, planted, spec, (p) => progress.push(p.journeys));
    expect(written.journeys).toBe(2000);
    expect(progress.at(-1)).toBe(2000);
    expect(written.bytes).toBe(readFileSync(file).length);

    const log = await readEventLog(file, model);
    expect(log.rejects).toEqual([]);
    expect(log.rows).toBe(written.steps);
    expect(log.journeys).toHaveLength(2000);

    const { stats, gaps, partners, transitions } = await analyse(model, file);
    expect(stats.steps).toBe(written.steps);
    expect(checkPlanted(planted, { gaps, partners, transitions, handovers: stats.handovers })).toEqual([]);
    // "Clearly more than any other": the planted stuck point well ahead of every unplanted place.
    const unplanted = gaps.filter((g) => g.id !== planted.stuckActivity && g.id !== planted.secondStuckActivity);
    expect(gaps[0].score).toBeGreaterThan(2 * unplanted[0].score);
  });

  it('writes the same bytes for the same spec', async () => {
    const spec: SyntheticSpec = { seed: 'bytes', actors: 25, journeys: 500 };
    const { model, planted } = syntheticModel(spec);
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    await writeSyntheticLog(a, model, planted, spec);
    await writeSyntheticLog(b, model, planted, spec);
    expect(readFileSync(b).equals(readFileSync(a))).toBe(true);
    expect(readFileSync(a, 'utf8').split('\n')[0]).toBe('journey,timestamp,activity,actor,channel,touchpoint,outcome,sentiment,note,segment');
  });
});

describe('checkPlanted', () => {
  const spec: SyntheticSpec = { seed: 'check', actors: 30, journeys: 1500 };
  const { model, planted } = syntheticModel(spec);
  let results: Awaited<ReturnType<typeof analyse>>;
  beforeAll(async () => {
    const file = path.join(dir, 'check.csv');
    await writeSyntheticLog(file, model, planted, spec);
    results = await analyse(model, file);
  });

  it('passes the real results', () => {
    expect(checkPlanted(planted, results)).toEqual([]);
  });

  it('reports a stuck point that is not first, naming it and what came first', () => {
    const swapped = [results.gaps[2], ...results.gaps.filter((_, i) => i !== 2)].map((g, i, all) => ({ ...g, score: all.length - i }));
    const problems = checkPlanted(planted, { gaps: swapped, partners: results.partners });
    expect(problems.some((p) => p.includes(`"${planted.stuckActivity}" at rank 1`) && p.includes(`holds "${swapped[0].id}"`))).toBe(true);
  });

  it('reports a partner ranking without the planted hand-over on top', () => {
    const without = results.partners.filter((p) => p.id !== planted.handover.from);
    const problems = checkPlanted(planted, { gaps: results.gaps, partners: without });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`partner opportunities: .*"${planted.handover.from}".*not in the results at all`));
  });

  it('reports results computed for another focal actor, rankings out of order, and an empty ranking', () => {
    const other = model.actors.find((a) => !a.focal && a.id !== planted.handover.from)!.id;
    const otherFocal = results.partners.map((p) => ({ ...p, evidence: { ...p.evidence, focal: other } }));
    expect(checkPlanted(planted, { gaps: results.gaps, partners: otherFocal }).join('\n')).toMatch(`ranked for focal actor "${other}"`);
    const unordered = results.gaps.map((g, i) => (i === 3 ? { ...g, score: g.score + 1_000_000 } : g));
    expect(checkPlanted(planted, { gaps: unordered, partners: results.partners }).join('\n')).toMatch(/gaps by activity: not ordered by score: rank 4/);
    expect(checkPlanted(planted, { gaps: [], partners: [] })).toHaveLength(3);
  });

  it('reports transitions and hand-overs that do not show the planted pair first', () => {
    const id = `${planted.handoverActivities.from}->${planted.handoverActivities.to}`;
    const demoted = [...results.transitions.filter((t) => t.id !== id), ...results.transitions.filter((t) => t.id === id)].map((t, i, all) => ({
      ...t,
      score: all.length - i,
    }));
    const lessHandovers: JourneyStats['handovers'] = results.stats.handovers.map((h) =>
      h.from === planted.handover.from && h.to === planted.handover.to ? { ...h, journeys: 0 } : h,
    );
    const problems = checkPlanted(planted, { gaps: results.gaps, partners: results.partners, transitions: demoted, handovers: lessHandovers });
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.startsWith('transitions:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('handovers:'))).toBe(true);
  });

  it('matches planted items by id only: a planted record for another model fails', () => {
    const elsewhere: Planted = { ...planted, stuckActivity: 'no-such-activity' };
    expect(checkPlanted(elsewhere, results).join('\n')).toMatch(/"no-such-activity" at rank 1; it is not in the results at all/);
  });
});

describe('bench/generate/cli.ts', () => {
  it('writes the model, the log and the planted record, and prints a summary', () => {
    const out = path.join(dir, 'cli');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/generate/cli.ts', '--steps', '5000', '--seed', 'cli', '--out', out], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as { spec: SyntheticSpec; log: { steps: number; journeys: number }; planted: Planted };
    expect(summary.spec).toEqual(specForSteps(5000, 'cli'));
    expect(summary.log.journeys).toBe(500);
    for (const f of ['model.json', 'events.csv', 'planted.json']) expect(existsSync(path.join(out, f))).toBe(true);
    const model = parseModelDocument(JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')), 'model.json');
    expect(model).toEqual(syntheticModel(summary.spec).model);
    expect(JSON.parse(readFileSync(path.join(out, 'planted.json'), 'utf8')).planted).toEqual(summary.planted);
    expect(readFileSync(path.join(out, 'events.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(summary.log.steps + 1);
    expect(r.stderr).toMatch(/500\/500 journeys/);
  });

  it('refuses bad arguments with the usage and exit code 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/generate/cli.ts', '--steps', 'many', '--out', dir], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--steps: "many" is not a whole number/);
    expect(r.stderr).toMatch(/usage: npx tsx bench\/generate\/cli.ts/);
  });
});
