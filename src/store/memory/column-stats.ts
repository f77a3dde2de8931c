/**
 * JourneyStats of one model, computed by one pass over its step columns (the definitions are in
 * src/model/journey-stats.ts).
 *
 * The pass visits each live journey that passes the filter and each of its rows once, counting
 * into typed arrays indexed by interned numbers (activities, actors) and into small maps for the
 * sparse keys (transitions, hand-overs, contact groups, actor pairs, notes). "Distinct journeys"
 * counts use a last-seen journey marker per key. Dwell values are gathered once into flat arrays
 * and grouped by activity and by transition with a counting sort; a goal's dwell values are the
 * groups of the activities of its subtree. Quantiles are found by selection (no sorting), with
 * the nearest-rank definition of `nearestRank`.
 *
 * Lists hold only keys with at least one step in the counted journeys; `null` keys sort first.
 */
import type { ModelDocument } from '../../model/types.js';
import { OUTCOMES } from '../../model/vocabulary.js';
import {
  cleanFilter,
  sortJourneyStats,
  emptyOutcomes,
  nearestRank,
  NOTES_PER_PLACE,
  topNotes,
  type ActivityStats,
  type ActorPairStats,
  type ActorStats,
  type ContactStats,
  type HandoverStats,
  type JourneyStats,
  type NoteCount,
  type PlaceStats,
  type Quantiles,
  type StatsFilter,
  type TransitionStats,
} from '../journey-stats.js';
import { CHANNELS } from '../../model/vocabulary.js';
import { NO_SENTIMENT, NONE, type JourneyColumns } from './journey-columns.js';
import type { StringTable } from './string-table.js';

const STUCK = OUTCOMES.indexOf('stuck');
const ABANDONED = OUTCOMES.indexOf('abandoned');
const COMPLETED = OUTCOMES.indexOf('completed');
const FLAG_STUCK = 1;
const FLAG_ABANDONED = 2;
const FLAG_COMPLETED = 4;


/** The 0-based position of the nearest-rank p-quantile among n values (as `nearestRank`). */
function rankIndex(n: number, p: number): number {
  return Math.max(1, Math.ceil(p * n)) - 1;
}

/**
 * Reorders a[lo..hi] so that a[k] holds the value the sorted range would have there, with values
 * less or equal before it and greater or equal after it (Floyd-Rivest selection: on large ranges
 * it first selects within a small sample around the expected position, then partitions).
 */
export function selectInPlace(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    if (hi - lo > 600) {
      const n = hi - lo + 1;
      const m = k - lo + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const sampleLo = Math.max(lo, Math.floor(k - (m * s) / n + sd));
      const sampleHi = Math.min(hi, Math.floor(k + ((n - m) * s) / n + sd));
      selectInPlace(a, sampleLo, sampleHi, k);
    }
    const pivot = a[k];
    let i = lo;
    let j = hi;
    swap(a, lo, k);
    if (a[hi] > pivot) swap(a, lo, hi);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
    }
    if (a[lo] === pivot) swap(a, lo, j);
    else swap(a, ++j, hi);
    if (j <= k) lo = j + 1;
    if (k <= j) hi = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Nearest-rank median and p90 of the values (the same figures as `quantilesOf`), found by
 * selection instead of sorting. Reorders `values`.
 */
function quantilesInPlace(values: Float64Array): Quantiles {
  const n = values.length;
  if (n === 0) return { count: 0, median: null, p90: null };
  const r50 = rankIndex(n, 0.5);
  const r90 = rankIndex(n, 0.9);
  // After each selection the selected position holds what the sorted values would: read it as
  // nearestRank does. The second selection only reorders the values from the median on.
  selectInPlace(values, 0, n - 1, r50);
  const median = nearestRank(values, 0.5);
  selectInPlace(values, r50, n - 1, r90);
  return { count: n, median, p90: nearestRank(values, 0.9) };
}

/** Values grouped by a group number (a counting sort; order within a group is not kept). */
interface Grouped {
  offsets: Int32Array;
  values: Float64Array;
}

