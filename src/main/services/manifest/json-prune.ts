// A JSON document cut down to the fields a reader needs, before JSON.parse sees it. dbt's manifest
// for 10,000 models is 60 MB, most of it fields the asset graph never reads (full configs, compiled
// paths, column constraints, macros); V8's JSON.parse costs about 8 ns a byte here, so parsing only
// what is read is what brings manifest → graph down (bench manifest-graph).
//
// The pruner walks the bytes once. It copies kept key/value pairs verbatim, so what JSON.parse then
// returns for them is exactly what it returns for the whole document. It checks structure (strings
// end, brackets balance, one value, keys and separators where JSON has them) but not the spelling of
// numbers and literals inside skipped values; anything it rejects is parsed whole by the caller,
// whose error message then names the problem. json-decode.ts walks the same way but decodes what it
// keeps into values directly; json-stream.ts uses that one map entry at a time.

import { quoteOrBackslashIn, wordView } from './json-words';

/** JSON's structural bytes, shared with json-stream.ts and parallel-load.ts. */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;
const DIGIT_ZERO = 0x30;

/** Keep the value whole. */
export const KEEP: PruneSpec = { kind: 0 };
/** Keep an object's keys with every value replaced by 0 (for readers that only ask "is this id here?"). */
export const KEYS_ONLY: PruneSpec = { kind: 1 };
/**
 * Keep the value whole; in an object whose spec has variants, its string value then picks the spec for
 * the object's remaining keys (dbt's `resource_type`: a test node needs fewer fields than a model).
 */
export const VARIANT_KEY: PruneSpec = { kind: 0 };

export type PruneSpec = { readonly kind: 0 } | { readonly kind: 1 } | ObjectSpec;

export interface ObjectSpec {
  readonly kind: 2;
  /** Open-addressing table: slot → 1 + index into names/specs (0 = empty), and each slot's hash. */
  readonly slots: Int32Array;
  readonly hashes: Int32Array;
  readonly mask: number;
  readonly names: readonly Uint8Array[];
  /** The same names as strings (what a decoded object's keys are). */
  readonly keys: readonly string[];
  readonly specs: readonly PruneSpec[];
  /** Spec for every key (a map such as `nodes`), instead of named fields. */
  readonly each: PruneSpec | null;
  readonly variants: readonly (readonly [Uint8Array, ObjectSpec])[];
}

export class JsonPruneError extends Error {
  constructor(what: string, at: number) {
    super(`${what} at byte ${at}`);
    this.name = 'JsonPruneError';
  }
}

function hashText(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i += 1)
    hash = (Math.imul(hash, 31) + key.charCodeAt(i)) & 0x3fffffff;
  return hash;
}

function asciiBytes(text: string): Uint8Array {
  if (!/^[\x20-\x7e]*$/.test(text) || text.includes('"') || text.includes('\\'))
    throw new Error(`prune spec keys must be plain ASCII, got ${JSON.stringify(text)}`);
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}

/** An object keeping only `fields` (each with its own spec); `variants` see VARIANT_KEY. */
export function fields(
  kept: Readonly<Record<string, PruneSpec>>,
  variants: Readonly<Record<string, PruneSpec>> = {},
): PruneSpec {
  const entries = Object.entries(kept);
  let size = 8;
  while (size < entries.length * 4) size *= 2;
  const slots = new Int32Array(size);
  const hashes = new Int32Array(size);
  const names: Uint8Array[] = [];
  const keys: string[] = [];
  const specs: PruneSpec[] = [];
  for (const [name, spec] of entries) {
    const hash = hashText(name);
    let slot = hash & (size - 1);
    while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
    names.push(asciiBytes(name));
    keys.push(name);
    specs.push(spec);
    slots[slot] = names.length;
    hashes[slot] = hash;
  }
  const variantList: (readonly [Uint8Array, ObjectSpec])[] = [];
  for (const [value, spec] of Object.entries(variants)) {
    if (spec.kind !== 2) throw new Error('a variant must be an object spec');
    // Compared with the value as written, quotes included: `"test"`.
    variantList.push([Uint8Array.from([QUOTE, ...asciiBytes(value), QUOTE]), spec]);
  }
  return {
    kind: 2,
    slots,
    hashes,
    mask: size - 1,
    names,
    keys,
    specs,
    each: null,
    variants: variantList,
  };
}

/** An object whose every key is kept, each value pruned by `spec` (dbt's `nodes`, `columns`). */
export function eachKey(spec: PruneSpec): PruneSpec {
  return { ...(fields({}) as ObjectSpec), each: spec };
}

export function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

