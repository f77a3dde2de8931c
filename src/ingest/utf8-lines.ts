/**
 * Reading a UTF-8 file as text, handed over in pieces that end at line ends.
 *
 * The text is the same as decoding the whole file at once (invalid bytes become U+FFFD, a
 * byte-order mark is kept for the reader to drop). What differs is how the pieces are built:
 * runs of lines that are plain ASCII become one-byte strings (decoded as Latin-1, which is exact
 * for ASCII), and only the lines holding other bytes are decoded as UTF-8. JavaScript engines
 * keep a string with any character above U+00FF in two bytes per character, and everything cut
 * from it (every CSV field) inherits that; a single curly apostrophe in a 1 MiB chunk would make
 * the whole chunk, and every field of it, twice as large and slower to search, hash and compare.
 *
 * Pieces are cut only after a LF byte, which never occurs inside a multi-byte UTF-8 sequence, so
 * no character is ever split between pieces.
 */
import type { FileHandle } from 'node:fs/promises';

const CHUNK_BYTES = 1 << 20;
const LF = 10;
/** The high bit of each byte of a 32-bit word: set in any byte that is not ASCII. */
const HIGH_BITS = 0x80808080 | 0;

/**
 * Reads the file behind `handle` from its current position to the end, calling `sink` with the
 * text in order, and `onRead` after each read with the bytes read so far.
 */
export async function readUtf8Lines(
  handle: FileHandle,
  sink: (text: string) => void,
  onRead?: (bytesRead: number) => void,
): Promise<void> {
  // Its own memory (offset 0), so that it can also be read as 32-bit words.
  let buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  let words = new Int32Array(buffer.buffer, 0, buffer.length >> 2);
  /** Bytes at the start of `buffer` after the last line end seen: an unfinished line. */
  let carry = 0;
  let bytesRead = 0;
  for (;;) {
    if (carry === buffer.length) {
      // A line longer than the buffer: make room for more of it.
      const grown = Buffer.allocUnsafeSlow(buffer.length * 2);
      buffer.copy(grown, 0, 0, carry);
      buffer = grown;
      words = new Int32Array(buffer.buffer, 0, buffer.length >> 2);
    }
    const { bytesRead: n } = await handle.read(buffer, carry, buffer.length - carry, null);
    if (n === 0) break;
    bytesRead += n;
    const filled = carry + n;
    const lastLF = buffer.lastIndexOf(LF, filled - 1);
    if (lastLF === -1) carry = filled;
    else {
      decodeLines(buffer, words, lastLF + 1, sink);
      carry = filled - lastLF - 1;
      buffer.copy(buffer, 0, lastLF + 1, filled);
    }
    onRead?.(bytesRead);
  }
  if (carry > 0) decodeLines(buffer, words, carry, sink);
}

/**
 * Hands `bytes[0, end)` to `sink` as text: each run of ASCII lines as one piece, and each run of
 * lines holding other bytes as one piece.
 */
function decodeLines(bytes: Buffer, words: Int32Array, end: number, sink: (text: string) => void): void {
  let start = 0;
  let at = nonAscii(bytes, words, 0, end);
  while (at !== -1) {
    const lineStart = bytes.lastIndexOf(LF, at) + 1;
    if (lineStart > start) sink(bytes.toString('latin1', start, lineStart));
    let next = lineEnd(bytes, at, end);
    // The following lines join this piece while each holds a byte that is not ASCII too.
    at = nonAscii(bytes, words, next, end);
    while (at !== -1 && bytes.lastIndexOf(LF, at) < next) {
      next = lineEnd(bytes, at, end);
      at = nonAscii(bytes, words, next, end);
    }
    sink(bytes.toString('utf8', lineStart, next));
    start = next;
  }
  if (start < end) sink(bytes.toString('latin1', start, end));
}

/** The position after the line end that follows `at`, or `end` when there is none before it. */
function lineEnd(bytes: Buffer, at: number, end: number): number {
  const lf = bytes.indexOf(LF, at);
  return lf === -1 || lf >= end ? end : lf + 1;
}

/** The position of the first byte from `from` to `end` that is not ASCII, or -1. */
function nonAscii(bytes: Buffer, words: Int32Array, from: number, end: number): number {
  let i = from;
  while ((i & 3) !== 0) {
    if (i >= end) return -1;
    if (bytes[i] >= 0x80) return i;
    i++;
  }
  // Four bytes at a time (from a word boundary) while whole words remain.
  let w = i >> 2;
  const lastWord = end >> 2;
  while (w < lastWord && (words[w] & HIGH_BITS) === 0) w++;
  for (i = w << 2; i < end; i++) if (bytes[i] >= 0x80) return i;
  return -1;
}
