/**
 * The viewer's rules, as pure functions of the laid-out network (no DOM, no sigma):
 * which actors a filter shows, which actor a search finds, which actors the highlights mark.
 */
import { PHASES } from '../../../src/model/vocabulary.js';
import type { ObservedGap, PartnerOpportunity, ViewerNode } from './query.js';

/** How many partner opportunities and gaps the highlights mark. */
export const TOP_OPPORTUNITIES = 5;
export const TOP_GAPS = 5;

export interface NodeFilter {
  kinds: ReadonlySet<string>;
  phases: ReadonlySet<string>;
  /** Every phase that any actor has (the phase filter is "narrowed" when some are unchecked). */
  allPhases: readonly string[];
}

/**
 * An actor is shown when its kind is checked and it serves a checked phase. An actor that serves
 * no phase at all is shown only while every phase is checked (no phase filter applied).
 */
export function isVisible(node: Pick<ViewerNode, 'kind' | 'phases'>, filter: NodeFilter): boolean {
  if (!filter.kinds.has(node.kind)) return false;
  if (node.phases.length === 0) return filter.allPhases.every((p) => filter.phases.has(p));
  return node.phases.some((p) => filter.phases.has(p));
}

/** Phases present among the actors, in journey order (unknown phases last, alphabetically). */
export function phasesOf(nodes: readonly Pick<ViewerNode, 'phases'>[]): string[] {
  const present = new Set(nodes.flatMap((n) => n.phases));
  const known = PHASES.filter((p) => present.has(p));
  const unknown = [...present].filter((p) => !(PHASES as readonly string[]).includes(p)).sort();
  return [...known, ...unknown];
}

/** Actor kinds with their counts, most actors first, then by name. */
export function kindsOf(nodes: readonly Pick<ViewerNode, 'kind'>[]): { kind: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
}

/** "NEED_RECOGNITION" → "Need recognition". */
export function humanise(code: string): string {
  const text = code.toLowerCase().replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lower case, accents removed, runs of space collapsed: "Solgläntan " → "solglantan". */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The actor a search text names, or undefined. Tried in this order, the first rule with a match
 * wins, and within a rule the first actor in model order: the exact id; the exact name; a name
 * that starts with the text; a name word that starts with the text; an id or name that contains
 * it. Case and accents are ignored. Hidden actors are found too (the caller decides what to do).
 */
export function findActor<T extends Pick<ViewerNode, 'id' | 'name'>>(nodes: readonly T[], text: string): T | undefined {
  const q = normalise(text);
  if (q === '') return undefined;
  const rules: ((n: T) => boolean)[] = [
    (n) => normalise(n.id) === q,
    (n) => normalise(n.name) === q,
    (n) => normalise(n.name).startsWith(q),
    (n) => normalise(n.name).split(/[\s()/,-]+/).some((w) => w.startsWith(q)),
    (n) => normalise(n.id).includes(q) || normalise(n.name).includes(q),
  ];
  for (const rule of rules) {
    const found = nodes.find(rule);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Rank (1-based) of each of the first `top` partner opportunities, by actor id. */
export function opportunityRanks(opportunities: readonly PartnerOpportunity[], top = TOP_OPPORTUNITIES): Map<string, number> {
  return new Map(opportunities.slice(0, top).map((o, i) => [o.id, i + 1]));
}

/** The first `top` gaps that each actor serves, by actor id (the actor of a gap is an actor of its activity). */
export function gapsByActor(gaps: readonly ObservedGap[], top = TOP_GAPS): Map<string, ObservedGap[]> {
  const byActor = new Map<string, ObservedGap[]>();
  for (const gap of gaps.slice(0, top)) {
    for (const id of gap.actorIds) {
      const list = byActor.get(id);
      if (list === undefined) byActor.set(id, [gap]);
      else list.push(gap);
    }
  }
  return byActor;
}

/** Ids of the actor and its neighbours in the network. */
export function neighbourhood(id: string, edges: readonly { source: string; target: string }[]): Set<string> {
  const ids = new Set([id]);
  for (const e of edges) {
    if (e.source === id) ids.add(e.target);
    if (e.target === id) ids.add(e.source);
  }
  return ids;
}
