import { describe, expect, it } from 'vitest';
import { GoalnetError, type Problem } from '../src/model/errors.js';
import type { ModelDocument } from '../src/model/types.js';
import {
  assertValidDocument,
  checkIntegrity,
  deriveOwnership,
  didYouMean,
  idProblem,
  parseModelDocument,
  sortProblemsByPath,
  unknownValueMessage,
} from '../src/model/validate.js';

/** The DESIGN.md example, with the partner "insurer" declared (the example leaves it out). */
function homeRaw(): Record<string, unknown> {
  return {
    model: { id: 'home-purchase', name: 'Buying a new home' },
    goals: [
      { id: 'own-home', name: 'Own a new home' },
      { id: 'finance', name: 'Finance the purchase', parent: 'own-home', refinement: 'AND' },
    ],
    actors: [
      { id: 'nordbank', name: 'Nordbank', kind: 'BANK', focal: true },
      { id: 'broker', name: 'City Brokers', kind: 'BROKER' },
      { id: 'insurer', name: 'Trygg', kind: 'INSURER' },
    ],
    touchpoints: [{ id: 'bank-web', actor: 'nordbank', channel: 'WEB', initiator: 'CUSTOMER' }],
    activities: [
      {
        id: 'apply-loan',
        name: 'Apply for a loan',
        goal: 'finance',
        phase: 'PURCHASE',
        mode: 'ACTIVE',
        actors: ['nordbank'],
        touchpoints: ['bank-web'],
      },
    ],
    partnerships: [{ actors: ['nordbank', 'insurer'] }],
  };
}

/** Parses `raw` expecting failure; returns the problems of the BAD_INPUT error. */
function problemsOf(raw: unknown, source = 'home.json'): Problem[] {
  try {
    parseModelDocument(raw, source);
  } catch (error) {
    expect(error).toBeInstanceOf(GoalnetError);
    const e = error as GoalnetError;
    expect(e.code).toBe('BAD_INPUT');
    expect(e.problems.length).toBeGreaterThan(0);
    return e.problems;
  }
  throw new Error('expected parseModelDocument to throw');
}

/** The single problem at `where`. */
function problemAt(problems: Problem[], where: string): Problem {
  const found = problems.filter((p) => p.where === where);
  expect(found, `problems at ${where} in ${JSON.stringify(problems, null, 1)}`).toHaveLength(1);
  return found[0];
}

function withChanges(change: (raw: Record<string, any>) => void): Record<string, unknown> {
  const raw = homeRaw() as Record<string, any>;
  change(raw);
  return raw;
}

