/**
 * The synthetic model: a bank's view of customers buying and moving into a home, grown to any
 * number of actors (10 to 1,000) from a seed. The same seed and actor count give the same model,
 * whatever the number of journeys.
 *
 * ## Rules
 * - Goals: the overall goal (AND) has six level-1 goals, one per journey phase in phase order;
 *   each has `b2` level-2 goals with `b3` leaf goals each, so every leaf is at depth 3 and the
 *   tree is exactly four levels deep. b2 and b3 (2 to 8) grow with the actors so that there are
 *   about max(24, actors / 4.5) leaves. Level-1 and level-2 goals are OR with probability 0.3,
 *   else AND; leaves are AND (they have no sub-goals).
 * - Activities: each leaf goal has 1 to 3 activities (mean 1.9), the first in its theme's phase,
 *   the others in that phase or a neighbouring one. PASSIVE with probability 0.25 in need
 *   recognition and post-purchase, 0.1 elsewhere.
 * - Actors: one focal bank; one customer-side actor (the household, family and friends: PEER with
 *   customer-owned touchpoints, never a partner candidate); the planted broker (BROKER, not a
 *   partner); partners of the focal bank (4%, at least 1); competing banks (12%, at least 2);
 *   authorities (3%, at least 1); the rest of other kinds (services, retailers, platforms…).
 *   Each actor has 1 to 3 touchpoints on channels typical of its kind (the focal bank all six),
 *   firm-initiated on EMAIL, SMS and PRINT. Ownership: BRAND for the focal bank, PARTNER for its
 *   partners, CUSTOMER for the household, EXTERNAL otherwise.
 * - Who serves what: every activity has a lead actor: the household with HOUSEHOLD_LEAD[phase]
 *   (its own steps, mostly at the start and the end), else the focal bank with
 *   FOCAL_LEAD[theme] (mostly financing and closing), else the next actor of a shuffled round of
 *   all other actors; with probability 0.5 a second actor from that round; a competing bank
 *   joins half the focal bank's evaluation and purchase activities. Actors the round missed join
 *   a random activity, so every actor serves at least one. An activity's touchpoints are 1 or 2
 *   of each of its actors' (the focal bank's 2; firm-initiated ones first at PASSIVE activities).
 *   Touchpoint ids are `<actor id>-<channel>`.
 * - Planned successors (`next`): 0 to 2 activities of the same phase and 1 to 2 of the next
 *   phase (the same theme's first with probability 0.7), never the activity itself.
 * - Partnerships: the focal bank with each partner, and up to actors/25 random pairs of other
 *   actors (never the planted broker).
 * - Segments: 3 to 5 customer segments.
 *
 * ## What is planted (see Planted)
 * Four activities are added to the model with fixed ids:
 * - `ask-broker` (INFORMATION_SEARCH, served only by the planted broker) and `get-loan-offer`
 *   (EVALUATION, served only by the focal bank): the journeys' hand-over from the broker to the
 *   bank passes here. `ask-broker` is a planned successor of half the need-recognition and
 *   information-search activities, and lists `get-loan-offer` first.
 * - `get-valuation` (PURCHASE, served only by the focal bank): the planted stuck point; a planned
 *   successor of half the evaluation and purchase activities.
 * - `switch-utilities` (USE, served by one service firm, or another actor when there is none):
 *   the second stuck point; a planned successor of half the purchase and use activities.
 * journeys.ts makes customers pass and get stuck there at the rates in PLANTED_RATES.
 *
 * Calibration (memory store, real analyses, 2,000 to 5,000 journeys of mean 10, seeds a–e): the
 * stuck point scores at least 1.4× the second, the second at least 2.9× the best unplanted
 * activity; the broker at least 1.3× the next partner candidate with 10 to 20 actors and 2.2×
 * from 100 actors on; its transition at least 2× the next. Small models with long journeys
 * (10 actors, mean 20) bring every actor close to the bank in most journeys and may rank another
 * candidate first: the suite's sizes (specForSteps) stay clear of that.
 */
