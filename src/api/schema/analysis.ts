/**
 * GraphQL types of the analyses' results. Each ranked finding carries `id`, `name`, `score`,
 * `reason` and its `evidence`, as in src/analysis/common.ts (`Ranked<E>`); the formulas are in
 * the header of each analysis module. Ids in evidence come with the entity they name, resolved
 * (e.g. `fromId` and `from`).
 */
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { IsOptional, Max, Min } from 'class-validator';
import type { Phase } from '../../model/vocabulary.js';
import {
  ActorKindEnum,
  ChannelEnum,
  ColorByEnum,
  GapLevelEnum,
  PhaseEnum,
  PresenceStatusEnum,
  RefinementEnum,
  SizeMeasureEnum,
  StructuralGapKindEnum,
} from './enums.js';
import { ActivityType, ActorType, GoalType, TouchpointType, type ActivityNode, type ActorNode, type GoalNode, type TouchpointNode } from './entities.js';

@InputType('AnalysisFilter', { description: 'Restricts an analysis to a segment, a time window of journey starts [from, to), or a phase.' })
export class AnalysisFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only journeys of this customer segment.' }) segment?: string;
  @Field(() => DateTimeResolver, { nullable: true, description: 'Only journeys whose first step is at or after this time.' }) from?: Date;
  @Field(() => DateTimeResolver, { nullable: true, description: 'Only journeys whose first step is before this time.' }) to?: Date;
  @Field(() => PhaseEnum, { nullable: true, description: 'Only activities of this phase (analyses that work per activity).' }) phase?: Phase;
}

@InputType('LayoutOptions', { description: 'ForceAtlas2 layout settings of the actor network.' })
export class LayoutOptionsInput {
  @Field(() => Int, { nullable: true, description: 'ForceAtlas2 iterations, 1 to 5000 (default 300).' })
  @IsOptional()
  @Min(1, { message: 'must be at least 1' })
  @Max(5000, { message: 'at most 5000 through the API' })
  iterations?: number;
  @Field(() => Int, { nullable: true, description: 'Random seed, 0 or more (default 42).' }) @IsOptional() @Min(0, { message: 'must be 0 or more' }) seed?: number;
  @Field(() => SizeMeasureEnum, { nullable: true }) sizeBy?: string;
  @Field(() => ColorByEnum, { nullable: true }) colorBy?: string;
}

/** The fields every ranked finding shares (src/analysis/common.ts `Ranked`); never reached by itself, so not in the schema. */
@ObjectType()
abstract class RankedFields {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Float) score!: number;
  @Field(() => String) reason!: string;
}

@ObjectType('Quantiles', { description: 'Nearest-rank median and 90th percentile, in milliseconds.' })
export class QuantilesType {
  @Field(() => Int) count!: number;
  @Field(() => Float, { nullable: true }) median!: number | null;
  @Field(() => Float, { nullable: true }) p90!: number | null;
}

@ObjectType('NoteCount', { description: 'A critical-incident note and how often it was told.' })
export class NoteCountType {
  @Field(() => String) note!: string;
  @Field(() => Int) count!: number;
}

// ── transitions ──────────────────────────────────────────────────────────────

@ObjectType('TransitionEvidence')
export class TransitionEvidenceType {
  @Field(() => ID) fromId!: string;
  @Field(() => ActivityType, { nullable: true }) from!: ActivityNode | null;
  @Field(() => ID) toId!: string;
  @Field(() => ActivityType, { nullable: true }) to!: ActivityNode | null;
  @Field(() => Int) count!: number;
  @Field(() => Float, { description: "Share of the outgoing transitions of 'from'." }) share!: number;
  @Field(() => QuantilesType) duration!: QuantilesType;
}

@ObjectType('Transition', { description: 'Directly-follows count between two activities.' })
export class TransitionType extends RankedFields {
  @Field(() => TransitionEvidenceType) evidence!: TransitionEvidenceType;
}

@ObjectType('ActivityJourneys')
export class ActivityJourneysType {
  @Field(() => ID) activityId!: string;
  @Field(() => ActivityType, { nullable: true }) activity!: ActivityNode | null;
  @Field(() => Int) journeys!: number;
}