function groupValues(group: Int32Array, values: Float64Array, n: number, groups: number): Grouped {
  const offsets = new Int32Array(groups + 1);
  for (let i = 0; i < n; i++) offsets[group[i] + 1]++;
  for (let g = 0; g < groups; g++) offsets[g + 1] += offsets[g];
  const cursor = offsets.slice(0, groups);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[cursor[group[i]]++] = values[i];
  return { offsets, values: out };
}

function groupOf(grouped: Grouped, g: number): Float64Array {
  return grouped.values.subarray(grouped.offsets[g], grouped.offsets[g + 1]);
}

/** Cells of a dense pair index at most; larger key spaces use a Map. */
const DENSE_PAIRS = 1 << 22;

/** A number for each pair (i, j) with i < n1 and j < n2, or -1: a typed array when small enough. */
class PairIndex {
  private readonly dense: Int32Array | null;
  private readonly sparse: Map<number, number> | null;
  constructor(n1: number, private readonly n2: number) {
    this.dense = n1 * n2 <= DENSE_PAIRS ? new Int32Array(n1 * n2).fill(-1) : null;
    this.sparse = this.dense ? null : new Map();
  }
  get(i: number, j: number): number {
    const key = i * this.n2 + j;
    return this.dense ? this.dense[key] : this.sparse!.get(key) ?? -1;
  }
  set(i: number, j: number, value: number): void {
    const key = i * this.n2 + j;
    if (this.dense) this.dense[key] = value;
    else this.sparse!.set(key, value);
  }
}

/** The top notes of a count map keyed by note number, without sorting every note. */
function topNoteCounts(counts: Map<number, number> | undefined, notes: StringTable): NoteCount[] {
  if (!counts || counts.size === 0) return [];
  let threshold = 0;
  if (counts.size > NOTES_PER_PLACE * 4) {
    const values = Int32Array.from(counts.values()).sort();
    threshold = values[values.length - NOTES_PER_PLACE];
  }
  const byText = new Map<string, number>();
  for (const [note, count] of counts) if (count >= threshold) byText.set(notes.get(note), count);
  return topNotes(byText);
}

function addCounts(into: Map<number, number>, from: Map<number, number>): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

/** Goal numbers from each activity's own goal up to the root, by interned activity number. */
function goalChains(doc: ModelDocument, activities: StringTable): { chains: Int32Array[]; goalIds: string[] } {
  const goalIds = doc.goals.map((g) => g.id);
  const goalNumber = new Map(goalIds.map((id, i) => [id, i]));
  const parent = doc.goals.map((g) => (g.parent === undefined ? -1 : goalNumber.get(g.parent) ?? -1));
  const goalOf = new Map(doc.activities.map((a) => [a.id, a.goal]));
  const chains: Int32Array[] = [];
  for (let a = 0; a < activities.size; a++) {
    const chain: number[] = [];
    const own = goalOf.get(activities.get(a));
    let g = own === undefined ? -1 : goalNumber.get(own) ?? -1;
    while (g >= 0 && chain.length <= goalIds.length && !chain.includes(g)) {
      chain.push(g);
      g = parent[g];
    }
    chains.push(Int32Array.from(chain));
  }
  return { chains, goalIds };
}

