/**
 * Reading a file as text in pieces: the pieces, joined, are exactly the file decoded at once,
 * wherever the reads end (inside a multi-byte character, inside a line longer than a read), and
 * only the last piece may end without a line end.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readUtf8Lines } from '../src/ingest/utf8-lines.js';

const tmp = mkdtempSync(join(tmpdir(), 'goalnet-utf8-lines-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const MIB = 1 << 20;

async function readPieces(bytes: Buffer): Promise<{ pieces: string[]; progress: number[] }> {
  const path = join(tmp, 'file.txt');
  writeFileSync(path, bytes);
  const handle = await open(path, 'r');
  const pieces: string[] = [];
  const progress: number[] = [];
  try {
    await readUtf8Lines(handle, (text) => pieces.push(text), (n) => progress.push(n));
  } finally {
    await handle.close();
  }
  return { pieces, progress };
}

async function expectSameText(bytes: Buffer): Promise<string[]> {
  const { pieces, progress } = await readPieces(bytes);
  expect(pieces.join('')).toBe(bytes.toString('utf8'));
  expect(pieces.slice(0, -1).filter((piece) => !piece.endsWith('\n'))).toEqual([]);
  expect(pieces.filter((piece) => piece.length === 0)).toEqual([]);
  if (bytes.length > 0) expect(progress.at(-1)).toBe(bytes.length);
  return pieces;
}

describe('readUtf8Lines', () => {
  it('reads an empty file as no text', async () => {
    expect((await readPieces(Buffer.alloc(0))).pieces).toEqual([]);
  });

  it('gives runs of ASCII lines and runs of lines with other characters as separate pieces', async () => {
    const text = 'a,b\nc,d\n“quoted” e\nf\ng’s\nå\nö,1\nh';
    const pieces = await expectSameText(Buffer.from(text, 'utf8'));
    expect(pieces).toEqual(['a,b\nc,d\n', '“quoted” e\n', 'f\n', 'g’s\nå\nö,1\n', 'h']);
    expect(await expectSameText(Buffer.from('é\nx', 'utf8'))).toEqual(['é\n', 'x']);
    expect(await expectSameText(Buffer.from('x\né', 'utf8'))).toEqual(['x\n', 'é']);
  });

  it('keeps a byte-order mark and a last line without a line end', async () => {
    await expectSameText(Buffer.from('\uFEFFjourney,note\nj1,Grüße\r\nj2,plain', 'utf8'));
  });

  it('decodes broken UTF-8 as decoding the whole file does (replacement characters)', async () => {
    await expectSameText(Buffer.from([0x61, 0xe2, 0x80, 0x0a, 0xff, 0x62, 0x0a, 0xc3, 0x0a, 0x63, 0xf0, 0x9f, 0x98]));
  });

  it('never splits a character when a read ends inside it', async () => {
    // Put a four-byte character (and a two-byte one) across the end of the first read, in a
    // line that starts well before it.
    for (const offset of [-3, -2, -1, 0, 1]) {
      const head = 'x'.repeat(MIB - 100) + '\n' + 'y'.repeat(99 + offset);
      const bytes = Buffer.from(head + '😀é tail\n' + 'z,1\n'.repeat(1000) + 'ä', 'utf8');
      await expectSameText(bytes);
    }
  });

  it('reads a line longer than a read, ASCII or not', async () => {
    await expectSameText(Buffer.from('a'.repeat(3 * MIB + 5) + '\nb\n', 'utf8'));
    await expectSameText(Buffer.from('short\n' + 'ö'.repeat(MIB + 7) + '\n' + 'c'.repeat(2 * MIB) + 'ø', 'utf8'));
  });

  it('matches the whole-file decoding for mixed text of many lines', async () => {
    const words = ['plain', 'Grüße', '“curly”', 'naïve', '😀', 'x', '', '"quo,ted"', 'tab\there', 'crlf\r'];
    const lines: string[] = [];
    for (let i = 0; i < 60_000; i++) lines.push(`${i},${words[i % words.length]},${words[(i * 7) % words.length]}`);
    await expectSameText(Buffer.from(lines.join('\n'), 'utf8'));
  });
});
