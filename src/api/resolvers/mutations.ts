/**
 * Mutations. Every one is atomic: it is checked whole before anything is written, and a refused
 * mutation changes nothing (the stores refuse atomically; the checks here come first so that
 * problems are reported at the mutation's own field paths, e.g. `goals[1].parent`).
 *
 * Roles: creating, importing a new model over no model, and deleting a model need `admin`;
 * every other change needs `editor` on the model.
 * Unknown ids are NOT_FOUND naming the id; ids that break the model's rules (a dangling
 * reference, a goal cycle, a second overall goal or focal actor) are BAD_USER_INPUT; deleting
 * what something still refers to is CONFLICT.
 */
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { GoalnetError, type Problem } from '../../model/errors.js';
import { sortedPair, type Activity, type Actor, type Goal, type ModelDocument, type ModelInfo, type Partnership, type Segment, type Touchpoint } from '../../model/types.js';
import { defaultTouchpointName, deriveOwnership } from '../../model/validate.js';
import { applyUpsert, DOCUMENT_LISTS, entityId, hasId, partnershipId } from '../../store/edit.js';
import type { EntityKind, EntityTypes } from '../../store/graph-store.js';
import { parseModelText, type ModelFormat } from '../../ingest/model-file.js';
import { parseEventLogText, EVENT_LOG_COLUMNS } from '../../ingest/event-log.js';
import { formatCsvRecord } from '../../ingest/csv.js';
import { forgetModel, loadView, requireRole, checkDeadline, type ApiContext } from '../context.js';
import { badUserInput } from '../errors.js';
import { validated } from '../validation.js';
import type { ModelView } from '../model-view.js';
import {
  ActivityType,
  ActorType,
  GoalType,
  JourneyType,
  ModelType,
  PartnershipType,
  SegmentType,
  TouchpointType,
  withModel,
  type JourneyNode,
  type PartnershipNode,
} from '../schema/entities.js';
import { ModelFormatEnum } from '../schema/enums.js';
import {
  ActivityInput,
  ActorInput,
  GoalInput,
  JourneyInput,
  ModelInput,
  ModelPatchInput,
  PartnershipInput,
  SegmentInput,
  TouchpointInput,
} from '../schema/inputs.js';
import { journeyNodeOf } from './entities.js';

@ObjectType('RejectedRow', { description: 'An event-log row that was not loaded.' })
export class RejectedRowType {
  @Field(() => Int, { description: '1-based line where the row starts.' }) line!: number;
  @Field(() => String, { description: 'What was wrong and what to do.' }) reason!: string;
  @Field(() => [String], { description: 'The fields as read.' }) row!: string[];
}

@ObjectType('EventLogImport')
export class EventLogImportType {
  @Field(() => Int, { description: 'Data rows read.' }) rows!: number;
  @Field(() => Int, { description: 'Rows loaded as steps.' }) accepted!: number;
  @Field(() => Int) rejectedCount!: number;
  @Field(() => [RejectedRowType], { description: `The rejected rows (the first ${1000}).` }) rejected!: RejectedRowType[];
  @Field(() => Int, { description: 'Journeys written (new or merged).' }) journeys!: number;
  @Field(() => Int, { description: 'Steps of the written journeys after merging.' }) steps!: number;
  @Field(() => Int, { description: 'Steps new to the store.' }) stepsAdded!: number;
}

export const MAX_REJECTS_LISTED = 1000;

const idsArg = (name: string) => ({ description: `Ids to delete; every one must exist (${name}).` });

/** The model document, or NOT_FOUND naming the id. */
async function documentOf(ctx: ApiContext, modelId: string): Promise<ModelDocument> {
  checkDeadline(ctx);
  const doc = await ctx.store.getDocument(modelId);
  if (doc === null) throw new GoalnetError('NOT_FOUND', `No model "${modelId}"; create it first (createModel or importModel)`, [{ where: 'modelId', message: `no model "${modelId}"` }]);
  return doc;
}