@ObjectType('Transitions')
export class TransitionsType {
  @Field(() => Int) journeys!: number;
  @Field(() => [TransitionType]) transitions!: TransitionType[];
  @Field(() => [ActivityJourneysType], { description: 'Journeys starting at each activity.' }) starts!: ActivityJourneysType[];
  @Field(() => [ActivityJourneysType], { description: 'Journeys ending at each activity.' }) ends!: ActivityJourneysType[];
}

// ── gaps ─────────────────────────────────────────────────────────────────────

@ObjectType('GapEvidence')
export class GapEvidenceType {
  @Field(() => GapLevelEnum) kind!: string;
  @Field(() => PhaseEnum, { nullable: true, description: "The activity's phase (activities only)." }) phase!: string | null;
  @Field(() => ID, { nullable: true, description: 'The goal the activity serves, or the parent of the goal.' }) goalId!: string | null;
  @Field(() => GoalType, { nullable: true }) goal!: GoalNode | null;
  @Field(() => Int) reached!: number;
  @Field(() => Int) affected!: number;
  @Field(() => Float) affectedShare!: number;
  @Field(() => Int) stuck!: number;
  @Field(() => Int) abandoned!: number;
  @Field(() => Int) endedIncomplete!: number;
  @Field(() => Int) steps!: number;
  @Field(() => Int) negativeSteps!: number;
  @Field(() => Float) negativeShare!: number;
  @Field(() => Float, { nullable: true }) meanSentiment!: number | null;
  @Field(() => Float, { nullable: true }) medianDwellMs!: number | null;
  @Field(() => Float, { nullable: true }) p90DwellMs!: number | null;
  @Field(() => [NoteCountType]) notes!: NoteCountType[];
}

@ObjectType('Gap', { description: 'A place where customers get stuck, give up or stop.' })
export class GapType extends RankedFields {
  @Field(() => GapEvidenceType) evidence!: GapEvidenceType;
  @Field(() => ActivityType, { nullable: true, description: 'The activity (by ACTIVITY).' }) activity!: ActivityNode | null;
  @Field(() => GoalType, { nullable: true, description: 'The sub-goal (by GOAL).' }) goal!: GoalNode | null;
}

@ObjectType('StructuralGapEvidence')
export class StructuralGapEvidenceType {
  @Field(() => StructuralGapKindEnum) kind!: string;
  @Field(() => Int) journeys!: number;
  @Field(() => [ID]) actorIds!: string[];
  @Field(() => [ActorType]) actors!: ActorNode[];
}

@ObjectType('StructuralGap', { description: 'A hole in the model itself.' })
export class StructuralGapType extends RankedFields {
  @Field(() => StructuralGapEvidenceType) evidence!: StructuralGapEvidenceType;
}

@ObjectType('Gaps')
export class GapsType {
  @Field(() => GapLevelEnum) by!: string;
  @Field(() => Int, { description: 'Journeys counted.' }) journeys!: number;
  @Field(() => [GapType], { description: 'Observed gaps, most journeys affected first.' }) ranked!: GapType[];
  @Field(() => [StructuralGapType], { description: 'Holes in the model, most traffic first.' }) structural!: StructuralGapType[];
}

// ── partners ─────────────────────────────────────────────────────────────────

@ObjectType('PartnerEvidence')
export class PartnerEvidenceType {
  @Field(() => ID) focalId!: string;
  @Field(() => ActorKindEnum) kind!: string;
  @Field(() => Int) journeys!: number;
  @Field(() => Int) handoversToFocal!: number;
  @Field(() => Int) handoversFromFocal!: number;
  @Field(() => Int) journeysToFocal!: number;
  @Field(() => Int) journeysFromFocal!: number;
  @Field(() => Int) sharedJourneys!: number;
  @Field(() => [ID]) siblingGoalIds!: string[];
  @Field(() => [GoalType]) siblingGoals!: GoalNode[];
}

@ObjectType('PartnerOpportunity', { description: 'An actor, not yet a partner, that customers deal with next to the focal actor.' })
export class PartnerOpportunityType extends RankedFields {
  @Field(() => PartnerEvidenceType) evidence!: PartnerEvidenceType;
  @Field(() => ActorType, { nullable: true }) actor!: ActorNode | null;
}