import { badInput } from '../../src/model/errors.js';
import {
  sortedPair,
  type Activity,
  type Actor,
  type Goal,
  type ModelDocument,
  type Partnership,
  type Segment,
  type Touchpoint,
} from '../../src/model/types.js';
import { PHASES, type ActorKind, type Mode, type Ownership, type Refinement } from '../../src/model/vocabulary.js';
import { hashSeed, mulberry32, pickOne, pickWeighted, type Random } from '../../seeds/prng.js';
import {
  ASPECTS,
  KIND_CHANNELS,
  KIND_NOUNS,
  OTHER_KINDS,
  PARTNER_KINDS,
  PHASE_VERBS,
  PREFIXES,
  SEGMENTS,
  slug,
  THEMES,
} from './names.js';
import { checkSpec, type SyntheticSpec } from './spec.js';

/** What the generator plants, for the benchmark to find again. */
export interface Planted {
  modelId: string;
  /** The focal actor: partner opportunities are ranked from its view. */
  focal: string;
  /** Must rank first in gaps by activity: many journeys end stuck or give up there. */
  stuckActivity: string;
  /** Must rank second in gaps by activity: about half as many journeys as the first. */
  secondStuckActivity: string;
  /**
   * Journeys pass from `from` to `to` (the focal actor) far more often than between the focal
   * actor and anyone else; `from` is not a partner of `to`, so it must rank first in partner
   * opportunities for `to` (partner results name the candidate, `from`).
   */
  handover: { from: string; to: string };
  /** The activities the hand-over happens between: a step at `from`, then one at `to`. */
  handoverActivities: { from: string; to: string };
  /** Shares of journeys the generator aims at (before segment factors and chance). */
  rates: PlantedRates;
}

export interface PlantedRates {
  stuck: number;
  secondStuck: number;
  handover: number;
  handoverBack: number;
}

/** The planted shares of journeys (journeys.ts draws them; the report shows them). */
export const PLANTED_RATES: Readonly<PlantedRates> = {
  /** Journeys that end stuck or abandoned at the planted stuck point. */
  stuck: 0.14,
  /** Journeys that end stuck or abandoned at the second stuck point. */
  secondStuck: 0.08,
  /** Journeys with a hand-over from the planted broker to the focal bank (of those that reach evaluation). */
  handover: 0.85,
  /** Of those, journeys that go back from the bank to the broker and return. */
  handoverBack: 0.6,
};

export const PLANTED_IDS = {
  handoverFrom: 'ask-broker',
  handoverTo: 'get-loan-offer',
  stuck: 'get-valuation',
  secondStuck: 'switch-utilities',
} as const;

/** Probability that the household leads a generic activity, by phase: its own steps, mostly at the start and the end. */
const HOUSEHOLD_LEAD = [0.5, 0.1, 0.05, 0.05, 0.3, 0.3];
/** Probability that the focal bank leads a generic activity (the household aside), by theme: mostly finance and closing. */
const FOCAL_LEAD = [0.1, 0.1, 0.5, 0.4, 0.1, 0.15];

const ROOT_ID = 'own-home';
const PHASE_INFO = 1;
const PHASE_EVAL = 2;
const PHASE_PURCHASE = 3;
const PHASE_USE = 4;

/** Level-2 and level-3 fan-out for a number of actors (see the module comment). */
export function treeShape(actors: number): { branches: number; children: number; grandchildren: number } {
  const leaves = Math.max(24, actors / 4.5);
  const perTheme = leaves / THEMES.length;
  const children = clamp(Math.round(Math.sqrt(perTheme)), 2, 8);
  const grandchildren = clamp(Math.ceil(perTheme / children), 2, 8);
  return { branches: THEMES.length, children, grandchildren };
}

