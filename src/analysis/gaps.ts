/**
 * Gaps: where customers get stuck.
 *
 * For each activity (or, with `by: 'goal'`, each sub-goal together with its own sub-goals),
 * from JourneyStats:
 *   reached         = distinct journeys with a step there
 *   affected        = distinct journeys that were stuck or abandoned there, or whose last step is
 *                     there and that did not end `completed`
 *   affectedShare   = affected / reached
 *   negativeShare   = steps there with sentiment < 0 / steps there
 *   dwell           = nearest-rank median and p90 of the time from a step there to the next step
 * score = affected (journeys affected); ties go to the higher negativeShare, then the id.
 * The overall goal is not ranked (it would count every unfinished journey).
 */
import type { JourneyStats, NoteCount, PlaceStats } from '../model/journey-stats.js';
import type { Phase } from '../model/vocabulary.js';
import type { GoalNetwork } from '../graph/goal-network.js';
import { compareText, fmt, formatDuration, inPhase, percent, ratio, round4, type PhaseOption, type Ranked } from './common.js';

export interface GapEvidence {
  kind: 'activity' | 'goal';
  /** The activity's phase (activities only). */
  phase: Phase | null;
  /** The goal the activity serves, or the goal's parent. */
  goal: string | null;
  reached: number;
  affected: number;
  affectedShare: number;
  stuck: number;
  abandoned: number;
  endedIncomplete: number;
  steps: number;
  negativeSteps: number;
  negativeShare: number;
  /** Mean sentiment of the steps that carry one, or null when none does. */
  meanSentiment: number | null;
  medianDwellMs: number | null;
  p90DwellMs: number | null;
  notes: NoteCount[];
}

export interface GapOptions extends PhaseOption {
  by?: 'activity' | 'goal';
  /** Leave out places reached by fewer journeys than this (default 1). */
  minJourneys?: number;
}

export const GAP_DEFAULTS = { by: 'activity' as const, minJourneys: 1 };

export function findGaps(network: GoalNetwork, stats: JourneyStats, options: GapOptions = {}): Ranked<GapEvidence>[] {
  const by = options.by ?? GAP_DEFAULTS.by;
  const minJourneys = options.minJourneys ?? GAP_DEFAULTS.minJourneys;
  const rootId = network.root()?.id;
  const places: { place: PlaceStats; name: string; phase: Phase | null; goal: string | null }[] =
    by === 'activity'
      ? stats.activities
          .filter((a) => inPhase(network, a.id, options.phase))
          .map((a) => {
            const activity = network.activity(a.id);
            return { place: a, name: activity?.name ?? a.id, phase: activity?.phase ?? null, goal: activity?.goal ?? null };
          })
      : stats.goals
          .filter((g) => g.id !== rootId)
          .filter((g) => options.phase === undefined || network.activitiesOf(g.id, true).some((a) => a.phase === options.phase))
          .map((g) => ({ place: g, name: network.goal(g.id)?.name ?? g.id, phase: null, goal: network.goal(g.id)?.parent ?? null }));

  return places
    .filter(({ place }) => place.journeys >= minJourneys)
    .map(({ place, name, phase, goal }) => {
      const evidence: GapEvidence = {
        kind: by,
        phase,
        goal,
        reached: place.journeys,
        affected: place.affected,
        affectedShare: round4(ratio(place.affected, place.journeys)),
        stuck: place.stuck,
        abandoned: place.abandoned,
        endedIncomplete: place.endedIncomplete,
        steps: place.steps,
        negativeSteps: place.negativeSteps,
        negativeShare: round4(ratio(place.negativeSteps, place.steps)),
        meanSentiment: place.sentimentCount === 0 ? null : round4(place.sentimentSum / place.sentimentCount),
        medianDwellMs: place.dwell.median,
        p90DwellMs: place.dwell.p90,
        notes: place.notes,
      };
      return { id: place.id, name, score: place.affected, reason: gapReason(name, evidence), evidence };
    })
    .sort((a, b) => b.score - a.score || b.evidence.negativeShare - a.evidence.negativeShare || compareText(a.id, b.id));
}

function gapReason(name: string, e: GapEvidence): string {
  const parts = [
    `${fmt(e.affected)} of ${fmt(e.reached)} journeys that reached "${name}" got stuck, gave up or stopped there (${percent(e.affectedShare)})`,
    `${fmt(e.stuck)} stuck, ${fmt(e.abandoned)} abandoned, ${fmt(e.endedIncomplete)} ended there unfinished`,
  ];
  if (e.steps > 0) parts.push(`${percent(e.negativeShare)} of steps negative`);
  if (e.medianDwellMs !== null) parts.push(`median ${formatDuration(e.medianDwellMs)} to the next step`);
  const reason = parts.join('; ');
  const note = e.notes[0];
  return note === undefined ? reason : `${reason}; most told: "${note.note}" (${note.count}×)`;
}