// ── channels ─────────────────────────────────────────────────────────────────

@ObjectType('ChannelCell', { description: 'One phase × channel cell of customer activity against the focal firm.' })
export class ChannelCellType {
  @Field(() => PhaseEnum) phase!: string;
  @Field(() => ChannelEnum) channel!: string;
  @Field(() => Int) customerSteps!: number;
  @Field(() => Float) phaseShare!: number;
  @Field(() => Int) firmSteps!: number;
  @Field(() => [ID]) firmTouchpointIds!: string[];
  @Field(() => [TouchpointType]) firmTouchpoints!: TouchpointNode[];
  @Field(() => PresenceStatusEnum) status!: string;
}

@ObjectType('ChannelGap')
export class ChannelGapType extends RankedFields {
  @Field(() => ChannelCellType) evidence!: ChannelCellType;
}

@ObjectType('ChannelPresence')
export class ChannelPresenceType {
  @Field(() => ID) focalId!: string;
  @Field(() => ActorType, { nullable: true }) focal!: ActorNode | null;
  @Field(() => [ChannelCellType]) cells!: ChannelCellType[];
  @Field(() => [ChannelGapType], { description: 'Cells where customers are active and the firm is absent.' }) gaps!: ChannelGapType[];
}

// ── contact pressure ─────────────────────────────────────────────────────────

@ObjectType('PhasePressure')
export class PhasePressureType {
  @Field(() => PhaseEnum) phase!: string;
  @Field(() => Int) contacts!: number;
  @Field(() => Float) perJourney!: number;
}

@ObjectType('PressureBaseline', { description: "Trouble after customers' own steps." })
export class PressureBaselineType {
  @Field(() => Int) withNext!: number;
  @Field(() => Int) trouble!: number;
  @Field(() => Float) rate!: number;
}

@ObjectType('TouchpointPressureEvidence')
export class TouchpointPressureEvidenceType {
  @Field(() => ID) touchpointId!: string;
  @Field(() => ChannelEnum) channel!: string;
  @Field(() => Int) contacts!: number;
  @Field(() => Int) sensitiveContacts!: number;
  @Field(() => Int) withNext!: number;
  @Field(() => Int) nextNegative!: number;
  @Field(() => Int) nextAbandoned!: number;
  @Field(() => Int) trouble!: number;
  @Field(() => Float) rate!: number;
  @Field(() => Float) baseline!: number;
  @Field(() => Float) lift!: number;
  @Field(() => Float) excess!: number;
  @Field(() => Boolean) flagged!: boolean;
}

@ObjectType('TouchpointPressure')
export class TouchpointPressureType extends RankedFields {
  @Field(() => TouchpointPressureEvidenceType) evidence!: TouchpointPressureEvidenceType;
  @Field(() => TouchpointType, { nullable: true }) touchpoint!: TouchpointNode | null;
}

@ObjectType('ContactPressure')
export class ContactPressureType {
  @Field(() => ID) focalId!: string;
  @Field(() => ActorType, { nullable: true }) focal!: ActorNode | null;
  @Field(() => Int) journeys!: number;
  @Field(() => Int) contacts!: number;
  @Field(() => Float) perJourney!: number;
  @Field(() => [PhasePressureType]) byPhase!: PhasePressureType[];
  @Field(() => PressureBaselineType) baseline!: PressureBaselineType;
  @Field(() => [TouchpointPressureType]) touchpoints!: TouchpointPressureType[];
}

// ── goal satisfaction ────────────────────────────────────────────────────────

@ObjectType('GoalValue')
export class GoalValueType {
  @Field(() => ID) goalId!: string;
  @Field(() => GoalType, { nullable: true }) goal!: GoalNode | null;
  @Field(() => String) name!: string;
  @Field(() => Int) depth!: number;
  @Field(() => RefinementEnum) refinement!: string;
  @Field(() => Boolean) leaf!: boolean;
  @Field(() => Int) journeys!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Float, { nullable: true, description: 'Completion share (leaves) or the propagated value; null without evidence.' }) value!: number | null;
}

