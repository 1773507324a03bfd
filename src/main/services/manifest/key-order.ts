// The keys of the last object read with one prune spec, by position. dbt writes every node's keys in
// the same order, so the key at a position is most likely the same bytes as last time: comparing
// them is cheaper than hashing the key and looking it up in the spec (json-decode.ts).
import { sameRanges } from './json-words';

/** Keys past this position are always looked up. */
const REMEMBERED = 64;
/** What match() returns for a key other than the one remembered. */
export const NOT_REMEMBERED = -2;

export class KeyOrder {
  /** Where the key's text (past its opening quote) starts in the source. */
  private readonly starts = new Int32Array(REMEMBERED);
  /** The key's length in bytes; 0 when none is remembered. */
  readonly lengths = new Int32Array(REMEMBERED);
  /** Its index in the spec, -1 for a dropped key. */
  readonly indexes = new Int32Array(REMEMBERED);

  /**
   * Whether the key whose text starts at source[at] is the one remembered at `position`: the same
   * bytes, then the closing quote. Returns its spec index (-1 when dropped), or NOT_REMEMBERED.
   * `words` views the same bytes as `source` (json-words.ts).
   */
  match(source: Buffer, words: DataView, at: number, position: number): number {
    if (position >= REMEMBERED) return NOT_REMEMBERED;
    const length = this.lengths[position] ?? 0;
    if (length === 0 || source[at + length] !== 0x22) return NOT_REMEMBERED;
    // In bounds: both keys' text lies in the source (this one before its closing quote).
    if (!sameRanges(source, words, at, this.starts[position] ?? 0, length)) return NOT_REMEMBERED;
    return this.indexes[position] ?? -1;
  }

  /** Remembers the unescaped key source[start, end) at `position`, with its spec index. */
  remember(position: number, start: number, end: number, index: number): void {
    if (position >= REMEMBERED) return;
    this.starts[position] = start;
    this.lengths[position] = end - start;
    this.indexes[position] = index;
  }
}
