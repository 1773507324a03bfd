// Short ASCII strings read from JSON bytes, made once per load. A dbt manifest repeats the same few
// strings hundreds of thousands of times (column names, data types, "table", "", package names, ids
// that come back in depends_on): of 700,000 strings the asset graph reads from 10,000 models, 70,000
// differ. Making a string costs a native call (~150 ns here); finding it again costs a hash and a
// byte compare.
import { sameRanges } from './json-words';

/** Longer strings are made each time: they rarely repeat, and comparing them costs what making does. */
export const CACHED_MAX_LENGTH = 96;
const SLOTS = 8192;

/** One cache per source buffer: a slot remembers where in the source its string was read. */
export class StringCache {
  // Direct-mapped: a slot holds the last string that hashed to it.
  private readonly strings: (string | undefined)[] = new Array<string | undefined>(SLOTS);
  private readonly hashes = new Int32Array(SLOTS);
  private readonly starts = new Int32Array(SLOTS);

  constructor(
    private readonly source: Buffer,
    /** The same bytes as int32 words (json-words.ts). */
    private readonly words: DataView,
  ) {}

  /**
   * The text of source[start, end), all ASCII without escapes (the caller checked), whose bytes
   * hash to `hash` (see hashByte and hashWord).
   */
  get(start: number, end: number, hash: number): string {
    const source = this.source;
    // The hash's high bits folded in: a word's last bytes only reach those (hashWord).
    const slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    const cached = this.strings[slot];
    const length = end - start;
    if (cached !== undefined && this.hashes[slot] === hash && cached.length === length) {
      // The bytes it was read from, compared with these.
      if (sameRanges(source, this.words, this.starts[slot] ?? 0, start, length)) return cached;
    }
    // A copy of its own (never a slice of a bigger string, which would keep all of that alive).
    const made = source.toString('latin1', start, end);
    this.strings[slot] = made;
    this.hashes[slot] = hash;
    this.starts[slot] = start;
    return made;
  }
}

/** The running hash of a string's bytes, one byte at a time (the hash json-prune.ts gives keys). */
export function hashByte(hash: number, byte: number): number {
  return (Math.imul(hash, 31) + byte) & 0x3fffffff;
}

/** The running hash, four bytes (read as one int32) at a time. */
export function hashWord(hash: number, word: number): number {
  return Math.imul(hash ^ word, 0x9e3779b1);
}