/** The model of a spec and what it plants. Deterministic: depends on `seed` and `actors` only. */
export function syntheticModel(spec: SyntheticSpec): { model: ModelDocument; planted: Planted } {
  checkSpec(spec);
  const random = mulberry32(hashSeed(`${spec.seed}\u0000model\u0000${spec.actors}`));
  const names = new UniqueNames();
  const modelId = `synthetic-${spec.actors}`;

  // ── Goals ──────────────────────────────────────────────────────────────────────────────
  const shape = treeShape(spec.actors);
  const goals: Goal[] = [{ id: ROOT_ID, name: 'Own and settle into a new home', refinement: 'AND' }];
  /** Leaves by theme (= phase index), with the topic each is about. */
  const leaves: { goal: Goal; topic: string }[][] = THEMES.map(() => []);
  const orOrAnd = (): Refinement => (random() < 0.3 ? 'OR' : 'AND');
  THEMES.forEach((theme, t) => {
    const themeGoal: Goal = { id: `g${t + 1}`, name: theme.name, parent: ROOT_ID, refinement: orOrAnd() };
    goals.push(themeGoal);
    for (let j = 0; j < shape.children; j++) {
      const topic = theme.topics[j % theme.topics.length];
      const mid: Goal = { id: `${themeGoal.id}-${j + 1}`, name: names.take(`Settle the ${topic}`), parent: themeGoal.id, refinement: orOrAnd() };
      goals.push(mid);
      for (let k = 0; k < shape.grandchildren; k++) {
        const leaf: Goal = {
          id: `${mid.id}-${k + 1}`,
          name: names.take(`${ASPECTS[k % ASPECTS.length]} ${topic}`),
          parent: mid.id,
          refinement: 'AND',
        };
        goals.push(leaf);
        leaves[t].push({ goal: leaf, topic });
      }
    }
  });

  // ── Actors and touchpoints ─────────────────────────────────────────────────────────────
  const actors: Actor[] = [];
  const actorName = (kind: ActorKind): string => names.take(`${pickOne(random, PREFIXES)} ${pickOne(random, KIND_NOUNS[kind])}`);
  const addActor = (kind: ActorKind, name: string, focal = false, id = slug(name)): Actor => {
    const actor: Actor = { id: names.takeId(id), name, kind, focal };
    actors.push(actor);
    return actor;
  };
  const focal = addActor('BANK', actorName('BANK'), true);
  const household = addActor('PEER', names.take('The household, family and friends'), false, 'household');
  const broker = addActor('BROKER', actorName('BROKER'));
  const n = spec.actors;
  const partnerCount = Math.max(1, Math.round(n * 0.04));
  const competitorCount = Math.max(2, Math.round(n * 0.12));
  const authorityCount = Math.max(1, Math.round(n * 0.03));
  const partners = Array.from({ length: partnerCount }, (_, i) => {
    const kind = PARTNER_KINDS[i % PARTNER_KINDS.length];
    return addActor(kind, actorName(kind));
  });
  const competitors = Array.from({ length: competitorCount }, () => addActor('BANK', actorName('BANK')));
  const authorities = Array.from({ length: authorityCount }, () => addActor('AUTHORITY', actorName('AUTHORITY')));
  const others: Actor[] = [];
  while (actors.length < n) {
    const kind = pickWeighted(random, OTHER_KINDS) ?? 'OTHER';
    others.push(addActor(kind, actorName(kind)));
  }
  if (actors.length !== n) throw badInput(`actors: ${n} is too few for the model's fixed roles; give at least 10`);

  const partnerIds = new Set(partners.map((a) => a.id));
  const ownership = (actor: Actor): Ownership =>
    actor.focal ? 'BRAND' : actor === household ? 'CUSTOMER' : partnerIds.has(actor.id) ? 'PARTNER' : 'EXTERNAL';
  const touchpoints: Touchpoint[] = [];
  const touchpointsOf = new Map<string, Touchpoint[]>();
  for (const actor of actors) {
    const channels = KIND_CHANNELS[actor.kind];
    const count = actor.focal ? channels.length : Math.min(channels.length, 1 + Math.floor(random() * 3));
    const own: Touchpoint[] = [];
    // The kind's most typical channel always, then others drawn without repetition.
    const rest = shuffle(random, channels.slice(1));
    for (const [channel, initiator] of [channels[0], ...rest].slice(0, count)) {
      own.push({
        id: `${actor.id}-${slug(channel)}`,
        name: `${actor.name} ${channel.toLowerCase().replace(/_/g, ' ')}`,
        actor: actor.id,
        channel,
        initiator,
        ownership: ownership(actor),
      });
    }
    touchpoints.push(...own);
    touchpointsOf.set(actor.id, own);
  }

  // ── Activities ─────────────────────────────────────────────────────────────────────────
  interface Draft {
    activity: Activity;
    theme: number;
    phase: number;
    planted: boolean;
  }
  const drafts: Draft[] = [];
  const addActivity = (leaf: Goal, theme: number, phase: number, name: string, id: string, mode: Mode, planted = false): Draft => {
    const draft: Draft = {
      activity: { id: names.takeId(id), name: names.take(name), goal: leaf.id, phase: PHASES[phase], mode, actors: [], touchpoints: [], next: [] },
      theme,
      phase,
      planted,
    };
    drafts.push(draft);
    return draft;
  };
  leaves.forEach((themeLeaves, t) => {
    for (const { goal, topic } of themeLeaves) {
      const count = 1 + (random() < 0.6 ? 1 : 0) + (random() < 0.3 ? 1 : 0);
      for (let i = 0; i < count; i++) {
        const phase = i === 0 || random() < 0.6 ? t : clamp(t + (random() < 0.5 ? -1 : 1), 0, PHASES.length - 1);
        const verb = pickOne(random, PHASE_VERBS[phase]);
        const passive = random() < (phase === 0 || phase === PHASES.length - 1 ? 0.25 : 0.1);
        addActivity(goal, t, phase, `${verb} ${topic}`, slug(`${verb} ${topic}`), passive ? 'PASSIVE' : 'ACTIVE');
      }
    }
  });
  const handoverFrom = addActivity(leaves[2][0].goal, 2, PHASE_INFO, `Ask ${broker.name} what we can borrow`, PLANTED_IDS.handoverFrom, 'ACTIVE', true);
  const handoverTo = addActivity(leaves[2][Math.min(1, leaves[2].length - 1)].goal, 2, PHASE_EVAL, `Get a loan offer from ${focal.name}`, PLANTED_IDS.handoverTo, 'ACTIVE', true);
  const stuck = addActivity(leaves[3][0].goal, 3, PHASE_PURCHASE, 'Get the property valued', PLANTED_IDS.stuck, 'ACTIVE', true);
  const secondStuck = addActivity(leaves[4][0].goal, 4, PHASE_USE, 'Get the utilities switched over', PLANTED_IDS.secondStuck, 'ACTIVE', true);
  for (const [draft, id] of [[handoverFrom, PLANTED_IDS.handoverFrom], [handoverTo, PLANTED_IDS.handoverTo], [stuck, PLANTED_IDS.stuck], [secondStuck, PLANTED_IDS.secondStuck]] as const) {
    if (draft.activity.id !== id) throw new Error(`planted activity id ${id} was taken by a generated one`);
  }

  // ── Who serves what ────────────────────────────────────────────────────────────────────
  const serving = new Map<string, number>();
  const serve = (draft: Draft, actor: Actor): void => {
    if (draft.activity.actors.includes(actor.id)) return;
    draft.activity.actors.push(actor.id);
    serving.set(actor.id, (serving.get(actor.id) ?? 0) + 1);
  };
  const round = shuffle(random, [...partners, ...competitors, ...authorities, ...others]);
  let cursor = 0;
  const nextInRound = (): Actor => round[cursor++ % round.length];
  const generic = drafts.filter((d) => !d.planted);
  for (const d of generic) {
    if (random() < HOUSEHOLD_LEAD[d.phase]) serve(d, household);
    else if (random() < FOCAL_LEAD[d.theme]) serve(d, focal);
    else serve(d, nextInRound());
    if (random() < 0.5) serve(d, nextInRound());
    if (d.activity.actors[0] === focal.id && (d.phase === PHASE_EVAL || d.phase === PHASE_PURCHASE) && random() < 0.5) {
      serve(d, pickOne(random, competitors));
    }
  }
  for (const actor of round) if (!serving.has(actor.id)) serve(pickOne(random, generic), actor);
  serve(handoverFrom, broker);
  serve(handoverTo, focal);
  // The bank orders the valuation itself: retries there stay with one actor, so the stuck point
  // adds no hand-overs of its own to the partner ranking.
  serve(stuck, focal);
  const services = others.filter((a) => a.kind === 'SERVICE');
  serve(secondStuck, pickOne(random, services.length > 0 ? services : [...others, ...authorities]));

  const actorById = new Map(actors.map((a) => [a.id, a] as const));
  for (const { activity } of drafts) {
    for (const actorId of activity.actors) {
      const own = touchpointsOf.get(actorId) ?? [];
      const ordered =
        activity.mode === 'PASSIVE'
          ? [...own.filter((t) => t.initiator === 'FIRM'), ...shuffle(random, own.filter((t) => t.initiator !== 'FIRM'))]
          : shuffle(random, own);
      const take = actorById.get(actorId)?.focal === true || random() < 0.4 ? 2 : 1;
      for (const t of ordered.slice(0, take)) activity.touchpoints.push(t.id);
    }
  }

  // ── Planned successors ─────────────────────────────────────────────────────────────────
  const byPhase: Draft[][] = PHASES.map(() => []);
  for (const d of drafts) byPhase[d.phase].push(d);
  const pickSuccessor = (from: Draft, phase: number): Draft | undefined => {
    const pool = byPhase[phase].filter((d) => d !== from);
    if (pool.length === 0) return undefined;
    const sameTheme = pool.filter((d) => d.theme === from.theme || d.theme === phase);
    return pickOne(random, sameTheme.length > 0 && random() < 0.7 ? sameTheme : pool);
  };
  const link = (from: Draft, to: Draft | undefined): void => {
    if (to !== undefined && to !== from && !from.activity.next.includes(to.activity.id)) from.activity.next.push(to.activity.id);
  };
  link(handoverFrom, handoverTo);
  for (const d of drafts) {
    const same = Math.floor(random() * 3);
    for (let i = 0; i < same; i++) link(d, pickSuccessor(d, d.phase));
    if (d.phase < PHASES.length - 1) {
      const forward = 1 + (random() < 0.5 ? 1 : 0);
      for (let i = 0; i < forward; i++) link(d, pickSuccessor(d, d.phase + 1));
    }
  }
  const hub = (target: Draft, phases: number[]): void => {
    for (const p of phases) for (const d of byPhase[p]) if (!d.planted && random() < 0.5) link(d, target);
  };
  hub(handoverFrom, [0, PHASE_INFO]);
  hub(stuck, [PHASE_EVAL, PHASE_PURCHASE]);
  hub(secondStuck, [PHASE_PURCHASE, PHASE_USE]);

  // ── Partnerships and segments ──────────────────────────────────────────────────────────
  const partnerships: Partnership[] = partners.map((p) => ({ actors: sortedPair(focal.id, p.id) }));
  const pairKeys = new Set(partnerships.map((p) => p.actors.join('\u0000')));
  const pairable = [...partners, ...competitors, ...authorities, ...others];
  for (let i = 0; i < Math.floor(n / 25) && pairable.length >= 2; i++) {
    const a = pickOne(random, pairable);
    const b = pickOne(random, pairable);
    const pair = sortedPair(a.id, b.id);
    const key = pair.join('\u0000');
    if (a === b || pairKeys.has(key)) continue;
    pairKeys.add(key);
    partnerships.push({ actors: pair });
  }
  const segments: Segment[] = SEGMENTS.slice(0, 3 + Math.floor(random() * 3)).map((s) => ({ ...s }));

  const model: ModelDocument = {
    model: {
      id: modelId,
      name: `Synthetic home purchase, ${n} actors`,
      description: `Grown by bench/generate from seed ${JSON.stringify(spec.seed)}; planted: stuck at ${stuck.activity.id}, hand-over ${broker.id} → ${focal.id}.`,
    },
    goals,
    actors,
    touchpoints,
    activities: drafts.map((d) => d.activity),
    partnerships,
    segments,
  };
  const planted: Planted = {
    modelId,
    focal: focal.id,
    stuckActivity: stuck.activity.id,
    secondStuckActivity: secondStuck.activity.id,
    handover: { from: broker.id, to: focal.id },
    handoverActivities: { from: handoverFrom.activity.id, to: handoverTo.activity.id },
    rates: { ...PLANTED_RATES },
  };
  return { model, planted };
}

/** Names and ids made unique by a number suffix: `Compare the budget 2`, `compare-the-budget-2`. */
class UniqueNames {
  private readonly names = new Map<string, number>();
  private readonly ids = new Map<string, number>();

  take(name: string): string {
    return unique(this.names, name, ' ');
  }

  takeId(id: string): string {
    return unique(this.ids, id, '-');
  }
}

function unique(used: Map<string, number>, base: string, separator: string): string {
  const seen = used.get(base) ?? 0;
  used.set(base, seen + 1);
  if (seen === 0) return base;
  let candidate = `${base}${separator}${seen + 1}`;
  while (used.has(candidate)) candidate = `${candidate}${separator}x`;
  used.set(candidate, 1);
  return candidate;
}

function shuffle<T>(random: Random, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
