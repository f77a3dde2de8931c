/**
 * Entity edits on a model document (pure; every store uses them): upserts and deletes by id.
 * Each function returns a new document and never changes its argument, so a refused edit
 * (a thrown GoalnetError) changes nothing.
 *
 * Rules:
 * - An entity's id is its `id`, except a partnership's, which is its two actor ids sorted and
 *   joined by `~` (`bank~broker`); deleting accepts either order.
 * - Upsert replaces the entity with the same id in its place, or appends it. An id given twice in
 *   one call is refused. The resulting document must pass `checkIntegrity` (src/model/validate.ts).
 * - Delete ignores ids that do not exist and returns how many did. It is refused (`CONFLICT`) while
 *   anything outside the deleted set still refers to an entity: a goal's sub-goals and activities;
 *   an actor's touchpoints, activities and partnerships; a touchpoint listed by an activity; an
 *   activity listed in another's `next`. (Recorded journeys are the store's to check.)
 * - Partnership pairs are kept sorted.
 */
import { badInput, conflict, type Problem } from '../model/errors.js';
import type { ModelDocument, Partnership } from '../model/types.js';
import { partnershipKey, sortedPair } from '../model/types.js';
import { checkIntegrity } from '../model/validate.js';
import type { EntityKind, EntityTypes } from './graph-store.js';

/** The list of a model document that holds each entity kind. */
export const DOCUMENT_LISTS = {
  goal: 'goals',
  actor: 'actors',
  touchpoint: 'touchpoints',
  activity: 'activities',
  partnership: 'partnerships',
  segment: 'segments',
} as const satisfies Record<EntityKind, keyof ModelDocument>;

/** The id of a partnership: its actor ids sorted and joined by `~`. */
export function partnershipId(actors: readonly string[]): string {
  const [a, b] = sortedPair(actors[0], actors[1]);
  return `${a}~${b}`;
}

/** The id of an entity of the given kind (see the module rules). */
export function entityId<K extends EntityKind>(kind: K, entity: EntityTypes[K]): string {
  if (kind === 'partnership') return partnershipId((entity as Partnership).actors);
  return (entity as { id: string }).id;
}

/**
 * What makes an entity the same one in an upsert: its id, or for a partnership its two actors.
 * Not the `a~b` id: an actor id may hold `~`, so (`a~b`, `c`) and (`a`, `b~c`) share that id.
 */
function identityOf<K extends EntityKind>(kind: K, entity: EntityTypes[K]): string {
  if (kind === 'partnership') return partnershipKey((entity as Partnership).actors[0], (entity as Partnership).actors[1]);
  return (entity as { id: string }).id;
}

/** Whether `id` names the partnership: `a~b` in either order. */
function isPartnershipId(p: Partnership, id: string): boolean {
  return id === `${p.actors[0]}~${p.actors[1]}` || id === `${p.actors[1]}~${p.actors[0]}`;
}

/** Whether an entity of `kind` has the id `id` (partnerships in either order). */
export function hasId<K extends EntityKind>(kind: K, entity: EntityTypes[K], id: string): boolean {
  if (kind === 'partnership') return isPartnershipId(entity as Partnership, id);
  return (entity as { id: string }).id === id;
}

function entityList<K extends EntityKind>(doc: ModelDocument, kind: K): EntityTypes[K][] {
  return doc[DOCUMENT_LISTS[kind]] as unknown as EntityTypes[K][];
}

/** A copy of the document with every list copied (entities shared) and partnership pairs sorted. */
export function normalizeDocument(doc: ModelDocument): ModelDocument {
  return {
    ...doc,
    goals: doc.goals.slice(),
    actors: doc.actors.slice(),
    touchpoints: doc.touchpoints.slice(),
    activities: doc.activities.slice(),
    partnerships: doc.partnerships.map(normalizePartnership),
    segments: (doc.segments ?? []).slice(),
  };
}

function normalizePartnership(p: Partnership): Partnership {
  if (p.actors[0] <= p.actors[1]) return p;
  return { ...p, actors: sortedPair(p.actors[0], p.actors[1]) };
}

/** Problems with the shape of items to upsert that `checkIntegrity` cannot see (ids). */
function itemProblems<K extends EntityKind>(kind: K, items: readonly EntityTypes[K][]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    if (item === null || typeof item !== 'object') {
      problems.push({ where: `items[${i}]`, message: `expected a ${kind} object` });
      return;
    }
    let id: string;
    if (kind === 'partnership') {
      const actors = (item as Partnership).actors;
      if (!Array.isArray(actors) || actors.length !== 2 || !actors.every((a) => typeof a === 'string' && a !== '')) {
        problems.push({ where: `items[${i}].actors`, message: 'a partnership needs exactly two actor ids' });
        return;
      }
      if (actors[0] === actors[1]) {
        problems.push({ where: `items[${i}].actors`, message: `a partnership joins two different actors, not "${actors[0]}" with itself` });
        return;
      }
      id = partnershipKey(actors[0], actors[1]);
    } else {
      const raw = (item as { id?: unknown }).id;
      if (typeof raw !== 'string' || raw === '') {
        problems.push({ where: `items[${i}].id`, message: `a ${kind} needs a non-empty string id` });
        return;
      }
      id = raw;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      const shown = kind === 'partnership' ? partnershipId((item as Partnership).actors) : id;
      problems.push({ where: `items[${i}]`, message: `${kind} "${shown}" is also given as items[${first}]; give each id once` });
    } else {
      seen.set(id, i);
    }
  });
  return problems;
}

