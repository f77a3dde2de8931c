/**
 * GraphQL object types of the model's entities, journeys and their connections. Relation fields
 * are resolved in resolvers/entities.ts; the objects resolvers pass around are the domain
 * entities plus the id of their model (`*Node` types below).
 */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import type { Activity, Actor, Goal, ModelInfo, Segment, Step, Touchpoint } from '../../model/types.js';
import type { Channel, Outcome } from '../../model/vocabulary.js';
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

export type GoalNode = Goal & { modelId: string };
export type ActivityNode = Activity & { modelId: string };
export type ActorNode = Actor & { modelId: string };
export type TouchpointNode = Touchpoint & { modelId: string };
export type SegmentNode = Segment & { modelId: string };
export interface PartnershipNode {
  modelId: string;
  /** The two actor ids sorted and joined by `~`. */
  id: string;
  actors: [string, string];
}
export interface JourneyNode {
  modelId: string;
  id: string;
  segment?: string;
  stepCount: number;
  start: number;
  end: number;
  outcome: Outcome;
  /** The steps, when they were loaded with the journey. */
  steps?: Step[];
}
export type StepNode = Step & { modelId: string; position: number };

export function withModel<T extends object>(modelId: string, entity: T): T & { modelId: string } {
  return { ...entity, modelId };
}

@ObjectType('Model', { description: "One firm's view of one customer goal: its goal tree, activities, actors, touchpoints, partnerships, segments and observed journeys." })
export class ModelType implements ModelInfo {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string;
}

@ObjectType('Goal', { description: 'The overall goal (no parent) or a sub-goal.' })
export class GoalType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => RefinementEnum, { description: 'How its own sub-goals combine.' }) refinement!: string;
}

@ObjectType('Activity', { description: 'What a customer does toward a sub-goal, in one phase of the journey.' })
export class ActivityType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => PhaseEnum) phase!: string;
  @Field(() => ModeEnum) mode!: string;
}

@ObjectType('Actor', { description: 'Someone the customer deals with: the focal firm, a bank, a broker, a peer…' })
export class ActorType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => ActorKindEnum) kind!: string;
  @Field(() => Boolean, { description: 'The firm whose view the model takes.' }) focal!: boolean;
}

@ObjectType('Touchpoint', { description: 'A way an actor meets the customer, on one channel.' })
export class TouchpointType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => ChannelEnum) channel!: string;
  @Field(() => InitiatorEnum) initiator!: string;
  @Field(() => OwnershipEnum) ownership!: string;
}

@ObjectType('Partnership', { description: 'An existing partnership between two actors.' })
export class PartnershipType {
  @Field(() => ID, { description: 'The two actor ids, sorted, joined by "~".' }) id!: string;
}

@ObjectType('Segment', { description: 'A customer segment declared by the model.' })
export class SegmentType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
}

@ObjectType('Journey', { description: 'One observed customer journey.' })
export class JourneyType {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'Number of steps.' }) stepCount!: number;
  @Field(() => OutcomeEnum, { description: 'The outcome of the last step.' }) outcome!: string;
}

@ObjectType('Step', { description: 'One observed step of a journey.' })
export class StepType {
  @Field(() => Int, { description: 'Position in the journey, from 0.' }) position!: number;
  @Field(() => OutcomeEnum) outcome!: string;
  @Field(() => ChannelEnum, { nullable: true }) channel?: Channel;
  @Field(() => Int, { nullable: true, description: 'From -2 (very negative) to 2.' }) sentiment?: number;
  @Field(() => String, { nullable: true, description: 'A critical-incident note.' }) note?: string;
  @Field(() => JSONObjectResolver, { nullable: true, description: 'Extra columns of the event log.' }) attributes?: Record<string, string>;
}

@ObjectType('PageInfo')
export class PageInfoType {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('JourneyEdge')
export class JourneyEdgeType {
  @Field(() => String) cursor!: string;
  @Field(() => JourneyType) node!: JourneyNode;
}

@ObjectType('JourneyConnection', { description: 'A page of journeys, ordered by id.' })
export class JourneyConnectionType {
  @Field(() => [JourneyEdgeType]) edges!: JourneyEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  @Field(() => Int, { description: 'Journeys matching the query in all pages.' }) totalCount!: number;
}

@ObjectType('StepEdge')
export class StepEdgeType {
  @Field(() => String) cursor!: string;
  @Field(() => StepType) node!: StepNode;
}

@ObjectType('StepConnection', { description: 'A page of the steps of a journey, in journey order.' })
export class StepConnectionType {
  @Field(() => [StepEdgeType]) edges!: StepEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  @Field(() => Int) totalCount!: number;
}

export { DateTimeResolver };
