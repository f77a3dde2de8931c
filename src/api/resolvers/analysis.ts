/**
 * Analysis queries: each runs one pure analysis of src/analysis/ on the model (GoalNetwork) and
 * the journey aggregates for the filter (one `journeyStats` per model and filter per request,
 * shared by every analysis in the query), and returns its ranked results with their evidence.
 * Running analyses needs the `analyst` role on the model.
 *
 * Filter rules: `segment` must be one of the model's segments when it declares any (NOT_FOUND
 * otherwise); `from` must be before `to`; `phase` is accepted by the analyses that work per
 * activity (transitions, gaps, channelPresence, contactPressure) and refused (BAD_USER_INPUT)
 * by the others.
 */
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { channelPresence } from '../../analysis/channels.js';
import { findGaps, type GapOptions } from '../../analysis/gaps.js';
import { networkMeasures } from '../../analysis/network-measures.js';
import { findPartnerOpportunities } from '../../analysis/partners.js';
import { contactPressure } from '../../analysis/pressure.js';
import { goalSatisfaction } from '../../analysis/satisfaction.js';
import { findStructuralGaps } from '../../analysis/structural-gaps.js';
import { findTransitions } from '../../analysis/transitions.js';
import type { GoalNetwork } from '../../graph/goal-network.js';
import { notFound } from '../../model/errors.js';
import type { JourneyStats, StatsFilter } from '../../model/journey-stats.js';
import type { Phase } from '../../model/vocabulary.js';
import { layoutActorNetwork } from '../../viz/layout.js';
import type { ColorBy, SizeMeasure } from '../../viz/types.js';
import { loadNetwork, loadStats, requireRole, checkDeadline, type ApiContext } from '../context.js';
import { badUserInput } from '../errors.js';
import { validated } from '../validation.js';
import {
  ActorLayoutType,
  ActorNetworkType,
  AnalysisFilterInput,
  ChannelPresenceType,
  ContactPressureType,
  GapsType,
  GoalSatisfactionType,
  JourneyStatsType,
  LayoutOptionsInput,
  PartnerOpportunityType,
  TransitionsType,
} from '../schema/analysis.js';
import type { ActivityNode, ActorNode, GoalNode, TouchpointNode } from '../schema/entities.js';
import { GapLevelEnum } from '../schema/enums.js';
import type { ActorLayout } from '../../viz/types.js';

type AnalysisName = 'transitions' | 'gaps' | 'partnerOpportunities' | 'channelPresence' | 'contactPressure' | 'goalSatisfaction' | 'actorNetwork' | 'journeyStats';
const TAKES_PHASE = new Set<AnalysisName>(['transitions', 'gaps', 'channelPresence', 'contactPressure']);

interface Prepared {
  network: GoalNetwork;
  stats: JourneyStats;
  phase?: Phase;
  nodes: Nodes;
}

/** Looks up entities of the model as API nodes (null when the id is not in the model). */
interface Nodes {
  activity(id: string | null | undefined): ActivityNode | null;
  goal(id: string | null | undefined): GoalNode | null;
  actor(id: string | null | undefined): ActorNode | null;
  touchpoint(id: string | null | undefined): TouchpointNode | null;
}

function nodesOf(network: GoalNetwork): Nodes {
  const modelId = network.model.id;
  const wrap = <T extends object>(e: T | undefined) => (e === undefined ? null : { ...e, modelId });
  return {
    activity: (id) => (id ? wrap(network.activity(id)) : null),
    goal: (id) => (id ? wrap(network.goal(id)) : null),
    actor: (id) => (id ? wrap(network.actor(id)) : null),
    touchpoint: (id) => (id ? wrap(network.touchpoint(id)) : null),
  };
}

