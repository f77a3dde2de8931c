/**
 * Every query and mutation of the API, over HTTP, against each store factory (helpers.ts). Each
 * operation is checked off in a table; the last test fails when the schema has a Query or
 * Mutation field that no test exercised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiSchema } from '../../src/api/schema.js';
import { GoalNetwork } from '../../src/graph/goal-network.js';
import { findGaps } from '../../src/analysis/gaps.js';
import { findStructuralGaps } from '../../src/analysis/structural-gaps.js';
import { findTransitions } from '../../src/analysis/transitions.js';
import { findPartnerOpportunities } from '../../src/analysis/partners.js';
import { channelPresence } from '../../src/analysis/channels.js';
import { contactPressure } from '../../src/analysis/pressure.js';
import { goalSatisfaction } from '../../src/analysis/satisfaction.js';
import { networkMeasures } from '../../src/analysis/network-measures.js';
import { layoutActorNetwork } from '../../src/viz/layout.js';
import { apiStoreFactories, KEYS, startApi, type TestApi } from './helpers.js';

const factories = await apiStoreFactories();
const HP = 'home-purchase';

describe.each(factories)('GraphQL operations over HTTP ($name store)', (factory) => {
  let api: TestApi;
  let network: GoalNetwork;
  const exercised = new Set<string>();
  const check = (...names: string[]) => names.forEach((n) => exercised.add(n));

  beforeAll(async () => {
    api = await startApi({ factory });
    network = new GoalNetwork((await api.store.getDocument(HP))!);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('models and model: lists the readable models and browses one both ways', async () => {
    const data = await api.ok(`{ models { id name } }`);
    expect(data.models.map((m: { id: string }) => m.id)).toEqual(['clinic-visit', 'home-purchase', 'pasta-dinner', 'retail-purchase']);
    const outsider = await api.ok(`{ models { id } }`, {}, KEYS.outsider.key);
    expect(outsider.models).toEqual([{ id: 'pasta-dinner' }]);

    const browse = await api.ok(
      `query($id: ID!) { model(id: $id) {
        id myRole journeyCount stepCount
        overallGoal { id depth parent { id } subGoals { id depth parentId parent { id } } }
        goals(depth: 2) { id depth }
        leaves: goals(leaf: true) { id leaf }
        goal(id: "finance-home") { id actors { id } activities { id goal { id } } }
        activities(phase: PURCHASE) { id phase }
        activity(id: "place-bids") { id next { id previous { id } } touchpoints { id actor { id } } actors { id } }
        actors(kind: BANK) { id kind }
        actor(id: "nordbank") { id focal partners { id partners { id } } servedGoals { id } activities { id } touchpoints { id activities { id } } }
        focalActor { id }
        touchpoints(channel: WEB) { id channel }
        touchpoint(id: "nordbank-web") { id ownership initiator }
        partnerships { id actors { id } }
        segments { id name journeys(first: 2) { totalCount edges { node { id segmentId segment { id } } } } }
      } }`,
      { id: HP },
    );
    const m = browse.model;
    const counts = await api.store.countJourneys(HP);
    expect(m.journeyCount).toBe(counts.journeys);
    expect(m.stepCount).toBe(counts.steps);
    expect(m.myRole).toBe('ADMIN');
    expect(m.overallGoal).toMatchObject({ id: 'own-home', depth: 0, parent: null });
    expect(m.overallGoal.subGoals.map((g: { id: string }) => g.id)).toEqual(network.children('own-home').map((g) => g.id));
    for (const g of m.overallGoal.subGoals) expect(g).toMatchObject({ depth: 1, parentId: 'own-home', parent: { id: 'own-home' } });
    expect(m.goals.map((g: { id: string }) => g.id)).toEqual(network.goals.filter((g) => network.depth(g.id) === 2).map((g) => g.id));
    expect(m.leaves.map((g: { id: string }) => g.id)).toEqual(network.leaves().map((g) => g.id));
    expect(m.goal.actors.map((a: { id: string }) => a.id).sort()).toEqual(network.actorsOfGoal('finance-home').map((a) => a.id).sort());
    expect(m.activities.every((a: { phase: string }) => a.phase === 'PURCHASE')).toBe(true);
    expect(m.activities.length).toBe(network.activitiesInPhase('PURCHASE').length);
    const placeBids = network.activity('place-bids')!;
    expect(m.activity.next.map((a: { id: string }) => a.id)).toEqual(placeBids.next);
    for (const n of m.activity.next) expect(n.previous.map((p: { id: string }) => p.id)).toContain('place-bids');
    expect(m.activity.actors.map((a: { id: string }) => a.id).sort()).toEqual(network.actorsOfActivity('place-bids').map((a) => a.id).sort());
    expect(m.actors.map((a: { id: string }) => a.id)).toEqual(network.actors.filter((a) => a.kind === 'BANK').map((a) => a.id));
    expect(m.actor.partners.map((a: { id: string }) => a.id)).toEqual(['trygg-insurance']);
    expect(m.actor.partners[0].partners.map((a: { id: string }) => a.id)).toContain('nordbank');
    expect(m.actor.servedGoals.map((g: { id: string }) => g.id)).toEqual(network.goalsOfActor('nordbank').map((g) => g.id));
    expect(m.actor.activities.map((a: { id: string }) => a.id)).toEqual(network.activitiesOfActor('nordbank').map((a) => a.id));
    expect(m.actor.touchpoints.map((t: { id: string }) => t.id)).toEqual(network.touchpointsOfActor('nordbank').map((t) => t.id));
    expect(m.focalActor).toEqual({ id: 'nordbank' });
    expect(m.touchpoints.every((t: { channel: string }) => t.channel === 'WEB')).toBe(true);
    expect(m.partnerships.map((p: { id: string }) => p.id)).toEqual(['nordbank~trygg-insurance', 'bostadsportalen~city-brokers', 'city-brokers~huskoll-inspections']);
    for (const s of m.segments) {
      expect(s.journeys.edges.length).toBeLessThanOrEqual(2);
      for (const e of s.journeys.edges) expect(e.node).toMatchObject({ segmentId: s.id, segment: { id: s.id } });
    }
    check('models', 'model');
  });

  it('model.journeys: pages through every journey with cursors; steps page too', async () => {
    const total = (await api.store.countJourneys(HP)).journeys;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: Record<string, any> = await api.ok(
        `query($after: String) { model(id: "home-purchase") { journeys(first: 150, after: $after) {
          totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor } edges { cursor node { id } } } } }`,
        { after },
      );
      const conn = data.model.journeys;
      expect(conn.totalCount).toBe(total);
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      pages++;
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(total / 150));
    expect(new Set(seen).size).toBe(total);
    expect([...seen]).toEqual([...seen].sort());

    const id = seen[0];
    const stored = (await api.store.getJourney(HP, id))!;
    const j = await api.ok(
      `query($id: ID!) { model(id: "home-purchase") { journey(id: $id) {
        id stepCount outcome startedAt endedAt
        first: steps(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { position timestamp activityId activity { id } actorId actor { id } channel touchpointId outcome sentiment note } } }
      } } }`,
      { id },
    );
    const journey = j.model.journey;
    expect(journey.stepCount).toBe(stored.steps.length);
    expect(journey.outcome).toBe(stored.steps[stored.steps.length - 1].outcome.toUpperCase());
    expect(journey.startedAt).toBe(new Date(stored.steps[0].timestamp).toISOString());
    expect(journey.first.totalCount).toBe(stored.steps.length);
    expect(journey.first.edges[0].node).toMatchObject({
      position: 0,
      timestamp: new Date(stored.steps[0].timestamp).toISOString(),
      activityId: stored.steps[0].activity,
      activity: { id: stored.steps[0].activity },
      actorId: stored.steps[0].actor ?? null,
    });
    const rest = await api.ok(
      `query($id: ID!, $after: String) { model(id: "home-purchase") { journey(id: $id) { steps(first: 100, after: $after) { edges { node { position activityId } } pageInfo { hasPreviousPage } } } } }`,
      { id, after: journey.first.pageInfo.endCursor },
    );
    expect(rest.model.journey.steps.edges.map((e: { node: { activityId: string } }) => e.node.activityId)).toEqual(stored.steps.slice(2).map((s) => s.activity));
    expect(rest.model.journey.steps.pageInfo.hasPreviousPage).toBe(true);

    const stuck = await api.ok(`{ model(id: "home-purchase") { journeys(first: 500, outcome: STUCK) { totalCount edges { node { outcome } } } } }`);
    const expectedStuck = (await api.store.listJourneys(HP, { outcome: 'stuck', first: 500 })).total;
    expect(stuck.model.journeys.totalCount).toBe(expectedStuck);
    expect(stuck.model.journeys.edges.every((e: { node: { outcome: string } }) => e.node.outcome === 'STUCK')).toBe(true);
  });

  it('transitions: the directly-follows counts of the analysis, with a phase filter', async () => {
    const stats = await api.store.journeyStats(HP);
    const expected = findTransitions(network, stats, { phase: 'PURCHASE' });
    const data = await api.ok(
      `{ transitions(modelId: "home-purchase", filter: { phase: PURCHASE }) { journeys transitions { id score reason evidence { fromId toId from { id } count share duration { count median p90 } } } starts { activityId journeys } ends { activityId activity { id } journeys } } }`,
      {},
      KEYS.analyst.key,
    );
    expect(data.transitions.journeys).toBe(stats.journeys);
    expect(data.transitions.transitions).toEqual(
      expected.transitions.map((t) => ({
        id: t.id,
        score: t.score,
        reason: t.reason,
        evidence: { fromId: t.evidence.from, toId: t.evidence.to, from: { id: t.evidence.from }, count: t.evidence.count, share: t.evidence.share, duration: t.evidence.duration },
      })),
    );
    expect(data.transitions.starts).toEqual(expected.starts.map((s) => ({ activityId: s.activity, journeys: s.journeys })));
    check('transitions');
  });

  it('gaps: by activity and by goal, with structural gaps, for a segment', async () => {
    const filter = { segment: 'first-time-buyers' };
    const stats = await api.store.journeyStats(HP, filter);
    for (const by of ['activity', 'goal'] as const) {
      const data = await api.ok(
        `query($by: GapLevel, $filter: AnalysisFilter) { gaps(modelId: "home-purchase", by: $by, filter: $filter) {
          by journeys ranked { id name score reason activity { id } goal { id } evidence { kind phase goalId reached affected affectedShare stuck abandoned endedIncomplete steps negativeSteps negativeShare meanSentiment medianDwellMs p90DwellMs notes { note count } } }
          structural { id score reason evidence { kind journeys actorIds actors { id } } } } }`,
        { by: by.toUpperCase(), filter },
        KEYS.analyst.key,
      );
      const expected = findGaps(network, stats, { by });
      expect(data.gaps.journeys).toBe(stats.journeys);
      expect(data.gaps.ranked.map((g: { id: string; score: number; reason: string }) => [g.id, g.score, g.reason])).toEqual(expected.map((g) => [g.id, g.score, g.reason]));
      const top = data.gaps.ranked[0];
      const { goal, kind, ...evidence } = expected[0].evidence;
      expect(top.evidence).toMatchObject({ ...evidence, goalId: goal, kind: kind.toUpperCase() });
      expect(by === 'activity' ? top.activity : top.goal).toEqual({ id: expected[0].id });
      const structural = findStructuralGaps(network, stats);
      expect(data.gaps.structural.map((g: { id: string; reason: string }) => [g.id, g.reason])).toEqual(structural.map((g) => [g.id, g.reason]));
    }
    check('gaps');
  });

  it('partnerOpportunities, channelPresence, contactPressure: ranked with evidence for the focal actor', async () => {
    const stats = await api.store.journeyStats(HP);
    const partners = await api.ok(
      `{ partnerOpportunities(modelId: "home-purchase", focal: "nordbank") { id score reason actor { id } evidence { focalId kind journeys handoversToFocal handoversFromFocal journeysToFocal journeysFromFocal sharedJourneys siblingGoalIds siblingGoals { id } } } }`,
      {},
      KEYS.analyst.key,
    );
    const expectedPartners = findPartnerOpportunities(network, stats, { focal: 'nordbank' });
    expect(partners.partnerOpportunities.map((p: { id: string; score: number; reason: string }) => [p.id, p.score, p.reason])).toEqual(
      expectedPartners.map((p) => [p.id, p.score, p.reason]),
    );
    expect(partners.partnerOpportunities[0].evidence).toMatchObject({
      focalId: 'nordbank',
      sharedJourneys: expectedPartners[0].evidence.sharedJourneys,
      siblingGoalIds: expectedPartners[0].evidence.siblingGoals,
    });

    const channels = await api.ok(
      `{ channelPresence(modelId: "home-purchase") { focalId focal { id } cells { phase channel customerSteps phaseShare firmSteps firmTouchpointIds firmTouchpoints { id } status } gaps { id score reason evidence { status } } } }`,
      {},
      KEYS.analyst.key,
    );
    const expectedChannels = channelPresence(network, stats, {});
    expect(channels.channelPresence.focalId).toBe('nordbank');
    expect(channels.channelPresence.cells.map((c: { phase: string; channel: string; customerSteps: number; status: string }) => [c.phase, c.channel, c.customerSteps, c.status])).toEqual(
      expectedChannels.cells.map((c) => [c.phase, c.channel, c.customerSteps, c.status]),
    );
    expect(channels.channelPresence.gaps.map((g: { id: string }) => g.id)).toEqual(expectedChannels.gaps.map((g) => g.id));

    const pressure = await api.ok(
      `{ contactPressure(modelId: "home-purchase", minContacts: 5) { focalId journeys contacts perJourney byPhase { phase contacts perJourney } baseline { withNext trouble rate } touchpoints { id score reason touchpoint { id channel } evidence { touchpointId channel contacts sensitiveContacts withNext nextNegative nextAbandoned trouble rate baseline lift excess flagged } } } }`,
      {},
      KEYS.analyst.key,
    );
    const expectedPressure = contactPressure(network, stats, { minContacts: 5 });
    expect(pressure.contactPressure).toMatchObject({
      focalId: 'nordbank',
      journeys: expectedPressure.journeys,
      contacts: expectedPressure.contacts,
      perJourney: expectedPressure.perJourney,
      baseline: expectedPressure.baseline,
    });
    expect(pressure.contactPressure.touchpoints.map((t: { id: string; score: number; evidence: { flagged: boolean } }) => [t.id, t.score, t.evidence.flagged])).toEqual(
      expectedPressure.touchpoints.map((t) => [t.id, t.score, t.evidence.flagged]),
    );
    check('partnerOpportunities', 'channelPresence', 'contactPressure');
  });

  it('goalSatisfaction and journeyStats: in a time window', async () => {
    const from = '2025-03-01T00:00:00.000Z';
    const to = '2025-09-01T00:00:00.000Z';
    const stats = await api.store.journeyStats(HP, { from: Date.parse(from), to: Date.parse(to) });
    expect(stats.journeys).toBeGreaterThan(0);
    const data = await api.ok(
      `query($f: AnalysisFilter) {
        goalSatisfaction(modelId: "home-purchase", filter: $f) { overall goals { goalId goal { id } name depth refinement leaf journeys completed value } leaves { id score reason goal { id } evidence { value journeys completed gain overallIfFixed } } }
        journeyStats(modelId: "home-purchase", filter: $f) { modelId journeys steps singleStepJourneys outcomes { progressed stuck abandoned completed }
          activities { id steps journeys stuck abandoned completed endedIncomplete affected negativeSteps sentimentSum sentimentCount starts ends dwell { count median p90 } notes { note count } }
          goals { id journeys } transitions { from to count duration { median } } handovers { from to count journeys } actors { actor steps journeys } actorPairs { actors journeys }
          contacts { activity actor channel touchpoint steps journeys negative nextNegative nextAbandoned followedByTrouble withNext endedIncomplete } } }`,
      { f: { from, to } },
      KEYS.analyst.key,
    );
    const expected = goalSatisfaction(network, stats);
    expect(data.goalSatisfaction.overall).toBe(expected.overall);
    expect(data.goalSatisfaction.leaves.map((l: { id: string; score: number }) => [l.id, l.score])).toEqual(expected.leaves.map((l) => [l.id, l.score]));
    expect(data.goalSatisfaction.goals[0]).toMatchObject({ goalId: 'own-home', goal: { id: 'own-home' }, depth: 0, value: expected.goals[0].value });
    const js = data.journeyStats;
    expect(js).toMatchObject({ modelId: HP, journeys: stats.journeys, steps: stats.steps, outcomes: stats.outcomes, singleStepJourneys: stats.singleStepJourneys });
    expect(js.activities).toEqual(stats.activities.map(({ id, steps, journeys, stuck, abandoned, completed, endedIncomplete, affected, negativeSteps, sentimentSum, sentimentCount, starts, ends, dwell, notes }) => ({
      id, steps, journeys, stuck, abandoned, completed, endedIncomplete, affected, negativeSteps, sentimentSum, sentimentCount, starts, ends, dwell, notes,
    })));
    expect(js.handovers).toEqual(stats.handovers);
    expect(js.actorPairs).toEqual(stats.actorPairs);
    expect(js.contacts).toEqual(stats.contacts);
    check('goalSatisfaction', 'journeyStats');
  });

  it('actorNetwork: measures and the ForceAtlas2 layout', async () => {
    const stats = await api.store.journeyStats(HP);
    const data = await api.ok(
      `{ actorNetwork(modelId: "home-purchase") { modelId communities modularity
          actors { id score reason actor { id } evidence { kind focal degree weightedDegree betweenness pagerank community journeys } }
          edges { source target weight sharedGoals handovers partnership }
          layout(options: { iterations: 50, seed: 7, sizeBy: PAGERANK, colorBy: KIND }) { modelId communities
            nodes { id name kind focal partner x y size color community degree weightedDegree betweenness pagerank goals phases journeys handovers }
            edges { source target weight sharedGoals handovers partnership size }
            settings { iterations seed barnesHut sizeBy colorBy } } } }`,
      {},
      KEYS.analyst.key,
    );
    const measures = networkMeasures(network, stats);
    const net = data.actorNetwork;
    expect(net).toMatchObject({ modelId: HP, communities: measures.communities, modularity: measures.modularity });
    expect(net.actors.map((a: { id: string; score: number }) => [a.id, a.score])).toEqual(measures.actors.map((a) => [a.id, a.score]));
    expect(net.edges).toEqual(measures.edges);
    const layout = layoutActorNetwork(network, stats, { iterations: 50, seed: 7, sizeBy: 'pagerank', colorBy: 'kind' });
    expect(net.layout.nodes.map((n: { id: string; x: number; y: number; color: string; size: number }) => [n.id, n.x, n.y, n.color, n.size])).toEqual(
      layout.nodes.map((n) => [n.id, n.x, n.y, n.color, n.size]),
    );
    expect(net.layout.settings).toEqual({ iterations: 50, seed: 7, barnesHut: layout.settings.barnesHut, sizeBy: 'PAGERANK', colorBy: 'KIND' });
    expect(net.layout.nodes.every((n: { color: string }) => /^#[0-9a-f]{6}$/i.test(n.color))).toBe(true);
    check('actorNetwork');
  });

  it('mutations: builds a model entity by entity, records and imports journeys, then takes it apart', async () => {
    const M = 'scratch';
    const created = await api.ok(`mutation { createModel(input: { id: "scratch", name: "Scratch" }) { id name description } }`);
    expect(created.createModel).toEqual({ id: M, name: 'Scratch', description: null });
    const updated = await api.ok(`mutation { updateModel(id: "scratch", input: { name: "Scratch model", description: "for tests" }) { id name description } }`, {}, KEYS.editor.key);
    expect(updated.updateModel).toEqual({ id: M, name: 'Scratch model', description: 'for tests' });

    const goals = await api.ok(
      `mutation($g: [GoalInput!]!) { upsertGoals(modelId: "scratch", goals: $g) { id depth refinement parent { id } } }`,
      { g: [{ id: 'root', name: 'Root', refinement: 'OR' }, { id: 'a', name: 'Part A', parent: 'root' }, { id: 'b', name: 'Part B', parent: 'root' }] },
      KEYS.editor.key,
    );
    expect(goals.upsertGoals).toEqual([
      { id: 'root', depth: 0, refinement: 'OR', parent: null },
      { id: 'a', depth: 1, refinement: 'AND', parent: { id: 'root' } },
      { id: 'b', depth: 1, refinement: 'AND', parent: { id: 'root' } },
    ]);
    const actors = await api.ok(
      `mutation { upsertActors(modelId: "scratch", actors: [{ id: "firm", name: "The Firm", kind: FIRM, focal: true }, { id: "bank", name: "A Bank", kind: BANK }]) { id focal kind } }`,
      {},
      KEYS.editor.key,
    );
    expect(actors.upsertActors).toEqual([{ id: 'firm', focal: true, kind: 'FIRM' }, { id: 'bank', focal: false, kind: 'BANK' }]);
    const tps = await api.ok(
      `mutation { upsertTouchpoints(modelId: "scratch", touchpoints: [{ id: "firm-web", actor: "firm", channel: WEB }, { id: "bank-call", name: "Bank calls", actor: "bank", channel: PHONE, initiator: FIRM }]) { id name ownership initiator actor { id } } }`,
      {},
      KEYS.editor.key,
    );
    expect(tps.upsertTouchpoints).toEqual([
      { id: 'firm-web', name: 'The Firm WEB', ownership: 'BRAND', initiator: 'CUSTOMER', actor: { id: 'firm' } },
      { id: 'bank-call', name: 'Bank calls', ownership: 'EXTERNAL', initiator: 'FIRM', actor: { id: 'bank' } },
    ]);
    const acts = await api.ok(
      `mutation { upsertActivities(modelId: "scratch", activities: [
        { id: "look", name: "Look around", goal: "a", phase: INFORMATION_SEARCH, touchpoints: ["firm-web"], next: ["borrow"] },
        { id: "borrow", name: "Borrow", goal: "b", phase: PURCHASE, mode: PASSIVE, actors: ["bank"], touchpoints: ["bank-call"] }]) {
        id mode goal { id } actors { id } touchpoints { id } next { id } previous { id } } }`,
      {},
      KEYS.editor.key,
    );
    expect(acts.upsertActivities).toEqual([
      { id: 'look', mode: 'ACTIVE', goal: { id: 'a' }, actors: [{ id: 'firm' }], touchpoints: [{ id: 'firm-web' }], next: [{ id: 'borrow' }], previous: [] },
      { id: 'borrow', mode: 'PASSIVE', goal: { id: 'b' }, actors: [{ id: 'bank' }], touchpoints: [{ id: 'bank-call' }], next: [], previous: [{ id: 'look' }] },
    ]);
    const parts = await api.ok(`mutation { upsertPartnerships(modelId: "scratch", partnerships: [{ actors: ["firm", "bank"] }]) { id actors { id } } }`, {}, KEYS.editor.key);
    expect(parts.upsertPartnerships).toEqual([{ id: 'bank~firm', actors: [{ id: 'bank' }, { id: 'firm' }] }]);
    const segs = await api.ok(`mutation { upsertSegments(modelId: "scratch", segments: [{ id: "young", name: "Young" }, { id: "old", name: "Old" }]) { id name } }`, {}, KEYS.editor.key);
    expect(segs.upsertSegments).toEqual([{ id: 'young', name: 'Young' }, { id: 'old', name: 'Old' }]);

    const recorded = await api.ok(
      `mutation($j: JourneyInput!) { recordJourney(modelId: "scratch", journey: $j) { id stepCount outcome segmentId steps { edges { node { activityId actorId channel touchpointId sentiment note attributes outcome } } } } }`,
      {
        j: {
          id: 'j1',
          segment: 'young',
          steps: [
            { timestamp: '2025-01-02T10:00:00Z', activity: 'look', touchpoint: 'firm-web', sentiment: 1, attributes: { device: 'phone' } },
            { timestamp: '2025-01-03T10:00:00Z', activity: 'borrow', outcome: 'COMPLETED', note: 'easy, "really"' },
          ],
        },
      },
      KEYS.editor.key,
    );
    expect(recorded.recordJourney).toEqual({
      id: 'j1',
      stepCount: 2,
      outcome: 'COMPLETED',
      segmentId: 'young',
      steps: {
        edges: [
          { node: { activityId: 'look', actorId: 'firm', channel: 'WEB', touchpointId: 'firm-web', sentiment: 1, note: null, attributes: { device: 'phone' }, outcome: 'PROGRESSED' } },
          { node: { activityId: 'borrow', actorId: 'bank', channel: null, touchpointId: null, sentiment: null, note: 'easy, "really"', attributes: null, outcome: 'COMPLETED' } },
        ],
      },
    });

    const log = [
      'journey,timestamp,activity,outcome,segment',
      'j2,2025-02-01T09:00:00Z,look,,old',
      'j2,2025-02-02T09:00:00Z,borrow,abandoned,old',
      'j3,2025-02-05T09:00:00Z,nowhere,,old',
      'j3,2025-02-06T09:00:00Z,look,stuck,old',
    ].join('\n');
    const imported = await api.ok(
      `mutation($t: String!) { importEventLog(modelId: "scratch", text: $t) { rows accepted rejectedCount rejected { line reason row } journeys steps stepsAdded } }`,
      { t: log },
      KEYS.editor.key,
    );
    expect(imported.importEventLog).toMatchObject({ rows: 4, accepted: 3, rejectedCount: 1, journeys: 2, steps: 3, stepsAdded: 3 });
    expect(imported.importEventLog.rejected).toHaveLength(1);
    expect(imported.importEventLog.rejected[0].line).toBe(4);
    expect(imported.importEventLog.rejected[0].reason).toContain('nowhere');
    const after = await api.ok(`{ model(id: "scratch") { journeyCount stepCount } gaps(modelId: "scratch") { ranked { id score } } }`);
    expect(after.model).toEqual({ journeyCount: 3, stepCount: 5 });
    expect(after.gaps.ranked[0]).toEqual({ id: 'borrow', score: 1 });

    expect((await api.ok(`mutation { deleteJourneys(modelId: "scratch", ids: ["j1", "j2", "j3"]) }`, {}, KEYS.editor.key)).deleteJourneys).toBe(3);
    expect((await api.ok(`mutation { deletePartnerships(modelId: "scratch", ids: ["firm~bank"]) }`, {}, KEYS.editor.key)).deletePartnerships).toBe(1);
    expect((await api.ok(`mutation { deleteActivities(modelId: "scratch", ids: ["look", "borrow"]) }`, {}, KEYS.editor.key)).deleteActivities).toBe(2);
    expect((await api.ok(`mutation { deleteTouchpoints(modelId: "scratch", ids: ["firm-web", "bank-call"]) }`, {}, KEYS.editor.key)).deleteTouchpoints).toBe(2);
    expect((await api.ok(`mutation { deleteActors(modelId: "scratch", ids: ["bank"]) }`, {}, KEYS.editor.key)).deleteActors).toBe(1);
    expect((await api.ok(`mutation { deleteSegments(modelId: "scratch", ids: ["old"]) }`, {}, KEYS.editor.key)).deleteSegments).toBe(1);
    expect((await api.ok(`mutation { deleteGoals(modelId: "scratch", ids: ["a", "b"]) }`, {}, KEYS.editor.key)).deleteGoals).toBe(2);
    const left = await api.ok(`{ model(id: "scratch") { goals { id } actors { id } touchpoints { id } activities { id } partnerships { id } segments { id } journeyCount } }`);
    expect(left.model).toEqual({ goals: [{ id: 'root' }], actors: [{ id: 'firm' }], touchpoints: [], activities: [], partnerships: [], segments: [{ id: 'young' }], journeyCount: 0 });

    expect((await api.ok(`mutation { deleteModel(id: "scratch") }`)).deleteModel).toBe(true);
    const gone = await api.gql(`{ model(id: "scratch") { id } }`);
    expect(gone.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    check('createModel', 'updateModel', 'upsertGoals', 'upsertActors', 'upsertTouchpoints', 'upsertActivities', 'upsertPartnerships', 'upsertSegments');
    check('recordJourney', 'importEventLog', 'deleteJourneys', 'deletePartnerships', 'deleteActivities', 'deleteTouchpoints', 'deleteActors', 'deleteSegments', 'deleteGoals', 'deleteModel');
  });

  it('importModel: creates a model from JSON, replaces it from YAML', async () => {
    const json = JSON.stringify({
      model: { id: 'imported', name: 'Imported' },
      goals: [{ id: 'g', name: 'Goal' }],
      actors: [{ id: 'x', name: 'X', kind: 'FIRM', focal: true }],
    });
    const first = await api.ok(`mutation($t: String!) { importModel(text: $t) { id name } }`, { t: json });
    expect(first.importModel).toEqual({ id: 'imported', name: 'Imported' });
    const yaml = ['model: { id: imported, name: Imported again }', 'goals:', '  - { id: g, name: Goal }', '  - { id: h, name: Sub, parent: g }'].join('\n');
    const second = await api.ok(`mutation($t: String!) { importModel(text: $t, format: YAML) { id name goals { id depth } actors { id } } }`, { t: yaml });
    expect(second.importModel).toEqual({ id: 'imported', name: 'Imported again', goals: [{ id: 'g', depth: 0 }, { id: 'h', depth: 1 }], actors: [] });
    await api.ok(`mutation { deleteModel(id: "imported") }`);
    check('importModel');
  });

  it('every Query and Mutation field of the schema was exercised', () => {
    const schema = buildApiSchema();
    const all = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())].sort();
    expect(all.filter((f) => !exercised.has(f))).toEqual([]);
  });
});
