/**
 * Hand-made JourneyStats: literal aggregates whose numbers the test chooses, so that analyses are
 * tested in isolation from any store. Every field a call leaves out is zero, null or empty.
 */
import type {
  ActivityStats,
  ContactStats,
  JourneyStats,
  PlaceStats,
  Quantiles,
} from '../../src/model/journey-stats.js';
import type { Channel } from '../../src/model/vocabulary.js';

export function quantiles(count: number, median: number | null, p90: number | null): Quantiles {
  return { count, median, p90 };
}

export const NO_DWELL: Quantiles = { count: 0, median: null, p90: null };

export function placeStats(id: string, fields: Partial<Omit<PlaceStats, 'id'>> = {}): PlaceStats {
  return {
    id,
    steps: 0,
    journeys: 0,
    stuck: 0,
    abandoned: 0,
    completed: 0,
    endedIncomplete: 0,
    affected: 0,
    negativeSteps: 0,
    sentimentSum: 0,
    sentimentCount: 0,
    dwell: NO_DWELL,
    notes: [],
    ...fields,
  };
}

export function activityStats(id: string, fields: Partial<Omit<ActivityStats, 'id'>> = {}): ActivityStats {
  return { ...placeStats(id), starts: 0, ends: 0, ...fields };
}

export function contact(
  activity: string,
  actor: string | null,
  channel: Channel | null,
  touchpoint: string | null,
  fields: Partial<Omit<ContactStats, 'activity' | 'actor' | 'channel' | 'touchpoint'>> = {},
): ContactStats {
  return {
    activity,
    actor,
    channel,
    touchpoint,
    steps: 0,
    journeys: 0,
    negative: 0,
    nextNegative: 0,
    nextAbandoned: 0,
    followedByTrouble: 0,
    withNext: 0,
    endedIncomplete: 0,
    ...fields,
  };
}

export function journeyStats(fields: Partial<JourneyStats> = {}): JourneyStats {
  return {
    modelId: 'test-model',
    filter: {},
    journeys: 0,
    steps: 0,
    outcomes: { progressed: 0, stuck: 0, abandoned: 0, completed: 0 },
    singleStepJourneys: 0,
    activities: [],
    goals: [],
    transitions: [],
    handovers: [],
    actors: [],
    actorPairs: [],
    contacts: [],
    ...fields,
  };
}

/** The stats of a model without any observed journey. */
export function emptyStats(modelId = 'test-model'): JourneyStats {
  return journeyStats({ modelId });
}