describe('parseModelDocument: valid input', () => {
  it('types and normalises the DESIGN example, filling in every default', () => {
    const doc = parseModelDocument(
      withChanges((r) => {
        r.goals.push({ id: 'find-home', name: '  Find a home ', parent: 'own-home' });
        r.touchpoints.push({ id: 'insurer-mail', actor: 'insurer', channel: 'EMAIL', initiator: 'FIRM' });
        r.touchpoints.push({ id: 'broker-site', name: 'Listings', actor: 'broker', channel: 'WEB' });
        r.activities.push({ id: 'browse', name: 'Browse listings', goal: 'find-home', phase: 'INFORMATION_SEARCH' });
        r.segments = [{ id: 'first-time', name: 'First-time buyers' }];
      }),
      'home.json',
    );
    const expected: ModelDocument = {
      model: { id: 'home-purchase', name: 'Buying a new home' },
      goals: [
        { id: 'own-home', name: 'Own a new home', refinement: 'AND' },
        { id: 'finance', name: 'Finance the purchase', parent: 'own-home', refinement: 'AND' },
        { id: 'find-home', name: 'Find a home', parent: 'own-home', refinement: 'AND' },
      ],
      actors: [
        { id: 'nordbank', name: 'Nordbank', kind: 'BANK', focal: true },
        { id: 'broker', name: 'City Brokers', kind: 'BROKER', focal: false },
        { id: 'insurer', name: 'Trygg', kind: 'INSURER', focal: false },
      ],
      touchpoints: [
        { id: 'bank-web', name: 'Nordbank WEB', actor: 'nordbank', channel: 'WEB', initiator: 'CUSTOMER', ownership: 'BRAND' },
        { id: 'insurer-mail', name: 'Trygg EMAIL', actor: 'insurer', channel: 'EMAIL', initiator: 'FIRM', ownership: 'PARTNER' },
        { id: 'broker-site', name: 'Listings', actor: 'broker', channel: 'WEB', initiator: 'CUSTOMER', ownership: 'EXTERNAL' },
      ],
      activities: [
        {
          id: 'apply-loan',
          name: 'Apply for a loan',
          goal: 'finance',
          phase: 'PURCHASE',
          mode: 'ACTIVE',
          actors: ['nordbank'],
          touchpoints: ['bank-web'],
          next: [],
        },
        {
          id: 'browse',
          name: 'Browse listings',
          goal: 'find-home',
          phase: 'INFORMATION_SEARCH',
          mode: 'ACTIVE',
          actors: [],
          touchpoints: [],
          next: [],
        },
      ],
      partnerships: [{ actors: ['insurer', 'nordbank'] }],
      segments: [{ id: 'first-time', name: 'First-time buyers' }],
    };
    expect(doc).toEqual(expected);
    // No optional key is present with an undefined value.
    expect(Object.keys(doc.goals[0])).toEqual(['id', 'name', 'refinement']);
    expect(checkIntegrity(doc)).toEqual([]);
  });

  it('accepts a model with only its model info, and treats null lists and null optional fields as absent', () => {
    expect(parseModelDocument({ model: { id: 'm', name: 'M' } }, 'm.json')).toEqual({
      model: { id: 'm', name: 'M' },
      goals: [],
      actors: [],
      touchpoints: [],
      activities: [],
      partnerships: [],
      segments: [],
    });
    const doc = parseModelDocument(
      { model: { id: 'm', name: 'M', description: null }, goals: [{ id: 'g', name: 'G', parent: null }], actors: null },
      'm.json',
    );
    expect(doc.goals).toEqual([{ id: 'g', name: 'G', refinement: 'AND' }]);
    expect(doc.actors).toEqual([]);
  });

  it('keeps an explicit ownership, and allows activities on any goal and touchpoints of actors not listed', () => {
    const doc = parseModelDocument(
      withChanges((r) => {
        r.touchpoints[0].ownership = 'EXTERNAL';
        r.activities[0].goal = 'own-home'; // not a leaf
        r.activities[0].actors = ['broker']; // bank-web belongs to nordbank: fine
        r.activities[0].next = ['apply-loan']; // a planned repeat of itself: fine
      }),
      'home.json',
    );
    expect(doc.touchpoints[0].ownership).toBe('EXTERNAL');
    expect(doc.activities[0].goal).toBe('own-home');
  });

  it('derives EXTERNAL ownership for every touchpoint when no actor is focal', () => {
    const doc = parseModelDocument(
      withChanges((r) => {
        r.actors[0].focal = false;
      }),
      'home.json',
    );
    expect(doc.touchpoints[0].ownership).toBe('EXTERNAL');
  });
});