@ObjectType('LeafGainEvidence')
export class LeafGainEvidenceType {
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Int) journeys!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Float) gain!: number;
  @Field(() => Float, { nullable: true }) overallIfFixed!: number | null;
}

@ObjectType('LeafGain', { description: 'How much the overall goal would gain if this leaf sub-goal were fixed.' })
export class LeafGainType extends RankedFields {
  @Field(() => LeafGainEvidenceType) evidence!: LeafGainEvidenceType;
  @Field(() => GoalType, { nullable: true }) goal!: GoalNode | null;
}

@ObjectType('GoalSatisfaction')
export class GoalSatisfactionType {
  @Field(() => Float, { nullable: true }) overall!: number | null;
  @Field(() => [GoalValueType]) goals!: GoalValueType[];
  @Field(() => [LeafGainType], { description: 'Leaves, best place to act first.' }) leaves!: LeafGainType[];
}

// ── actor network ────────────────────────────────────────────────────────────

@ObjectType('ActorMeasures')
export class ActorMeasuresType {
  @Field(() => ActorKindEnum) kind!: string;
  @Field(() => Boolean) focal!: boolean;
  @Field(() => Int) degree!: number;
  @Field(() => Float) weightedDegree!: number;
  @Field(() => Float) betweenness!: number;
  @Field(() => Float) pagerank!: number;
  @Field(() => Int) community!: number;
  @Field(() => Int) journeys!: number;
}

@ObjectType('RankedActor')
export class RankedActorType extends RankedFields {
  @Field(() => ActorMeasuresType) evidence!: ActorMeasuresType;
  @Field(() => ActorType, { nullable: true }) actor!: ActorNode | null;
}

@ObjectType('NetworkEdge')
export class NetworkEdgeType {
  @Field(() => ID) source!: string;
  @Field(() => ID) target!: string;
  @Field(() => Float) weight!: number;
  @Field(() => Int) sharedGoals!: number;
  @Field(() => Int) handovers!: number;
  @Field(() => Boolean) partnership!: boolean;
}

@ObjectType('LayoutNode')
export class LayoutNodeType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => ActorKindEnum) kind!: string;
  @Field(() => Boolean) focal!: boolean;
  @Field(() => Boolean) partner!: boolean;
  @Field(() => Float) x!: number;
  @Field(() => Float) y!: number;
  @Field(() => Float) size!: number;
  @Field(() => String) color!: string;
  @Field(() => Int) community!: number;
  @Field(() => Int) degree!: number;
  @Field(() => Float) weightedDegree!: number;
  @Field(() => Float) betweenness!: number;
  @Field(() => Float) pagerank!: number;
  @Field(() => [ID]) goals!: string[];
  @Field(() => [String]) phases!: string[];
  @Field(() => Int) journeys!: number;
  @Field(() => Int) handovers!: number;
}

@ObjectType('LayoutEdge')
export class LayoutEdgeType {
  @Field(() => ID) source!: string;
  @Field(() => ID) target!: string;
  @Field(() => Float) weight!: number;
  @Field(() => Int) sharedGoals!: number;
  @Field(() => Int) handovers!: number;
  @Field(() => Boolean) partnership!: boolean;
  @Field(() => Float) size!: number;
}

@ObjectType('LayoutSettings')
export class LayoutSettingsType {
  @Field(() => Int) iterations!: number;
  @Field(() => Int) seed!: number;
  @Field(() => Boolean) barnesHut!: boolean;
  @Field(() => SizeMeasureEnum) sizeBy!: string;
  @Field(() => ColorByEnum) colorBy!: string;
}

@ObjectType('ActorLayout', { description: 'The laid-out actor network (ForceAtlas2, then noverlap).' })
export class ActorLayoutType {
  @Field(() => ID) modelId!: string;
  @Field(() => [LayoutNodeType]) nodes!: LayoutNodeType[];
  @Field(() => [LayoutEdgeType]) edges!: LayoutEdgeType[];
  @Field(() => Int) communities!: number;
  @Field(() => LayoutSettingsType) settings!: LayoutSettingsType;
}

