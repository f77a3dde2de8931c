/**
 * A streaming RFC 4180 CSV reader and a small CSV writer.
 *
 * Reading rules (exact):
 * - Fields are separated by `,`; records end at LF or CRLF. A CR directly before the LF that ends
 *   a record is not part of the last field; a CR anywhere else is ordinary text. A lone CR is not a
 *   line end (old Mac files read as one line).
 * - A field that starts with `"` is quoted: it runs to the next `"` that is not doubled, and may
 *   hold commas, line breaks (kept exactly as written, CRLF included) and quotes written as `""`.
 *   Text between a closing quote and the next separator is appended to the field as written (what
 *   spreadsheet programs do with `"abc"def`). A `"` inside an unquoted field is ordinary text.
 * - A UTF-8 byte-order mark at the very start is removed.
 * - A line with nothing on it (or only `""`) is skipped; it still counts for line numbers.
 *   Whitespace around fields is kept.
 * - Each record reports the 1-based line on which it starts, counting LF characters: the line a
 *   person sees in an editor.
 * - A quoted field still open at the end of the input is an error naming the line where the
 *   field began.
 *
 * Speed: the parser jumps between separators with `indexOf` rather than looking at every
 * character, and only text up to the last line end of each chunk is parsed, so a record is never
 * parsed twice and a field that spans chunks is joined once.
 */
import { badInput } from '../model/errors.js';

/** Receives each record: its fields, and the 1-based line on which it starts. */
export type CsvRecordSink = (fields: string[], line: number) => void;

export interface CsvRecord {
  fields: string[];
  line: number;
}

export interface CsvParserOptions {
  /** Names the input in error messages (a file path); default `CSV input`. */
  source?: string;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const BOM = 0xfeff;
/** Stands for "no separator ahead" in the scan; larger than any string index. */
const NONE = 0x7fffffff;

/**
 * Push-style CSV parser: feed it chunks of text with {@link CsvParser.push} in order, then call
 * {@link CsvParser.end}. Records are handed to the sink as soon as they are complete.
 */
export class CsvParser {
  private readonly sink: CsvRecordSink;
  private readonly source: string;
  /** Text after the last line end seen so far: the start of a record not yet complete. */
  private carry = '';
  /** Line number of the first character of `carry` (or of the next chunk). */
  private line = 1;
  private started = false;
  /** Set when the text parsed so far ended inside a quoted field: the record's fields so far. */
  private openFields: string[] | null = null;
  private openRecordLine = 0;
  /** Content of the quoted field being read, and the line where it began. */
  private quoted = '';
  private quotedLine = 0;

  constructor(sink: CsvRecordSink, options: CsvParserOptions = {}) {
    this.sink = sink;
    this.source = options.source ?? 'CSV input';
  }