export function columnStats(modelId: string, doc: ModelDocument, c: JourneyColumns, filter: StatsFilter = {}): JourneyStats {
  const A = c.activities.size;
  const T = c.actors.size;
  const P = c.touchpoints.size;
  const { chains, goalIds } = goalChains(doc, c.activities);
  const G = goalIds.length;

  // A segment no journey has matches nothing (-2 never equals a journey's segment number).
  const segment = filter.segment === undefined ? null : c.segments.lookup(filter.segment) === NONE ? -2 : c.segments.lookup(filter.segment);
  const from = filter.from ?? -Infinity;
  const to = filter.to ?? Infinity;

  // Per activity (by interned number).
  const aSteps = new Int32Array(A);
  const aJourneys = new Int32Array(A);
  const aStuck = new Int32Array(A);
  const aAbandoned = new Int32Array(A);
  const aCompleted = new Int32Array(A);
  const aEndedIncomplete = new Int32Array(A);
  const aAffected = new Int32Array(A);
  const aNegative = new Int32Array(A);
  const aSentimentSum = new Float64Array(A);
  const aSentimentCount = new Int32Array(A);
  const aStarts = new Int32Array(A);
  const aEnds = new Int32Array(A);
  const aSeen = new Int32Array(A).fill(-1);
  const aAffectedSeen = new Int32Array(A).fill(-1);
  const aFlags = new Uint8Array(A);
  const aNotes = new Array<Map<number, number> | undefined>(A);
  // Per goal (by position in doc.goals).
  const gJourneys = new Int32Array(G);
  const gStuck = new Int32Array(G);
  const gAbandoned = new Int32Array(G);
  const gCompleted = new Int32Array(G);
  const gEndedIncomplete = new Int32Array(G);
  const gAffected = new Int32Array(G);
  const gSeen = new Int32Array(G).fill(-1);
  const gAffectedSeen = new Int32Array(G).fill(-1);
  const gFlags = new Uint8Array(G);
  const journeyGoals = new Int32Array(G);
  // Per actor.
  const xSteps = new Int32Array(T);
  const xJourneys = new Int32Array(T);
  const xSeen = new Int32Array(T).fill(-1);
  // Transitions (activity pairs), hand-overs (actor pairs), actor pairs.
  const transitionIndex = new PairIndex(A, A);
  const tFrom: number[] = [];
  const tTo: number[] = [];
  const tCount: number[] = [];
  const handoverIndex = new PairIndex(T, T);
  const hFrom: number[] = [];
  const hTo: number[] = [];
  const hCount: number[] = [];
  const hJourneys: number[] = [];
  const hSeen: number[] = [];
  const pairIndex = new PairIndex(T, T);
  const pairJourneys: number[] = [];
  const pairLow: number[] = [];
  const pairHigh: number[] = [];
  // Contact groups: a chain of (actor, channel) groups per (activity, touchpoint).
  const contactHeads = new PairIndex(A, P + 1);
  const cAct: number[] = [];
  const cActor: number[] = [];
  const cChannel: number[] = [];
  const cTouchpoint: number[] = [];
  const cChain: number[] = [];
  const cSteps: number[] = [];
  const cJourneys: number[] = [];
  const cSeen: number[] = [];
  const cNegative: number[] = [];
  const cNextNegative: number[] = [];
  const cNextAbandoned: number[] = [];
  const cFollowedByTrouble: number[] = [];
  const cWithNext: number[] = [];
  const cEndedIncomplete: number[] = [];

  // Dwell of each non-last step, with its activity and transition.
  const dwellActivity = new Int32Array(c.liveRows);
  const dwellTransition = new Int32Array(c.liveRows);
  const dwellValue = new Float64Array(c.liveRows);
  let dwells = 0;

  const outcomes = emptyOutcomes();
  let journeys = 0;
  let steps = 0;
  let singleStep = 0;
  const journeyActivities = new Int32Array(A);
  const journeyAffected = new Int32Array(A);
  const journeyActors = new Int32Array(T);
  const emptyNote = c.notes.lookup('');

  const { timestamp, activity, actor, touchpoint, channel, outcome, sentiment, note, journeyFirst, journeySteps, journeySegment } = c;

  for (let j = 0; j < c.slots; j++) {
    const count = journeySteps[j];
    if (count === 0) continue;
    if (segment !== null && journeySegment[j] !== segment) continue;
    const first = journeyFirst[j];
    const start = timestamp[first];
    if (!(start >= from && start < to)) continue;
    const last = first + count - 1;
    const jOutcome = outcome[last];

    journeys++;
    steps += count;
    outcomes[OUTCOMES[jOutcome]]++;
    if (count === 1) singleStep++;
    aStarts[activity[first]]++;
    aEnds[activity[last]]++;
    let nActs = 0;
    let nAffected = 0;
    let nActors = 0;

    for (let row = first; row <= last; row++) {
      const a = activity[row];
      const o = outcome[row];
      aSteps[a]++;
      if (aSeen[a] !== j) {
        aSeen[a] = j;
        aJourneys[a]++;
        aFlags[a] = 0;
        journeyActivities[nActs++] = a;
      }
      // The step's own outcome, once per journey and activity (counted after the journey).
      if (o === STUCK) aFlags[a] |= FLAG_STUCK;
      else if (o === ABANDONED) aFlags[a] |= FLAG_ABANDONED;
      else if (o === COMPLETED) aFlags[a] |= FLAG_COMPLETED;
      const s = sentiment[row];
      const negative = s !== NO_SENTIMENT && s < 0;
      if (s !== NO_SENTIMENT) {
        aSentimentSum[a] += s;
        aSentimentCount[a]++;
        if (negative) aNegative[a]++;
      }
      const n = note[row];
      if (n !== NONE && n !== emptyNote) {
        let notes = aNotes[a];
        if (notes === undefined) aNotes[a] = notes = new Map();
        notes.set(n, (notes.get(n) ?? 0) + 1);
      }
      const x = actor[row];
      if (x !== NONE) {
        xSteps[x]++;
        if (xSeen[x] !== j) {
          xSeen[x] = j;
          xJourneys[x]++;
          journeyActors[nActors++] = x;
        }
      }

      const tp = touchpoint[row];
      const ch = channel[row];
      const head = contactHeads.get(a, tp + 1);
      let g = head;
      while (g >= 0 && (cActor[g] !== x || cChannel[g] !== ch)) g = cChain[g];
      if (g < 0) {
        g = cAct.length;
        cAct.push(a);
        cActor.push(x);
        cChannel.push(ch);
        cTouchpoint.push(tp);
        cChain.push(head);
        cSteps.push(0);
        cJourneys.push(0);
        cSeen.push(-1);
        cNegative.push(0);
        cNextNegative.push(0);
        cNextAbandoned.push(0);
        cFollowedByTrouble.push(0);
        cWithNext.push(0);
        cEndedIncomplete.push(0);
        contactHeads.set(a, tp + 1, g);
      }
      cSteps[g]++;
      if (cSeen[g] !== j) {
        cSeen[g] = j;
        cJourneys[g]++;
      }
      if (negative) cNegative[g]++;

      if (row < last) {
        const b = activity[row + 1];
        let t = transitionIndex.get(a, b);
        if (t < 0) {
          t = tFrom.length;
          tFrom.push(a);
          tTo.push(b);
          tCount.push(0);
          transitionIndex.set(a, b, t);
        }
        tCount[t]++;
        dwellActivity[dwells] = a;
        dwellTransition[dwells] = t;
        dwellValue[dwells] = timestamp[row + 1] - timestamp[row];
        dwells++;

        const ns = sentiment[row + 1];
        const nextNegative = ns !== NO_SENTIMENT && ns < 0;
        const nextAbandoned = outcome[row + 1] === ABANDONED;
        cWithNext[g]++;
        if (nextNegative) cNextNegative[g]++;
        if (nextAbandoned) cNextAbandoned[g]++;
        if (nextNegative || nextAbandoned) cFollowedByTrouble[g]++;

        const y = actor[row + 1];
        if (x !== NONE && y !== NONE && x !== y) {
          let h = handoverIndex.get(x, y);
          if (h < 0) {
            h = hFrom.length;
            hFrom.push(x);
            hTo.push(y);
            hCount.push(0);
            hJourneys.push(0);
            hSeen.push(-1);
            handoverIndex.set(x, y, h);
          }
          hCount[h]++;
          if (hSeen[h] !== j) {
            hSeen[h] = j;
            hJourneys[h]++;
          }
        }
      } else if (jOutcome !== COMPLETED) {
        aEndedIncomplete[a]++;
        cEndedIncomplete[g]++;
      }

      // Affected here: a stuck or abandoned step, or the last step of a journey not completed.
      if ((o === STUCK || o === ABANDONED || (row === last && jOutcome !== COMPLETED)) && aAffectedSeen[a] !== j) {
        aAffectedSeen[a] = j;
        aAffected[a]++;
        journeyAffected[nAffected++] = a;
      }
    }

    // Activities and goals: which outcomes their steps had in this journey, once per journey.
    // Each goal on the chain of an activity of this journey gathers that activity's flags.
    let nGoals = 0;
    for (let k = 0; k < nActs; k++) {
      const a = journeyActivities[k];
      const flags = aFlags[a];
      if (flags & FLAG_STUCK) aStuck[a]++;
      if (flags & FLAG_ABANDONED) aAbandoned[a]++;
      if (flags & FLAG_COMPLETED) aCompleted[a]++;
      const chain = chains[a];
      for (let i = 0; i < chain.length; i++) {
        const gl = chain[i];
        if (gSeen[gl] !== j) {
          gSeen[gl] = j;
          gJourneys[gl]++;
          gFlags[gl] = 0;
          journeyGoals[nGoals++] = gl;
        }
        gFlags[gl] |= flags;
      }
    }
    for (let k = 0; k < nGoals; k++) {
      const gl = journeyGoals[k];
      const flags = gFlags[gl];
      if (flags & FLAG_STUCK) gStuck[gl]++;
      if (flags & FLAG_ABANDONED) gAbandoned[gl]++;
      if (flags & FLAG_COMPLETED) gCompleted[gl]++;
    }
    for (let k = 0; k < nAffected; k++) {
      const chain = chains[journeyAffected[k]];
      for (let i = 0; i < chain.length; i++) {
        const gl = chain[i];
        if (gAffectedSeen[gl] === j) continue;
        gAffectedSeen[gl] = j;
        gAffected[gl]++;
      }
    }
    if (jOutcome !== COMPLETED) {
      const chain = chains[activity[last]];
      for (let i = 0; i < chain.length; i++) gEndedIncomplete[chain[i]]++;
    }
    // Actor pairs: every two distinct actors of this journey.
    for (let p = 0; p < nActors; p++) {
      for (let q = p + 1; q < nActors; q++) {
        const u = journeyActors[p] < journeyActors[q] ? journeyActors[p] : journeyActors[q];
        const v = journeyActors[p] < journeyActors[q] ? journeyActors[q] : journeyActors[p];
        let k = pairIndex.get(u, v);
        if (k < 0) {
          k = pairJourneys.length;
          pairLow.push(u);
          pairHigh.push(v);
          pairJourneys.push(0);
          pairIndex.set(u, v, k);
        }
        pairJourneys[k]++;
      }
    }
  }

  const actDwell = groupValues(dwellActivity, dwellValue, dwells, A);
  const transitionDwell = groupValues(dwellTransition, dwellValue, dwells, tFrom.length);

  // Goals gather the steps of the activities of their subtrees.
  const goalSteps = new Int32Array(G);
  const goalNegative = new Int32Array(G);
  const goalSentimentSum = new Float64Array(G);
  const goalSentimentCount = new Int32Array(G);
  const goalDwellCount = new Int32Array(G);
  const goalActivities: number[][] = Array.from({ length: G }, () => []);
  const goalNotes: Map<number, number>[] = Array.from({ length: G }, () => new Map());
  for (let a = 0; a < A; a++) {
    if (aSteps[a] === 0) continue;
    for (const gl of chains[a]) {
      goalSteps[gl] += aSteps[a];
      goalNegative[gl] += aNegative[a];
      goalSentimentSum[gl] += aSentimentSum[a];
      goalSentimentCount[gl] += aSentimentCount[a];
      goalDwellCount[gl] += actDwell.offsets[a + 1] - actDwell.offsets[a];
      goalActivities[gl].push(a);
      const notes = aNotes[a];
      if (notes) addCounts(goalNotes[gl], notes);
    }
  }
  const goals: PlaceStats[] = [];
  const scratch = new Float64Array(dwells);
  for (let gl = 0; gl < G; gl++) {
    if (goalSteps[gl] === 0) continue;
    let at = 0;
    for (const a of goalActivities[gl]) {
      const part = groupOf(actDwell, a);
      scratch.set(part, at);
      at += part.length;
    }
    goals.push({
      id: goalIds[gl],
      steps: goalSteps[gl],
      journeys: gJourneys[gl],
      stuck: gStuck[gl],
      abandoned: gAbandoned[gl],
      completed: gCompleted[gl],
      endedIncomplete: gEndedIncomplete[gl],
      affected: gAffected[gl],
      negativeSteps: goalNegative[gl],
      sentimentSum: goalSentimentSum[gl],
      sentimentCount: goalSentimentCount[gl],
      dwell: quantilesInPlace(scratch.subarray(0, goalDwellCount[gl])),
      notes: topNoteCounts(goalNotes[gl], c.notes),
    });
  }

  const activities: ActivityStats[] = [];
  for (let a = 0; a < A; a++) {
    if (aSteps[a] === 0) continue;
    activities.push({
      id: c.activities.get(a),
      steps: aSteps[a],
      journeys: aJourneys[a],
      stuck: aStuck[a],
      abandoned: aAbandoned[a],
      completed: aCompleted[a],
      endedIncomplete: aEndedIncomplete[a],
      affected: aAffected[a],
      negativeSteps: aNegative[a],
      sentimentSum: aSentimentSum[a],
      sentimentCount: aSentimentCount[a],
      dwell: quantilesInPlace(groupOf(actDwell, a)),
      notes: topNoteCounts(aNotes[a], c.notes),
      starts: aStarts[a],
      ends: aEnds[a],
    });
  }

  const transitions: TransitionStats[] = tFrom.map((a, t) => ({
    from: c.activities.get(a),
    to: c.activities.get(tTo[t]),
    count: tCount[t],
    duration: quantilesInPlace(groupOf(transitionDwell, t)),
  }));

  const handovers: HandoverStats[] = hFrom.map((x, h) => ({
    from: c.actors.get(x),
    to: c.actors.get(hTo[h]),
    count: hCount[h],
    journeys: hJourneys[h],
  }));

  const actors: ActorStats[] = [];
  for (let x = 0; x < T; x++) {
    if (xSteps[x] > 0) actors.push({ actor: c.actors.get(x), steps: xSteps[x], journeys: xJourneys[x] });
  }

  const actorPairs: ActorPairStats[] = pairJourneys.map((count, k) => {
    const u = c.actors.get(pairLow[k]);
    const v = c.actors.get(pairHigh[k]);
    return { actors: u < v ? [u, v] : [v, u], journeys: count };
  });

  const contacts: ContactStats[] = cAct.map((a, g) => ({
    activity: c.activities.get(a),
    actor: cActor[g] === NONE ? null : c.actors.get(cActor[g]),
    channel: cChannel[g] === NONE ? null : CHANNELS[cChannel[g]],
    touchpoint: cTouchpoint[g] === NONE ? null : c.touchpoints.get(cTouchpoint[g]),
    steps: cSteps[g],
    journeys: cJourneys[g],
    negative: cNegative[g],
    nextNegative: cNextNegative[g],
    nextAbandoned: cNextAbandoned[g],
    followedByTrouble: cFollowedByTrouble[g],
    withNext: cWithNext[g],
    endedIncomplete: cEndedIncomplete[g],
  }));

  return sortJourneyStats({
    modelId,
    filter: cleanFilter(filter),
    journeys,
    steps,
    outcomes,
    singleStepJourneys: singleStep,
    activities,
    goals,
    transitions,
    handovers,
    actors,
    actorPairs,
    contacts,
  });
}

