/**
 * Merging incoming steps into a stored journey (pure; every store uses it).
 *
 * Rules:
 * - A step's *identity* is (timestamp, activity, occurrence), where occurrence counts the earlier
 *   steps of the same list with the same timestamp and activity (0 for the first such step).
 * - An incoming step replaces the stored step with the same identity (in the stored step's place);
 *   every other incoming step is added.
 * - The result is ordered by timestamp, ties in recorded order: stored steps first (in their
 *   order), then added steps (in incoming order).
 * - Merging a journey with itself changes nothing: `added` is 0 and `changed` is false.
 */
import type { StepInput } from './graph-store.js';

/** The identity of each step of a list, as a string key, in list order. */
export function stepIdentities(steps: readonly Pick<StepInput, 'timestamp' | 'activity'>[]): string[] {
  const seen = new Map<string, number>();
  return steps.map((step) => {
    const base = `${step.timestamp}\u0000${step.activity}`;
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    return `${base}\u0000${occurrence}`;
  });
}

/** The steps ordered by timestamp, ties in list order (a stable sort). Returns a new array. */
export function orderSteps<S extends { timestamp: number }>(steps: readonly S[]): S[] {
  const copy = steps.slice();
  return isOrdered(copy) ? copy : copy.sort((a, b) => a.timestamp - b.timestamp);
}

/** Whether the steps are already ordered by timestamp (as `orderSteps` would leave them). */
export function isOrdered(steps: readonly { timestamp: number }[]): boolean {
  for (let i = 1; i < steps.length; i++) if (steps[i].timestamp < steps[i - 1].timestamp) return false;
  return true;
}

/** Whether two steps carry the same data (absent and `undefined` fields are equal). */
export function sameStep(a: StepInput, b: StepInput): boolean {
  return (
    a.timestamp === b.timestamp &&
    a.activity === b.activity &&
    a.actor === b.actor &&
    a.channel === b.channel &&
    a.touchpoint === b.touchpoint &&
    a.outcome === b.outcome &&
    a.sentiment === b.sentiment &&
    a.note === b.note &&
    sameAttributes(a.attributes, b.attributes)
  );
}

function sameAttributes(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = a ? Object.keys(a) : [];
  const kb = b ? Object.keys(b) : [];
  if (ka.length !== kb.length) return false;
  for (const key of ka) {
    if (!b || !Object.prototype.hasOwnProperty.call(b, key) || b[key] !== a![key]) return false;
  }
  return true;
}

export interface JourneyMerge<S extends StepInput> {
  /** The merged steps, ordered (see the module rules). */
  steps: S[];
  /** Incoming steps whose identity was not stored. */
  added: number;
  /** Incoming steps that replaced a stored step with the same identity. */
  replaced: number;
  /** False when the result equals the stored steps (nothing to write). */
  changed: boolean;
}

/**
 * Merges `incoming` into `stored`. `stored` must already be ordered (as a store keeps it);
 * `incoming` may come in any order, ties among equal timestamps in recorded order.
 */
export function mergeJourneySteps<S extends StepInput>(stored: readonly S[], incoming: readonly S[]): JourneyMerge<S> {
  const storedIds = stepIdentities(stored);
  const position = new Map<string, number>();
  storedIds.forEach((id, i) => position.set(id, i));

  const merged = stored.slice();
  const extra: S[] = [];
  let replaced = 0;
  let changed = false;
  const incomingIds = stepIdentities(incoming);
  for (let i = 0; i < incoming.length; i++) {
    const at = position.get(incomingIds[i]);
    if (at === undefined) {
      extra.push(incoming[i]);
      continue;
    }
    replaced++;
    if (!sameStep(merged[at], incoming[i])) changed = true;
    merged[at] = incoming[i];
  }
  if (extra.length === 0 && !changed) return { steps: stored.slice(), added: 0, replaced, changed: false };
  return { steps: orderSteps(merged.concat(extra)), added: extra.length, replaced, changed: true };
}