  /** Parses the next chunk of text; records completed by it go to the sink. */
  push(chunk: string): void {
    if (chunk.length === 0) return;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === BOM) chunk = chunk.slice(1);
    }
    const lastLF = chunk.lastIndexOf('\n');
    if (lastLF === -1) {
      this.carry += chunk;
      return;
    }
    const text = this.carry.length === 0 ? chunk : this.carry + chunk;
    const end = this.carry.length + lastLF + 1;
    this.carry = chunk.slice(lastLF + 1);
    this.parse(text, end, false);
  }

  /** Parses what is left; throws when a quoted field was never closed. */
  end(): void {
    const text = this.carry;
    this.carry = '';
    if (text.length > 0 || this.openFields !== null) this.parse(text, text.length, true);
  }

  /**
   * Parses `text` up to `end`. Unless `eof`, `text[end - 1]` is a LF, so every record either ends
   * before `end` or continues inside a quoted field (which is then kept open for the next call).
   */
  private parse(text: string, end: number, eof: boolean): void {
    const sink = this.sink;
    let pos = 0;
    let line = this.line;
    let nextComma = -1;
    let nextLF = -1;
    let fields: string[] = this.openFields ?? [];
    let recordLine = this.openRecordLine;
    let resume = this.openFields !== null;
    this.openFields = null;

    for (;;) {
      if (!resume) {
        if (pos >= end) break;
        fields = [];
        recordLine = line;
      }
      // One field per turn of this loop, until the record ends.
      for (;;) {
        let prefix = '';
        if (resume || text.charCodeAt(pos) === QUOTE) {
          let from: number;
          if (resume) {
            resume = false;
            from = pos;
          } else {
            this.quoted = '';
            this.quotedLine = line;
            from = pos + 1;
          }
          for (;;) {
            const q = text.indexOf('"', from);
            if (q === -1 || q >= end) {
              if (eof) throw this.unterminated();
              // The quoted field continues in the next chunk.
              line += countLF(text, from, end);
              this.quoted += text.slice(from, end);
              this.openFields = fields;
              this.openRecordLine = recordLine;
              this.line = line;
              return;
            }
            line += countLF(text, from, q);
            this.quoted += text.slice(from, q);
            if (q + 1 < end && text.charCodeAt(q + 1) === QUOTE) {
              this.quoted += '"';
              from = q + 2;
              continue;
            }
            pos = q + 1;
            break;
          }
          const after = pos < end ? text.charCodeAt(pos) : LF;
          if (after === COMMA) {
            fields.push(this.quoted);
            pos++;
            continue;
          }
          if (after === LF) {
            fields.push(this.quoted);
            if (pos < end) line++;
            pos++;
            break;
          }
          if (after === CR && (pos + 1 === end || text.charCodeAt(pos + 1) === LF)) {
            fields.push(this.quoted);
            if (pos + 1 < end) line++;
            pos += 2;
            break;
          }
          // Text after the closing quote: keep it, as spreadsheets do.
          prefix = this.quoted;
        }
        if (nextComma < pos) {
          nextComma = text.indexOf(',', pos);
          if (nextComma === -1) nextComma = NONE;
        }
        if (nextLF < pos) {
          nextLF = text.indexOf('\n', pos);
          if (nextLF === -1 || nextLF >= end) nextLF = end;
        }
        if (nextComma < nextLF) {
          const field = text.slice(pos, nextComma);
          // Almost every field is unquoted: no prefix, and no string joining for it.
          fields.push(prefix === '' ? field : prefix + field);
          pos = nextComma + 1;
          continue;
        }
        let fieldEnd = nextLF;
        if (fieldEnd > pos && text.charCodeAt(fieldEnd - 1) === CR) fieldEnd--;
        const field = text.slice(pos, fieldEnd);
        fields.push(prefix === '' ? field : prefix + field);
        if (nextLF < end) line++;
        pos = nextLF + 1;
        break;
      }
      if (fields.length > 1 || fields[0].length > 0) sink(fields, recordLine);
    }
    this.line = line;
  }

  private unterminated(): Error {
    const where = `${this.source}:${this.quotedLine}`;
    const message =
      'a quoted field starts here but its closing quote (") is never found: close the quote, ' +
      'or write each quote inside a quoted field twice ("")';
    return badInput(`${this.source}: a quoted field is never closed`, [{ where, message }]);
  }
}

function countLF(text: string, from: number, to: number): number {
  let n = 0;
  let i = text.indexOf('\n', from);
  while (i !== -1 && i < to) {
    n++;
    i = text.indexOf('\n', i + 1);
  }
  return n;
}

/** Parses a whole CSV text at once (same rules as {@link CsvParser}). */
export function parseCsv(text: string, options: CsvParserOptions = {}): CsvRecord[] {
  const records: CsvRecord[] = [];
  const parser = new CsvParser((fields, line) => records.push({ fields, line }), options);
  parser.push(text);
  parser.end();
  return records;
}

/** A leading BOM needs quotes too: a reader drops one at the start of the text. */
const NEEDS_QUOTES = /[",\r\n]|^\uFEFF/;

/** One field as CSV: quoted (with quotes doubled) when it holds a comma, quote or line break, or starts with a BOM. */
export function formatCsvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record as a CSV line, without the line end. */
export function formatCsvRecord(fields: readonly string[]): string {
  return fields.map(formatCsvField).join(',');
}