/** The store filter of an API filter, checked against the model (see the module rules). */
export function statsFilterOf(network: GoalNetwork, filter: AnalysisFilterInput | undefined, analysis: AnalysisName): StatsFilter {
  const result: StatsFilter = {};
  if (!filter) return result;
  if (filter.segment !== undefined && filter.segment !== null) {
    const declared = network.segments.map((s) => s.id);
    if (declared.length > 0 && !declared.includes(filter.segment)) {
      throw notFound(`No segment "${filter.segment}" in model "${network.model.id}" (filter.segment); use one of: ${declared.join(', ')}`);
    }
    result.segment = filter.segment;
  }
  if (filter.from) result.from = filter.from.getTime();
  if (filter.to) result.to = filter.to.getTime();
  if (result.from !== undefined && result.to !== undefined && result.from >= result.to) {
    throw badUserInput('Invalid time window', [{ where: 'filter.to', message: 'must be after filter.from (the window is [from, to))' }]);
  }
  if (filter.phase && !TAKES_PHASE.has(analysis)) {
    throw badUserInput(`${analysis} does not take a phase`, [
      { where: 'filter.phase', message: `${analysis} works on the whole model; only transitions, gaps, channelPresence and contactPressure take a phase` },
    ]);
  }
  return result;
}

/**
 * Checks the caller's role, loads the model, checks the filter and `check` (arguments that name
 * entities) before any journey aggregates are computed, then loads them.
 */
async function prepare(
  ctx: ApiContext,
  modelId: string,
  filter: AnalysisFilterInput | undefined,
  analysis: AnalysisName,
  check?: (network: GoalNetwork) => void,
): Promise<Prepared> {
  requireRole(ctx, modelId, 'analyst', `Running ${analysis}`);
  const network = await loadNetwork(ctx, modelId);
  const statsFilter = statsFilterOf(network, filter, analysis);
  check?.(network);
  const stats = await loadStats(ctx, modelId, statsFilter);
  checkDeadline(ctx);
  return { network, stats, phase: filter?.phase ?? undefined, nodes: nodesOf(network) };
}

/** The focal actor's id: the one named (NOT_FOUND when unknown) or the model's focal actor. */
function focalOf(network: GoalNetwork, focal: string | undefined | null): string {
  if (focal !== undefined && focal !== null) {
    if (network.actor(focal) === undefined) throw notFound(`No actor "${focal}" in model "${network.model.id}" (focal)`);
    return focal;
  }
  const declared = network.focalActor();
  if (declared === undefined) {
    throw badUserInput(`Model "${network.model.id}" declares no focal actor`, [
      { where: 'focal', message: 'name the actor whose view to take, e.g. focal: "nordbank" (or mark an actor focal)' },
    ]);
  }
  return declared.id;
}

const filterArg = { nullable: true, validateFn: validated('filter') } as const;

/** What `actorNetwork` returns before its layout is asked for. */
interface ActorNetworkRoot {
  modelId: string;
  communities: number;
  modularity: number;
  actors: unknown[];
  edges: unknown[];
  network: GoalNetwork;
  stats: JourneyStats;
}

@Resolver()
export class AnalysisResolver {
  @Query(() => TransitionsType, { description: 'Directly-follows counts between activities, with starts and ends (analysis/transitions.ts).' })
  async transitions(
    @Arg('modelId', () => ID) modelId: string,
    @Ctx() ctx: ApiContext,
    @Arg('filter', () => AnalysisFilterInput, filterArg) filter?: AnalysisFilterInput,
  ): Promise<TransitionsType> {
    const { network, stats, phase, nodes } = await prepare(ctx, modelId, filter, 'transitions');
    const r = findTransitions(network, stats, { phase });
    const counts = (list: { activity: string; journeys: number }[]) =>
      list.map((s) => ({ activityId: s.activity, activity: nodes.activity(s.activity), journeys: s.journeys }));
    return {
      journeys: r.journeys,
      transitions: r.transitions.map((t) => ({
        ...t,
        evidence: { ...t.evidence, fromId: t.evidence.from, toId: t.evidence.to, from: nodes.activity(t.evidence.from), to: nodes.activity(t.evidence.to) },
      })),
      starts: counts(r.starts),
      ends: counts(r.ends),
    };
  }