/**
 * Moves the paths of problems about upserted items from their place in the model document to
 * their place in the argument: `goals[7].parent` → `goals[1].parent` when the second item landed
 * at position 7; `items[1]` → `goals[1]`. Problems elsewhere in the model keep a `model.` prefix.
 */
export function remapProblems(problems: Problem[], list: string, positions: Map<number, number>, argName: string): Problem[] {
  return problems.map((p) => {
    const items = /^items\[(\d+)\](.*)$/.exec(p.where);
    if (items) return { ...p, where: `${argName}[${items[1]}]${items[2]}` };
    const m = /^([a-z]+)\[(\d+)\](.*)$/.exec(p.where);
    if (m && m[1] === list && positions.has(Number(m[2]))) return { ...p, where: `${argName}[${positions.get(Number(m[2]))}]${m[3]}` };
    return { ...p, where: `model.${p.where}` };
  });
}

/** Upserts items of one kind after checking them at their argument paths; returns the stored entities. */
async function upsert<K extends EntityKind>(ctx: ApiContext, modelId: string, kind: K, items: EntityTypes[K][], argName: string): Promise<ModelView> {
  requireRole(ctx, modelId, 'editor', `Changing ${kind}s`);
  const doc = await documentOf(ctx, modelId);
  try {
    applyUpsert(doc, kind, items); // the store's own check, run here to report at argument paths
  } catch (error) {
    if (!(error instanceof GoalnetError) || error.code !== 'BAD_INPUT') throw error;
    const list = DOCUMENT_LISTS[kind];
    const after = (() => {
      // Where each item would land: its existing position, or appended in order.
      const existing = (doc[list] as unknown as EntityTypes[K][]).map((e) => entityId(kind, e));
      const positions = new Map<number, number>();
      let appended = existing.length;
      const seen = new Map<string, number>();
      items.forEach((item, i) => {
        let id: string;
        try {
          id = entityId(kind, item);
        } catch {
          return;
        }
        const at = existing.indexOf(id);
        const pos = at >= 0 ? at : seen.get(id) ?? appended++;
        seen.set(id, pos);
        positions.set(pos, i);
      });
      return positions;
    })();
    throw badUserInput(`Refused to change ${kind}s of model "${modelId}"; nothing was changed`, remapProblems(error.problems, list, after, argName));
  }
  await ctx.store.upsertEntities(modelId, kind, items);
  forgetModel(ctx, modelId);
  return loadView(ctx, modelId);
}

/** Deletes entities by id after checking that every id exists (NOT_FOUND naming the missing ones). */
async function remove(ctx: ApiContext, modelId: string, kind: EntityKind, ids: string[], argName: string): Promise<number> {
  requireRole(ctx, modelId, 'editor', `Deleting ${kind}s`);
  const doc = await documentOf(ctx, modelId);
  const list = doc[DOCUMENT_LISTS[kind]] as unknown as EntityTypes[EntityKind][];
  const problems: Problem[] = [];
  ids.forEach((id, i) => {
    if (!list.some((e) => hasId(kind, e, id))) problems.push({ where: `${argName}[${i}]`, message: `no ${kind} "${id}" in model "${modelId}"` });
  });
  if (problems.length > 0) {
    const names = problems.map((p) => p.message.match(/"([^"]*)"/)?.[0]).join(', ');
    throw new GoalnetError('NOT_FOUND', `Unknown ${kind} ${names} in model "${modelId}"; nothing was deleted`, problems);
  }
  const deleted = await ctx.store.deleteEntities(modelId, kind, ids);
  forgetModel(ctx, modelId);
  return deleted;
}

function present<T>(list: (T | undefined)[]): T[] {
  return list.filter((x): x is T => x !== undefined);
}

/**
 * A journey as event-log text, so that it is checked and resolved by exactly the event-log rules
 * (src/ingest/event-log.ts). Attribute names may not be those of the log's own columns, and
 * the journey id may not begin or end with spaces (the log's rules trim them).
 */
