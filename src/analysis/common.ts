/** What every analysis shares: the shape of a ranked result, options, and safe arithmetic. */
import { badInput } from '../model/errors.js';
import type { Actor } from '../model/types.js';
import type { Phase } from '../model/vocabulary.js';
import type { GoalNetwork } from '../graph/goal-network.js';

/**
 * One ranked finding: `id` names the activity, goal, actor, touchpoint or cell; `score` orders
 * the ranking (higher first); `reason` says why in plain words and numbers; `evidence` holds the
 * figures behind it.
 */
export interface Ranked<E> {
  id: string;
  name: string;
  score: number;
  reason: string;
  evidence: E;
}

/** Restricts an analysis to the activities of one journey phase. */
export interface PhaseOption {
  phase?: Phase;
}

/** a / b, or 0 when b is 0: no analysis ever prints NaN. */
export function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** Rounds for display and stable JSON: 4 decimals. */
export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** Code-unit order, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Higher score first; ties by id so that rankings are stable. */
export function byScore<T extends { score: number; id: string }>(a: T, b: T): number {
  return b.score - a.score || compareText(a.id, b.id);
}

/**
 * The actor an analysis takes the view of: the one named, else the model's focal actor.
 * An unknown id, or no id and no focal actor, is bad input.
 */
export function resolveFocal(network: GoalNetwork, focal: string | undefined): Actor {
  if (focal !== undefined) {
    const actor = network.actor(focal);
    if (actor === undefined) {
      const ids = network.actors.map((a) => a.id);
      throw badInput(
        `unknown focal actor "${focal}" in model "${network.model.id}"; use one of: ${ids.join(', ') || '(the model has no actors)'}`,
      );
    }
    return actor;
  }
  const declared = network.focalActor();
  if (declared === undefined) {
    throw badInput(
      `model "${network.model.id}" declares no focal actor: name one with --focal ACTOR (or set "focal": true on the firm's actor)`,
    );
  }
  return declared;
}

export function inPhase(network: GoalNetwork, activityId: string, phase: Phase | undefined): boolean {
  return phase === undefined || network.activity(activityId)?.phase === phase;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  const minutes = ms / 60_000;
  if (minutes < 90) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} d`;
}
