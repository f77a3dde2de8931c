/**
 * Hand-made inputs of the contract suite: a small home-buying model and journeys whose every
 * figure is known, and the four example models with their event logs.
 */
import { readEventLog } from '../../src/ingest/event-log.js';
import { exampleFiles } from '../../src/ingest/examples.js';
import { readModelFile } from '../../src/ingest/model-file.js';
import type { ModelDocument } from '../../src/model/types.js';
import type { JourneyInput } from '../../src/store/graph-store.js';

export const T0 = Date.UTC(2024, 4, 1);
export const MIN = 60_000;
export const at = (minutes: number): number => T0 + minutes * MIN;

/** own-home (AND) > finance (OR) [apply, insure], find-home (AND) [search]. */
export function homeModel(id: string): ModelDocument {
  return {
    model: { id, name: 'Buying a home', description: 'A contract-suite model' },
    goals: [
      { id: 'own-home', name: 'Own a home', refinement: 'AND' },
      { id: 'finance', name: 'Finance it', parent: 'own-home', refinement: 'OR', description: 'Money first' },
      { id: 'find-home', name: 'Find a home', parent: 'own-home', refinement: 'AND' },
    ],
    actors: [
      { id: 'nordbank', name: 'Nordbank', kind: 'BANK', focal: true },
      { id: 'broker', name: 'City Brokers', kind: 'BROKER', focal: false },
      { id: 'insurer', name: 'Safe Insurance', kind: 'INSURER', focal: false },
      { id: 'registry', name: 'Land Registry', kind: 'AUTHORITY', focal: false },
    ],
    touchpoints: [
      { id: 'bank-web', name: 'Bank web', actor: 'nordbank', channel: 'WEB', initiator: 'CUSTOMER', ownership: 'BRAND' },
      { id: 'bank-sms', name: 'Bank SMS', actor: 'nordbank', channel: 'SMS', initiator: 'FIRM', ownership: 'BRAND' },
      { id: 'broker-phone', name: 'Broker phone', actor: 'broker', channel: 'PHONE', initiator: 'CUSTOMER', ownership: 'EXTERNAL' },
    ],
    activities: [
      { id: 'search', name: 'Search', goal: 'find-home', phase: 'INFORMATION_SEARCH', mode: 'ACTIVE', actors: ['broker'], touchpoints: ['broker-phone'], next: ['apply'] },
      { id: 'apply', name: 'Apply', goal: 'finance', phase: 'PURCHASE', mode: 'ACTIVE', actors: ['nordbank', 'broker'], touchpoints: ['bank-web', 'bank-sms'], next: ['insure'] },
      { id: 'insure', name: 'Insure', goal: 'finance', phase: 'POST_PURCHASE', mode: 'PASSIVE', actors: ['insurer'], touchpoints: [], next: [] },
    ],
    partnerships: [{ actors: ['insurer', 'nordbank'] }],
    segments: [
      { id: 'first-time', name: 'First-time buyers' },
      { id: 'upgrader', name: 'Upgraders' },
    ],
  };
}

/** Three journeys: j1 (upgrader, completed), j2 (first-time, stuck), j3 (no segment, abandoned). */
export function homeJourneys(): JourneyInput[] {
  return [
    {
      id: 'j2',
      segment: 'first-time',
      steps: [
        { timestamp: at(5), activity: 'apply', actor: 'nordbank', touchpoint: 'bank-web', channel: 'WEB', outcome: 'stuck', sentiment: -2, note: 'form broke' },
        { timestamp: at(0), activity: 'search', actor: 'broker', touchpoint: 'broker-phone', channel: 'PHONE', outcome: 'progressed', sentiment: 1 },
      ],
    },
    {
      id: 'j1',
      segment: 'upgrader',
      steps: [
        { timestamp: at(0), activity: 'search', outcome: 'progressed', attributes: { source: 'crm', region: 'north' } },
        { timestamp: at(3), activity: 'apply', actor: 'nordbank', outcome: 'progressed', note: '' },
        { timestamp: at(3), activity: 'insure', actor: 'insurer', outcome: 'completed', sentiment: 2 },
      ],
    },
    {
      id: 'j3',
      steps: [
        { timestamp: at(10), activity: 'search', actor: 'broker', channel: 'PHONE', outcome: 'progressed', sentiment: 0 },
        { timestamp: at(40), activity: 'apply', actor: 'nordbank', channel: 'SMS', touchpoint: 'bank-sms', outcome: 'progressed', sentiment: -1, note: 'form broke' },
        { timestamp: at(41), activity: 'apply', actor: 'broker', outcome: 'abandoned', note: 'too slow' },
      ],
    },
  ];
}

export interface ExampleData {
  id: string;
  doc: ModelDocument;
  journeys: JourneyInput[];
  rows: number;
}

/** The four example models with their event logs (no row of them may be rejected). */
export async function exampleData(): Promise<ExampleData[]> {
  const out: ExampleData[] = [];
  for (const files of exampleFiles()) {
    const doc = await readModelFile(files.model);
    const log = await readEventLog(files.events!, doc);
    if (log.rejects.length > 0) throw new Error(`${files.events}: ${log.rejects.length} rows rejected, e.g. line ${log.rejects[0].line}: ${log.rejects[0].reason}`);
    out.push({ id: files.id, doc, journeys: log.journeys, rows: log.accepted });
  }
  return out;
}

/** The document with another model id. */
export function renamed(doc: ModelDocument, id: string): ModelDocument {
  return { ...structuredClone(doc), model: { ...doc.model, id } };
}
