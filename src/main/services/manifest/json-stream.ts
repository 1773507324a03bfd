// A JSON object pruned (json-prune.ts) and handed to a visitor piece by piece: each entry of a map the
// spec keeps with eachKey (dbt's `nodes`) is pruned and decoded on its own (json-decode.ts, in one
// walk) and passed on at once. The reader can turn each entry into what it keeps and drop the decoded
// object while it is young, which the garbage collector frees almost for nothing; one JSON.parse of
// the whole pruned manifest instead builds a 30,000-node tree that the collector copies into the old
// generation before it dies.
//
// What the visitor receives equals what JSON.parse of the whole text, pruned by the same spec, would
// hold, in document order. Where the two could differ the walker refuses (JsonPruneError) and the
// caller parses the document whole: a key that appears twice (JSON.parse keeps the last value, at the
// first one's place) and map keys that are array indices (JSON.parse's objects list those first).
import {
  BACKSLASH,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  isSpace,
  JsonPruneError,
  OPEN_OBJECT,
  QUOTE,
  specOfKey,
  stringEnd,
  valueEnd,
  type PruneSpec,
} from './json-prune';
import { PrunedDecoder } from './json-decode';

export interface PrunedVisitor {
  /** A kept top-level value that is not streamed, or a streamed one that is not an object. */
  value(key: string, value: unknown): void;
  /** A streamed top-level object (an eachKey or KEYS_ONLY spec) begins. */
  section(key: string): void;
  /** One entry of an eachKey section: its value pruned by the section's spec, parsed. */
  entry(section: string, id: string, value: unknown): void;
  /** One key of a KEYS_ONLY section (the value is skipped). */
  key(section: string, id: string): void;
}

function skipSpace(source: Buffer, at: number): number {
  let p = at;
  while (isSpace(source[p])) p += 1;
  return p;
}

function expectByte(source: Buffer, at: number, byte: number, what: string): number {
  if (source[at] !== byte) throw new JsonPruneError(`expected ${what}`, at);
  return skipSpace(source, at + 1);
}

/** The key text of the string at `at` (its opening quote), ending just before `end`. */
function keyText(source: Buffer, at: number, end: number): string {
  let ascii = true;
  for (let p = at + 1; p < end - 1; p += 1) {
    const c = source[p] ?? 0;
    if (c === BACKSLASH) return JSON.parse(source.toString('utf8', at, end)) as string;
    if (c >= 0x80) ascii = false;
  }
  return source.toString(ascii ? 'latin1' : 'utf8', at + 1, end - 1);
}

/** "0", "17": JSON.parse's objects enumerate these before all other keys. */
function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (!(first >= 0x30 && first <= 0x39)) return false; // most ids: no regular expression run
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

/** Decodes the value at `at`, pruned by `spec`; returns [value, index just past it]. */
function parseKept(decoder: PrunedDecoder, at: number, spec: PruneSpec): [unknown, number] {
  const value = decoder.kept(at, spec);
  return [value, decoder.end];
}

type Jump = (keyAt: number, seen: Set<string>) => number | undefined;

/**
 * Walks an object's pairs from the key at `at` on: `visit(key, valueStart)` returns the index past the
 * value. Returns the index of the object's closing brace. `jump`, asked at every key, may return that
 * index itself: the rest of the object was walked elsewhere (see StreamSplit).
 */
function pairsFrom(
  source: Buffer,
  words: DataView,
  at: number,
  seen: Set<string>,
  visit: (key: string, valueStart: number) => number,
  jump?: Jump,
): number {
  let p = at;
  for (;;) {
    const end = jump?.(p, seen);
    if (end !== undefined) return end;
    if (source[p] !== QUOTE) throw new JsonPruneError('expected a key', p);
    const keyEnd = stringEnd(source, p, words);
    const key = keyText(source, p, keyEnd);
    if (seen.has(key)) throw new JsonPruneError(`key ${JSON.stringify(key)} appears twice`, p);
    if (isArrayIndex(key)) throw new JsonPruneError('an array-index key', p);
    seen.add(key);
    p = expectByte(source, skipSpace(source, keyEnd), COLON, '":"');
    p = skipSpace(source, visit(key, p));
    if (source[p] === CLOSE_OBJECT) return p;
    p = expectByte(source, p, COMMA, '"," or "}"');
  }
}

