/**
 * Channel presence: in which channels customers are active in each phase, and whether the
 * focal firm is there.
 *
 * A step counts in the cell (phase of its activity, its channel). Steps through a touchpoint the
 * owning actor initiates (initiator FIRM) are contacts, not customer activity, and are left out
 * of `customerSteps`. The firm is *present* in a cell when one of its touchpoints on that channel
 * is used by an activity of that phase, or when observed steps there were with the firm.
 * Status: PRESENT (customers active, firm present), ABSENT (customers active, firm not: the
 * gap), FIRM_ONLY (firm there, no customer steps). Gaps are the ABSENT cells ranked by
 * score = customerSteps; `phaseShare` = customerSteps / all customer steps of the phase.
 */
import type { JourneyStats } from '../model/journey-stats.js';
import { CHANNELS, PHASES, type Channel, type Phase } from '../model/vocabulary.js';
import type { GoalNetwork } from '../graph/goal-network.js';
import { byScore, fmt, percent, ratio, resolveFocal, round4, type PhaseOption, type Ranked } from './common.js';

export type PresenceStatus = 'PRESENT' | 'ABSENT' | 'FIRM_ONLY';

export interface ChannelCell {
  phase: Phase;
  channel: Channel;
  customerSteps: number;
  phaseShare: number;
  firmSteps: number;
  firmTouchpoints: string[];
  status: PresenceStatus;
}

export interface ChannelPresence {
  focal: string;
  /** Every cell with customer steps or a firm presence, phases and channels in vocabulary order. */
  cells: ChannelCell[];
  /** Cells where customers are active and the firm is absent, most customer steps first. */
  gaps: Ranked<ChannelCell>[];
}

export interface ChannelOptions extends PhaseOption {
  focal?: string;
}

export function channelPresence(network: GoalNetwork, stats: JourneyStats, options: ChannelOptions = {}): ChannelPresence {
  const focal = resolveFocal(network, options.focal);
  const key = (phase: Phase, channel: Channel) => `${phase}/${channel}`;
  const customer = new Map<string, number>();
  const firm = new Map<string, number>();
  const phaseTotal = new Map<Phase, number>();
  for (const c of stats.contacts) {
    const phase = network.activity(c.activity)?.phase;
    if (phase === undefined || c.channel === null) continue;
    const k = key(phase, c.channel);
    const initiator = c.touchpoint !== null ? network.touchpoint(c.touchpoint)?.initiator : undefined;
    if (initiator !== 'FIRM') {
      customer.set(k, (customer.get(k) ?? 0) + c.steps);
      phaseTotal.set(phase, (phaseTotal.get(phase) ?? 0) + c.steps);
    }
    if (c.actor === focal.id) firm.set(k, (firm.get(k) ?? 0) + c.steps);
  }
  const firmTouchpoints = new Map<string, Set<string>>();
  for (const activity of network.activities) {
    for (const tp of network.touchpointsOfActivity(activity.id)) {
      if (tp.actor !== focal.id) continue;
      const k = key(activity.phase, tp.channel);
      if (!firmTouchpoints.has(k)) firmTouchpoints.set(k, new Set());
      firmTouchpoints.get(k)!.add(tp.id);
    }
  }

  const cells: ChannelCell[] = [];
  for (const phase of PHASES) {
    if (options.phase !== undefined && phase !== options.phase) continue;
    for (const channel of CHANNELS) {
      const k = key(phase, channel);
      const customerSteps = customer.get(k) ?? 0;
      const firmSteps = firm.get(k) ?? 0;
      const tps = [...(firmTouchpoints.get(k) ?? [])].sort();
      const present = tps.length > 0 || firmSteps > 0;
      if (customerSteps === 0 && !present) continue;
      cells.push({
        phase,
        channel,
        customerSteps,
        phaseShare: round4(ratio(customerSteps, phaseTotal.get(phase) ?? 0)),
        firmSteps,
        firmTouchpoints: tps,
        status: customerSteps === 0 ? 'FIRM_ONLY' : present ? 'PRESENT' : 'ABSENT',
      });
    }
  }
  const gaps = cells
    .filter((c) => c.status === 'ABSENT')
    .map((c) => ({
      id: key(c.phase, c.channel),
      name: `${c.channel} in ${c.phase}`,
      score: c.customerSteps,
      reason:
        `Customers took ${fmt(c.customerSteps)} steps through ${c.channel} in ${c.phase} ` +
        `(${percent(c.phaseShare)} of that phase) and ${focal.name} has no touchpoint there`,
      evidence: c,
    }))
    .sort(byScore);
  return { focal: focal.id, cells, gaps };
}
