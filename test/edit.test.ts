import { describe, expect, it } from 'vitest';
import { GoalnetError } from '../src/model/errors.js';
import type { ModelDocument } from '../src/model/types.js';
import { applyDelete, applyUpsert, entityId, normalizeDocument, partnershipId, referencesTo } from '../src/store/edit.js';

function homeModel(): ModelDocument {
  return {
    model: { id: 'home', name: 'Buying a home' },
    goals: [
      { id: 'own-home', name: 'Own a home', refinement: 'AND' },
      { id: 'finance', name: 'Finance it', parent: 'own-home', refinement: 'OR' },
      { id: 'find-home', name: 'Find a home', parent: 'own-home', refinement: 'AND' },
      { id: 'mortgage', name: 'Get a mortgage', parent: 'finance', refinement: 'AND' },
    ],
    actors: [
      { id: 'nordbank', name: 'Nordbank', kind: 'BANK', focal: true },
      { id: 'broker', name: 'City Brokers', kind: 'BROKER', focal: false },
      { id: 'insurer', name: 'Safe Insurance', kind: 'INSURER', focal: false },
    ],
    touchpoints: [
      { id: 'bank-web', name: 'Bank web', actor: 'nordbank', channel: 'WEB', initiator: 'CUSTOMER', ownership: 'BRAND' },
      { id: 'broker-phone', name: 'Broker phone', actor: 'broker', channel: 'PHONE', initiator: 'CUSTOMER', ownership: 'EXTERNAL' },
      { id: 'insurer-mail', name: 'Insurer mail', actor: 'insurer', channel: 'EMAIL', initiator: 'FIRM', ownership: 'PARTNER' },
    ],
    activities: [
      { id: 'search', name: 'Search', goal: 'find-home', phase: 'INFORMATION_SEARCH', mode: 'ACTIVE', actors: ['broker'], touchpoints: ['broker-phone'], next: ['apply'] },
      { id: 'apply', name: 'Apply', goal: 'mortgage', phase: 'PURCHASE', mode: 'ACTIVE', actors: ['nordbank'], touchpoints: ['bank-web'], next: ['insure'] },
      { id: 'insure', name: 'Insure', goal: 'finance', phase: 'POST_PURCHASE', mode: 'PASSIVE', actors: ['insurer'], touchpoints: ['insurer-mail'], next: [] },
    ],
    partnerships: [{ actors: ['nordbank', 'insurer'] }],
    segments: [{ id: 'first-time', name: 'First-time buyers' }],
  };
}

function caught(fn: () => unknown): GoalnetError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GoalnetError);
    return error as GoalnetError;
  }
  throw new Error('expected a GoalnetError, nothing was thrown');
}

describe('ids', () => {
  it('keys a partnership by its sorted actor pair joined by ~', () => {
    expect(partnershipId(['nordbank', 'insurer'])).toBe('insurer~nordbank');
    expect(partnershipId(['insurer', 'nordbank'])).toBe('insurer~nordbank');
    expect(entityId('partnership', { actors: ['b', 'a'] })).toBe('a~b');
    expect(entityId('goal', homeModel().goals[1])).toBe('finance');
  });

  it('normalises partnership pairs to sorted order without touching the input', () => {
    const doc = homeModel();
    const norm = normalizeDocument(doc);
    expect(norm.partnerships).toEqual([{ actors: ['insurer', 'nordbank'] }]);
    expect(doc.partnerships).toEqual([{ actors: ['nordbank', 'insurer'] }]);
  });
});

describe('applyUpsert', () => {
  it('appends a new entity and replaces an existing one in place', () => {
    const doc = homeModel();
    const next = applyUpsert(doc, 'goal', [
      { id: 'move', name: 'Move in', parent: 'own-home', refinement: 'AND' },
      { id: 'finance', name: 'Pay for it', parent: 'own-home', refinement: 'AND' },
    ]);
    expect(next.goals.map((g) => g.id)).toEqual(['own-home', 'finance', 'find-home', 'mortgage', 'move']);
    expect(next.goals[1]).toEqual({ id: 'finance', name: 'Pay for it', parent: 'own-home', refinement: 'AND' });
    // The input document is unchanged.
    expect(doc).toEqual(homeModel());
  });

  it('stores partnerships sorted and replaces the same pair given in the other order', () => {
    const next = applyUpsert(homeModel(), 'partnership', [{ actors: ['nordbank', 'insurer'] }, { actors: ['nordbank', 'broker'] }]);
    expect(next.partnerships).toEqual([{ actors: ['insurer', 'nordbank'] }, { actors: ['broker', 'nordbank'] }]);
  });

  it('refuses a dangling reference, listing the problem at its JSON path', () => {
    const doc = homeModel();
    const error = caught(() =>
      applyUpsert(doc, 'activity', [
        { id: 'move', name: 'Move', goal: 'no-such-goal', phase: 'USE', mode: 'ACTIVE', actors: [], touchpoints: [], next: [] },
      ]),
    );
    expect(error.code).toBe('BAD_INPUT');
    expect(error.problems.some((p) => p.where.startsWith('activities[3].goal') && p.message.includes('no-such-goal'))).toBe(true);
    expect(doc).toEqual(homeModel());
  });

  it('refuses a second focal actor, a goal cycle and a second root goal', () => {
    const doc = homeModel();
    expect(caught(() => applyUpsert(doc, 'actor', [{ id: 'broker', name: 'B', kind: 'BROKER', focal: true }])).code).toBe('BAD_INPUT');
    const cycle = caught(() => applyUpsert(doc, 'goal', [{ id: 'own-home', name: 'Own', parent: 'mortgage', refinement: 'AND' }]));
    expect(cycle.code).toBe('BAD_INPUT');
    expect(cycle.problems.length).toBeGreaterThan(0);
    expect(caught(() => applyUpsert(doc, 'goal', [{ id: 'other-root', name: 'Other', refinement: 'AND' }])).code).toBe('BAD_INPUT');
  });

  it('refuses an id given twice in one call and an item without an id', () => {
    const twice = caught(() =>
      applyUpsert(homeModel(), 'segment', [
        { id: 'x', name: 'X' },
        { id: 'x', name: 'Y' },
      ]),
    );
    expect(twice.problems).toEqual([{ where: 'items[1]', message: 'segment "x" is also given as items[0]; give each id once' }]);
    const noId = caught(() => applyUpsert(homeModel(), 'segment', [{ name: 'X' } as unknown as { id: string; name: string }]));
    expect(noId.problems[0].where).toBe('items[0].id');
    const self = caught(() => applyUpsert(homeModel(), 'partnership', [{ actors: ['broker', 'broker'] }]));
    expect(self.problems[0].where).toBe('items[0].actors');
  });
});