/**
 * Creates or replaces entities of one kind by id and returns the new document. Throws
 * `BAD_INPUT` (listing the problems) when an item has no usable id or the result would not
 * pass `checkIntegrity`.
 */
export function applyUpsert<K extends EntityKind>(doc: ModelDocument, kind: K, items: readonly EntityTypes[K][]): ModelDocument {
  const where = `model "${doc.model.id}"`;
  const shape = itemProblems(kind, items);
  if (shape.length > 0) throw badInput(`Refused to upsert ${items.length} ${kind} item(s) into ${where}`, shape);

  const next = normalizeDocument(doc);
  const list = entityList(next, kind);
  const position = new Map<string, number>();
  list.forEach((entity, i) => position.set(identityOf(kind, entity), i));
  for (const raw of items) {
    const item = (kind === 'partnership' ? normalizePartnership(raw as Partnership) : raw) as EntityTypes[K];
    const id = identityOf(kind, item);
    const at = position.get(id);
    if (at === undefined) {
      position.set(id, list.length);
      list.push(item);
    } else {
      list[at] = item;
    }
  }
  const problems = checkIntegrity(next);
  if (problems.length > 0) {
    throw badInput(`Refused to upsert ${items.length} ${kind} item(s) into ${where}: the model would not be consistent; nothing was changed`, problems);
  }
  return next;
}

/**
 * What in the document refers to the entity `kind`/`id`, leaving out referrers of the same kind
 * whose ids are in `except` (they are being deleted together). One problem per reference, at the
 * referrer's JSON path.
 */
export function referencesTo(doc: ModelDocument, kind: EntityKind, id: string, except: ReadonlySet<string> = new Set()): Problem[] {
  const refs: Problem[] = [];
  switch (kind) {
    case 'goal':
      doc.goals.forEach((g, i) => {
        if (g.parent === id && !except.has(g.id)) refs.push({ where: `goals[${i}].parent`, message: `sub-goal "${g.id}" has goal "${id}" as its parent` });
      });
      doc.activities.forEach((a, i) => {
        if (a.goal === id) refs.push({ where: `activities[${i}].goal`, message: `activity "${a.id}" serves goal "${id}"` });
      });
      break;
    case 'actor':
      doc.touchpoints.forEach((t, i) => {
        if (t.actor === id) refs.push({ where: `touchpoints[${i}].actor`, message: `touchpoint "${t.id}" is owned by actor "${id}"` });
      });
      doc.activities.forEach((a, i) => {
        const k = a.actors.indexOf(id);
        if (k >= 0) refs.push({ where: `activities[${i}].actors[${k}]`, message: `activity "${a.id}" involves actor "${id}"` });
      });
      doc.partnerships.forEach((p, i) => {
        if (p.actors[0] === id || p.actors[1] === id) {
          refs.push({ where: `partnerships[${i}]`, message: `partnership "${partnershipId(p.actors)}" includes actor "${id}"` });
        }
      });
      break;
    case 'touchpoint':
      doc.activities.forEach((a, i) => {
        const k = a.touchpoints.indexOf(id);
        if (k >= 0) refs.push({ where: `activities[${i}].touchpoints[${k}]`, message: `activity "${a.id}" uses touchpoint "${id}"` });
      });
      break;
    case 'activity':
      doc.activities.forEach((a, i) => {
        const k = a.next.indexOf(id);
        if (k >= 0 && !except.has(a.id)) {
          refs.push({ where: `activities[${i}].next[${k}]`, message: `activity "${a.id}" lists "${id}" as a planned successor` });
        }
      });
      break;
    case 'partnership':
    case 'segment':
      break;
  }
  return refs;
}

/**
 * Deletes entities of one kind by id and returns the new document with how many existed.
 * Throws `CONFLICT` (listing every reference) when anything outside the deleted set still refers
 * to one of them; then nothing is deleted.
 */
export function applyDelete(doc: ModelDocument, kind: EntityKind, ids: readonly string[]): { doc: ModelDocument; deleted: number } {
  const list = entityList(doc, kind);
  const doomed = new Set<number>();
  for (const id of ids) {
    list.forEach((entity, i) => {
      if (hasId(kind, entity, id)) doomed.add(i);
    });
  }
  if (doomed.size === 0) return { doc, deleted: 0 };

  const doomedIds = new Set([...doomed].map((i) => entityId(kind, list[i])));
  const problems: Problem[] = [];
  for (const id of doomedIds) problems.push(...referencesTo(doc, kind, id, doomedIds));
  if (problems.length > 0) {
    const names = [...doomedIds].map((id) => `"${id}"`).join(', ');
    throw conflict(
      `Cannot delete ${kind} ${names} from model "${doc.model.id}": still referred to; change or delete the referrers first (nothing was deleted)`,
      problems,
    );
  }
  const next = normalizeDocument(doc);
  (next as unknown as Record<string, unknown[]>)[DOCUMENT_LISTS[kind]] = list.filter((_, i) => !doomed.has(i));
  return { doc: next, deleted: doomed.size };
}