@ObjectType('ActorNetwork')
export class ActorNetworkType {
  @Field(() => ID) modelId!: string;
  @Field(() => Int) communities!: number;
  @Field(() => Float) modularity!: number;
  @Field(() => [RankedActorType], { description: 'Actors by PageRank.' }) actors!: RankedActorType[];
  @Field(() => [NetworkEdgeType]) edges!: NetworkEdgeType[];
}

// ── journey stats ────────────────────────────────────────────────────────────

@ObjectType('OutcomeCounts')
export class OutcomeCountsType {
  @Field(() => Int) progressed!: number;
  @Field(() => Int) stuck!: number;
  @Field(() => Int) abandoned!: number;
  @Field(() => Int) completed!: number;
}

@ObjectType('PlaceStats', { description: 'Aggregates of the steps at an activity, or a goal with its sub-goals.' })
export class PlaceStatsType {
  @Field(() => ID) id!: string;
  @Field(() => Int) steps!: number;
  @Field(() => Int) journeys!: number;
  @Field(() => Int) stuck!: number;
  @Field(() => Int) abandoned!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int) endedIncomplete!: number;
  @Field(() => Int) affected!: number;
  @Field(() => Int) negativeSteps!: number;
  @Field(() => Int) sentimentSum!: number;
  @Field(() => Int) sentimentCount!: number;
  @Field(() => QuantilesType) dwell!: QuantilesType;
  @Field(() => [NoteCountType]) notes!: NoteCountType[];
}

@ObjectType('ActivityStats')
export class ActivityStatsType extends PlaceStatsType {
  @Field(() => Int) starts!: number;
  @Field(() => Int) ends!: number;
}

@ObjectType('TransitionStats')
export class TransitionStatsType {
  @Field(() => ID) from!: string;
  @Field(() => ID) to!: string;
  @Field(() => Int) count!: number;
  @Field(() => QuantilesType) duration!: QuantilesType;
}

@ObjectType('HandoverStats')
export class HandoverStatsType {
  @Field(() => ID) from!: string;
  @Field(() => ID) to!: string;
  @Field(() => Int) count!: number;
  @Field(() => Int) journeys!: number;
}

@ObjectType('ActorStats')
export class ActorStatsType {
  @Field(() => ID) actor!: string;
  @Field(() => Int) steps!: number;
  @Field(() => Int) journeys!: number;
}

@ObjectType('ActorPairStats')
export class ActorPairStatsType {
  @Field(() => [ID]) actors!: string[];
  @Field(() => Int) journeys!: number;
}

@ObjectType('ContactStats')
export class ContactStatsType {
  @Field(() => ID) activity!: string;
  @Field(() => ID, { nullable: true }) actor!: string | null;
  @Field(() => ChannelEnum, { nullable: true }) channel!: string | null;
  @Field(() => ID, { nullable: true }) touchpoint!: string | null;
  @Field(() => Int) steps!: number;
  @Field(() => Int) journeys!: number;
  @Field(() => Int) negative!: number;
  @Field(() => Int) nextNegative!: number;
  @Field(() => Int) nextAbandoned!: number;
  @Field(() => Int) followedByTrouble!: number;
  @Field(() => Int) withNext!: number;
  @Field(() => Int) endedIncomplete!: number;
}

@ObjectType('JourneyStats', { description: 'The aggregates of the observed journeys every analysis works from (src/model/journey-stats.ts).' })
export class JourneyStatsType {
  @Field(() => ID) modelId!: string;
  @Field(() => Int) journeys!: number;
  @Field(() => Int) steps!: number;
  @Field(() => OutcomeCountsType) outcomes!: OutcomeCountsType;
  @Field(() => Int) singleStepJourneys!: number;
  @Field(() => [ActivityStatsType]) activities!: ActivityStatsType[];
  @Field(() => [PlaceStatsType]) goals!: PlaceStatsType[];
  @Field(() => [TransitionStatsType]) transitions!: TransitionStatsType[];
  @Field(() => [HandoverStatsType]) handovers!: HandoverStatsType[];
  @Field(() => [ActorStatsType]) actors!: ActorStatsType[];
  @Field(() => [ActorPairStatsType]) actorPairs!: ActorPairStatsType[];
  @Field(() => [ContactStatsType]) contacts!: ContactStatsType[];
}
