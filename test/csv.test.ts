import { describe, expect, it } from 'vitest';
import { CsvParser, formatCsvField, formatCsvRecord, parseCsv, type CsvRecord } from '../src/ingest/csv.js';
import { GoalnetError } from '../src/model/errors.js';

/** Parses `text` fed to the parser in the given pieces. */
function parsePieces(pieces: string[]): CsvRecord[] {
  const records: CsvRecord[] = [];
  const parser = new CsvParser((fields, line) => records.push({ fields, line }));
  for (const p of pieces) parser.push(p);
  parser.end();
  return records;
}

const TRICKY =
  '\uFEFFid,note,n\r\n' +
  '1,"a, b",x\r\n' +
  '2,"say ""hi""\r\nand bye",y\r\n' +
  '\r\n' +
  '3,,"z"\n' +
  '4,"",\n' +
  '5,"multi\n\nline","q"\n' +
  '6,plain "quote" inside,last';

const TRICKY_RECORDS: CsvRecord[] = [
  { fields: ['id', 'note', 'n'], line: 1 },
  { fields: ['1', 'a, b', 'x'], line: 2 },
  { fields: ['2', 'say "hi"\r\nand bye', 'y'], line: 3 },
  { fields: ['3', '', 'z'], line: 6 },
  { fields: ['4', '', ''], line: 7 },
  { fields: ['5', 'multi\n\nline', 'q'], line: 8 },
  { fields: ['6', 'plain "quote" inside', 'last'], line: 11 },
];

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and LF, and a BOM', () => {
    expect(parseCsv(TRICKY)).toEqual(TRICKY_RECORDS);
  });

  it('reports the line where each record starts, skipping blank lines', () => {
    const records = parseCsv('a,b\n\n\n1,2\n"x\ny",3\n\n4,5\n');
    expect(records.map((r) => r.line)).toEqual([1, 4, 5, 8]);
  });

  it('keeps empty fields, whitespace and a last line without a line end', () => {
    expect(parseCsv('a,,c,\n  x , y\nlast,one')).toEqual([
      { fields: ['a', '', 'c', ''], line: 1 },
      { fields: ['  x ', ' y'], line: 2 },
      { fields: ['last', 'one'], line: 3 },
    ]);
  });

  it('strips only the CR of a CRLF line end; a CR elsewhere is text', () => {
    expect(parseCsv('a\rb,c\r\n"q"\r\nx\r')).toEqual([
      { fields: ['a\rb', 'c'], line: 1 },
      { fields: ['q'], line: 2 },
      { fields: ['x'], line: 3 },
    ]);
  });

  it('keeps text after a closing quote, as spreadsheets do', () => {
    expect(parseCsv('"abc"def,"x"y\n')[0].fields).toEqual(['abcdef', 'xy']);
  });

  it('returns nothing for empty input, a lone BOM or blank lines', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFF')).toEqual([]);
    expect(parseCsv('\n\r\n\n')).toEqual([]);
  });

  it('names the line where an unclosed quoted field starts', () => {
    const text = 'a,b\n1,2\n3,"never closed\n4,5\n6,7\n';
    let error: unknown;
    try {
      parseCsv(text, { source: 'log.csv' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GoalnetError);
    const g = error as GoalnetError;
    expect(g.code).toBe('BAD_INPUT');
    expect(g.problems[0].where).toBe('log.csv:3');
    expect(g.message).toContain('log.csv:3');
    expect(g.message).toContain('closing quote');
  });

  it('also names the start line when the unclosed field spans chunks', () => {
    const parser = new CsvParser(() => undefined, { source: 'f.csv' });
    parser.push('h\n1\n"open\n');
    parser.push('more\nand more\n');
    expect(() => parser.end()).toThrow(/f\.csv:3/);
  });
});

describe('CsvParser on a stream', () => {
  it('gives the same records wherever the text is cut into chunks', () => {
    for (let i = 0; i <= TRICKY.length; i++) {
      expect(parsePieces([TRICKY.slice(0, i), TRICKY.slice(i)]), `cut at ${i}`).toEqual(TRICKY_RECORDS);
    }
    for (let i = 0; i < TRICKY.length; i++) {
      for (let j = i + 1; j <= TRICKY.length; j += 3) {
        expect(parsePieces([TRICKY.slice(0, i), TRICKY.slice(i, j), TRICKY.slice(j)])).toEqual(TRICKY_RECORDS);
      }
    }
    expect(parsePieces([...TRICKY])).toEqual(TRICKY_RECORDS);
  });

  it('hands records over as soon as their line ends', () => {
    const seen: string[] = [];
    const parser = new CsvParser((fields) => seen.push(fields[0]));
    parser.push('a\nb');
    expect(seen).toEqual(['a']);
    parser.push('\n"c\n');
    expect(seen).toEqual(['a', 'b']);
    parser.push('d"\n');
    expect(seen).toEqual(['a', 'b', 'c\nd']);
    parser.end();
  });

  it('reads a long field arriving in many small chunks without a line end', () => {
    const long = 'x'.repeat(10_000);
    const text = `h1,h2\n${long},"${long}\n${long}"\nlast,row\n`;
    const pieces: string[] = [];
    for (let i = 0; i < text.length; i += 7) pieces.push(text.slice(i, i + 7));
    expect(parsePieces(pieces)).toEqual([
      { fields: ['h1', 'h2'], line: 1 },
      { fields: [long, `${long}\n${long}`], line: 2 },
      { fields: ['last', 'row'], line: 4 },
    ]);
  });
});

describe('formatCsvRecord', () => {
  it('quotes only fields that need it, and reads back to the same fields', () => {
    expect(formatCsvField('plain')).toBe('plain');
    expect(formatCsvField('a,b')).toBe('"a,b"');
    expect(formatCsvField('say "hi"')).toBe('"say ""hi"""');
    const fields = ['1', 'a, b', 'say "hi"\nbye', '', 'x\r\ny'];
    const line = formatCsvRecord(fields);
    expect(parseCsv(line + '\n')).toEqual([{ fields, line: 1 }]);
  });
});
