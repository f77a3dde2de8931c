/**
 * Read resolvers: the models a caller may see, and every relation between entities, both ways.
 * Relations resolve from the request's cached ModelView (one `getDocument` per model per
 * request, see context.ts). Reading needs the `viewer` role on the model.
 */
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { notFound } from '../../model/errors.js';
import type { Journey, JourneySummary, ModelInfo } from '../../model/types.js';
import type { ActorKind, Channel, Outcome, Phase } from '../../model/vocabulary.js';
import { partnershipId } from '../../store/edit.js';
import { hasRole, roleFor } from '../auth.js';
import {
  checkDeadline,
  loadJourney,
  loadKind,
  loadModel,
  loadView,
  requireRole,
  type ApiContext,
} from '../context.js';
import { decodeCursor, encodeCursor, page, pageSize, type Page } from '../pagination.js';
import { badUserInput } from '../errors.js';
import {
  ActivityType,
  ActorType,
  GoalType,
  JourneyConnectionType,
  JourneyType,
  ModelType,
  PartnershipType,
  SegmentType,
  StepConnectionType,
  StepType,
  TouchpointType,
  withModel,
  type ActivityNode,
  type ActorNode,
  type GoalNode,
  type JourneyNode,
  type PartnershipNode,
  type SegmentNode,
  type StepNode,
  type TouchpointNode,
} from '../schema/entities.js';
import { ActorKindEnum, ChannelEnum, OutcomeEnum, PhaseEnum, RoleEnum } from '../schema/enums.js';

const tag = <T extends object>(modelId: string, list: readonly T[]) => list.map((e) => withModel(modelId, e));

export function journeyNode(modelId: string, j: JourneySummary): JourneyNode {
  return { modelId, id: j.id, segment: j.segment, stepCount: j.steps, start: j.start, end: j.end, outcome: j.outcome };
}

export function journeyNodeOf(modelId: string, j: Journey): JourneyNode {
  const first = j.steps[0];
  const last = j.steps[j.steps.length - 1];
  return {
    modelId,
    id: j.id,
    segment: j.segment,
    stepCount: j.steps.length,
    start: first?.timestamp ?? 0,
    end: last?.timestamp ?? 0,
    outcome: last?.outcome ?? 'progressed',
    steps: j.steps,
  };
}

/** A page of a model's journeys from the store. */
export async function journeyPage(
  ctx: ApiContext,
  modelId: string,
  args: { first?: number | null; after?: string | null; outcome?: Outcome | null; segment?: string | null },
  field: string,
): Promise<Page<JourneyNode>> {
  checkDeadline(ctx);
  const first = pageSize(ctx, args.first, `${field}.first`);
  const after = args.after ? decodeCursor('journey', args.after, `${field}.after`) : undefined;
  const result = await ctx.store.listJourneys(modelId, {
    first,
    after,
    outcome: args.outcome ?? undefined,
    segment: args.segment ?? undefined,
  });
  const nodes = result.journeys.map((j) => journeyNode(modelId, j));
  return page(nodes, (n) => encodeCursor('journey', n.id), result.hasMore, after !== undefined, result.total);
}

@Resolver(() => ModelType)
export class ModelResolver {
  @Query(() => [ModelType], { description: 'The models this key may read, by id.' })
  async models(@Ctx() ctx: ApiContext): Promise<ModelInfo[]> {
    checkDeadline(ctx);
    const all = await ctx.store.listModels();
    for (const m of all) ctx.loaders.models.prime(m.id, m);
    return all.filter((m) => hasRole(ctx.principal, m.id, 'viewer'));
  }

