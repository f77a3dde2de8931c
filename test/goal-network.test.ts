import { describe, expect, it } from 'vitest';
import { GoalNetwork, nodeKey, type EdgeKind } from '../src/graph/goal-network.js';
import { checkIntegrity } from '../src/model/validate.js';
import { homeDocument, emptyTreeDocument, clusterDocument } from './helpers/home-model.js';
import { activity, actor, goal, modelDocument } from './helpers/model-builder.js';

const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id);

describe('the hand-made fixtures', () => {
  it('are valid model documents', () => {
    expect(checkIntegrity(homeDocument())).toEqual([]);
    expect(checkIntegrity(homeDocument({ focal: false }))).toEqual([]);
    expect(checkIntegrity(emptyTreeDocument())).toEqual([]);
    expect(checkIntegrity(clusterDocument())).toEqual([]);
  });
});

describe('GoalNetwork: the graph', () => {
  const net = new GoalNetwork(homeDocument());

  it('has one node per entity, keyed by kind', () => {
    // 8 goals + 6 actors + 7 touchpoints + 8 activities
    expect(net.graph.order).toBe(29);
    expect(net.graph.hasNode('goal:own-home')).toBe(true);
    expect(net.graph.hasNode('activity:apply-loan')).toBe(true);
    expect(net.graph.getNodeAttributes(nodeKey('actor', 'nordbank'))).toMatchObject({ kind: 'actor', entity: { name: 'Nordbank' } });
  });

  it('has the documented edges, counted by kind', () => {
    const counts: Partial<Record<EdgeKind, number>> = {};
    net.graph.forEachEdge((_e, a) => (counts[a.kind] = (counts[a.kind] ?? 0) + 1));
    expect(counts).toEqual({
      SUBGOAL_OF: 7, // 8 goals, all but the root have a parent
      SERVES: 8, // one per activity
      INVOLVES: 6, // view-home 1 + apply-loan 2 + ask-family 1 + book-mover 2
      USES: 6, // search, view, apply, reminder, follow-up, book-mover list one touchpoint each
      OWNED_BY: 7, // one per touchpoint
      NEXT: 3, // search→view, view→apply, apply→book-mover
      PARTNERS: 2,
    });
    expect(net.graph.hasDirectedEdge('goal:bank-loan', 'goal:finance')).toBe(true);
    expect(net.graph.hasDirectedEdge('activity:search-listings', 'touchpoint:broker-web')).toBe(true);
    expect(net.graph.hasDirectedEdge('touchpoint:broker-web', 'actor:broker')).toBe(true);
  });

  it('keeps ids of different kinds apart', () => {
    const doc = modelDocument({
      goals: [goal('home')],
      actors: [actor('home', 'FIRM')],
      activities: [activity('home', 'home', 'USE', { actors: ['home'] })],
    });
    const n = new GoalNetwork(doc);
    expect(n.graph.order).toBe(3);
    expect(ids(n.actorsOfActivity('home'))).toEqual(['home']);
  });
});

describe('GoalNetwork: the goal tree', () => {
  const net = new GoalNetwork(homeDocument());

  it('finds the root, parents and children in document order', () => {
    expect(net.root()?.id).toBe('own-home');
    expect(net.parent('bank-loan')?.id).toBe('finance');
    expect(net.parent('own-home')).toBeUndefined();
    expect(net.parent('no-such-goal')).toBeUndefined();
    expect(ids(net.children('own-home'))).toEqual(['finance', 'find-home', 'move-in']);
    expect(ids(net.children('finance'))).toEqual(['bank-loan', 'family-loan']);
    expect(ids(net.children('move-in'))).toEqual(['insure', 'move']);
    expect(net.children('find-home')).toEqual([]);
    expect(net.isLeaf('find-home')).toBe(true);
    expect(net.isLeaf('finance')).toBe(false);
  });

  it('lists leaves: of the whole tree in document order, under a goal in subtree order', () => {
    expect(ids(net.leaves())).toEqual(['find-home', 'bank-loan', 'family-loan', 'insure', 'move']);
    expect(ids(net.leaves('own-home'))).toEqual(['bank-loan', 'family-loan', 'find-home', 'insure', 'move']);
    expect(ids(net.leaves('finance'))).toEqual(['bank-loan', 'family-loan']);
    expect(ids(net.leaves('find-home'))).toEqual(['find-home']);
    expect(net.leaves('no-such-goal')).toEqual([]);
  });

  it('walks ancestors up to the root and gives depths', () => {
    expect(ids(net.ancestors('bank-loan'))).toEqual(['finance', 'own-home']);
    expect(ids(net.ancestors('move'))).toEqual(['move-in', 'own-home']);
    expect(net.ancestors('own-home')).toEqual([]);
    expect(net.depth('own-home')).toBe(0);
    expect(net.depth('finance')).toBe(1);
    expect(net.depth('bank-loan')).toBe(2);
  });

  it('gives a subtree depth first in document order', () => {
    expect(ids(net.subtree('own-home'))).toEqual([
      'own-home', 'finance', 'bank-loan', 'family-loan', 'find-home', 'move-in', 'insure', 'move',
    ]);
    expect(ids(net.subtree('move-in'))).toEqual(['move-in', 'insure', 'move']);
    expect(ids(net.subtree('insure'))).toEqual(['insure']);
    expect(net.subtree('no-such-goal')).toEqual([]);
  });

  it('gives siblings: the other children of the parent', () => {
    expect(ids(net.siblings('bank-loan'))).toEqual(['family-loan']);
    expect(ids(net.siblings('find-home'))).toEqual(['finance', 'move-in']);
    expect(net.siblings('own-home')).toEqual([]);
    expect(net.siblings('no-such-goal')).toEqual([]);
  });
});