  @Query(() => GapsType, { description: 'Where customers get stuck, per activity or sub-goal, plus structural holes in the model (analysis/gaps.ts, structural-gaps.ts).' })
  async gaps(
    @Arg('modelId', () => ID) modelId: string,
    @Ctx() ctx: ApiContext,
    @Arg('by', () => GapLevelEnum, { nullable: true, defaultValue: 'activity' }) by: 'activity' | 'goal',
    @Arg('minJourneys', () => Int, { nullable: true, description: 'Leave out places reached by fewer journeys (default 1).' }) minJourneys?: number,
    @Arg('focal', () => ID, { nullable: true, description: 'Focal actor for the structural checks (default: the model\'s).' }) focal?: string,
    @Arg('filter', () => AnalysisFilterInput, filterArg) filter?: AnalysisFilterInput,
  ): Promise<GapsType> {
    const { network, stats, phase, nodes } = await prepare(ctx, modelId, filter, 'gaps', (n) => {
      if (minJourneys !== undefined && minJourneys !== null && minJourneys < 0) {
        throw badUserInput('Invalid minJourneys', [{ where: 'minJourneys', message: 'must be 0 or more' }]);
      }
      if (focal !== undefined && focal !== null) focalOf(n, focal);
    });
    const options: GapOptions = { by, phase, minJourneys: minJourneys ?? undefined };
    const ranked = findGaps(network, stats, options).map((g) => ({
      ...g,
      evidence: { ...g.evidence, goalId: g.evidence.goal, goal: nodes.goal(g.evidence.goal) },
      activity: by === 'activity' ? nodes.activity(g.id) : null,
      goal: by === 'goal' ? nodes.goal(g.id) : null,
    }));
    const structural = findStructuralGaps(network, stats, focal ?? undefined).map((g) => ({
      ...g,
      evidence: {
        ...g.evidence,
        actorIds: g.evidence.actors,
        actors: g.evidence.actors.map((a) => nodes.actor(a)).filter((a) => a !== null),
      },
    }));
    return { by, journeys: stats.journeys, ranked, structural };
  }

  @Query(() => [PartnerOpportunityType], { description: 'Actors, not yet partners of the focal actor, ranked by hand-overs, shared journeys and sibling sub-goals (analysis/partners.ts).' })
  async partnerOpportunities(
    @Arg('modelId', () => ID) modelId: string,
    @Ctx() ctx: ApiContext,
    @Arg('focal', () => ID, { nullable: true, description: "The actor whose view to take (default: the model's focal actor)." }) focal?: string,
    @Arg('filter', () => AnalysisFilterInput, filterArg) filter?: AnalysisFilterInput,
  ): Promise<PartnerOpportunityType[]> {
    const { network, stats, nodes } = await prepare(ctx, modelId, filter, 'partnerOpportunities', (n) => focalOf(n, focal));
    const focalId = focalOf(network, focal);
    return findPartnerOpportunities(network, stats, { focal: focalId }).map((p) => {
      const { focal: f, siblingGoals, ...rest } = p.evidence;
      return {
        ...p,
        actor: nodes.actor(p.id),
        evidence: { ...rest, focalId: f, siblingGoalIds: siblingGoals, siblingGoals: siblingGoals.map((g) => nodes.goal(g)).filter((g) => g !== null) },
      };
    });
  }

  @Query(() => ChannelPresenceType, { description: 'Phase × channel matrix of customer steps against the focal firm (analysis/channels.ts).' })
  async channelPresence(
    @Arg('modelId', () => ID) modelId: string,
    @Ctx() ctx: ApiContext,
    @Arg('focal', () => ID, { nullable: true }) focal?: string,
    @Arg('filter', () => AnalysisFilterInput, filterArg) filter?: AnalysisFilterInput,
  ): Promise<ChannelPresenceType> {
    const { network, stats, phase, nodes } = await prepare(ctx, modelId, filter, 'channelPresence', (n) => focalOf(n, focal));
    const focalId = focalOf(network, focal);
    const r = channelPresence(network, stats, { focal: focalId, phase });
    const cell = (c: (typeof r.cells)[number]) => ({
      ...c,
      firmTouchpointIds: c.firmTouchpoints,
      firmTouchpoints: c.firmTouchpoints.map((t) => nodes.touchpoint(t)).filter((t) => t !== null),
    });
    return {
      focalId: r.focal,
      focal: nodes.actor(r.focal),
      cells: r.cells.map(cell),
      gaps: r.gaps.map((g) => ({ ...g, evidence: cell(g.evidence) })),
    };
  }