export function journeyAsEventLog(journey: JourneyInput): { text: string; problems: Problem[]; stepAtLine: Map<number, number> } {
  const problems: Problem[] = [];
  // The event-log rules trim ids; a journey recorded under a trimmed id could not be read back by its own.
  if (journey.id !== journey.id.trim()) {
    problems.push({ where: 'journey.id', message: `journey id ${JSON.stringify(journey.id)} begins or ends with spaces; remove them` });
  }
  const known = new Set<string>(EVENT_LOG_COLUMNS);
  const extra: string[] = [];
  journey.steps.forEach((step, i) => {
    for (const [key, value] of Object.entries(step.attributes ?? {})) {
      const where = `journey.steps[${i}].attributes.${key}`;
      if (known.has(key.trim().toLowerCase())) problems.push({ where, message: `"${key}" is a step field; set the field itself` });
      else if (key.trim() === '') problems.push({ where, message: 'attribute names must not be blank' });
      else if (typeof value !== 'string') problems.push({ where, message: `attribute values are strings, got ${typeof value}` });
      else if (!extra.includes(key)) extra.push(key);
    }
  });
  const header = [...EVENT_LOG_COLUMNS, ...extra];
  const lines = [formatCsvRecord(header)];
  // Where each step's record starts (a note may span lines): rejects name that line.
  const stepAtLine = new Map<number, number>();
  let line = 2;
  for (const [i, step] of journey.steps.entries()) {
    const attributes = (step.attributes ?? {}) as Record<string, string>;
    const record = formatCsvRecord([
      journey.id,
      step.timestamp.toISOString(),
      step.activity,
      step.actor ?? '',
      step.channel ?? '',
      step.touchpoint ?? '',
      step.outcome ?? '',
      step.sentiment === undefined || step.sentiment === null ? '' : String(step.sentiment),
      step.note ?? '',
      journey.segment ?? '',
      ...extra.map((k) => (typeof attributes[k] === 'string' ? attributes[k] : '')),
    ]);
    stepAtLine.set(line, i);
    line += record.split('\n').length;
    lines.push(record);
  }
  return { text: `${lines.join('\n')}\n`, problems, stepAtLine };
}

@Resolver()
export class MutationResolver {
  // ── models ─────────────────────────────────────────────────────────────────

  @Mutation(() => ModelType, { description: 'Creates an empty model (admin). CONFLICT when the id is taken.' })
  async createModel(@Arg('input', () => ModelInput, { validateFn: validated('input') }) input: ModelInput, @Ctx() ctx: ApiContext): Promise<ModelInfo> {
    requireRole(ctx, input.id, 'admin', 'Creating a model');
    if ((await ctx.store.getModel(input.id)) !== null) {
      throw new GoalnetError('CONFLICT', `A model "${input.id}" already exists; choose another id, or change it with updateModel`, [
        { where: 'input.id', message: `model "${input.id}" exists` },
      ]);
    }
    const model: ModelInfo = { id: input.id, name: input.name };
    if (input.description !== undefined && input.description !== null) model.description = input.description;
    await ctx.store.putDocument({ model, goals: [], actors: [], touchpoints: [], activities: [], partnerships: [], segments: [] });
    forgetModel(ctx, input.id);
    return model;
  }

