/**
 * Colours of the actor network: one fixed colour-blind-safe palette (Paul Tol's "muted" scheme,
 * nine colours that stay distinct under the common colour-vision deficiencies), given to groups of
 * actors — Louvain communities or actor kinds — in a fixed order:
 *
 *   groups are ranked by number of actors (descending), then by the first actor's position in
 *   the model (ascending); the i-th group gets PALETTE[i], groups from the tenth on share
 *   OTHER_COLOR (grey) and are shown as one legend entry.
 *
 * The same model and measures therefore always give the same colours.
 */
import type { ActorKind } from '../model/vocabulary.js';
import type { ActorLayout, ColorBy } from './types.js';

export const PALETTE = ['#332288', '#88ccee', '#44aa99', '#117733', '#999933', '#ddcc77', '#cc6677', '#882255', '#aa4499'] as const;
export const OTHER_COLOR = '#bbbbbb';

/** What a colour group is made of: any record with these fields, in model order. */
export interface Colourable {
  id: string;
  name: string;
  kind: ActorKind;
  community: number;
  /** Drawn radius: the biggest members name a community in the legend. */
  size: number;
}

export interface ColourGroup {
  /** `community:<n>` or `kind:<KIND>`; `other` for the grey rest. */
  key: string;
  color: string;
  /** Legend text: the kind ("Bank"), or a community's biggest members ("Nordbank, Trygg +2"). */
  label: string;
  /** Member ids in model order. */
  members: string[];
}

/** The colour groups of the actors, in palette order (see the module comment). */
export function colourGroups(actors: readonly Colourable[], colorBy: ColorBy): ColourGroup[] {
  const byKey = new Map<string, { first: number; members: Colourable[] }>();
  actors.forEach((actor, index) => {
    const key = colorBy === 'community' ? `community:${actor.community}` : `kind:${actor.kind}`;
    const group = byKey.get(key);
    if (group === undefined) byKey.set(key, { first: index, members: [actor] });
    else group.members.push(actor);
  });
  const ranked = [...byKey].sort((a, b) => b[1].members.length - a[1].members.length || a[1].first - b[1].first);
  const groups: ColourGroup[] = [];
  const rest: Colourable[] = [];
  ranked.forEach(([key, group], i) => {
    if (i < PALETTE.length) {
      groups.push({
        key,
        color: PALETTE[i],
        label: colorBy === 'community' ? communityLabel(group.members) : kindLabel(group.members[0].kind),
        members: group.members.map((a) => a.id),
      });
    } else {
      rest.push(...group.members);
    }
  });
  if (rest.length > 0) {
    const order = new Map(actors.map((a, i) => [a.id, i]));
    rest.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    const what = colorBy === 'community' ? 'communities' : 'kinds';
    groups.push({ key: 'other', color: OTHER_COLOR, label: `other ${what} (${rest.length} actors)`, members: rest.map((a) => a.id) });
  }
  return groups;
}

/** The colour of each actor id. */
export function colourOf(groups: readonly ColourGroup[]): Map<string, string> {
  const colours = new Map<string, string>();
  for (const group of groups) for (const id of group.members) colours.set(id, group.color);
  return colours;
}

/** The colour groups of a finished layout, as its settings say to colour it. */
export function layoutColourGroups(layout: ActorLayout): ColourGroup[] {
  return colourGroups(layout.nodes, layout.settings.colorBy);
}

/** "BANK" → "Bank", "WORD_OF_MOUTH" → "Word of mouth". */
export function kindLabel(kind: string): string {
  const text = kind.toLowerCase().replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The names of a community's two biggest members (by drawn size, then model order), "+k" for the rest. */
function communityLabel(members: readonly Colourable[]): string {
  const biggest = members
    .map((m, i) => ({ m, i }))
    .sort((a, b) => b.m.size - a.m.size || a.i - b.i)
    .slice(0, 2)
    .map((e) => e.m.name);
  const more = members.length - biggest.length;
  return more > 0 ? `${biggest.join(', ')} +${more}` : biggest.join(', ');
}