  @Query(() => ModelType, { description: 'One model; NOT_FOUND when there is none.' })
  async model(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<ModelInfo> {
    requireRole(ctx, id, 'viewer', 'Reading');
    return loadModel(ctx, id);
  }

  @FieldResolver(() => RoleEnum, { nullable: true, description: "This key's role on the model." })
  myRole(@Root() model: ModelInfo, @Ctx() ctx: ApiContext): string | undefined {
    return roleFor(ctx.principal, model.id);
  }

  @FieldResolver(() => [GoalType], { description: 'Goals in document order; `depth` 0 is the overall goal.' })
  async goals(
    @Root() model: ModelInfo,
    @Ctx() ctx: ApiContext,
    @Arg('depth', () => Int, { nullable: true }) depth?: number,
    @Arg('leaf', () => Boolean, { nullable: true, description: 'Only goals without (true) or with (false) sub-goals.' }) leaf?: boolean,
  ): Promise<GoalNode[]> {
    if ((depth === undefined || depth === null) && (leaf === undefined || leaf === null)) return tag(model.id, await loadKind(ctx, model.id, 'goal'));
    const view = await loadView(ctx, model.id);
    let goals = view.doc.goals;
    if (depth !== undefined && depth !== null) goals = goals.filter((g) => view.depth(g.id) === depth);
    if (leaf !== undefined && leaf !== null) goals = goals.filter((g) => (view.children(g.id).length === 0) === leaf);
    return tag(model.id, goals);
  }

  @FieldResolver(() => GoalType, { nullable: true, description: 'The goal without a parent.' })
  async overallGoal(@Root() model: ModelInfo, @Ctx() ctx: ApiContext): Promise<GoalNode | undefined> {
    const root = (await loadKind(ctx, model.id, 'goal')).find((g) => g.parent === undefined);
    return root && withModel(model.id, root);
  }

  @FieldResolver(() => GoalType, { description: 'One goal; NOT_FOUND when the model has none with this id.' })
  async goal(@Root() model: ModelInfo, @Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<GoalNode> {
    const goal = (await loadKind(ctx, model.id, 'goal')).find((g) => g.id === id);
    if (!goal) throw notFound(`No goal "${id}" in model "${model.id}"`);
    return withModel(model.id, goal);
  }

  @FieldResolver(() => [ActivityType])
  async activities(
    @Root() model: ModelInfo,
    @Ctx() ctx: ApiContext,
    @Arg('phase', () => PhaseEnum, { nullable: true }) phase?: Phase,
  ): Promise<ActivityNode[]> {
    const activities = await loadKind(ctx, model.id, 'activity');
    return tag(model.id, phase ? activities.filter((a) => a.phase === phase) : activities);
  }

  @FieldResolver(() => ActivityType, { description: 'One activity; NOT_FOUND when there is none.' })
  async activity(@Root() model: ModelInfo, @Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<ActivityNode> {
    const activity = (await loadKind(ctx, model.id, 'activity')).find((a) => a.id === id);
    if (!activity) throw notFound(`No activity "${id}" in model "${model.id}"`);
    return withModel(model.id, activity);
  }

  @FieldResolver(() => [ActorType])
  async actors(
    @Root() model: ModelInfo,
    @Ctx() ctx: ApiContext,
    @Arg('kind', () => ActorKindEnum, { nullable: true }) kind?: ActorKind,
  ): Promise<ActorNode[]> {
    const actors = await loadKind(ctx, model.id, 'actor');
    return tag(model.id, kind ? actors.filter((a) => a.kind === kind) : actors);
  }

  @FieldResolver(() => ActorType, { description: 'One actor; NOT_FOUND when there is none.' })
  async actor(@Root() model: ModelInfo, @Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<ActorNode> {
    const actor = (await loadKind(ctx, model.id, 'actor')).find((a) => a.id === id);
    if (!actor) throw notFound(`No actor "${id}" in model "${model.id}"`);
    return withModel(model.id, actor);
  }

  @FieldResolver(() => ActorType, { nullable: true })
  async focalActor(@Root() model: ModelInfo, @Ctx() ctx: ApiContext): Promise<ActorNode | undefined> {
    const focal = (await loadKind(ctx, model.id, 'actor')).find((a) => a.focal);
    return focal && withModel(model.id, focal);
  }

  @FieldResolver(() => [TouchpointType])
  async touchpoints(
    @Root() model: ModelInfo,
    @Ctx() ctx: ApiContext,
    @Arg('channel', () => ChannelEnum, { nullable: true }) channel?: Channel,
  ): Promise<TouchpointNode[]> {
    const touchpoints = await loadKind(ctx, model.id, 'touchpoint');
    return tag(model.id, channel ? touchpoints.filter((t) => t.channel === channel) : touchpoints);
  }

  @FieldResolver(() => TouchpointType, { description: 'One touchpoint; NOT_FOUND when there is none.' })
  async touchpoint(@Root() model: ModelInfo, @Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<TouchpointNode> {
    const tp = (await loadKind(ctx, model.id, 'touchpoint')).find((t) => t.id === id);
    if (!tp) throw notFound(`No touchpoint "${id}" in model "${model.id}"`);
    return withModel(model.id, tp);
  }

  @FieldResolver(() => [PartnershipType])
  async partnerships(@Root() model: ModelInfo, @Ctx() ctx: ApiContext): Promise<PartnershipNode[]> {
    const partnerships = await loadKind(ctx, model.id, 'partnership');
    return partnerships.map((p) => ({ modelId: model.id, id: partnershipId(p.actors), actors: p.actors }));
  }

  @FieldResolver(() => [SegmentType])
  async segments(@Root() model: ModelInfo, @Ctx() ctx: ApiContext): Promise<SegmentNode[]> {
    return tag(model.id, await loadKind(ctx, model.id, 'segment'));
  }

  @FieldResolver(() => JourneyConnectionType, { description: 'Observed journeys, by id, a page at a time.' })
  journeys(
    @Root() model: ModelInfo,
    @Ctx() ctx: ApiContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('outcome', () => OutcomeEnum, { nullable: true }) outcome?: Outcome,
    @Arg('segment', () => ID, { nullable: true }) segment?: string,
  ): Promise<Page<JourneyNode>> {
    return journeyPage(ctx, model.id, { first, after, outcome, segment }, 'journeys');
  }

  @FieldResolver(() => JourneyType, { description: 'One journey with its steps; NOT_FOUND when there is none.' })
  async journey(@Root() model: ModelInfo, @Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<JourneyNode> {
    checkDeadline(ctx);
    const journey = await loadJourney(ctx, model.id, id);
    if (!journey) throw notFound(`No journey "${id}" in model "${model.id}"`);
    return journeyNodeOf(model.id, journey);
  }

  @FieldResolver(() => Int, { description: 'Observed journeys stored for the model.' })
  async journeyCount(@Root() model: ModelInfo, @Ctx() ctx: ApiContext): Promise<number> {
    return (await ctx.loaders.counts.load(model.id)).journeys;
  }

  @FieldResolver(() => Int, { description: 'Observed steps stored for the model.' })
  async stepCount(@Root() model: ModelInfo, @Ctx() ctx: ApiContext): Promise<number> {
    return (await ctx.loaders.counts.load(model.id)).steps;
  }
}

@Resolver(() => GoalType)
export class GoalResolver {
  @FieldResolver(() => ID, { nullable: true })
  parentId(@Root() goal: GoalNode): string | undefined {
    return goal.parent;
  }

  @FieldResolver(() => GoalType, { nullable: true, description: 'The goal this one refines; null for the overall goal.' })
  async parent(@Root() goal: GoalNode, @Ctx() ctx: ApiContext): Promise<GoalNode | undefined> {
    if (goal.parent === undefined) return undefined;
    const parent = (await loadView(ctx, goal.modelId)).goal(goal.parent);
    return parent && withModel(goal.modelId, parent);
  }

  @FieldResolver(() => [GoalType])
  async subGoals(@Root() goal: GoalNode, @Ctx() ctx: ApiContext): Promise<GoalNode[]> {
    return tag(goal.modelId, (await loadView(ctx, goal.modelId)).children(goal.id));
  }

  @FieldResolver(() => [ActivityType], { description: 'Activities serving this goal directly.' })
  async activities(@Root() goal: GoalNode, @Ctx() ctx: ApiContext): Promise<ActivityNode[]> {
    return tag(goal.modelId, (await loadView(ctx, goal.modelId)).activitiesOfGoal(goal.id));
  }

  @FieldResolver(() => [ActorType], { description: 'Actors serving this goal or a goal below it.' })
  async actors(@Root() goal: GoalNode, @Ctx() ctx: ApiContext): Promise<ActorNode[]> {
    return tag(goal.modelId, (await loadView(ctx, goal.modelId)).actorsOfGoal(goal.id));
  }

  @FieldResolver(() => Int, { description: '0 for the overall goal, 1 for its sub-goals, and so on.' })
  async depth(@Root() goal: GoalNode, @Ctx() ctx: ApiContext): Promise<number> {
    return (await loadView(ctx, goal.modelId)).depth(goal.id);
  }

  @FieldResolver(() => Boolean, { description: 'True when the goal has no sub-goals.' })
  async leaf(@Root() goal: GoalNode, @Ctx() ctx: ApiContext): Promise<boolean> {
    return (await loadView(ctx, goal.modelId)).children(goal.id).length === 0;
  }
}

@Resolver(() => ActivityType)
export class ActivityResolver {
  @FieldResolver(() => GoalType)
  async goal(@Root() activity: ActivityNode, @Ctx() ctx: ApiContext): Promise<GoalNode> {
    const goal = (await loadView(ctx, activity.modelId)).goal(activity.goal);
    if (!goal) throw notFound(`Goal "${activity.goal}" of activity "${activity.id}" is missing`);
    return withModel(activity.modelId, goal);
  }

  @FieldResolver(() => [ActorType], { description: 'Actors serving the activity: listed, or owning one of its touchpoints.' })
  async actors(@Root() activity: ActivityNode, @Ctx() ctx: ApiContext): Promise<ActorNode[]> {
    return tag(activity.modelId, (await loadView(ctx, activity.modelId)).actorsOfActivity(activity.id));
  }

  @FieldResolver(() => [TouchpointType])
  async touchpoints(@Root() activity: ActivityNode, @Ctx() ctx: ApiContext): Promise<TouchpointNode[]> {
    const view = await loadView(ctx, activity.modelId);
    return tag(activity.modelId, activity.touchpoints.map((id) => view.touchpoint(id)).filter((t) => t !== undefined));
  }

  @FieldResolver(() => [ActivityType], { description: 'Planned successors.' })
  async next(@Root() activity: ActivityNode, @Ctx() ctx: ApiContext): Promise<ActivityNode[]> {
    const view = await loadView(ctx, activity.modelId);
    return tag(activity.modelId, activity.next.map((id) => view.activity(id)).filter((a) => a !== undefined));
  }

  @FieldResolver(() => [ActivityType], { description: 'Activities that plan this one as a successor.' })
  async previous(@Root() activity: ActivityNode, @Ctx() ctx: ApiContext): Promise<ActivityNode[]> {
    return tag(activity.modelId, (await loadView(ctx, activity.modelId)).previous(activity.id));
  }
}

@Resolver(() => ActorType)
export class ActorResolver {
  @FieldResolver(() => [TouchpointType])
  async touchpoints(@Root() actor: ActorNode, @Ctx() ctx: ApiContext): Promise<TouchpointNode[]> {
    return tag(actor.modelId, (await loadView(ctx, actor.modelId)).touchpointsOfActor(actor.id));
  }

  @FieldResolver(() => [ActivityType], { description: 'Activities the actor serves (listed, or through its touchpoints).' })
  async activities(@Root() actor: ActorNode, @Ctx() ctx: ApiContext): Promise<ActivityNode[]> {
    return tag(actor.modelId, (await loadView(ctx, actor.modelId)).activitiesOfActor(actor.id));
  }

  @FieldResolver(() => [GoalType], { description: 'Goals whose own activities the actor serves.' })
  async servedGoals(@Root() actor: ActorNode, @Ctx() ctx: ApiContext): Promise<GoalNode[]> {
    return tag(actor.modelId, (await loadView(ctx, actor.modelId)).servedGoals(actor.id));
  }

  @FieldResolver(() => [ActorType], { description: 'Actors in a partnership with this one.' })
  async partners(@Root() actor: ActorNode, @Ctx() ctx: ApiContext): Promise<ActorNode[]> {
    return tag(actor.modelId, (await loadView(ctx, actor.modelId)).partnersOf(actor.id));
  }
}

@Resolver(() => TouchpointType)
export class TouchpointResolver {
  @FieldResolver(() => ActorType)
  async actor(@Root() tp: TouchpointNode, @Ctx() ctx: ApiContext): Promise<ActorNode> {
    const actor = (await loadView(ctx, tp.modelId)).actor(tp.actor);
    if (!actor) throw notFound(`Actor "${tp.actor}" of touchpoint "${tp.id}" is missing`);
    return withModel(tp.modelId, actor);
  }

  @FieldResolver(() => [ActivityType], { description: 'Activities that use this touchpoint.' })
  async activities(@Root() tp: TouchpointNode, @Ctx() ctx: ApiContext): Promise<ActivityNode[]> {
    return tag(tp.modelId, (await loadView(ctx, tp.modelId)).activitiesOfTouchpoint(tp.id));
  }
}

@Resolver(() => PartnershipType)
export class PartnershipResolver {
  @FieldResolver(() => [ActorType])
  async actors(@Root() p: PartnershipNode, @Ctx() ctx: ApiContext): Promise<ActorNode[]> {
    const view = await loadView(ctx, p.modelId);
    return tag(p.modelId, p.actors.map((id) => view.actor(id)).filter((a) => a !== undefined));
  }
}

@Resolver(() => SegmentType)
export class SegmentResolver {
  @FieldResolver(() => JourneyConnectionType, { description: "The segment's journeys, by id, a page at a time." })
  journeys(
    @Root() segment: SegmentNode,
    @Ctx() ctx: ApiContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('outcome', () => OutcomeEnum, { nullable: true }) outcome?: Outcome,
  ): Promise<Page<JourneyNode>> {
    return journeyPage(ctx, segment.modelId, { first, after, outcome, segment: segment.id }, 'segment.journeys');
  }
}

@Resolver(() => JourneyType)
export class JourneyResolver {
  @FieldResolver(() => ID, { nullable: true })
  segmentId(@Root() j: JourneyNode): string | undefined {
    return j.segment;
  }

  @FieldResolver(() => SegmentType, { nullable: true, description: 'The segment, when the model declares it.' })
  async segment(@Root() j: JourneyNode, @Ctx() ctx: ApiContext): Promise<SegmentNode | undefined> {
    if (j.segment === undefined) return undefined;
    const segment = (await loadView(ctx, j.modelId)).segment(j.segment);
    return segment && withModel(j.modelId, segment);
  }

  @FieldResolver(() => DateTimeResolver, { description: 'Time of the first step.' })
  startedAt(@Root() j: JourneyNode): Date {
    return new Date(j.start);
  }

  @FieldResolver(() => DateTimeResolver, { description: 'Time of the last step.' })
  endedAt(@Root() j: JourneyNode): Date {
    return new Date(j.end);
  }

  @FieldResolver(() => StepConnectionType, { description: 'Steps in journey order, a page at a time.' })
  async steps(
    @Root() j: JourneyNode,
    @Ctx() ctx: ApiContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Page<StepNode>> {
    const size = pageSize(ctx, first, 'steps.first');
    const start = after ? stepAfter(after) + 1 : 0;
    checkDeadline(ctx);
    const steps = j.steps ?? (await loadJourney(ctx, j.modelId, j.id))?.steps ?? [];
    const nodes = steps.slice(start, start + size).map((s, i) => ({ ...s, modelId: j.modelId, position: start + i }));
    return page(nodes, (n) => encodeCursor('step', n.position), start + size < steps.length, start > 0, steps.length);
  }
}

/**
 * The step position inside a `steps(after:)` cursor: its key must be a whole number (digits
 * only), else BAD_USER_INPUT at `steps.after`.
 */
function stepAfter(cursor: string): number {
  const key = decodeCursor('step', cursor, 'steps.after');
  if (!/^\d+$/.test(key)) {
    throw badUserInput('Invalid cursor', [{ where: 'steps.after', message: 'not a step cursor; pass an endCursor or cursor from an earlier page of steps' }]);
  }
  return Number(key);
}

@Resolver(() => StepType)
export class StepResolver {
  @FieldResolver(() => DateTimeResolver)
  timestamp(@Root() s: StepNode): Date {
    return new Date(s.timestamp);
  }

  @FieldResolver(() => ID)
  activityId(@Root() s: StepNode): string {
    return s.activity;
  }

  @FieldResolver(() => ActivityType, { nullable: true })
  async activity(@Root() s: StepNode, @Ctx() ctx: ApiContext): Promise<ActivityNode | undefined> {
    const a = (await loadView(ctx, s.modelId)).activity(s.activity);
    return a && withModel(s.modelId, a);
  }

  @FieldResolver(() => ID, { nullable: true })
  actorId(@Root() s: StepNode): string | undefined {
    return s.actor;
  }

  @FieldResolver(() => ActorType, { nullable: true })
  async actor(@Root() s: StepNode, @Ctx() ctx: ApiContext): Promise<ActorNode | undefined> {
    if (s.actor === undefined) return undefined;
    const a = (await loadView(ctx, s.modelId)).actor(s.actor);
    return a && withModel(s.modelId, a);
  }

  @FieldResolver(() => ID, { nullable: true })
  touchpointId(@Root() s: StepNode): string | undefined {
    return s.touchpoint;
  }

  @FieldResolver(() => TouchpointType, { nullable: true })
  async touchpoint(@Root() s: StepNode, @Ctx() ctx: ApiContext): Promise<TouchpointNode | undefined> {
    if (s.touchpoint === undefined) return undefined;
    const t = (await loadView(ctx, s.modelId)).touchpoint(s.touchpoint);
    return t && withModel(s.modelId, t);
  }
}
