/**
 * Contact pressure: how often the focal firm contacts customers on its own initiative, and
 * which of its contacts in passive or post-purchase moments are followed by trouble.
 *
 * A *contact* is a step through a touchpoint of the focal firm whose initiator is FIRM.
 *   contacts per journey, by phase = contacts in the phase / J (all journeys in the stats)
 * A step is *followed by trouble* when the next step of its journey has sentiment < 0 or outcome
 * `abandoned`. Rates use the steps that have a next step:
 *   rate(touchpoint) = trouble after its sensitive contacts / its sensitive contacts with a next step
 *   baseline         = trouble after customer steps / customer steps with a next step
 *                      (customer steps: all steps not through a FIRM-initiated touchpoint)
 * Sensitive contacts: those at an activity in mode PASSIVE or in phase POST_PURCHASE.
 *   excess = trouble − baseline × contacts with a next step   (journeys' trouble beyond baseline)
 *   lift   = rate / baseline
 * score = excess. A touchpoint is `flagged` when rate > baseline and it has at least
 * `minContacts` sensitive contacts with a next step.
 */
import type { JourneyStats } from '../model/journey-stats.js';
import { PHASES, type Phase } from '../model/vocabulary.js';
import type { GoalNetwork } from '../graph/goal-network.js';
import { byScore, fmt, percent, ratio, resolveFocal, round4, type PhaseOption, type Ranked } from './common.js';

export const PRESSURE_DEFAULTS = { minContacts: 10 };

export interface PhasePressure {
  phase: Phase;
  contacts: number;
  perJourney: number;
}

export interface TouchpointPressureEvidence {
  touchpoint: string;
  channel: string;
  contacts: number;
  sensitiveContacts: number;
  withNext: number;
  nextNegative: number;
  nextAbandoned: number;
  trouble: number;
  rate: number;
  baseline: number;
  lift: number;
  excess: number;
  flagged: boolean;
}

export interface ContactPressure {
  focal: string;
  journeys: number;
  contacts: number;
  perJourney: number;
  byPhase: PhasePressure[];
  baseline: { withNext: number; trouble: number; rate: number };
  touchpoints: Ranked<TouchpointPressureEvidence>[];
}

export interface PressureOptions extends PhaseOption {
  focal?: string;
  minContacts?: number;
}

export function contactPressure(network: GoalNetwork, stats: JourneyStats, options: PressureOptions = {}): ContactPressure {
  const focal = resolveFocal(network, options.focal);
  const minContacts = options.minContacts ?? PRESSURE_DEFAULTS.minContacts;
  const isContact = (tp: string | null) => {
    const t = tp === null ? undefined : network.touchpoint(tp);
    return t !== undefined && t.initiator === 'FIRM' && t.actor === focal.id;
  };
  const isFirmInitiated = (tp: string | null) => tp !== null && network.touchpoint(tp)?.initiator === 'FIRM';

  const phaseContacts = new Map<Phase, number>();
  const perTouchpoint = new Map<string, { contacts: number; sensitive: number; withNext: number; nextNegative: number; nextAbandoned: number; trouble: number }>();
  let baseWithNext = 0;
  let baseTrouble = 0;
  for (const c of stats.contacts) {
    const activity = network.activity(c.activity);
    if (activity === undefined) continue;
    if (!isFirmInitiated(c.touchpoint)) {
      baseWithNext += c.withNext;
      baseTrouble += c.followedByTrouble;
      continue;
    }
    if (!isContact(c.touchpoint)) continue;
    if (options.phase !== undefined && activity.phase !== options.phase) continue;
    phaseContacts.set(activity.phase, (phaseContacts.get(activity.phase) ?? 0) + c.steps);
    const entry = perTouchpoint.get(c.touchpoint!) ?? { contacts: 0, sensitive: 0, withNext: 0, nextNegative: 0, nextAbandoned: 0, trouble: 0 };
    entry.contacts += c.steps;
    if (activity.mode === 'PASSIVE' || activity.phase === 'POST_PURCHASE') {
      entry.sensitive += c.steps;
      entry.withNext += c.withNext;
      entry.nextNegative += c.nextNegative;
      entry.nextAbandoned += c.nextAbandoned;
      entry.trouble += c.followedByTrouble;
    }
    perTouchpoint.set(c.touchpoint!, entry);
  }
  const baseline = ratio(baseTrouble, baseWithNext);
  const J = stats.journeys;
  const total = [...phaseContacts.values()].reduce((a, b) => a + b, 0);

  const touchpoints = [...perTouchpoint].map(([id, e]): Ranked<TouchpointPressureEvidence> => {
    const tp = network.touchpoint(id)!;
    const rate = ratio(e.trouble, e.withNext);
    const excess = e.trouble - baseline * e.withNext;
    const evidence: TouchpointPressureEvidence = {
      touchpoint: id,
      channel: tp.channel,
      contacts: e.contacts,
      sensitiveContacts: e.sensitive,
      withNext: e.withNext,
      nextNegative: e.nextNegative,
      nextAbandoned: e.nextAbandoned,
      trouble: e.trouble,
      rate: round4(rate),
      baseline: round4(baseline),
      lift: round4(ratio(rate, baseline)),
      excess: round4(excess),
      flagged: rate > baseline && e.withNext >= minContacts,
    };
    return { id, name: tp.name, score: evidence.excess, reason: pressureReason(tp.name, evidence), evidence };
  });

  return {
    focal: focal.id,
    journeys: J,
    contacts: total,
    perJourney: round4(ratio(total, J)),
    byPhase: PHASES.filter((p) => phaseContacts.has(p)).map((phase) => ({
      phase,
      contacts: phaseContacts.get(phase)!,
      perJourney: round4(ratio(phaseContacts.get(phase)!, J)),
    })),
    baseline: { withNext: baseWithNext, trouble: baseTrouble, rate: round4(baseline) },
    touchpoints: touchpoints.sort(byScore),
  };
}

function pressureReason(name: string, e: TouchpointPressureEvidence): string {
  if (e.sensitiveContacts === 0) return `${name}: ${fmt(e.contacts)} contacts, none in passive or post-purchase moments`;
  const head =
    `${name}: ${fmt(e.sensitiveContacts)} contacts in passive or post-purchase moments; ` +
    `${percent(e.rate)} were followed by a negative step or a drop-out (${fmt(e.nextNegative)} negative, ${fmt(e.nextAbandoned)} abandoned) ` +
    `against ${percent(e.baseline)} after customers' own steps`;
  if (!e.flagged) return head;
  return e.baseline === 0 ? `${head}, after which trouble never follows` : `${head}: ${e.lift.toFixed(1)}× the baseline`;
}