  @Mutation(() => ModelType, { description: "Changes a model's name or description (editor)." })
  async updateModel(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ModelPatchInput, { validateFn: validated('input') }) input: ModelPatchInput,
    @Ctx() ctx: ApiContext,
  ): Promise<ModelInfo> {
    requireRole(ctx, id, 'editor', 'Changing a model');
    const doc = await documentOf(ctx, id);
    const model: ModelInfo = { ...doc.model };
    if (input.name !== undefined && input.name !== null) model.name = input.name;
    if (input.description === null) delete model.description;
    else if (input.description !== undefined) model.description = input.description;
    await ctx.store.putDocument({ ...doc, model });
    forgetModel(ctx, id);
    return model;
  }

  @Mutation(() => Boolean, { description: 'Deletes a model with its journeys (admin). NOT_FOUND when there is none.' })
  async deleteModel(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<boolean> {
    requireRole(ctx, id, 'admin', 'Deleting a model');
    const deleted = await ctx.store.deleteModel(id);
    if (!deleted) throw new GoalnetError('NOT_FOUND', `No model "${id}"; nothing was deleted`, [{ where: 'id', message: `no model "${id}"` }]);
    forgetModel(ctx, id);
    return true;
  }

  @Mutation(() => ModelType, {
    description: 'Writes a whole model file (JSON or YAML): creates the model (admin) or replaces its entities (editor); journeys stay.',
  })
  async importModel(
    @Arg('text', () => String) text: string,
    @Ctx() ctx: ApiContext,
    @Arg('format', () => ModelFormatEnum, { nullable: true, defaultValue: 'json' }) format: ModelFormat,
  ): Promise<ModelInfo> {
    const doc = parseModelText(text, format, 'text');
    const exists = (await ctx.store.getModel(doc.model.id)) !== null;
    requireRole(ctx, doc.model.id, exists ? 'editor' : 'admin', exists ? 'Replacing a model' : 'Creating a model');
    await ctx.store.putDocument(doc);
    forgetModel(ctx, doc.model.id);
    return doc.model;
  }

  // ── entities ───────────────────────────────────────────────────────────────

  @Mutation(() => [GoalType], { description: 'Creates or replaces goals by id (editor).' })
  async upsertGoals(
    @Arg('modelId', () => ID) modelId: string,
    @Arg('goals', () => [GoalInput], { validateFn: validated('goals') }) goals: GoalInput[],
    @Ctx() ctx: ApiContext,
  ) {
    const items: Goal[] = goals.map((g) => {
      const goal: Goal = { id: g.id, name: g.name, refinement: g.refinement ?? 'AND' };
      if (g.parent !== undefined && g.parent !== null) goal.parent = g.parent;
      if (g.description !== undefined && g.description !== null) goal.description = g.description;
      return goal;
    });
    const view = await upsert(ctx, modelId, 'goal', items, 'goals');
    return present(items.map((g) => view.goal(g.id))).map((g) => withModel(modelId, g));
  }

  @Mutation(() => Int, { description: 'Deletes goals (editor); CONFLICT while sub-goals or activities refer to them.' })
  deleteGoals(@Arg('modelId', () => ID) modelId: string, @Arg('ids', () => [ID], idsArg('goals')) ids: string[], @Ctx() ctx: ApiContext): Promise<number> {
    return remove(ctx, modelId, 'goal', ids, 'ids');
  }

  @Mutation(() => [ActorType], { description: 'Creates or replaces actors by id (editor).' })
  async upsertActors(
    @Arg('modelId', () => ID) modelId: string,
    @Arg('actors', () => [ActorInput], { validateFn: validated('actors') }) actors: ActorInput[],
    @Ctx() ctx: ApiContext,
  ) {
    const items: Actor[] = actors.map((a) => ({ id: a.id, name: a.name, kind: a.kind, focal: a.focal ?? false }));
    const view = await upsert(ctx, modelId, 'actor', items, 'actors');
    return present(items.map((a) => view.actor(a.id))).map((a) => withModel(modelId, a));
  }

  @Mutation(() => Int, { description: 'Deletes actors (editor); CONFLICT while touchpoints, activities or partnerships refer to them.' })
  deleteActors(@Arg('modelId', () => ID) modelId: string, @Arg('ids', () => [ID], idsArg('actors')) ids: string[], @Ctx() ctx: ApiContext): Promise<number> {
    return remove(ctx, modelId, 'actor', ids, 'ids');
  }

  @Mutation(() => [TouchpointType], { description: 'Creates or replaces touchpoints by id (editor).' })
  async upsertTouchpoints(
    @Arg('modelId', () => ID) modelId: string,
    @Arg('touchpoints', () => [TouchpointInput], { validateFn: validated('touchpoints') }) touchpoints: TouchpointInput[],
    @Ctx() ctx: ApiContext,
  ) {
    requireRole(ctx, modelId, 'editor', 'Changing touchpoints');
    const doc = await documentOf(ctx, modelId);
    const items: Touchpoint[] = touchpoints.map((t) => ({
      id: t.id,
      name: t.name ?? defaultTouchpointName(doc.actors.find((a) => a.id === t.actor)?.name ?? t.actor, t.channel),
      actor: t.actor,
      channel: t.channel,
      initiator: t.initiator ?? 'CUSTOMER',
      ownership: t.ownership ?? deriveOwnership(t.actor, doc.actors, doc.partnerships),
    }));
    const view = await upsert(ctx, modelId, 'touchpoint', items, 'touchpoints');
    return present(items.map((t) => view.touchpoint(t.id))).map((t) => withModel(modelId, t));
  }

  @Mutation(() => Int, { description: 'Deletes touchpoints (editor); CONFLICT while activities use them.' })
  deleteTouchpoints(@Arg('modelId', () => ID) modelId: string, @Arg('ids', () => [ID], idsArg('touchpoints')) ids: string[], @Ctx() ctx: ApiContext): Promise<number> {
    return remove(ctx, modelId, 'touchpoint', ids, 'ids');
  }

  @Mutation(() => [ActivityType], { description: 'Creates or replaces activities by id (editor).' })
  async upsertActivities(
    @Arg('modelId', () => ID) modelId: string,
    @Arg('activities', () => [ActivityInput], { validateFn: validated('activities') }) activities: ActivityInput[],
    @Ctx() ctx: ApiContext,
  ) {
    const items: Activity[] = activities.map((a) => ({
      id: a.id,
      name: a.name,
      goal: a.goal,
      phase: a.phase,
      mode: a.mode ?? 'ACTIVE',
      actors: a.actors ?? [],
      touchpoints: a.touchpoints ?? [],
      next: a.next ?? [],
    }));
    const view = await upsert(ctx, modelId, 'activity', items, 'activities');
    return present(items.map((a) => view.activity(a.id))).map((a) => withModel(modelId, a));
  }

  @Mutation(() => Int, { description: 'Deletes activities (editor); CONFLICT while other activities plan them as successors.' })
  deleteActivities(@Arg('modelId', () => ID) modelId: string, @Arg('ids', () => [ID], idsArg('activities')) ids: string[], @Ctx() ctx: ApiContext): Promise<number> {
    return remove(ctx, modelId, 'activity', ids, 'ids');
  }

  @Mutation(() => [PartnershipType], { description: 'Adds partnerships (editor); a pair already listed is kept once.' })
  async upsertPartnerships(
    @Arg('modelId', () => ID) modelId: string,
    @Arg('partnerships', () => [PartnershipInput], { validateFn: validated('partnerships') }) partnerships: PartnershipInput[],
    @Ctx() ctx: ApiContext,
  ): Promise<PartnershipNode[]> {
    const items: Partnership[] = partnerships.map((p) => ({ actors: [p.actors[0], p.actors[1]] }));
    await upsert(ctx, modelId, 'partnership', items, 'partnerships');
    // The pair itself, not the id split at "~": an actor id may hold "~" too.
    return items.map((p) => ({ modelId, id: partnershipId(p.actors), actors: sortedPair(p.actors[0], p.actors[1]) }));
  }

  @Mutation(() => Int, { description: 'Deletes partnerships by id "a~b" (either order) (editor).' })
  deletePartnerships(@Arg('modelId', () => ID) modelId: string, @Arg('ids', () => [ID], idsArg('partnerships')) ids: string[], @Ctx() ctx: ApiContext): Promise<number> {
    return remove(ctx, modelId, 'partnership', ids, 'ids');
  }

  @Mutation(() => [SegmentType], { description: 'Creates or replaces customer segments by id (editor).' })
  async upsertSegments(
    @Arg('modelId', () => ID) modelId: string,
    @Arg('segments', () => [SegmentInput], { validateFn: validated('segments') }) segments: SegmentInput[],
    @Ctx() ctx: ApiContext,
  ) {
    const items: Segment[] = segments.map((s) => ({ id: s.id, name: s.name }));
    const view = await upsert(ctx, modelId, 'segment', items, 'segments');
    return present(items.map((s) => view.segment(s.id))).map((s) => withModel(modelId, s));
  }

  @Mutation(() => Int, { description: 'Deletes segments (editor); CONFLICT while recorded journeys are in them.' })
  deleteSegments(@Arg('modelId', () => ID) modelId: string, @Arg('ids', () => [ID], idsArg('segments')) ids: string[], @Ctx() ctx: ApiContext): Promise<number> {
    return remove(ctx, modelId, 'segment', ids, 'ids');
  }

  // ── journeys ───────────────────────────────────────────────────────────────

  @Mutation(() => JourneyType, {
    description:
      'Records an observed journey (editor), checked and resolved by the event-log rules; a journey already stored is merged (a step is identified by timestamp, activity and occurrence).',
  })
  async recordJourney(
    @Arg('modelId', () => ID) modelId: string,
    @Arg('journey', () => JourneyInput, { validateFn: validated('journey') }) journey: JourneyInput,
    @Ctx() ctx: ApiContext,
  ): Promise<JourneyNode> {
    requireRole(ctx, modelId, 'editor', 'Recording journeys');
    const doc = await documentOf(ctx, modelId);
    const { text, problems, stepAtLine } = journeyAsEventLog(journey);
    if (problems.length > 0) throw badUserInput('Invalid journey; nothing was recorded', problems);
    const log = parseEventLogText(text, doc, 'journey');
    if (log.rejects.length > 0) {
      throw badUserInput(
        'Invalid journey; nothing was recorded',
        log.rejects.map((r) => ({ where: `journey.steps[${stepAtLine.get(r.line) ?? '?'}]`, message: r.reason })),
      );
    }
    await ctx.store.importJourneys(modelId, log.journeys);
    forgetModel(ctx, modelId);
    const stored = await ctx.store.getJourney(modelId, journey.id);
    if (stored === null) throw new GoalnetError('STORE_UNAVAILABLE', `Journey "${journey.id}" was written but cannot be read back; try again`);
    return journeyNodeOf(modelId, stored);
  }

  @Mutation(() => Int, { description: 'Deletes journeys with their steps (editor). NOT_FOUND names ids that do not exist.' })
  async deleteJourneys(@Arg('modelId', () => ID) modelId: string, @Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: ApiContext): Promise<number> {
    requireRole(ctx, modelId, 'editor', 'Deleting journeys');
    await documentOf(ctx, modelId);
    const problems: Problem[] = [];
    for (const [i, id] of ids.entries()) {
      if ((await ctx.store.getJourney(modelId, id)) === null) problems.push({ where: `ids[${i}]`, message: `no journey "${id}" in model "${modelId}"` });
    }
    if (problems.length > 0) throw new GoalnetError('NOT_FOUND', `Unknown journeys in model "${modelId}"; nothing was deleted`, problems);
    const deleted = await ctx.store.deleteJourneys(modelId, ids);
    forgetModel(ctx, modelId);
    return deleted;
  }

  @Mutation(() => EventLogImportType, {
    description:
      'Imports an event log (CSV text, see the README) into a model (editor). Rows that break a rule are returned with their line and reason and the rest load; a log that cannot be read at all (empty, a required column missing) is BAD_USER_INPUT and changes nothing.',
  })
  async importEventLog(@Arg('modelId', () => ID) modelId: string, @Arg('text', () => String) text: string, @Ctx() ctx: ApiContext): Promise<EventLogImportType> {
    requireRole(ctx, modelId, 'editor', 'Importing event logs');
    const doc = await documentOf(ctx, modelId);
    const log = parseEventLogText(text, doc, 'text');
    if (log.rows === 0) {
      throw badUserInput('The event log has no rows; nothing was imported', [{ where: 'text', message: 'add one row per step below the header line' }]);
    }
    let result = { journeys: 0, steps: 0, stepsAdded: 0 };
    if (log.journeys.length > 0) {
      result = await ctx.store.importJourneys(modelId, log.journeys);
      forgetModel(ctx, modelId);
    }
    return {
      rows: log.rows,
      accepted: log.accepted,
      rejectedCount: log.rejects.length,
      rejected: log.rejects.slice(0, MAX_REJECTS_LISTED),
      journeys: result.journeys,
      steps: result.steps,
      stepsAdded: result.stepsAdded,
    };
  }
}