describe('parseModelDocument: problems', () => {
  it('names the goals on a cycle', () => {
    const problems = problemsOf(
      withChanges((r) => {
        r.goals.push(
          { id: 'b', name: 'B', parent: 'd' },
          { id: 'c', name: 'C', parent: 'b' },
          { id: 'd', name: 'D', parent: 'c' },
        );
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].where).toBe('home.json: goals[2].parent');
    expect(problems[0].message).toContain('"b" → "d" → "c" → "b"');
    expect(problems[0].message).toContain('cycle');
  });

  it('reports a goal that is its own parent', () => {
    const problems = problemsOf(withChanges((r) => (r.goals[1].parent = 'finance')));
    expect(problems).toEqual([
      { where: 'home.json: goals[1].parent', message: expect.stringContaining('"finance" is its own parent') },
    ]);
  });

  it('reports an unknown parent with a did-you-mean', () => {
    const problems = problemsOf(withChanges((r) => (r.goals[1].parent = 'own-hom')));
    const p = problemAt(problems, 'home.json: goals[1].parent');
    expect(p.message).toContain('unknown parent goal "own-hom"');
    expect(p.message).toContain('did you mean "own-home"?');
  });

  it('reports a duplicate id where it repeats, and only that', () => {
    const problems = problemsOf(withChanges((r) => r.goals.push({ id: 'finance', name: 'Again', parent: 'own-home' })));
    expect(problems).toEqual([
      { where: 'home.json: goals[2].id', message: expect.stringContaining('duplicate goal id "finance" (also goals[1])') },
    ]);
  });

  it('reports an activity pointing at a missing goal', () => {
    const problems = problemsOf(withChanges((r) => (r.activities[0].goal = 'financing')));
    expect(problems).toHaveLength(1);
    expect(problems[0].where).toBe('home.json: activities[0].goal');
    expect(problems[0].message).toMatch(/^unknown goal "financing".*did you mean "finance"\?/);
  });

  it('reports an unknown phase and channel with the allowed values and a did-you-mean', () => {
    const problems = problemsOf(
      withChanges((r) => {
        r.activities[0].phase = 'PURCHASING';
        r.touchpoints[0].channel = 'EMIAL';
      }),
    );
    expect(problems.map((p) => p.where)).toEqual(['home.json: touchpoints[0].channel', 'home.json: activities[0].phase']);
    expect(problems[1].message).toBe(
      'unknown phase "PURCHASING"; did you mean PURCHASE? use one of: NEED_RECOGNITION, INFORMATION_SEARCH, EVALUATION, PURCHASE, USE, POST_PURCHASE',
    );
    expect(problems[0].message).toMatch(/^unknown channel "EMIAL"; did you mean EMAIL\? use one of: WEB, APP,/);
  });

  it('suggests the right member for a lower-case or spaced value, and nothing for a far one', () => {
    const problems = problemsOf(
      withChanges((r) => {
        r.touchpoints[0].channel = 'word of mouth';
        r.actors[1].kind = 'zzz';
      }),
    );
    expect(problemAt(problems, 'home.json: touchpoints[0].channel').message).toContain('did you mean WORD_OF_MOUTH?');
    const kind = problemAt(problems, 'home.json: actors[1].kind').message;
    expect(kind).toContain('unknown actor kind "zzz"; use one of: FIRM, BANK');
    expect(kind).not.toContain('did you mean');
  });

  it('reports two focal actors at the second one', () => {
    const problems = problemsOf(withChanges((r) => (r.actors[1].focal = true)));
    expect(problems).toEqual([
      {
        where: 'home.json: actors[1].focal',
        message: expect.stringContaining('actor "broker" is focal, but actor "nordbank" (actors[0]) already is'),
      },
    ]);
  });

  it('reports unknown fields, saying which are allowed', () => {
    const problems = problemsOf(
      withChanges((r) => {
        r.goals[1].parnet = 'own-home';
        r.goal = [];
        r.activities[0].actor = 'nordbank';
      }),
    );
    expect(problemAt(problems, 'home.json: goals[1].parnet').message).toBe(
      'unknown field "parnet" in a goal; did you mean "parent"? a goal may have: id, name, parent, refinement, description',
    );
    expect(problemAt(problems, 'home.json: goal').message).toContain('did you mean "goals"?');
    expect(problemAt(problems, 'home.json: activities[0].actor').message).toContain(
      'in an activity; did you mean "actors"? an activity may have: id, name, goal, phase, mode, actors, touchpoints, next',
    );
  });

  it('points journeys in a model file to the event log', () => {
    const problems = problemsOf(withChanges((r) => (r.journeys = [])));
    expect(problemAt(problems, 'home.json: journeys').message).toContain('event log');
  });

  it('reports wrong types with what was expected and what was found', () => {
    const problems = problemsOf(
      withChanges((r) => {
        r.segments = 'first-time';
        r.activities[0].actors = 'nordbank';
        r.actors[1].focal = 'yes';
        r.goals.push({ id: 42, name: 'Numbered', parent: 'own-home' });
        r.activities[0].touchpoints = ['bank-web', 7];
        r.partnerships.push('a~b');
      }),
    );
    expect(problemAt(problems, 'home.json: segments').message).toBe(
      'expected a list of segments, got a string ("first-time"); write "segments": [ { ... }, ... ]',
    );
    expect(problemAt(problems, 'home.json: activities[0].actors').message).toBe(
      'expected a list of actor ids, got a string ("nordbank"); write it as a list: ["nordbank"]',
    );
    expect(problemAt(problems, 'home.json: actors[1].focal').message).toBe('expected true or false, got a string ("yes")');
    expect(problemAt(problems, 'home.json: goals[2].id').message).toBe(
      'expected a string, got a number (42); write it in quotes: "42"',
    );
    expect(problemAt(problems, 'home.json: activities[0].touchpoints[1]').message).toContain('got a number (7)');
    expect(problemAt(problems, 'home.json: partnerships[1]').message).toContain('expected a partnership object');
    // The goal whose id is broken does not cause follow-on problems (e.g. a second root).
    expect(problems).toHaveLength(6);
  });

  it('reports every problem at once, ordered by path in document order', () => {
    const problems = problemsOf(
      withChanges((r) => {
        r.segments = [{ id: 's', name: '' }];
        r.partnerships.push({ actors: ['insurer', 'nordbank'] });
        r.partnerships.push({ actors: ['broker', 'broker'] });
        r.partnerships.push({ actors: ['broker', 'bank'] });
        r.activities[0].next = ['apply-loan', 'nope'];
        r.activities[0].actors = ['nordbank', 'nordbank'];
        r.touchpoints[0].actor = 'nordbnak';
        r.goals.push({ id: 'other-root', name: 'Other' });
        r.model.name = ' ';
        r.goals[0].refinement = 'XOR';
        for (let i = 0; i < 10; i++) r.goals.push({ id: `g${i}`, name: `G${i}`, parent: 'own-home' });
        r.goals.push({ id: '', name: 'Late', parent: 'own-home' });
      }),
    );
    expect(problems.map((p) => p.where)).toEqual([
      'home.json: model.name',
      'home.json: goals[0].refinement',
      'home.json: goals[2].parent',
      'home.json: goals[13].id',
      'home.json: touchpoints[0].actor',
      'home.json: activities[0].actors[1]',
      'home.json: activities[0].next[1]',
      'home.json: partnerships[1].actors',
      'home.json: partnerships[2].actors',
      'home.json: partnerships[3].actors[1]',
      'home.json: segments[0].name',
    ]);
    const message = (where: string): string => problemAt(problems, `home.json: ${where}`).message;
    expect(message('model.name')).toContain('empty name');
    expect(message('goals[0].refinement')).toBe('unknown refinement "XOR"; did you mean OR? use one of: AND, OR');
    expect(message('goals[2].parent')).toContain('a model is about one overall goal');
    expect(message('goals[13].id')).toBe('empty id; give it a non-empty id');
    expect(message('touchpoints[0].actor')).toContain('did you mean "nordbank"?');
    expect(message('activities[0].actors[1]')).toContain('"nordbank" is listed twice');
    expect(message('activities[0].next[1]')).toContain('unknown activity "nope"');
    expect(message('partnerships[1].actors')).toContain('duplicate partnership between "insurer" and "nordbank" (also partnerships[0])');
    expect(message('partnerships[2].actors')).toContain('"broker" is partnered with itself');
    expect(message('partnerships[3].actors[1]')).toContain('unknown actor "bank"');
  });

  it('reports a missing model and a model that is not an object', () => {
    const missing = problemsOf({ goals: [] });
    expect(missing).toEqual([{ where: 'home.json: model', message: expect.stringContaining('missing "model"') }]);
    expect(problemsOf([1, 2])).toEqual([{ where: 'home.json', message: expect.stringContaining('got a list') }]);
    const error = (() => {
      try {
        parseModelDocument('x', 'in.json');
      } catch (e) {
        return e as GoalnetError;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/^in\.json is not a valid model \(1 problem\)/);
  });

  it('reports missing required fields with what to do', () => {
    const problems = problemsOf(
      withChanges((r) => {
        delete r.actors[1].kind;
        delete r.activities[0].phase;
        delete r.touchpoints[0].channel;
        delete r.goals[1].name;
      }),
    );
    expect(problemAt(problems, 'home.json: goals[1].name').message).toBe('missing "name"; give every goal a name');
    expect(problemAt(problems, 'home.json: actors[1].kind').message).toMatch(/^missing "kind"; use one of: FIRM, BANK/);
    expect(problemAt(problems, 'home.json: activities[0].phase').message).toMatch(/^missing "phase"; use one of: NEED_RECOGNITION/);
    expect(problemAt(problems, 'home.json: touchpoints[0].channel').message).toMatch(/^missing "channel"/);
    expect(problems).toHaveLength(4);
  });

  it('checks id length and control characters', () => {
    const problems = problemsOf(
      withChanges((r) => {
        r.segments = [
          { id: 'x'.repeat(201), name: 'Long' },
          { id: 'tab\there', name: 'Tab' },
          { id: 'y'.repeat(200), name: 'Longest allowed' },
        ];
      }),
    );
    expect(problems.map((p) => p.where)).toEqual(['home.json: segments[0].id', 'home.json: segments[1].id']);
    expect(problems[0].message).toBe('id is 201 characters long; use at most 200');
    expect(problems[1].message).toContain('control character (U+0009 at position 4)');
  });
});

describe('checkIntegrity and assertValidDocument on typed documents', () => {
  const valid = (): ModelDocument => parseModelDocument(homeRaw(), 'home.json');

  it('finds nothing in a valid document, and allows a model without goals', () => {
    expect(checkIntegrity(valid())).toEqual([]);
    const empty = { ...valid(), goals: [], activities: [] };
    expect(checkIntegrity(empty, 'x')).toEqual([]);
  });

  it('reports values a typed caller can still get wrong, without a source prefix when none is given', () => {
    const doc = valid();
    (doc.activities[0] as { mode: string }).mode = 'BUSY';
    (doc.touchpoints[0] as { ownership: string }).ownership = 'OWNED';
    doc.touchpoints.push({ ...doc.touchpoints[0], id: 'tp2', actor: 'ghost', ownership: 'BRAND' });
    expect(checkIntegrity(doc)).toEqual([
      { where: 'touchpoints[0].ownership', message: expect.stringContaining('unknown ownership "OWNED"') },
      { where: 'touchpoints[1].actor', message: expect.stringContaining('unknown actor "ghost"') },
      { where: 'activities[0].mode', message: expect.stringContaining('unknown mode "BUSY"; use one of: ACTIVE, PASSIVE') },
    ]);
    expect(checkIntegrity(doc, 'store')[0].where).toBe('store: touchpoints[0].ownership');
  });

  it('reports a partnership whose actors are not a pair', () => {
    const doc = valid();
    doc.partnerships.push({ actors: ['nordbank'] as unknown as [string, string] });
    expect(checkIntegrity(doc)).toEqual([
      { where: 'partnerships[1].actors', message: expect.stringContaining('got 1 items') },
    ]);
  });

  it('reports entities that are not objects instead of failing', () => {
    const doc = valid();
    (doc.segments as unknown[]).push(null);
    (doc as { goals: unknown }).goals = 'none';
    expect(checkIntegrity(doc)).toEqual([
      { where: 'goals', message: 'expected a list of goals, got a string ("none")' },
      { where: 'activities[0].goal', message: expect.stringContaining('unknown goal "finance"') },
      { where: 'segments[0]', message: 'expected a segment object, got null' },
    ]);
  });

  it('throws BAD_INPUT listing the problems', () => {
    const doc = valid();
    doc.goals.push({ id: 'second-root', name: 'Another goal', refinement: 'OR' });
    expect(() => assertValidDocument(doc, 'edit')).toThrowError(/edit is not a valid model \(1 problem\)/);
    try {
      assertValidDocument(doc);
    } catch (e) {
      expect((e as GoalnetError).code).toBe('BAD_INPUT');
      expect((e as GoalnetError).message).toMatch(/^model "home-purchase" is not a valid model/);
      expect((e as GoalnetError).problems).toEqual([
        { where: 'goals[2].parent', message: expect.stringContaining('goal "second-root" has no parent') },
      ]);
    }
    expect(() => assertValidDocument(valid(), 'ok')).not.toThrow();
  });
});

describe('helpers', () => {
  it('didYouMean finds close matches and refuses far ones', () => {
    expect(didYouMean('PURCHASING', ['NEED_RECOGNITION', 'PURCHASE', 'USE'])).toBe('PURCHASE');
    expect(didYouMean('parnet', ['id', 'name', 'parent'])).toBe('parent');
    expect(didYouMean('post', ['PURCHASE', 'POST_PURCHASE'])).toBe('POST_PURCHASE');
    expect(didYouMean('sms', ['SMS', 'SNS'])).toBe('SMS');
    expect(didYouMean('xyz', ['WEB', 'APP'])).toBeUndefined();
    expect(didYouMean('', ['WEB'])).toBeUndefined();
  });

  it('unknownValueMessage handles values that are not strings', () => {
    expect(unknownValueMessage('mode', 3, ['ACTIVE', 'PASSIVE'])).toBe(
      'expected a mode (one of: ACTIVE, PASSIVE), got a number (3)',
    );
  });

  it('idProblem accepts ids up to 200 characters without control characters', () => {
    expect(idProblem('home-purchase')).toBeUndefined();
    expect(idProblem('Å ö · 家')).toBeUndefined();
    expect(idProblem('a\u007fb')).toContain('U+007F');
    expect(idProblem(null)).toBe('expected an id (a string), got null');
  });

  it('deriveOwnership: BRAND for the focal actor, PARTNER for its partners, EXTERNAL otherwise', () => {
    const actors = [
      { id: 'f', name: 'F', kind: 'FIRM' as const, focal: true },
      { id: 'p', name: 'P', kind: 'BANK' as const, focal: false },
      { id: 'o', name: 'O', kind: 'PEER' as const, focal: false },
    ];
    const partnerships = [{ actors: ['f', 'p'] as [string, string] }, { actors: ['o', 'p'] as [string, string] }];
    expect(deriveOwnership('f', actors, partnerships)).toBe('BRAND');
    expect(deriveOwnership('p', actors, partnerships)).toBe('PARTNER');
    expect(deriveOwnership('o', actors, partnerships)).toBe('EXTERNAL');
    expect(deriveOwnership('missing', actors, partnerships)).toBe('EXTERNAL');
  });

  it('sortProblemsByPath orders by document order, numbering indexes numerically', () => {
    const sorted = sortProblemsByPath(
      [
        { where: 'f: segments[0].id', message: '' },
        { where: 'f: goals[10].id', message: '' },
        { where: 'f: goals[2].parent', message: '' },
        { where: 'f: goals[2].id', message: '' },
        { where: 'f: model.id', message: '' },
        { where: 'f: goals', message: '' },
      ],
      'f',
    );
    expect(sorted.map((p) => p.where)).toEqual([
      'f: model.id',
      'f: goals',
      'f: goals[2].id',
      'f: goals[2].parent',
      'f: goals[10].id',
      'f: segments[0].id',
    ]);
  });
});