describe('applyDelete', () => {
  it('deletes by id, ignores unknown ids and reports how many existed', () => {
    const doc = homeModel();
    const { doc: next, deleted } = applyDelete(doc, 'segment', ['first-time', 'nope']);
    expect(deleted).toBe(1);
    expect(next.segments).toEqual([]);
    expect(doc.segments).toHaveLength(1);
    const none = applyDelete(doc, 'goal', ['nope']);
    expect(none.deleted).toBe(0);
    expect(none.doc).toEqual(doc);
  });

  it('deletes a partnership by a~b in either order', () => {
    expect(applyDelete(homeModel(), 'partnership', ['nordbank~insurer']).deleted).toBe(1);
    expect(applyDelete(homeModel(), 'partnership', ['insurer~nordbank']).doc.partnerships).toEqual([]);
    expect(applyDelete(homeModel(), 'partnership', ['broker~nordbank']).deleted).toBe(0);
  });

  it('refuses deleting a goal with sub-goals or activities, naming each referrer', () => {
    const error = caught(() => applyDelete(homeModel(), 'goal', ['finance']));
    expect(error.code).toBe('CONFLICT');
    expect(error.problems).toEqual([
      { where: 'goals[3].parent', message: 'sub-goal "mortgage" has goal "finance" as its parent' },
      { where: 'activities[2].goal', message: 'activity "insure" serves goal "finance"' },
    ]);
  });

  it('allows deleting a goal together with its sub-goal when no activity serves them', () => {
    const doc = applyUpsert(homeModel(), 'goal', [
      { id: 'move', name: 'Move', parent: 'own-home', refinement: 'AND' },
      { id: 'pack', name: 'Pack', parent: 'move', refinement: 'AND' },
    ]);
    expect(() => applyDelete(doc, 'goal', ['move'])).toThrow(/sub-goal "pack"/);
    const { doc: next, deleted } = applyDelete(doc, 'goal', ['move', 'pack']);
    expect(deleted).toBe(2);
    expect(next.goals.map((g) => g.id)).toEqual(['own-home', 'finance', 'find-home', 'mortgage']);
  });

  it('refuses deleting an actor with touchpoints, activities or partnerships', () => {
    const error = caught(() => applyDelete(homeModel(), 'actor', ['insurer']));
    expect(error.code).toBe('CONFLICT');
    expect(error.problems.map((p) => p.where)).toEqual(['touchpoints[2].actor', 'activities[2].actors[0]', 'partnerships[0]']);
    expect(error.message).toContain('"insurer"');
  });

  it('refuses deleting a touchpoint an activity lists, and an activity another lists as next', () => {
    expect(caught(() => applyDelete(homeModel(), 'touchpoint', ['bank-web'])).problems).toEqual([
      { where: 'activities[1].touchpoints[0]', message: 'activity "apply" uses touchpoint "bank-web"' },
    ]);
    expect(caught(() => applyDelete(homeModel(), 'activity', ['insure'])).problems).toEqual([
      { where: 'activities[1].next[0]', message: 'activity "apply" lists "insure" as a planned successor' },
    ]);
    // Deleted together, the chain search -> apply -> insure holds no outside reference.
    const { deleted, doc } = applyDelete(homeModel(), 'activity', ['search', 'apply', 'insure']);
    expect(deleted).toBe(3);
    expect(doc.activities).toEqual([]);
  });

  it('lists references with referencesTo', () => {
    expect(referencesTo(homeModel(), 'touchpoint', 'broker-phone')).toHaveLength(1);
    expect(referencesTo(homeModel(), 'segment', 'first-time')).toEqual([]);
  });
});
