/**
 * The analyses on the example models: the stuck points, partners and contact pressure written
 * into the seed generator's scenarios (seeds/scenarios/*.ts) must come out on top. Nothing here
 * knows the generator's numbers; only which places the scenario made troublesome.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadJourneyStats, loadModel } from '../../src/library.js';
import type { GoalNetwork } from '../../src/graph/goal-network.js';
import type { JourneyStats } from '../../src/model/journey-stats.js';
import { findGaps } from '../../src/analysis/gaps.js';
import { findTransitions } from '../../src/analysis/transitions.js';
import { findPartnerOpportunities } from '../../src/analysis/partners.js';
import { contactPressure } from '../../src/analysis/pressure.js';
import { goalSatisfaction } from '../../src/analysis/satisfaction.js';
import { channelPresence } from '../../src/analysis/channels.js';
import { networkMeasures } from '../../src/analysis/network-measures.js';
import { parseCsv } from '../../src/ingest/csv.js';

interface Example {
  network: GoalNetwork;
  stats: JourneyStats;
}

async function example(id: string): Promise<Example> {
  const network = await loadModel(`seeds/models/${id}.json`);
  const stats = await loadJourneyStats(network, `seeds/events/${id}.csv`);
  return { network, stats };
}

const ids = (list: { id: string }[], n: number) => list.slice(0, n).map((x) => x.id);

describe('home-purchase example', () => {
  let home: Example;
  beforeAll(async () => {
    home = await example('home-purchase');
  });

  it('puts the loan valuation and the title registration on top of the stuck points', () => {
    const gaps = findGaps(home.network, home.stats);
    expect(new Set(ids(gaps, 2))).toEqual(new Set(['loan-valuation-approval', 'apply-title-registration']));
    expect(gaps[1].score).toBeGreaterThan(2 * gaps[2].score);
    expect(gaps[0].evidence.notes.length).toBeGreaterThan(0);
  });

  it('rolls the stuck points up to their sub-goals', () => {
    const byGoal = findGaps(home.network, home.stats, { by: 'goal' });
    const top = ids(byGoal, 4);
    expect(top).toContain('register-title');
    expect(byGoal.every((g) => g.id !== home.network.root()!.id)).toBe(true);
  });

  it('ranks City Brokers first among partner opportunities, and leaves the partnered insurer out', () => {
    const partners = findPartnerOpportunities(home.network, home.stats);
    expect(partners[0].id).toBe('city-brokers');
    expect(partners[0].reason).toMatch(/^Customers go from City Brokers to Nordbank in \d+ of 400 journeys/);
    expect(partners.map((p) => p.id)).not.toContain('trygg-insurance');
  });

  it('finds register-title the leaf whose fix lifts the overall goal most', () => {
    const satisfaction = goalSatisfaction(home.network, home.stats);
    expect(satisfaction.leaves[0].id).toBe('register-title');
    expect(satisfaction.leaves[0].evidence.gain).toBeGreaterThan(0);
    expect(satisfaction.overall).toBeGreaterThan(0);
  });

  it('shows customer channels the bank is absent from, and cells where it is present', () => {
    const presence = channelPresence(home.network, home.stats);
    expect(presence.gaps.length).toBeGreaterThan(0);
    expect(presence.cells.some((c) => c.status === 'PRESENT' && c.phase === 'PURCHASE')).toBe(true);
    for (const gap of presence.gaps) expect(gap.evidence.firmTouchpoints).toEqual([]);
  });

  it('counts transitions exactly as a straightforward recount of the raw log', () => {
    const rows = parseCsv(readFileSync('seeds/events/home-purchase.csv', 'utf8'));
    const [header, ...data] = rows.map((r) => r.fields);
    const col = (name: string) => header.indexOf(name);
    const journeys = new Map<string, { t: number; activity: string; order: number }[]>();
    data.forEach((f, order) => {
      const list = journeys.get(f[col('journey')]) ?? [];
      list.push({ t: Date.parse(f[col('timestamp')]), activity: f[col('activity')], order });
      journeys.set(f[col('journey')], list);
    });
    const expected = new Map<string, number>();
    for (const steps of journeys.values()) {
      steps.sort((a, b) => a.t - b.t || a.order - b.order);
      for (let i = 1; i < steps.length; i++) {
        const key = `${steps[i - 1].activity}->${steps[i].activity}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
    }
    const found = findTransitions(home.network, home.stats);
    expect(new Map(found.transitions.map((t) => [t.id, t.evidence.count]))).toEqual(expected);
    const starts = new Map<string, number>();
    for (const steps of journeys.values()) starts.set(steps[0].activity, (starts.get(steps[0].activity) ?? 0) + 1);
    expect(new Map(found.starts.map((s) => [s.activity, s.journeys]))).toEqual(starts);
  });

  it('measures the actor network with the bank and the broker strongly tied', () => {
    const measures = networkMeasures(home.network, home.stats);
    const edge = measures.edges.find((e) => e.source === 'city-brokers' && e.target === 'nordbank');
    expect(edge?.handovers).toBeGreaterThan(0);
    expect(measures.actors.length).toBe(home.network.actors.length);
  });
});

describe('clinic-visit example', () => {
  it('puts finding a parking place on top, and the pharmacy first among partners', async () => {
    const clinic = await example('clinic-visit');
    const gaps = findGaps(clinic.network, clinic.stats);
    expect(gaps[0].id).toBe('find-parking');
    expect(gaps[0].evidence.notes.map((n) => n.note).join(' ')).toMatch(/park|space/i);
    const partners = findPartnerOpportunities(clinic.network, clinic.stats);
    expect(partners[0].id).toBe('hjartat-pharmacy');
  });
});

describe('pasta-dinner example', () => {
  it('finds value in use breaking at the cooking time and the sauce, and the recipe site as partner', async () => {
    const pasta = await example('pasta-dinner');
    expect(new Set(ids(findGaps(pasta.network, pasta.stats), 2))).toEqual(new Set(['read-cooking-time', 'find-sauce']));
    const partners = findPartnerOpportunities(pasta.network, pasta.stats);
    expect(partners[0].id).toBe('recipe-corner');
    expect(partners.map((p) => p.id)).not.toContain('household');
  });
});

describe('retail-purchase example', () => {
  it('flags the newsletter, the offer texts and the survey as contact pressure, not the useful contacts', async () => {
    const retail = await example('retail-purchase');
    const pressure = contactPressure(retail.network, retail.stats);
    expect(new Set(ids(pressure.touchpoints, 3))).toEqual(
      new Set(['elektra-newsletter', 'elektra-offer-sms', 'elektra-survey-email']),
    );
    for (const t of pressure.touchpoints.slice(0, 3)) {
      expect(t.evidence.flagged).toBe(true);
      expect(t.evidence.lift).toBeGreaterThan(3);
    }
    const flagged = pressure.touchpoints.filter((t) => t.evidence.flagged).map((t) => t.id);
    expect(flagged).not.toContain('elektra-tracking-email');
    expect(pressure.byPhase.find((p) => p.phase === 'POST_PURCHASE')!.perJourney).toBeGreaterThan(1);
  });
});
