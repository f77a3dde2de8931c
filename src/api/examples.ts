/**
 * Example GraphQL operations against the `home-purchase` example model (seeds/), one per
 * analysis plus a model browse: the IDE page opens each as a tab. Also `loadExampleModels`, which
 * puts the example models and their event logs into a store.
 */
import { readFile } from 'node:fs/promises';
import type { GraphStore } from '../store/graph-store.js';
import { exampleFiles } from '../ingest/examples.js';
import { modelFormatOf, parseModelText } from '../ingest/model-file.js';
import { parseEventLogText } from '../ingest/event-log.js';

export interface ExampleQuery {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

export const EXAMPLE_MODEL = 'home-purchase';

const RANKED = 'id name score reason';

/** One operation per analysis and a model browse, against the home-purchase example. */
export function exampleQueries(): ExampleQuery[] {
  const model = { modelId: EXAMPLE_MODEL };
  return [
    {
      name: 'Browse the model',
      query: `query BrowseModel($id: ID!) {
  model(id: $id) {
    id name description myRole journeyCount stepCount
    overallGoal { id name refinement }
    goals(depth: 1) {
      id name refinement leaf
      subGoals { id name leaf activities { id name phase mode } }
      actors { id name kind }
    }
    actors { id name kind focal partners { id name } touchpoints { id channel initiator ownership } }
    segments { id name }
    journeys(first: 5) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id outcome stepCount startedAt segmentId } }
    }
  }
}`,
      variables: { id: EXAMPLE_MODEL },
    },
    {
      name: 'Where customers get stuck',
      query: `query Gaps($modelId: ID!, $by: GapLevel, $filter: AnalysisFilter) {
  gaps(modelId: $modelId, by: $by, filter: $filter) {
    by journeys
    ranked {
      ${RANKED}
      evidence { phase goalId reached affected affectedShare stuck abandoned endedIncomplete negativeShare medianDwellMs notes { note count } }
    }
    structural { ${RANKED} evidence { kind journeys actorIds } }
  }
}`,
      variables: { ...model, by: 'ACTIVITY' },
    },
    {
      name: 'Transitions',
      query: `query Transitions($modelId: ID!, $filter: AnalysisFilter) {
  transitions(modelId: $modelId, filter: $filter) {
    journeys
    transitions { ${RANKED} evidence { fromId toId count share duration { median p90 } } }
    starts { activityId journeys }
    ends { activityId journeys }
  }
}`,
      variables: model,
    },
    {
      name: 'Partner opportunities',
      query: `query Partners($modelId: ID!, $focal: ID, $filter: AnalysisFilter) {
  partnerOpportunities(modelId: $modelId, focal: $focal, filter: $filter) {
    ${RANKED}
    actor { id kind }
    evidence { journeysToFocal journeysFromFocal sharedJourneys siblingGoalIds }
  }
}`,
      variables: { ...model, focal: 'nordbank' },
    },
    {
      name: 'Channel presence',
      query: `query Channels($modelId: ID!, $focal: ID, $filter: AnalysisFilter) {
  channelPresence(modelId: $modelId, focal: $focal, filter: $filter) {
    focalId
    cells { phase channel customerSteps phaseShare firmSteps firmTouchpointIds status }
    gaps { ${RANKED} }
  }
}`,
      variables: { ...model, focal: 'nordbank' },
    },
    {
      name: 'Contact pressure',
      query: `query Pressure($modelId: ID!, $focal: ID, $filter: AnalysisFilter) {
  contactPressure(modelId: $modelId, focal: $focal, filter: $filter) {
    focalId journeys contacts perJourney
    byPhase { phase contacts perJourney }
    baseline { withNext trouble rate }
    touchpoints { ${RANKED} evidence { channel sensitiveContacts rate baseline lift excess flagged } }
  }
}`,
      variables: { ...model, focal: 'nordbank' },
    },
    {
      name: 'Goal satisfaction',
      query: `query Satisfaction($modelId: ID!, $filter: AnalysisFilter) {
  goalSatisfaction(modelId: $modelId, filter: $filter) {
    overall
    goals { goalId name depth refinement leaf journeys completed value }
    leaves { ${RANKED} evidence { value journeys completed gain overallIfFixed } }
  }
}`,
      variables: { ...model, filter: { segment: 'first-time-buyers' } },
    },
    {
      name: 'Actor network',
      query: `query ActorNetwork($modelId: ID!, $filter: AnalysisFilter) {
  actorNetwork(modelId: $modelId, filter: $filter) {
    communities modularity
    actors { ${RANKED} evidence { kind focal degree weightedDegree betweenness pagerank community journeys } }
    edges { source target weight sharedGoals handovers partnership }
    layout(options: { sizeBy: PAGERANK }) {
      communities
      nodes { id name x y size color community partner }
      edges { source target size }
      settings { iterations seed sizeBy colorBy }
    }
  }
}`,
      variables: model,
    },
    {
      name: 'Journey statistics',
      query: `query JourneyStats($modelId: ID!, $filter: AnalysisFilter) {
  journeyStats(modelId: $modelId, filter: $filter) {
    journeys steps singleStepJourneys
    outcomes { progressed stuck abandoned completed }
    activities { id journeys steps starts ends affected dwell { median p90 } }
    handovers { from to count journeys }
  }
}`,
      variables: { ...model, filter: { from: '2025-01-01T00:00:00Z' } },
    },
  ];
}

export interface LoadedExample {
  id: string;
  journeys: number;
  rejected: number;
}

/**
 * Puts each example model of seeds/ (and its event log) into the store, skipping models the
 * store already has. Rows of the logs that do not fit are left out (the examples have none).
 */
export async function loadExampleModels(store: GraphStore, root?: string): Promise<LoadedExample[]> {
  const loaded: LoadedExample[] = [];
  for (const files of exampleFiles(root)) {
    if ((await store.getModel(files.id)) !== null) continue;
    const doc = parseModelText(await readFile(files.model, 'utf8'), modelFormatOf(files.model) ?? 'json', files.model);
    await store.putDocument(doc);
    let journeys = 0;
    let rejected = 0;
    if (files.events !== undefined) {
      const log = parseEventLogText(await readFile(files.events, 'utf8'), doc, files.events);
      rejected = log.rejects.length;
      if (log.journeys.length > 0) journeys = (await store.importJourneys(doc.model.id, log.journeys)).journeys;
    }
    loaded.push({ id: doc.model.id, journeys, rejected });
  }
  return loaded;
}
