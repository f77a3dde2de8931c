/**
 * Fuzz tests of the CSV reader and writer (src/ingest/csv.ts): tables of awkward strings survive
 * a write and a read, whole or fed in pieces cut anywhere; any text either reads or fails with a
 * BAD_INPUT error that names the line. Case counts and seed: see runs.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, formatCsvField, parseCsv, type CsvRecord } from '../../src/ingest/csv.js';
import { GoalnetError } from '../../src/model/errors.js';
import { awkwardText } from './arbitraries.js';
import { fuzzParameters } from './runs.js';

/**
 * A table to write: rows of 1 to 6 fields. A row of one empty field is left out: it is written
 * as an empty line, which the reader skips by design (README, "blank lines are skipped").
 */
const table = fc
  .array(fc.array(awkwardText(), { minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 8 })
  .map((rows) => rows.filter((row) => !(row.length === 1 && row[0] === '')));

interface Written {
  text: string;
  /** The line on which each row starts, counted from what was written. */
  lines: number[];
}

/** Writes rows with the given line ends (one per row), an optional BOM and final line end. */
function write(rows: string[][], ends: string[], bom: boolean, finalEnd: boolean): Written {
  let text = bom ? '\uFEFF' : '';
  let line = 1;
  const lines: number[] = [];
  rows.forEach((row, i) => {
    lines.push(line);
    const record = row.map(formatCsvField).join(',');
    const end = i < rows.length - 1 || finalEnd ? ends[i % ends.length] : '';
    text += record + end;
    line += (record + end).split('\n').length - 1;
  });
  return { text, lines };
}

/** Reads text pushed to the streaming parser in pieces cut at the given offsets. */
function readInPieces(text: string, cuts: number[], source?: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const parser = new CsvParser((fields, line) => records.push({ fields, line }), { source });
  let from = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)) {
    parser.push(text.slice(from, cut));
    from = cut;
  }
  parser.push(text.slice(from));
  parser.end();
  return records;
}

/** What reading gives: the records, or the error it throws (anything but a GoalnetError fails the test). */
function outcome(read: () => CsvRecord[]): { records: CsvRecord[] } | { error: GoalnetError } {
  try {
    return { records: read() };
  } catch (error) {
    if (!(error instanceof GoalnetError)) throw error;
    return { error };
  }
}

const lineEnds = fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 1, maxLength: 3 });
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('CSV reader and writer, fuzzed', () => {
  it('reads back every table it writes, with the line each row starts on', () => {
    fc.assert(
      fc.property(table, lineEnds, fc.boolean(), fc.boolean(), (rows, ends, bom, finalEnd) => {
        const { text, lines } = write(rows, ends, bom, finalEnd);
        const records = parseCsv(text);
        expect(records.map((r) => r.fields)).toEqual(rows);
        expect(records.map((r) => r.line)).toEqual(lines);
      }),
      fuzzParameters(),
    );
  });

  it('reads the same records when the text arrives in pieces cut anywhere (inside CRLF, quotes, surrogate pairs)', () => {
    fc.assert(
      fc.property(table, lineEnds, fc.boolean(), fc.boolean(), cuts, (rows, ends, bom, finalEnd, at) => {
        const { text, lines } = write(rows, ends, bom, finalEnd);
        const records = readInPieces(text, at);
        expect(records.map((r) => r.fields)).toEqual(rows);
        expect(records.map((r) => r.line)).toEqual(lines);
      }),
      fuzzParameters(),
    );
  });

  it('any text reads, or fails with BAD_INPUT naming a line; whole and in pieces alike', () => {
    const garbage = fc.oneof(awkwardText({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }));
    fc.assert(
      fc.property(garbage, cuts, (text, at) => {
        const whole = outcome(() => parseCsv(text, { source: 'in.csv' }));
        if ('error' in whole) {
          expect(whole.error.code).toBe('BAD_INPUT');
          expect(whole.error.problems.length).toBeGreaterThan(0);
          for (const p of whole.error.problems) {
            expect(p.where).toMatch(/^in\.csv:\d+$/);
            const line = Number(p.where.slice('in.csv:'.length));
            expect(line).toBeGreaterThanOrEqual(1);
            expect(line).toBeLessThanOrEqual(text.split('\n').length);
            expect(p.message).not.toBe('');
          }
        } else {
          for (const r of whole.records) {
            expect(r.fields.length).toBeGreaterThan(0);
            expect(Number.isInteger(r.line) && r.line >= 1 && r.line <= text.split('\n').length).toBe(true);
          }
          // Nothing is lost: the fields hold every character of the input but the separators,
          // quotes and line ends (a BOM at the start is dropped).
          const kept = whole.records.flatMap((r) => r.fields).join('');
          const strip = (s: string) => s.replace(/[",\r\n]/g, '');
          expect(strip(kept)).toBe(strip(text.replace(/^\uFEFF/, '')));
        }
        const pieces = outcome(() => readInPieces(text, at, 'in.csv'));
        if ('error' in whole) {
          expect('error' in pieces && pieces.error.problems).toEqual(whole.error.problems);
        } else {
          expect(pieces).toEqual(whole);
        }
      }),
      fuzzParameters(),
    );
  });
});