/** Walks the object at `at` key by key; returns the index just past it. */
function eachPair(
  source: Buffer,
  words: DataView,
  at: number,
  visit: (key: string, valueStart: number) => number,
  jump?: Jump,
): number {
  const p = expectByte(source, at, OPEN_OBJECT, 'a JSON object');
  if (source[p] === CLOSE_OBJECT) return p + 1;
  return pairsFrom(source, words, p, new Set<string>(), visit, jump) + 1;
}

/**
 * The entries of one streamed section from the one whose key starts at `at` up to the section's end,
 * handed to `visitor` (a worker thread's half of dbt's `nodes`). Returns the index of the section's
 * closing brace; throws JsonPruneError where `at` was not where an entry starts.
 */
export function streamEntriesFrom(
  source: Buffer,
  at: number,
  section: string,
  entrySpec: PruneSpec,
  visitor: PrunedVisitor,
): number {
  const decoder = new PrunedDecoder(source);
  return pairsFrom(source, decoder.words, at, new Set<string>(), (id, valueAt) => {
    const [value, valueEndAt] = parseKept(decoder, valueAt, entrySpec);
    visitor.entry(section, id, value);
    return valueEndAt;
  });
}

/**
 * The entries of `section` from the one whose key starts at `at` on, walked by someone else (a worker
 * thread, with streamEntriesFrom) while this walk does the first part.
 */
export interface StreamSplit {
  readonly section: string;
  readonly at: number;
  /**
   * Waits for the other walk and hands its entries to the visitor. Returns their ids and the index of
   * the section's closing brace, or undefined when that walk failed: this walk then goes on itself.
   */
  join(): { ids: readonly string[]; end: number } | undefined;
  /** This walk passed `at` and no entry starts there: the other walk's work is of no use. */
  miss(): void;
}

function jumpAt(source: Buffer, split: StreamSplit): Jump {
  let open = true;
  return (keyAt, seen) => {
    if (!open || keyAt < split.at) return undefined;
    open = false;
    if (keyAt > split.at) {
      split.miss();
      return undefined;
    }
    const joined = split.join();
    if (joined === undefined) return undefined;
    for (const id of joined.ids) {
      if (seen.has(id)) throw new JsonPruneError(`key ${JSON.stringify(id)} appears twice`, keyAt);
      seen.add(id);
    }
    if (source[joined.end] !== CLOSE_OBJECT) throw new JsonPruneError('expected "}"', joined.end);
    return joined.end;
  };
}

/**
 * Prunes the JSON object in `source` by `root` and hands it to `visitor` piece by piece. Throws
 * JsonPruneError where the text is not one JSON object (or the walk could differ from JSON.parse),
 * and SyntaxError where a kept value is not valid JSON. With `split`, part of one section is walked
 * elsewhere and joined in when this walk reaches it.
 */
export function streamPrunedJson(
  source: Buffer,
  root: PruneSpec,
  visitor: PrunedVisitor,
  split?: StreamSplit,
): void {
  if (root.kind !== 2) throw new Error('the root spec must be an object spec');
  const decoder = new PrunedDecoder(source);
  const words = decoder.words;
  const end = eachPair(source, words, skipSpace(source, 0), (key, at) => {
    const spec = specOfKey(root, key, {});
    if (spec === null) return valueEnd(source, at, words);
    const streamed = spec.kind === 1 || (spec.kind === 2 && spec.each !== null);
    if (!streamed || source[at] !== OPEN_OBJECT) {
      const [value, valueEndAt] = parseKept(decoder, at, spec);
      visitor.value(key, value);
      return valueEndAt;
    }
    visitor.section(key);
    if (spec.kind === 1) {
      return eachPair(source, words, at, (id, valueAt) => {
        visitor.key(key, id);
        return valueEnd(source, valueAt, words);
      });
    }
    const entrySpec = spec.each ?? spec;
    const jump = split?.section === key ? jumpAt(source, split) : undefined;
    return eachPair(
      source,
      words,
      at,
      (id, valueAt) => {
        const [value, valueEndAt] = parseKept(decoder, valueAt, entrySpec);
        visitor.entry(key, id, value);
        return valueEndAt;
      },
      jump,
    );
  });
  const rest = skipSpace(source, end);
  if (rest !== source.length) throw new JsonPruneError('unexpected text after the end', rest);
}
