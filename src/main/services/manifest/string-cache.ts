// Short ASCII strings read from JSON bytes, made once per load. A dbt manifest repeats the same few
// strings hundreds of thousands of times (column names, data types, "table", "", package names, ids
// that come back in depends_on): of 700,000 strings the asset graph reads from 10,000 models, 70,000
// differ. Making a string costs a native call (~150 ns here); finding it again costs a hash and a
// byte compare.

/** Longer strings are made each time: they rarely repeat, and comparing them costs what making does. */
export const CACHED_MAX_LENGTH = 96;
const SLOTS = 8192;

export class StringCache {
  // Direct-mapped: a slot holds the last string that hashed to it.
  private readonly strings: (string | undefined)[] = new Array<string | undefined>(SLOTS);
  private readonly hashes = new Int32Array(SLOTS);

  /**
   * The text of source[start, end), all ASCII without escapes (the caller checked), whose bytes
   * hash to `hash` (see hashByte).
   */
  get(source: Buffer, start: number, end: number, hash: number): string {
    const slot = hash & (SLOTS - 1);
    const cached = this.strings[slot];
    const length = end - start;
    if (cached !== undefined && this.hashes[slot] === hash && cached.length === length) {
      let i = 0;
      while (i < length && cached.charCodeAt(i) === source[start + i]) i += 1;
      if (i === length) return cached;
    }
    // A copy of its own (never a slice of a bigger string, which would keep all of that alive).
    const made = source.toString('latin1', start, end);
    this.strings[slot] = made;
    this.hashes[slot] = hash;
    return made;
  }
}

/** The running hash of a string's bytes, one byte at a time (the hash json-prune.ts gives keys). */
export function hashByte(hash: number, byte: number): number {
  return (Math.imul(hash, 31) + byte) & 0x3fffffff;
}
