/**
 * `goalnet layout MODEL [--events LOG] --out FILE.(gexf|graphml|json|svg|png) [--iterations N]
 * [--seed N] [--size-by MEASURE] [--color-by community|kind]`: lays out the actor network with
 * ForceAtlas2 and writes it in the format its extension names.
 */
import { GoalNetwork } from '../graph/goal-network.js';
import { layoutActorNetwork, writeLayout, SIZE_MEASURES, COLOR_BYS, layoutFormatOf } from '../viz/index.js';
import type { ColorBy, SizeMeasure } from '../viz/types.js';
import { isOneOf } from '../model/vocabulary.js';
import { progressBar } from './progress.js';
import { UsageError, openTarget, parsePositiveInt, requireArg, type Output } from './context.js';

export const layoutOptions = {
  events: { type: 'string' },
  rejects: { type: 'string' },
  out: { type: 'string' },
  iterations: { type: 'string' },
  seed: { type: 'string' },
  'size-by': { type: 'string' },
  'color-by': { type: 'string' },
} as const;

export interface LayoutFlags {
  events?: string;
  rejects?: string;
  out?: string;
  iterations?: string;
  seed?: string;
  'size-by'?: string;
  'color-by'?: string;
}

export async function layoutCommand(modelArg: string | undefined, flags: LayoutFlags, io: Output): Promise<number> {
  const out = requireArg(flags.out, '--out FILE.(gexf|graphml|json|svg|png)');
  try {
    layoutFormatOf(out);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const sizeBy = flags['size-by'];
  if (sizeBy !== undefined && !isOneOf(SIZE_MEASURES, sizeBy)) {
    throw new UsageError(`--size-by takes one of ${SIZE_MEASURES.join(', ')}, not "${sizeBy}"`);
  }
  const colorBy = flags['color-by'];
  if (colorBy !== undefined && !isOneOf(COLOR_BYS, colorBy)) {
    throw new UsageError(`--color-by takes one of ${COLOR_BYS.join(', ')}, not "${colorBy}"`);
  }
  const seed = flags.seed === undefined ? undefined : Number(flags.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed takes a whole number, not "${flags.seed}"`);
  const iterations = parsePositiveInt(flags.iterations, '--iterations');

  const target = await openTarget(requireArg(modelArg, 'MODEL: a model file or stored model id'), flags, io);
  try {
    const network = new GoalNetwork(target.doc);
    const stats = await target.store.journeyStats(target.doc.model.id);
    const bar = progressBar('laying out');
    const layout = layoutActorNetwork(network, stats, {
      iterations,
      seed,
      sizeBy: sizeBy as SizeMeasure | undefined,
      colorBy: colorBy as ColorBy | undefined,
      onProgress: (done, total) => bar.update(done, total, `${done}/${total} iterations`),
    });
    bar.finish();
    await writeLayout(layout, out);
    io.out(
      `Wrote ${out}: ${layout.nodes.length} actors, ${layout.edges.length} ties, ${layout.communities} communities ` +
        `(${layout.settings.iterations} iterations, seed ${layout.settings.seed}).`,
    );
    return target.rejected === 0 ? 0 : 1;
  } finally {
    await target.store.close();
  }
}
