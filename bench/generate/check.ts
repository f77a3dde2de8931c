/**
 * Checks analysis results against what the generator planted: a benchmark run whose rankings do
 * not put the planted items first has computed something else, however fast (a fast wrong
 * answer is not a result).
 *
 * The rules, each failing one giving a line in the returned list (empty: all hold):
 * - gaps (gaps by activity, best first): the planted stuck point is first and the second stuck
 *   point second; every score is a finite number and the list is in descending score order.
 * - partners (partner opportunities for the planted focal actor, best first): the planted
 *   hand-over's other actor (`handover.from`; partner results are named by the candidate actor)
 *   is first, and the results were computed for `handover.to` when their evidence says so.
 * - transitions (optional, `findTransitions(…).transitions`): the planted hand-over's activities
 *   (`<from>-><to>`) are the most frequent transition.
 * - handovers (optional, `JourneyStats.handovers`): the planted pair has the most journeys of
 *   any hand-over into the focal actor.
 */
import type { Ranked } from '../../src/analysis/common.js';
import type { HandoverStats } from '../../src/model/journey-stats.js';
import type { Planted } from './model.js';

export interface PlantedResults {
  gaps: readonly Ranked<unknown>[];
  partners: readonly Ranked<unknown>[];
  transitions?: readonly Ranked<unknown>[];
  handovers?: readonly HandoverStats[];
}

export function checkPlanted(planted: Planted, results: PlantedResults): string[] {
  const problems: string[] = [];
  problems.push(...rankProblems('gaps by activity', results.gaps));
  expectAt(problems, 'gaps by activity', results.gaps, 0, planted.stuckActivity, 'the planted stuck point');
  expectAt(problems, 'gaps by activity', results.gaps, 1, planted.secondStuckActivity, 'the second stuck point');
  const kind = evidenceField(results.gaps[0], 'kind');
  if (kind !== undefined && kind !== 'activity') {
    problems.push(`gaps: the results are by ${String(kind)}; pass gaps by activity (findGaps(net, stats) without by: 'goal')`);
  }

  problems.push(...rankProblems('partner opportunities', results.partners));
  const focal = evidenceField(results.partners[0], 'focal');
  if (focal !== undefined && focal !== planted.handover.to) {
    problems.push(`partner opportunities: ranked for focal actor "${String(focal)}", but the hand-over was planted for "${planted.handover.to}"`);
  }
  expectAt(problems, 'partner opportunities', results.partners, 0, planted.handover.from, `the planted hand-over partner (to "${planted.handover.to}")`);

  if (results.transitions !== undefined) {
    const id = `${planted.handoverActivities.from}->${planted.handoverActivities.to}`;
    problems.push(...rankProblems('transitions', results.transitions));
    expectAt(problems, 'transitions', results.transitions, 0, id, 'the planted hand-over transition');
  }
  if (results.handovers !== undefined) {
    const { from, to } = planted.handover;
    const into = results.handovers.filter((h) => h.to === to);
    const top = [...into].sort((a, b) => b.journeys - a.journeys)[0];
    if (top === undefined) problems.push(`handovers: none into "${to}"`);
    else if (top.from !== from) {
      const planned = into.find((h) => h.from === from);
      problems.push(
        `handovers: the most journeys pass ${top.from} → ${top.to} (${top.journeys}); ` +
          `expected the planted ${from} → ${to} (${planned?.journeys ?? 0})`,
      );
    }
  }
  return problems;
}

function expectAt(problems: string[], what: string, list: readonly Ranked<unknown>[], rank: number, id: string, label: string): void {
  const actual = list[rank];
  if (actual?.id === id) return;
  const found = list.findIndex((r) => r.id === id);
  const where = found < 0 ? 'is not in the results at all' : `is ranked ${found + 1} (score ${list[found].score})`;
  const instead = actual === undefined ? `the results have only ${list.length} rows` : `rank ${rank + 1} holds "${actual.id}" (score ${actual.score})`;
  problems.push(`${what}: expected ${label} "${id}" at rank ${rank + 1}; it ${where}, and ${instead}`);
}

function rankProblems(what: string, list: readonly Ranked<unknown>[]): string[] {
  const problems: string[] = [];
  list.forEach((r, i) => {
    if (!Number.isFinite(r.score)) problems.push(`${what}: rank ${i + 1} ("${r.id}") has score ${r.score}, not a number`);
    else if (i > 0 && r.score > list[i - 1].score) {
      problems.push(`${what}: not ordered by score: rank ${i + 1} ("${r.id}", ${r.score}) is above rank ${i} ("${list[i - 1].id}", ${list[i - 1].score})`);
    }
  });
  return problems;
}

function evidenceField(r: Ranked<unknown> | undefined, field: string): unknown {
  const e = r?.evidence;
  return typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[field] : undefined;
}