// Byte classes for the skipping loops: most bytes need one table read and one compare.
const STRUCTURE = new Uint8Array(256); // 1 quote, 2 opening bracket, 3 closing bracket
STRUCTURE[QUOTE] = 1;
STRUCTURE[OPEN_OBJECT] = 2;
STRUCTURE[OPEN_ARRAY] = 2;
STRUCTURE[CLOSE_OBJECT] = 3;
STRUCTURE[CLOSE_ARRAY] = 3;
/** Stands for "past the end" in the byte tables below: `table[bytes[p] ?? END_OF_INPUT]`. */
const END_OF_INPUT = 256;
const SCALAR_END = new Uint8Array(257); // 1 where a number or literal ends: , } ] space, the end
for (const c of [COMMA, CLOSE_OBJECT, CLOSE_ARRAY, 0x20, 0x0a, 0x0d, 0x09, END_OF_INPUT])
  SCALAR_END[c] = 1;
const IN_STRING = new Uint8Array(256); // 1 closing quote, 2 escape
IN_STRING[QUOTE] = 1;
IN_STRING[BACKSLASH] = 2;

/**
 * Index just past the string whose opening quote is at `at`. `words` views the same bytes (pass one
 * made once per document: making a view costs more than most strings take to skip).
 */
export function stringEnd(bytes: Uint8Array, at: number, words = wordView(bytes)): number {
  const n = bytes.length;
  let p = at + 1;
  while (p < n) {
    // Four bytes at a time where none of them is a quote or an escape (json-words.ts).
    if (p + 4 <= n && !quoteOrBackslashIn(words.getInt32(p, true))) {
      p += 4;
      continue;
    }
    const kind = IN_STRING[bytes[p] ?? 0];
    if (kind === 0) p += 1;
    else if (kind === 1) return p + 1;
    else p += 2;
  }
  throw new JsonPruneError('unterminated string', at);
}

/**
 * Index just past the value starting at `at` (a string, an object, an array or a scalar); `words` as
 * for stringEnd.
 */
export function valueEnd(bytes: Uint8Array, at: number, words = wordView(bytes)): number {
  const n = bytes.length;
  const first = bytes[at];
  if (first === QUOTE) return stringEnd(bytes, at, words);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    let p = at;
    while (p < n) {
      const kind = STRUCTURE[bytes[p] ?? 0];
      if (kind === 1) p = stringEnd(bytes, p, words) - 1;
      else if (kind === 2) depth += 1;
      else if (kind === 3) {
        depth -= 1;
        if (depth === 0) return p + 1;
      }
      p += 1;
    }
    throw new JsonPruneError('unterminated object or array', at);
  }
  let p = at;
  while (SCALAR_END[bytes[p] ?? END_OF_INPUT] === 0) p += 1;
  if (p === at) throw new JsonPruneError('expected a value', at);
  return p;
}

function sameBytes(bytes: Uint8Array, at: number, expected: Uint8Array, length: number): boolean {
  if (expected.length !== length) return false;
  for (let i = 0; i < length; i += 1) if (expected[i] !== bytes[at + i]) return false;
  return true;
}

/**
 * The index in `spec.names` of the key whose text (quotes excluded) is bytes[start, end), hashed as
 * `hash`; -1 when the spec does not name it.
 */
export function fieldIndex(
  bytes: Uint8Array,
  spec: ObjectSpec,
  start: number,
  end: number,
  hash: number,
): number {
  const { slots, hashes, mask } = spec;
  for (let slot = hash & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
    if (hashes[slot] !== hash) continue;
    const index = (slots[slot] ?? 0) - 1;
    const name = spec.names[index];
    if (name !== undefined && sameBytes(bytes, start, name, end - start)) return index;
  }
  return -1;
}

function fieldSpec(
  bytes: Uint8Array,
  spec: ObjectSpec,
  start: number,
  end: number,
  hash: number,
): PruneSpec | null {
  const index = fieldIndex(bytes, spec, start, end, hash);
  return index < 0 ? null : (spec.specs[index] ?? null);
}

/** A key written with escapes (`"n\u0061me"`): decoded, then looked up by its text. */
function escapedFieldSpec(bytes: Uint8Array, spec: ObjectSpec, start: number, end: number) {
  const key: unknown = JSON.parse(Buffer.from(bytes.subarray(start - 1, end + 1)).toString('utf8'));
  if (typeof key !== 'string') return null;
  const index = spec.keys.indexOf(key);
  return index < 0 ? null : (spec.specs[index] ?? null);
}

/** The variant of `spec` that the variant key's value, written as bytes[start, end), picks. */
export function variantOf(
  spec: ObjectSpec,
  bytes: Uint8Array,
  start: number,
  end: number,
): ObjectSpec {
  for (const [value, variant] of spec.variants)
    if (sameBytes(bytes, start, value, end - start)) return variant;
  return spec;
}

