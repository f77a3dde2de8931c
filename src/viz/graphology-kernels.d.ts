/**
 * Types for the two iteration kernels kernel.ts drives directly. Both packages ship them as
 * plain CommonJS files without declarations; the shapes below are those of
 * graphology-layout-forceatlas2 0.10 and graphology-layout-noverlap 0.4. (Internal to src/viz:
 * no exported type refers to these modules.)
 */
declare module 'graphology-layout-forceatlas2/iterate.js' {
  /**
   * One iteration over the flat matrices: nodes hold 10 floats each (x, y, dx, dy, old dx, old dy,
   * mass, convergence, size, fixed), edges 3 (source offset, target offset, weight), where an
   * offset is the node's index times 10. Moves x and y in place.
   */
  const iterate: (
    settings: {
      linLogMode: boolean;
      outboundAttractionDistribution: boolean;
      adjustSizes: boolean;
      edgeWeightInfluence: number;
      scalingRatio: number;
      strongGravityMode: boolean;
      gravity: number;
      slowDown: number;
      barnesHutOptimize: boolean;
      barnesHutTheta: number;
    },
    nodes: Float32Array,
    edges: Float32Array,
  ) => unknown;
  export default iterate;
}

declare module 'graphology-layout-noverlap/iterate.js' {
  /**
   * One iteration over a flat matrix of 3 floats per node (x, y, size). `converged` is true when
   * no two nodes were closer than size₁·ratio + margin + size₂·ratio + margin at its start.
   */
  const iterate: (
    settings: { gridSize: number; margin: number; expansion: number; ratio: number; speed: number },
    nodes: Float32Array,
  ) => { converged: boolean };
  export default iterate;
}
