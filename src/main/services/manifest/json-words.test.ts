// The four-bytes-at-a-time tests (json-words.ts) against their byte-by-byte definitions: every byte
// value at every place in a word, beside plain bytes and beside each other special byte.
import { describe, expect, it } from 'vitest';
import { plainWord, quoteOrBackslashIn, sameRanges, wordView } from './json-words';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isPlain(byte: number): boolean {
  return byte >= 0x20 && byte < 0x80 && byte !== QUOTE && byte !== BACKSLASH;
}

/** The int32 word of these four bytes, as the decoder reads it (little-endian). */
function wordOf(bytes: readonly number[]): number {
  return wordView(Uint8Array.from(bytes)).getInt32(0, true);
}

describe('JSON text four bytes at a time', () => {
  it('finds a quote or a backslash at any place, and nothing else', () => {
    let checked = 0;
    for (const filler of [0x00, 0x21, 0x23, 0x5b, 0x5d, 0x61, 0x7f, 0x80, 0xff])
      for (let place = 0; place < 4; place += 1)
        for (let byte = 0; byte < 256; byte += 1) {
          const bytes = [filler, filler, filler, filler];
          bytes[place] = byte;
          const expected = bytes.some((b) => b === QUOTE || b === BACKSLASH);
          expect(quoteOrBackslashIn(wordOf(bytes)), JSON.stringify(bytes)).toBe(expected);
          checked += 1;
        }
    expect(checked).toBe(9 * 4 * 256);
  });

  it('calls a word plain only when all four bytes are plain string bytes', () => {
    let plain = 0;
    for (const filler of [0x20, 0x21, 0x41, 0x7e, 0x7f, 0x1f, 0x80])
      for (let place = 0; place < 4; place += 1)
        for (let byte = 0; byte < 256; byte += 1) {
          const bytes = [filler, filler, filler, filler];
          bytes[place] = byte;
          const expected = bytes.every(isPlain);
          expect(plainWord(wordOf(bytes)), JSON.stringify(bytes)).toBe(expected);
          if (expected) plain += 1;
        }
    expect(plain).toBeGreaterThan(0);
  });

  it('agrees with the byte-by-byte test on random words', () => {
    let seed = 7;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 24;
    };
    // Half the bytes drawn from around the special values, where a borrow could go wrong.
    const near = [0x00, 0x01, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7f, 0x80, 0xff];
    for (let i = 0; i < 20_000; i += 1) {
      const bytes = [0, 1, 2, 3].map(() =>
        next() & 1 ? next() : (near[next() % near.length] ?? 0),
      );
      const word = wordOf(bytes);
      expect(plainWord(word)).toBe(bytes.every(isPlain));
      expect(quoteOrBackslashIn(word)).toBe(bytes.some((b) => b === QUOTE || b === BACKSLASH));
    }
  });

  it('compares two ranges of the source byte for byte, whatever their length and offsets', () => {
    const source = Buffer.from(
      'abcdefghij abcdefghij abcdefgHij xbcdefghij abcdefghiJ ...',
      'latin1',
    );
    const words = wordView(source);
    for (let length = 0; length <= 10; length += 1)
      for (const b of [11, 22, 33, 44])
        for (let shift = 0; shift < 3; shift += 1) {
          const expected =
            source.compare(source, b + shift, b + shift + length, shift, shift + length) === 0;
          expect(
            sameRanges(source, words, shift, b + shift, length),
            `${length} ${b} ${shift}`,
          ).toBe(expected);
        }
    // A view of part of a bigger buffer (a pooled Buffer has a byteOffset).
    const part = source.subarray(11, 33);
    expect(sameRanges(part, wordView(part), 0, 11, 10)).toBe(false);
    expect(sameRanges(part, wordView(part), 0, 11, 7)).toBe(true);
  });
});