/**
 * Where pruned bytes go: one buffer, reused for every value pruned in a load, growing as needed.
 * Pruning into it (not in place) leaves the source intact, so a refused document can still be parsed
 * whole without reading it again.
 */
export class PrunedBytes {
  bytes: Buffer;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.bytes = Buffer.allocUnsafe(capacity);
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  append(source: Buffer, from: number, to: number): void {
    const n = to - from;
    this.reserve(n);
    // A native copy costs a call; most kept runs are a few dozen bytes.
    if (n > 64) source.copy(this.bytes, this.length, from, to);
    else for (let i = 0; i < n; i += 1) this.bytes[this.length + i] = source[from + i] ?? 0;
    this.length += n;
  }

  push(byte: number): void {
    this.reserve(1);
    this.bytes[this.length] = byte;
    this.length += 1;
  }

  text(): string {
    return this.bytes.toString('utf8', 0, this.length);
  }
}

/** Appends the pending run source[start, end) to `out` (no run when start < 0). */
function flushRun(out: PrunedBytes, source: Buffer, start: number, end: number): void {
  if (start >= 0) out.append(source, start, end);
}

/**
 * Appends to `out` the object at source[at] (its `{`) cut down to what `spec` keeps, and returns the
 * index just past the object. Throws JsonPruneError where the text is not a JSON object.
 */
export function pruneObject(
  source: Buffer,
  at: number,
  spec: ObjectSpec,
  out: PrunedBytes,
): number {
  const n = source.length;
  // No closures over these: V8 keeps a closure's mutable variables in a heap context, which made this
  // loop several times slower.
  let p = at;
  if (source[p] !== OPEN_OBJECT) throw new JsonPruneError('expected a JSON object', p);
  // A run of kept source bytes not yet copied (here the opening brace): adjacent kept pairs are
  // copied at once.
  let runStart = p;
  let runEnd = p + 1;
  const parents: ObjectSpec[] = [];
  const parentFirst: boolean[] = [];
  const parentKept: boolean[] = [];
  let current: ObjectSpec = spec;
  let first = true; // no pair of this object written yet
  let kept = true; // the previous pair of this object was kept (its comma can be kept with it)
  p += 1;
  while (isSpace(source[p])) p += 1;
  let atValueEnd = source[p] === CLOSE_OBJECT; // an empty object: go straight to its end
  for (;;) {
    if (!atValueEnd) {
      if (source[p] !== QUOTE) throw new JsonPruneError('expected a key', p);
      const keyStart = p;
      let hash = 0;
      let escaped = false;
      p += 1;
      for (;;) {
        if (p >= n) throw new JsonPruneError('unterminated key', keyStart);
        const c = source[p] ?? 0;
        if (c === QUOTE) break;
        if (c === BACKSLASH) {
          escaped = true;
          p += 2;
          continue;
        }
        hash = (Math.imul(hash, 31) + c) & 0x3fffffff;
        p += 1;
      }
      const keyEnd = p + 1;
      p = keyEnd;
      while (isSpace(source[p])) p += 1;
      if (source[p] !== COLON) throw new JsonPruneError('expected ":"', p);
      p += 1;
      while (isSpace(source[p])) p += 1;
      const valueStart = p;
      const sub =
        current.each ??
        (escaped
          ? escapedFieldSpec(source, current, keyStart + 1, keyEnd - 1)
          : fieldSpec(source, current, keyStart + 1, keyEnd - 1, hash));
      if (sub === null) {
        p = valueEnd(source, valueStart);
        kept = false;
      } else if (sub.kind === 1 && source[valueStart] === OPEN_OBJECT) {
        // Written pair by pair: the values shrink to 0, so nothing here is one plain run.
        flushRun(out, source, runStart, runEnd);
        runStart = -1;
        if (!first) out.push(COMMA);
        p = writeKeysOnly(source, out, keyStart, keyEnd, valueStart);
        first = false;
        kept = false;
      } else {
        const nested = sub.kind === 2 && source[valueStart] === OPEN_OBJECT;
        const end = nested ? valueStart + 1 : valueEnd(source, valueStart);
        if (kept && runStart >= 0) runEnd = end;
        else {
          flushRun(out, source, runStart, runEnd);
          if (!first) out.push(COMMA);
          runStart = keyStart;
          runEnd = end;
        }
        first = false;
        kept = true;
        p = end;
        if (sub === VARIANT_KEY && current.variants.length > 0)
          current = variantOf(current, source, valueStart, end);
        if (nested) {
          parents.push(current);
          parentFirst.push(first);
          parentKept.push(kept);
          current = sub;
          first = true;
          kept = true;
          while (isSpace(source[p])) p += 1;
          if (source[p] !== CLOSE_OBJECT) continue;
        }
      }
    }
    // After a value: a comma and the next key, or the object's end (and the parent's next pair).
    for (;;) {
      while (isSpace(source[p])) p += 1;
      const c = source[p];
      if (c === COMMA) {
        p += 1;
        while (isSpace(source[p])) p += 1;
        if (source[p] === CLOSE_OBJECT) throw new JsonPruneError('expected a key', p);
        break;
      }
      if (c !== CLOSE_OBJECT) throw new JsonPruneError('expected "," or "}"', p);
      if (kept && runStart >= 0) runEnd = p + 1;
      else {
        flushRun(out, source, runStart, runEnd);
        runStart = p;
        runEnd = p + 1;
      }
      p += 1;
      const parent = parents.pop();
      if (parent === undefined) {
        flushRun(out, source, runStart, runEnd);
        return p;
      }
      current = parent;
      first = parentFirst.pop() ?? false;
      kept = parentKept.pop() ?? false;
    }
    atValueEnd = false;
  }
}