describe('GoalNetwork: who serves what', () => {
  const net = new GoalNetwork(homeDocument());

  it('lists activities of a goal, deep or not', () => {
    expect(ids(net.activitiesOf('find-home'))).toEqual(['search-listings', 'view-home']);
    expect(net.activitiesOf('finance')).toEqual([]);
    expect(ids(net.activitiesOf('finance', true))).toEqual(['apply-loan', 'loan-reminder', 'follow-up', 'ask-family']);
    // subtree order: own-home, finance, bank-loan, family-loan, find-home, move-in, insure, move
    expect(ids(net.activitiesOf('own-home', true))).toEqual([
      'apply-loan', 'loan-reminder', 'follow-up', 'ask-family', 'search-listings', 'view-home', 'book-mover', 'pack-boxes',
    ]);
    expect(net.activitiesOf('insure', true)).toEqual([]);
    expect(ids(net.activitiesInPhase('EVALUATION'))).toEqual(['view-home', 'ask-family']);
  });

  it('finds the actors of an activity, including owners of its touchpoints', () => {
    // search-listings lists no actor: the broker is reached only through broker-web
    expect(ids(net.actorsOfActivity('search-listings'))).toEqual(['broker']);
    // listed nordbank and broker; bank-web's owner nordbank is not repeated
    expect(ids(net.actorsOfActivity('apply-loan'))).toEqual(['nordbank', 'broker']);
    expect(ids(net.actorsOfActivity('loan-reminder'))).toEqual(['nordbank']);
    expect(ids(net.actorsOfActivity('book-mover'))).toEqual(['mover', 'insurer']);
    expect(net.actorsOfActivity('pack-boxes')).toEqual([]);
    expect(net.actorsOfActivity('no-such-activity')).toEqual([]);
  });

  it('finds the actors of a goal through its sub-goals', () => {
    expect(ids(net.actorsOfGoal('finance'))).toEqual(['nordbank', 'broker', 'family']);
    expect(ids(net.actorsOfGoal('move-in'))).toEqual(['mover', 'insurer']);
    expect(ids(net.actorsOfGoal('find-home'))).toEqual(['broker']);
    expect(net.actorsOfGoal('insure')).toEqual([]);
  });

  it('finds the goals and activities an actor serves directly', () => {
    expect(ids(net.goalsOfActor('nordbank'))).toEqual(['bank-loan']);
    expect(ids(net.goalsOfActor('broker'))).toEqual(['find-home', 'bank-loan']);
    expect(ids(net.goalsOfActor('insurer'))).toEqual(['move']);
    expect(net.goalsOfActor('registry')).toEqual([]);
    expect(ids(net.activitiesOfActor('broker'))).toEqual(['search-listings', 'view-home', 'apply-loan']);
    expect(ids(net.activitiesOfActor('nordbank'))).toEqual(['apply-loan', 'loan-reminder', 'follow-up']);
  });

  it('finds touchpoints of activities, goals and actors', () => {
    expect(ids(net.touchpointsOfActivity('view-home'))).toEqual(['broker-call']);
    expect(ids(net.touchpointsOfGoal('finance'))).toEqual(['bank-web', 'bank-sms', 'bank-email']);
    expect(ids(net.touchpointsOfActor('nordbank'))).toEqual(['bank-web', 'bank-sms', 'bank-email', 'bank-call']);
    expect(net.touchpointsOfActor('family')).toEqual([]);
  });
});

describe('GoalNetwork: actors and partnerships', () => {
  const net = new GoalNetwork(homeDocument());

  it('knows partners in either order', () => {
    expect(net.isPartner('nordbank', 'insurer')).toBe(true);
    expect(net.isPartner('insurer', 'nordbank')).toBe(true);
    expect(net.isPartner('nordbank', 'broker')).toBe(false);
    expect(net.isPartner('nordbank', 'nordbank')).toBe(false);
    expect(ids(net.partnersOf('nordbank'))).toEqual(['insurer']);
    expect(ids(net.partnersOf('insurer'))).toEqual(['nordbank', 'mover']);
    expect(net.partnersOf('registry')).toEqual([]);
  });

  it('finds the focal actor, or none', () => {
    expect(net.focalActor()?.id).toBe('nordbank');
    expect(new GoalNetwork(homeDocument({ focal: false })).focalActor()).toBeUndefined();
  });

  it('lists the phases in use in vocabulary order', () => {
    expect(net.phasesInUse()).toEqual(['INFORMATION_SEARCH', 'EVALUATION', 'PURCHASE', 'USE', 'POST_PURCHASE']);
    expect(new GoalNetwork(emptyTreeDocument()).phasesInUse()).toEqual([]);
  });
});

describe('GoalNetwork: an empty goal tree', () => {
  const net = new GoalNetwork(emptyTreeDocument());
  it('answers with nothing rather than failing', () => {
    expect(net.root()).toBeUndefined();
    expect(net.leaves()).toEqual([]);
    expect(net.goalsOfActor('nordbank')).toEqual([]);
    expect(net.actorsOfGoal('anything')).toEqual([]);
    expect(net.graph.order).toBe(3); // 2 actors + 1 touchpoint
  });
});
