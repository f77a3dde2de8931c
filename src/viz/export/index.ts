/**
 * The layout's exports, and `writeLayout` choosing one by the file's extension:
 *   .gexf → Gephi (GEXF 1.2 with viz positions, sizes, colours)   .graphml → GraphML
 *   .json → a serialised graphology graph for sigma.js v3         .svg → a static picture
 *   .png  → the same picture through rsvg-convert (when installed)
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { badInput } from '../../model/errors.js';
import type { ActorLayout } from '../types.js';
import { toGexf } from './gexf.js';
import { toGraphml } from './graphml.js';
import { svgToPng } from './png.js';
import { toSigmaJson } from './sigma.js';
import { toSvg, type SvgOptions } from './svg.js';

export { toGexf } from './gexf.js';
export { toGraphml } from './graphml.js';
export { toSigmaJson, type SigmaGraph, type SigmaNodeAttributes, type SigmaEdgeAttributes, type SigmaGraphAttributes } from './sigma.js';
export { toSvg, type SvgOptions } from './svg.js';
export { svgToPng, findRsvgConvert } from './png.js';

export const LAYOUT_FORMATS = ['.gexf', '.graphml', '.json', '.svg', '.png'] as const;
export type LayoutFormat = (typeof LAYOUT_FORMATS)[number];

/** The format a file name asks for, by its extension (case-insensitive); throws BAD_INPUT for any other. */
export function layoutFormatOf(file: string): LayoutFormat {
  const ext = path.extname(file).toLowerCase();
  if ((LAYOUT_FORMATS as readonly string[]).includes(ext)) return ext as LayoutFormat;
  throw badInput(
    `Cannot write the layout to ${file}: ${ext === '' ? 'the file name has no extension' : `unknown extension "${ext}"`}. ` +
      `Use one of ${LAYOUT_FORMATS.join(', ')} (.json is for sigma.js).`,
    [{ where: 'out', message: `expected a file name ending in ${LAYOUT_FORMATS.join(', ')}` }],
  );
}

/** Writes the layout to `file` in the format its extension names (see layoutFormatOf). */
export async function writeLayout(layout: ActorLayout, file: string, options: { svg?: SvgOptions } = {}): Promise<void> {
  const format = layoutFormatOf(file);
  switch (format) {
    case '.gexf':
      return writeFile(file, toGexf(layout), 'utf8');
    case '.graphml':
      return writeFile(file, toGraphml(layout), 'utf8');
    case '.json':
      return writeFile(file, `${JSON.stringify(toSigmaJson(layout), null, 2)}\n`, 'utf8');
    case '.svg':
      return writeFile(file, toSvg(layout, options.svg), 'utf8');
    case '.png':
      return svgToPng(toSvg(layout, options.svg), file);
  }
}
