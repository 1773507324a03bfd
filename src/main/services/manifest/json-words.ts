// JSON text read four bytes at a time. Most of a manifest's bytes are the insides of strings, and a
// byte-by-byte loop pays a load, a table lookup and a branch for each. An int32 read through a
// DataView (inlined by V8's optimizing compiler) and a few bit operations tell at once whether any of
// four bytes needs a closer look: a `"`, a `\`, a control character or a byte of a multi-byte
// UTF-8 character. Where one does, the byte-by-byte loop takes over, so the result is the same.

const LOW_BITS = 0x01010101;
const HIGH_BITS = 0x80808080;
const QUOTES = 0x22222222;
const BACKSLASHES = 0x5c5c5c5c;
const SPACES = 0x20202020;

/** A view for reading `bytes` as int32 words (little-endian: x86's and ARM's own order). */
export function wordView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Nonzero when a byte of `x` is zero (exact: no zero byte, no bit set). */
function zeroByteIn(x: number): number {
  return (x - LOW_BITS) & ~x & HIGH_BITS;
}

/** Whether one of the four bytes of `word` is a `"` or a `\`. */
export function quoteOrBackslashIn(word: number): boolean {
  return (zeroByteIn(word ^ QUOTES) | zeroByteIn(word ^ BACKSLASHES)) !== 0;
}

/**
 * Whether all four bytes of `word` are plain in a JSON string: 0x20–0x7f, and neither `"` nor `\`.
 * (With no byte of 0x80 or above, `word - 0x20202020` borrows into a byte's top bit exactly where
 * that byte is below 0x20.)
 */
export function plainWord(word: number): boolean {
  return (
    ((word & HIGH_BITS) |
      ((word - SPACES) & ~word & HIGH_BITS) |
      zeroByteIn(word ^ QUOTES) |
      zeroByteIn(word ^ BACKSLASHES)) ===
    0
  );
}

/**
 * Whether source[a, a + length) and source[b, b + length) hold the same bytes, both ranges inside
 * the source; `words` views the same bytes. Most of them are compared four at a time.
 */
export function sameRanges(
  source: Uint8Array,
  words: DataView,
  a: number,
  b: number,
  length: number,
): boolean {
  let i = 0;
  for (; i + 4 <= length; i += 4)
    if (words.getInt32(a + i, true) !== words.getInt32(b + i, true)) return false;
  for (; i < length; i += 1) if (source[a + i] !== source[b + i]) return false;
  return true;
}
