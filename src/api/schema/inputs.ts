/**
 * GraphQL input types of the mutations, with their field rules (class-validator). Rules that
 * need the whole model (references, cycles, one overall goal, one focal actor) are the model's
 * own (src/model/validate.ts) and are checked before anything is written.
 *
 * Upserts replace an entity whole: a field left out takes its default, not its stored value.
 */
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDate,
  IsInt,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ID_MAX_LENGTH } from '../../model/validate.js';
import { SENTIMENT_MAX, SENTIMENT_MIN } from '../../model/vocabulary.js';
import type { ActorKind, Channel, Initiator, Mode, Outcome, Ownership, Phase, Refinement } from '../../model/vocabulary.js';
import {
  ActorKindEnum,
  ChannelEnum,
  InitiatorEnum,
  ModeEnum,
  OutcomeEnum,
  OwnershipEnum,
  PhaseEnum,
  RefinementEnum,
} from './enums.js';

// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u001f\u007f-\u009f]*$/;
const NOT_BLANK = /\S/;
/** Most entities one mutation may upsert, and most steps of one journey. */
export const MAX_ITEMS = 10_000;

/** An entity id: 1 to ID_MAX_LENGTH characters, no control characters. */
function EntityId(): PropertyDecorator {
  return (target, key) => {
    Length(1, ID_MAX_LENGTH, { message: `must be 1 to ${ID_MAX_LENGTH} characters long` })(target, key);
    Matches(NO_CONTROL, { message: 'must not contain control characters' })(target, key);
  };
}

function EntityIds(): PropertyDecorator {
  return (target, key) => {
    ArrayMaxSize(MAX_ITEMS, { message: `at most ${MAX_ITEMS} ids` })(target, key);
    Length(1, ID_MAX_LENGTH, { each: true, message: `each id must be 1 to ${ID_MAX_LENGTH} characters long` })(target, key);
    Matches(NO_CONTROL, { each: true, message: 'ids must not contain control characters' })(target, key);
  };
}

function Name(): PropertyDecorator {
  return (target, key) => {
    Matches(NOT_BLANK, { message: 'must not be blank; give it a name people will recognise' })(target, key);
    MaxLength(1000, { message: 'at most 1000 characters' })(target, key);
  };
}

@InputType('ModelInput')
export class ModelInput {
  @Field(() => ID) @EntityId() id!: string;
  @Field(() => String) @Name() name!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10_000) description?: string;
}

@InputType('ModelPatch', { description: 'Fields to change; a field left out keeps its value, a null description removes it.' })
export class ModelPatchInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Name() name?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10_000) description?: string | null;
}

@InputType('GoalInput')
export class GoalInput {
  @Field(() => ID) @EntityId() id!: string;
  @Field(() => String) @Name() name!: string;
  @Field(() => ID, { nullable: true, description: 'The goal this one refines; none for the overall goal.' }) @IsOptional() @EntityId() parent?: string;
  @Field(() => RefinementEnum, { nullable: true, description: 'Default AND.' }) refinement?: Refinement;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10_000) description?: string;
}

@InputType('ActorInput')
export class ActorInput {
  @Field(() => ID) @EntityId() id!: string;
  @Field(() => String) @Name() name!: string;
  @Field(() => ActorKindEnum) kind!: ActorKind;
  @Field(() => Boolean, { nullable: true, description: 'Default false; at most one actor of a model is focal.' }) focal?: boolean;
}

@InputType('TouchpointInput')
export class TouchpointInput {
  @Field(() => ID) @EntityId() id!: string;
  @Field(() => String, { nullable: true, description: 'Default "<actor name> <channel>".' }) @IsOptional() @Name() name?: string;
  @Field(() => ID) @EntityId() actor!: string;
  @Field(() => ChannelEnum) channel!: Channel;
  @Field(() => InitiatorEnum, { nullable: true, description: 'Default CUSTOMER.' }) initiator?: Initiator;
  @Field(() => OwnershipEnum, { nullable: true, description: "Default from the actor: BRAND for the focal actor, PARTNER for its partners, else EXTERNAL." })
  ownership?: Ownership;
}

@InputType('ActivityInput')
export class ActivityInput {
  @Field(() => ID) @EntityId() id!: string;
  @Field(() => String) @Name() name!: string;
  @Field(() => ID) @EntityId() goal!: string;
  @Field(() => PhaseEnum) phase!: Phase;
  @Field(() => ModeEnum, { nullable: true, description: 'Default ACTIVE.' }) mode?: Mode;
  @Field(() => [ID], { nullable: true }) @IsOptional() @EntityIds() actors?: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @EntityIds() touchpoints?: string[];
  @Field(() => [ID], { nullable: true, description: 'Planned successors.' }) @IsOptional() @EntityIds() next?: string[];
}

@InputType('PartnershipInput')
export class PartnershipInput {
  @Field(() => [ID], { description: 'The two partner actors.' })
  @ArrayMinSize(2, { message: 'a partnership joins exactly two actors' })
  @ArrayMaxSize(2, { message: 'a partnership joins exactly two actors' })
  @EntityIds()
  actors!: string[];
}

@InputType('SegmentInput')
export class SegmentInput {
  @Field(() => ID) @EntityId() id!: string;
  @Field(() => String) @Name() name!: string;
}

@InputType('StepInput', { description: 'One observed step. Actor, channel and touchpoint fill in from each other as in an event log.' })
export class StepInput {
  @Field(() => DateTimeResolver) @IsDate({ message: 'must be a date-time' }) timestamp!: Date;
  @Field(() => ID) @EntityId() activity!: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @EntityId() actor?: string;
  @Field(() => ChannelEnum, { nullable: true }) channel?: Channel;
  @Field(() => ID, { nullable: true }) @IsOptional() @EntityId() touchpoint?: string;
  @Field(() => OutcomeEnum, { nullable: true, description: 'Default PROGRESSED.' }) outcome?: Outcome;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(SENTIMENT_MIN, { message: `must be from ${SENTIMENT_MIN} to ${SENTIMENT_MAX}` })
  @Max(SENTIMENT_MAX, { message: `must be from ${SENTIMENT_MIN} to ${SENTIMENT_MAX}` })
  sentiment?: number;
  @Field(() => String, { nullable: true, description: 'A critical-incident note.' }) @IsOptional() @MaxLength(10_000) note?: string;
  @Field(() => JSONObjectResolver, { nullable: true, description: 'Extra attributes: an object of strings.' }) attributes?: Record<string, unknown>;
}

@InputType('JourneyInput')
export class JourneyInput {
  @Field(() => ID) @EntityId() id!: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @EntityId() segment?: string;
  @Field(() => [StepInput])
  @ArrayMinSize(1, { message: 'a journey needs at least one step' })
  @ArrayMaxSize(MAX_ITEMS, { message: `at most ${MAX_ITEMS} steps per call` })
  @ValidateNested({ each: true })
  steps!: StepInput[];
}