  @Query(() => ContactPressureType, { description: 'Firm-initiated contacts per journey, and contacts in passive or post-purchase moments followed by trouble (analysis/pressure.ts).' })
  async contactPressure(
    @Arg('modelId', () => ID) modelId: string,
    @Ctx() ctx: ApiContext,
    @Arg('focal', () => ID, { nullable: true }) focal?: string,
    @Arg('minContacts', () => Int, { nullable: true, description: 'Sensitive contacts needed before a touchpoint is flagged (default 10).' }) minContacts?: number,
    @Arg('filter', () => AnalysisFilterInput, filterArg) filter?: AnalysisFilterInput,
  ): Promise<ContactPressureType> {
    const { network, stats, phase, nodes } = await prepare(ctx, modelId, filter, 'contactPressure', (n) => {
      focalOf(n, focal);
      if (minContacts !== undefined && minContacts !== null && minContacts < 0) {
        throw badUserInput('Invalid minContacts', [{ where: 'minContacts', message: 'must be 0 or more' }]);
      }
    });
    const focalId = focalOf(network, focal);
    const r = contactPressure(network, stats, { focal: focalId, phase, minContacts: minContacts ?? undefined });
    return {
      ...r,
      focalId: r.focal,
      focal: nodes.actor(r.focal),
      touchpoints: r.touchpoints.map((t) => {
        const { touchpoint, ...rest } = t.evidence;
        return { ...t, touchpoint: nodes.touchpoint(t.id), evidence: { ...rest, touchpointId: touchpoint } };
      }),
    };
  }

  @Query(() => GoalSatisfactionType, { description: 'Completion of each goal, propagated up the tree, and the gain of fixing each leaf (analysis/satisfaction.ts).' })
  async goalSatisfaction(
    @Arg('modelId', () => ID) modelId: string,
    @Ctx() ctx: ApiContext,
    @Arg('filter', () => AnalysisFilterInput, filterArg) filter?: AnalysisFilterInput,
  ): Promise<GoalSatisfactionType> {
    const { network, stats, nodes } = await prepare(ctx, modelId, filter, 'goalSatisfaction');
    const r = goalSatisfaction(network, stats);
    return {
      overall: r.overall,
      goals: r.goals.map((g) => ({ ...g, goalId: g.goal, goal: nodes.goal(g.goal) })),
      leaves: r.leaves.map((l) => ({ ...l, goal: nodes.goal(l.id) })),
    };
  }

  @Query(() => ActorNetworkType, { description: 'The projected actor network with its measures (analysis/network-measures.ts) and, on request, its layout.' })
  async actorNetwork(
    @Arg('modelId', () => ID) modelId: string,
    @Ctx() ctx: ApiContext,
    @Arg('filter', () => AnalysisFilterInput, filterArg) filter?: AnalysisFilterInput,
  ): Promise<ActorNetworkRoot> {
    const { network, stats, nodes } = await prepare(ctx, modelId, filter, 'actorNetwork');
    const m = networkMeasures(network, stats);
    return {
      modelId,
      communities: m.communities,
      modularity: m.modularity,
      actors: m.actors.map((a) => ({ ...a, actor: nodes.actor(a.id) })),
      edges: m.edges,
      network,
      stats,
    };
  }

  @Query(() => JourneyStatsType, { description: 'The raw journey aggregates every analysis works from.' })
  async journeyStats(
    @Arg('modelId', () => ID) modelId: string,
    @Ctx() ctx: ApiContext,
    @Arg('filter', () => AnalysisFilterInput, filterArg) filter?: AnalysisFilterInput,
  ): Promise<JourneyStats> {
    const { stats } = await prepare(ctx, modelId, filter, 'journeyStats');
    return stats;
  }
}

@Resolver(() => ActorNetworkType)
export class ActorNetworkResolver {
  @FieldResolver(() => ActorLayoutType, { description: 'Positions, sizes, colours and communities from ForceAtlas2 + noverlap (viz/layout.ts).' })
  layout(
    @Root() root: ActorNetworkRoot,
    @Ctx() ctx: ApiContext,
    @Arg('options', () => LayoutOptionsInput, { nullable: true, validateFn: validated('options') }) options?: LayoutOptionsInput,
  ): ActorLayout {
    checkDeadline(ctx);
    return layoutActorNetwork(root.network, root.stats, {
      iterations: options?.iterations ?? undefined,
      seed: options?.seed ?? undefined,
      sizeBy: (options?.sizeBy ?? undefined) as SizeMeasure | undefined,
      colorBy: (options?.colorBy ?? undefined) as ColorBy | undefined,
    });
  }
}

