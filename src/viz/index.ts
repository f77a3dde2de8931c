/** The actor-network layout and its exports (see layout.ts and export/index.ts). */
export type { ActorLayout, ColorBy, LayoutEdge, LayoutNode, LayoutOptions, SizeMeasure } from './types.js';
export {
  layoutActorNetwork,
  layoutFromGraph,
  resolveLayoutOptions,
  LAYOUT_DEFAULTS,
  SIZE_MEASURES,
  COLOR_BYS,
  type GraphLayout,
  type GraphLayoutOptions,
} from './layout.js';
export { PALETTE, OTHER_COLOR, colourGroups, layoutColourGroups, type ColourGroup } from './palette.js';
export { syntheticActorNetwork, type SyntheticOptions } from './synthetic.js';
export * from './export/index.js';
