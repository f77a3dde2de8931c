/**
 * Partner opportunities for a focal actor: the other actors, not yet its partners, that
 * customers deal with next to it.
 *
 * For a candidate c and the focal actor f, with J the journeys in the stats:
 *   toFocal      = journeys with a hand-over c → f (consecutive steps, c's then f's)
 *   fromFocal    = journeys with a hand-over f → c
 *   shared       = journeys that met both c and f
 *   siblingGoals = goals c serves that are siblings of a goal f serves (same parent, not served by f)
 *   score = (toFocal + fromFocal) / J  +  shared / J  +  PARTNER_WEIGHTS.sibling × siblingGoals
 * (0 for every part whose denominator is 0). Candidates with score 0 are left out, and so are
 * actors on the customer's own side: those whose touchpoints are all customer-owned (the
 * household's own kitchen is not a firm to partner with).
 */
import type { JourneyStats } from '../model/journey-stats.js';
import type { GoalNetwork } from '../graph/goal-network.js';
import { byScore, fmt, ratio, resolveFocal, round4, type Ranked } from './common.js';

export const PARTNER_WEIGHTS = { sibling: 0.1 };

export interface PartnerEvidence {
  focal: string;
  kind: string;
  journeys: number;
  handoversToFocal: number;
  handoversFromFocal: number;
  journeysToFocal: number;
  journeysFromFocal: number;
  sharedJourneys: number;
  siblingGoals: string[];
}

export interface PartnerOptions {
  focal?: string;
}

export function findPartnerOpportunities(
  network: GoalNetwork,
  stats: JourneyStats,
  options: PartnerOptions = {},
): Ranked<PartnerEvidence>[] {
  const focal = resolveFocal(network, options.focal);
  const J = stats.journeys;
  const focalGoals = new Set(network.goalsOfActor(focal.id).map((g) => g.id));
  const siblingOfFocal = new Set<string>();
  for (const g of focalGoals) for (const s of network.siblings(g)) if (!focalGoals.has(s.id)) siblingOfFocal.add(s.id);

  const toFocal = new Map(stats.handovers.filter((h) => h.to === focal.id).map((h) => [h.from, h]));
  const fromFocal = new Map(stats.handovers.filter((h) => h.from === focal.id).map((h) => [h.to, h]));
  const sharedWith = new Map<string, number>();
  for (const p of stats.actorPairs) {
    if (p.actors[0] === focal.id) sharedWith.set(p.actors[1], p.journeys);
    else if (p.actors[1] === focal.id) sharedWith.set(p.actors[0], p.journeys);
  }

  const results: Ranked<PartnerEvidence>[] = [];
  for (const candidate of network.actors) {
    if (candidate.id === focal.id || network.isPartner(focal.id, candidate.id)) continue;
    if (isCustomerSide(network, candidate.id)) continue;
    const to = toFocal.get(candidate.id);
    const from = fromFocal.get(candidate.id);
    const shared = sharedWith.get(candidate.id) ?? 0;
    const siblingGoals = network
      .goalsOfActor(candidate.id)
      .filter((g) => siblingOfFocal.has(g.id))
      .map((g) => g.id);
    const evidence: PartnerEvidence = {
      focal: focal.id,
      kind: candidate.kind,
      journeys: J,
      handoversToFocal: to?.count ?? 0,
      handoversFromFocal: from?.count ?? 0,
      journeysToFocal: to?.journeys ?? 0,
      journeysFromFocal: from?.journeys ?? 0,
      sharedJourneys: shared,
      siblingGoals,
    };
    const score = round4(
      ratio(evidence.journeysToFocal + evidence.journeysFromFocal, J) +
        ratio(shared, J) +
        PARTNER_WEIGHTS.sibling * siblingGoals.length,
    );
    if (score === 0) continue;
    results.push({ id: candidate.id, name: candidate.name, score, reason: partnerReason(network, candidate.name, focal.name, evidence), evidence });
  }
  return results.sort(byScore);
}

function partnerReason(network: GoalNetwork, name: string, focalName: string, e: PartnerEvidence): string {
  const parts: string[] = [];
  if (e.journeysToFocal > 0) parts.push(`customers go from ${name} to ${focalName} in ${fmt(e.journeysToFocal)} of ${fmt(e.journeys)} journeys`);
  if (e.journeysFromFocal > 0) {
    const of = e.journeysToFocal > 0 ? '' : ` of ${fmt(e.journeys)} journeys`;
    parts.push(`${e.journeysToFocal > 0 ? '' : 'customers go '}from ${focalName} to ${name} in ${fmt(e.journeysFromFocal)}${of}`);
  }
  if (e.sharedJourneys > 0) parts.push(`${fmt(e.sharedJourneys)} journeys meet both`);
  if (e.siblingGoals.length > 0) {
    const names = e.siblingGoals.map((g) => `"${network.goal(g)?.name ?? g}"`).join(', ');
    parts.push(`${name} serves ${names}, next to the sub-goals ${focalName} serves`);
  }
  const text = parts.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An actor whose touchpoints (at least one) are all owned by the customer. */
export function isCustomerSide(network: GoalNetwork, actorId: string): boolean {
  const touchpoints = network.touchpointsOfActor(actorId);
  return touchpoints.length > 0 && touchpoints.every((t) => t.ownership === 'CUSTOMER');
}
