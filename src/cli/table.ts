/** Plain-text tables for the terminal, and CSV for scripts. */
import { formatCsvField } from '../ingest/csv.js';

export type Cell = string | number | boolean | null | undefined;

export interface Column<T> {
  header: string;
  value: (row: T) => Cell;
  /** Right-align (numbers are right-aligned by default). */
  align?: 'left' | 'right';
}

export function formatCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(3);
  }
  return String(value);
}

export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const text = cells.map((r) => r.map(formatCell));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...text.map((r) => r[i].length)));
  const alignOf = (i: number): 'left' | 'right' =>
    columns[i].align ?? (cells.length > 0 && cells.every((r) => typeof r[i] === 'number' || r[i] == null) ? 'right' : 'left');
  const pad = (s: string, i: number) => (alignOf(i) === 'right' ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const lines = [
    columns.map((c, i) => pad(c.header, i)).join('  ').trimEnd(),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...text.map((r) => r.map((s, i) => pad(s, i)).join('  ').trimEnd()),
  ];
  return lines.join('\n');
}

export function csvField(value: Cell): string {
  const s = value === null || value === undefined ? '' : typeof value === 'number' && !Number.isFinite(value) ? '' : String(value);
  return formatCsvField(s);
}

export function renderCsv<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))).join(','));
  return lines.join('\n') + '\n';
}