function expectEnd(source: Buffer, at: number): void {
  let p = at;
  while (isSpace(source[p])) p += 1;
  if (p !== source.length) throw new JsonPruneError('unexpected text after the end', p);
}

/**
 * The JSON object in `source` cut down to what `root` keeps, as JSON text bytes. Throws
 * JsonPruneError where the input is not one JSON object.
 */
export function pruneJson(source: Buffer, root: PruneSpec): Buffer {
  if (root.kind !== 2) throw new Error('the root spec must be an object spec');
  let p = 0;
  while (isSpace(source[p])) p += 1;
  const out = new PrunedBytes(Math.max(1024, source.length >> 1));
  expectEnd(source, pruneObject(source, p, root, out));
  return out.bytes.subarray(0, out.length);
}

/**
 * Appends `"key":{"id":0,"id2":0}` for the object at `valueStart` to `out`; returns where the
 * reading ended.
 */
function writeKeysOnly(
  source: Buffer,
  out: PrunedBytes,
  keyStart: number,
  keyEnd: number,
  valueStart: number,
): number {
  out.append(source, keyStart, keyEnd);
  out.push(COLON);
  out.push(OPEN_OBJECT);
  let p = valueStart + 1;
  while (isSpace(source[p])) p += 1;
  if (source[p] !== CLOSE_OBJECT) {
    for (;;) {
      if (source[p] !== QUOTE) throw new JsonPruneError('expected a key', p);
      const keyAt = p;
      const keyEndAt = stringEnd(source, p);
      p = keyEndAt;
      while (isSpace(source[p])) p += 1;
      if (source[p] !== COLON) throw new JsonPruneError('expected ":"', p);
      p += 1;
      while (isSpace(source[p])) p += 1;
      p = valueEnd(source, p);
      out.append(source, keyAt, keyEndAt);
      out.push(COLON);
      out.push(DIGIT_ZERO);
      while (isSpace(source[p])) p += 1;
      if (source[p] === CLOSE_OBJECT) break;
      if (source[p] !== COMMA) throw new JsonPruneError('expected "," or "}"', p);
      out.push(COMMA);
      p += 1;
      while (isSpace(source[p])) p += 1;
    }
  }
  out.push(CLOSE_OBJECT);
  return p + 1;
}

/**
 * What `spec` keeps of `object[key]`: the value's own spec, or null when the pair is dropped. Under
 * KEEP everything is kept; under KEYS_ONLY the key is kept and its value is not (returns KEYS_ONLY).
 * A variant is chosen from `object` as the pruner would after reading its variant key. For checks that
 * a reader only reads what a spec keeps (manifest-reads.test.ts).
 */
export function specOfKey(
  spec: PruneSpec,
  key: string,
  object: Readonly<Record<string, unknown>>,
): PruneSpec | null {
  if (spec.kind !== 2) return spec;
  if (spec.each !== null) return spec.each;
  let chosen: ObjectSpec = spec;
  spec.specs.forEach((field, index) => {
    if (field !== VARIANT_KEY) return;
    const name = Buffer.from(spec.names[index] ?? new Uint8Array()).toString('latin1');
    const value = object[name];
    const variant = spec.variants.find(
      ([written]) => Buffer.from(written).toString('latin1') === JSON.stringify(value),
    );
    if (variant !== undefined) chosen = variant[1];
  });
  const index = chosen.names.findIndex((name) => Buffer.from(name).toString('latin1') === key);
  return index < 0 ? null : (chosen.specs[index] ?? null);
}
