/**
 * The GraphQL enums, one per vocabulary of src/model/vocabulary.ts. GraphQL names are upper case;
 * outcomes map `PROGRESSED` ↔ `progressed` so resolvers see the domain values.
 */
import { registerEnumType } from 'type-graphql';
import {
  ACTOR_KINDS,
  CHANNELS,
  INITIATORS,
  MODES,
  OUTCOMES,
  OWNERSHIPS,
  PHASES,
  REFINEMENTS,
} from '../../model/vocabulary.js';
import { ROLES } from '../auth.js';

function enumOf<T extends string>(values: readonly T[], upper = false): Record<string, T> {
  return Object.fromEntries(values.map((v) => [upper ? v.toUpperCase() : v, v]));
}

export const PhaseEnum = enumOf(PHASES);
export const ChannelEnum = enumOf(CHANNELS);
export const ActorKindEnum = enumOf(ACTOR_KINDS);
export const RefinementEnum = enumOf(REFINEMENTS);
export const ModeEnum = enumOf(MODES);
export const InitiatorEnum = enumOf(INITIATORS);
export const OwnershipEnum = enumOf(OWNERSHIPS);
export const OutcomeEnum = enumOf(OUTCOMES, true);
export const RoleEnum = enumOf(ROLES, true);
export const GapLevelEnum = { ACTIVITY: 'activity', GOAL: 'goal' } as const;
export const ModelFormatEnum = { JSON: 'json', YAML: 'yaml' } as const;
export const StructuralGapKindEnum = enumOf([
  'LEAF_WITHOUT_ACTIVITY',
  'ACTIVITY_WITHOUT_ACTOR',
  'OUTSIDE_PARTNERSHIPS',
  'PHASE_WITHOUT_FOCAL_TOUCHPOINT',
] as const);
export const PresenceStatusEnum = enumOf(['PRESENT', 'ABSENT', 'FIRM_ONLY'] as const);
export const SizeMeasureEnum = {
  WEIGHTED_DEGREE: 'weightedDegree',
  DEGREE: 'degree',
  PAGERANK: 'pagerank',
  BETWEENNESS: 'betweenness',
  JOURNEYS: 'journeys',
} as const;
export const ColorByEnum = { COMMUNITY: 'community', KIND: 'kind' } as const;

registerEnumType(PhaseEnum, { name: 'Phase', description: 'Journey phase, after the purchase process plus use.' });
registerEnumType(ChannelEnum, { name: 'Channel', description: 'Channel through which a customer meets an actor.' });
registerEnumType(ActorKindEnum, { name: 'ActorKind', description: 'Kind of actor a customer deals with.' });
registerEnumType(RefinementEnum, { name: 'Refinement', description: 'AND needs all sub-goals, OR any one.' });
registerEnumType(ModeEnum, { name: 'Mode', description: 'Whether the customer acts (ACTIVE) or is reached (PASSIVE).' });
registerEnumType(InitiatorEnum, { name: 'Initiator', description: 'Who starts a contact through a touchpoint.' });
registerEnumType(OwnershipEnum, { name: 'Ownership', description: 'Touchpoint ownership after Lemon & Verhoef.' });
registerEnumType(OutcomeEnum, { name: 'Outcome', description: 'What a step did for the customer.' });
registerEnumType(RoleEnum, { name: 'Role', description: 'What an API key may do on a model; each role includes the ones before it.' });
registerEnumType(GapLevelEnum, { name: 'GapLevel', description: 'Rank gaps per activity, or per sub-goal with its own sub-goals.' });
registerEnumType(ModelFormatEnum, { name: 'ModelFormat', description: 'Model file format.' });
registerEnumType(StructuralGapKindEnum, { name: 'StructuralGapKind', description: 'A hole in the model itself (see analysis/structural-gaps.ts).' });
registerEnumType(PresenceStatusEnum, { name: 'PresenceStatus', description: 'Whether the focal firm is present where customers are active.' });
registerEnumType(SizeMeasureEnum, { name: 'SizeMeasure', description: 'Measure that sizes the nodes of the actor-network layout.' });
registerEnumType(ColorByEnum, { name: 'ColorBy', description: 'What colours the nodes of the actor-network layout.' });
