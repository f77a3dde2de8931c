/**
 * A tiny builder for hand-made ModelDocuments: each function fills in the fields a test does not
 * care about (names, mode, empty lists), so that a fixture reads as the network it describes.
 * The result is a plain `ModelDocument`, exactly as a validated model file would give it.
 */
import type { Activity, Actor, Goal, ModelDocument, Partnership, Segment, Touchpoint } from '../../src/model/types.js';
import { sortedPair } from '../../src/model/types.js';
import type { ActorKind, Channel, Initiator, Mode, Ownership, Phase, Refinement } from '../../src/model/vocabulary.js';

export function goal(id: string, options: { parent?: string; refinement?: Refinement; name?: string } = {}): Goal {
  const g: Goal = { id, name: options.name ?? id, refinement: options.refinement ?? 'AND' };
  if (options.parent !== undefined) g.parent = options.parent;
  return g;
}

export function actor(id: string, kind: ActorKind, options: { focal?: boolean; name?: string } = {}): Actor {
  return { id, name: options.name ?? id, kind, focal: options.focal ?? false };
}

export function touchpoint(
  id: string,
  owner: string,
  channel: Channel,
  initiator: Initiator,
  options: { name?: string; ownership?: Ownership } = {},
): Touchpoint {
  return { id, name: options.name ?? id, actor: owner, channel, initiator, ownership: options.ownership ?? 'EXTERNAL' };
}

export function activity(
  id: string,
  goalId: string,
  phase: Phase,
  options: { name?: string; mode?: Mode; actors?: string[]; touchpoints?: string[]; next?: string[] } = {},
): Activity {
  return {
    id,
    name: options.name ?? id,
    goal: goalId,
    phase,
    mode: options.mode ?? 'ACTIVE',
    actors: options.actors ?? [],
    touchpoints: options.touchpoints ?? [],
    next: options.next ?? [],
  };
}

export function partnership(a: string, b: string): Partnership {
  return { actors: sortedPair(a, b) };
}

export function modelDocument(parts: {
  id?: string;
  name?: string;
  goals?: Goal[];
  actors?: Actor[];
  touchpoints?: Touchpoint[];
  activities?: Activity[];
  partnerships?: Partnership[];
  segments?: Segment[];
}): ModelDocument {
  return {
    model: { id: parts.id ?? 'test-model', name: parts.name ?? 'Test model' },
    goals: parts.goals ?? [],
    actors: parts.actors ?? [],
    touchpoints: parts.touchpoints ?? [],
    activities: parts.activities ?? [],
    partnerships: parts.partnerships ?? [],
    segments: parts.segments ?? [],
  };
}
