// The kept part of a JSON value decoded straight into JavaScript values, in the same walk that
// prunes it (json-prune.ts), instead of copying the kept bytes out and handing them to JSON.parse.
// On a 10,000-model manifest that second pass was as costly as the walk itself: 26 MB of kept text
// to scan again, 700,000 strings made one by one where 70,000 differ (string-cache.ts).
//
// What it returns equals what JSON.parse of the pruned text returns: keys in document order (integer
// keys first, as every JS object orders them), a repeated key's last value at its first place, `__proto__`
// an own property, numbers, escapes and UTF-8 as JSON.parse reads them. Kept values are checked as
// strictly as JSON.parse checks them; skipped ones only as the pruner does. Anything it rejects
// throws JsonPruneError: the caller then parses the document whole and JSON.parse words the error.
import {
  CLOSE_OBJECT,
  COLON,
  COMMA,
  fieldIndex,
  JsonPruneError,
  OPEN_OBJECT,
  QUOTE,
  valueEnd,
  variantOf,
  VARIANT_KEY,
  type ObjectSpec,
  type PruneSpec,
} from './json-prune';
import { KeyOrder, NOT_REMEMBERED } from './key-order';
import { objectFactory, type ObjectFactory } from './object-factory';
import { plainWord, wordView } from './json-words';
import { CACHED_MAX_LENGTH, hashByte, hashWord, StringCache } from './string-cache';

const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const LOWER_T = 0x74;
const LOWER_F = 0x66;
const LOWER_N = 0x6e;

/** Deeper kept values are left to JSON.parse (the walk recurses; JSON.parse does not). */
const MAX_DEPTH = 1000;

/** Stands for "past the end" in the byte tables below: `table[source[p] ?? END_OF_INPUT]`. */
const END_OF_INPUT = 256;
// What a byte means inside a string.
const PLAIN = 0;
const END_QUOTE = 1;
const ESCAPE = 2;
const WIDE = 3; // a byte of a multi-byte UTF-8 character
const INVALID = 4; // a control character, or the input ended
const STRING_BYTE = new Uint8Array(257);
STRING_BYTE.fill(INVALID, 0, 0x20);
STRING_BYTE.fill(WIDE, 0x80, 256);
STRING_BYTE[QUOTE] = END_QUOTE;
STRING_BYTE[0x5c] = ESCAPE;
STRING_BYTE[END_OF_INPUT] = INVALID;

const SPACE = new Uint8Array(257);
for (const c of [0x20, 0x0a, 0x0d, 0x09]) SPACE[c] = 1;

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= DIGIT_ZERO && c <= DIGIT_NINE;
}

/** An own property, as JSON.parse makes it; plain assignment of `__proto__` would set the prototype. */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  else target[key] = value;
}

/** Objects made from one spec with these keys, in this order, are made by `make`. */
interface ObjectShape {
  keys: string[];
  make: ObjectFactory;
}
/** Key lists remembered per spec (a model's and a test's differ, and columns vary). */
const SHAPES_PER_SPEC = 4;
/** Stands for the object of gathered members until it is made (never written to). */
const EMPTY: Record<string, unknown> = Object.freeze({});

/**
 * Decodes values of one source buffer; holds the position between calls (no closures: V8 keeps a
 * closure's mutable variables on the heap, which made such loops several times slower).
 */
export class PrunedDecoder {
  /** The index just past the last value decoded. */
  end = 0;
  private p = 0;
  private depth = 0;
  private readonly strings: StringCache;
  private readonly orders = new Map<ObjectSpec, KeyOrder>();
  /** Members of the objects being read (nested ones above their parent's), keys and values. */
  private readonly memberKeys: string[] = [];
  private readonly memberValues: unknown[] = [];
  /** How many members are gathered (the arrays above hold stale ones past it). */
  private members = 0;
  /** Per spec, the key lists of the last objects made with it, each with an object to copy. */
  private readonly shapes = new Map<ObjectSpec, ObjectShape[]>();
  private shapeTurn = 0;

  /** The source's bytes, for reading four at a time (json-words.ts, KeyOrder.match). */
  readonly words: DataView;

  constructor(private readonly source: Buffer) {
    this.words = wordView(source);
    this.strings = new StringCache(source, this.words);
  }

  /** The value at `at` cut down to what `spec` keeps; `end` is then the index just past it. */
  kept(at: number, spec: PruneSpec): unknown {
    this.p = at;
    this.depth = 0;
    const first = this.source[at];
    let value: unknown;
    if (spec.kind === 2 && first === OPEN_OBJECT) value = this.pruned(spec);
    else if (spec.kind === 1 && first === OPEN_OBJECT) value = this.keysOnly();
    else value = this.value();
    this.end = this.p;
    return value;
  }

  private skipSpace(): void {
    const source = this.source;
    let p = this.p;
    // dbt writes its manifest without spaces: most calls find none, and return at this first test.
    if ((source[p] ?? END_OF_INPUT) > 0x20) return;
    while (SPACE[source[p] ?? END_OF_INPUT] === 1) p += 1;
    this.p = p;
  }

  private expect(byte: number, what: string): void {
    if (this.source[this.p] !== byte) throw new JsonPruneError(`expected ${what}`, this.p);
    this.p += 1;
  }

  /**
   * The object at p cut down to `spec`: the pruner's walk, decoding what it keeps. The members of an
   * object with named fields are gathered first and the object made at its end (see made()); those
   * of an object read for each of its keys (ids, column names) are set as they come.
   */
  private pruned(spec: ObjectSpec): Record<string, unknown> {
    const source = this.source;
    let current = spec;
    if (this.openedEmpty(CLOSE_OBJECT)) return {};
    const gathered = spec.each === null;
    const out: Record<string, unknown> = gathered ? EMPTY : {};
    const base = this.members;
    let order = this.keyOrder(current);
    for (let position = 0; ; position += 1) {
      const keyStart = this.p;
      let sub: PruneSpec | null;
      let key: string;
      if (current.each !== null) {
        if (source[keyStart] !== QUOTE) throw new JsonPruneError('expected a key', keyStart);
        key = this.string();
        sub = current.each;
      } else {
        const index = this.fieldKey(current, order, position);
        // (Never read at -1: an array read out of bounds is a slow lookup on its prototype.)
        key = index < 0 ? '' : (current.keys[index] ?? '');
        sub = index < 0 ? null : (current.specs[index] ?? null);
      }
      this.skipSpace();
      this.expect(COLON, '":"');
      this.skipSpace();
      const valueStart = this.p;
      if (sub === null) this.p = valueEnd(source, valueStart, this.words);
      else {
        let value: unknown;
        if (sub.kind === 2 && source[valueStart] === OPEN_OBJECT) value = this.pruned(sub);
        else if (sub.kind === 1 && source[valueStart] === OPEN_OBJECT) value = this.keysOnly();
        else value = this.value();
        if (sub === VARIANT_KEY && current.variants.length > 0) {
          const variant = variantOf(current, source, valueStart, this.p);
          if (variant !== current) order = this.keyOrder(variant);
          current = variant;
        }
        if (gathered) this.gather(key, value);
        else setKey(out, key, value);
      }
      if (this.closedAfterMember(CLOSE_OBJECT)) return gathered ? this.made(spec, base) : out;
    }
  }

  /**
   * Keeps one member for the object (or array) being read. Written at `members`, never truncated:
   * a shorter array would give back its memory, and the next object would grow it again.
   */
  private gather(key: string, value: unknown): void {
    this.memberKeys[this.members] = key;
    this.memberValues[this.members] = value;
    this.members += 1;
  }

  /**
   * The object of the members gathered from `base` on (which are then let go). dbt writes the same
   * fields in the same order object after object: the last few key lists seen with each spec are
   * remembered with a compiled maker (object-factory.ts), which makes the object at its final shape
   * and size in one step, where adding keys one by one grows it several times over.
   */
  private made(spec: ObjectSpec, base: number): Record<string, unknown> {
    const keys = this.memberKeys;
    const values = this.memberValues;
    const count = this.members - base;
    this.members = base;
    const shapes = this.shapes.get(spec);
    if (shapes !== undefined)
      for (let s = 0; s < shapes.length; s += 1) {
        const shape = shapes[s];
        if (shape === undefined || shape.keys.length !== count) continue;
        let same = true;
        for (let i = 0; i < count && same; i += 1) same = shape.keys[i] === keys[base + i];
        if (same) return shape.make(values, base);
      }
    const own = keys.slice(base, base + count);
    const make = objectFactory(own);
    if (make !== undefined) {
      const shape = { keys: own, make };
      if (shapes === undefined) this.shapes.set(spec, [shape]);
      else if (shapes.length < SHAPES_PER_SPEC) shapes.push(shape);
      else shapes[this.shapeTurn++ % SHAPES_PER_SPEC] = shape;
      return make(values, base);
    }
    // (`__proto__` among the keys, or very many keys.)
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i += 1) setKey(out, keys[base + i] ?? '', values[base + i]);
    return out;
  }

  private keyOrder(spec: ObjectSpec): KeyOrder {
    let order = this.orders.get(spec);
    if (order === undefined) {
      order = new KeyOrder();
      this.orders.set(spec, order);
    }
    return order;
  }

  /**
   * Reads the key at p (its opening quote), the object's `position`-th, and returns its index in
   * `spec`, -1 when the spec does not name it. Dropped keys are not checked further than the pruner
   * checks them.
   */
  private fieldKey(spec: ObjectSpec, order: KeyOrder, position: number): number {
    const source = this.source;
    const start = this.p;
    if (source[start] !== QUOTE) throw new JsonPruneError('expected a key', start);
    const known = order.match(source, this.words, start + 1, position);
    if (known !== NOT_REMEMBERED) {
      this.p = start + 2 + (order.lengths[position] ?? 0);
      return known;
    }
    let p = start + 1;
    let hash = 0;
    for (;;) {
      const kind = STRING_BYTE[source[p] ?? END_OF_INPUT];
      if (kind === END_QUOTE) break;
      if (kind === ESCAPE) {
        // Rare: decoded (and checked) in full, then looked up by its text.
        this.p = start;
        return spec.keys.indexOf(this.string());
      }
      if (p >= source.length) throw new JsonPruneError('unterminated key', start);
      hash = hashByte(hash, source[p] ?? 0);
      p += 1;
    }
    this.p = p + 1;
    const index = fieldIndex(source, spec, start + 1, p, hash);
    order.remember(position, start + 1, p, index);
    return index;
  }

  /** `{"id": 0, ...}` for the object at p: what the pruner writes for KEYS_ONLY. */
  private keysOnly(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.openedEmpty(CLOSE_OBJECT)) return out;
    do {
      const key = this.memberKey();
      this.p = valueEnd(this.source, this.p, this.words);
      setKey(out, key, 0);
    } while (!this.closedAfterMember(CLOSE_OBJECT));
    return out;
  }

  /** Any JSON value at p, whole. */
  private value(): unknown {
    const c = this.source[this.p];
    if (c === QUOTE) return this.string();
    if (c === OPEN_OBJECT) return this.object();
    if (c === OPEN_ARRAY) return this.array();
    if (c === LOWER_T) return this.literal(TRUE, true);
    if (c === LOWER_F) return this.literal(FALSE, false);
    if (c === LOWER_N) return this.literal(NULL, null);
    return this.number();
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw new JsonPruneError('nested too deeply', this.p);
  }

  private object(): Record<string, unknown> {
    this.enter();
    const out: Record<string, unknown> = {};
    if (!this.openedEmpty(CLOSE_OBJECT))
      do setKey(out, this.memberKey(), this.value());
      while (!this.closedAfterMember(CLOSE_OBJECT));
    this.depth -= 1;
    return out;
  }

  private array(): unknown[] {
    this.enter();
    let out: unknown[];
    if (this.openedEmpty(CLOSE_ARRAY)) out = [];
    else {
      // Gathered, then copied at its length: pushing would leave most arrays (fqn, tags, deps:
      // a few items) with room for 17, which the graph would keep.
      const base = this.members;
      do this.gather('', this.value());
      while (!this.closedAfterMember(CLOSE_ARRAY));
      out = this.memberValues.slice(base, this.members);
      this.members = base;
    }
    this.depth -= 1;
    return out;
  }

  /** Steps into the object or array at p; true (and past it) when it is empty. */
  private openedEmpty(close: number): boolean {
    this.p += 1;
    this.skipSpace();
    if (this.source[this.p] !== close) return false;
    this.p += 1;
    return true;
  }

  /** The key at p and its colon; p is then at the value. */
  private memberKey(): string {
    if (this.source[this.p] !== QUOTE) throw new JsonPruneError('expected a key', this.p);
    const key = this.string();
    this.skipSpace();
    this.expect(COLON, '":"');
    this.skipSpace();
    return key;
  }

  /** After a member: true past the container's closing byte, false past a comma (and space). */
  private closedAfterMember(close: number): boolean {
    this.skipSpace();
    const c = this.source[this.p];
    this.p += 1;
    if (c === close) return true;
    if (c !== COMMA)
      throw new JsonPruneError(
        `expected "," or "${close === CLOSE_OBJECT ? '}' : ']'}"`,
        this.p - 1,
      );
    this.skipSpace();
    return false;
  }

  /** The string at p (its opening quote). */
  private string(): string {
    const source = this.source;
    const start = this.p + 1;
    let p = start;
    let hash = 0;
    let escaped = false;
    let wide = false;
    const words = this.words;
    const wordsEnd = source.length - 4;
    for (;;) {
      // Four plain bytes at a time while they last (json-words.ts), hashed as one word.
      if (p <= wordsEnd) {
        const word = words.getInt32(p, true);
        if (plainWord(word)) {
          hash = hashWord(hash, word);
          p += 4;
          continue;
        }
      }
      const c = source[p] ?? END_OF_INPUT;
      const kind = STRING_BYTE[c];
      if (kind === PLAIN) {
        hash = hashByte(hash, c);
        p += 1;
      } else if (kind === END_QUOTE) break;
      else if (kind === ESCAPE) {
        escaped = true;
        p += 2;
      } else if (kind === WIDE) {
        wide = true;
        p += 1;
      } else if (p >= source.length) throw new JsonPruneError('unterminated string', start - 1);
      else throw new JsonPruneError('control character in a string', p);
    }
    this.p = p + 1;
    if (escaped) return this.escapedString(start - 1, p + 1);
    // Invalid UTF-8 becomes U+FFFD here as it does when the whole text is decoded: the quotes
    // around a string are ASCII, so no UTF-8 sequence runs across them.
    if (wide) return source.toString('utf8', start, p);
    if (p - start > CACHED_MAX_LENGTH) return source.toString('latin1', start, p);
    return this.strings.get(start, p, hash);
  }

  /** A string with escapes, source[from, to) quotes included: JSON.parse reads them exactly. */
  private escapedString(from: number, to: number): string {
    let text: unknown;
    try {
      text = JSON.parse(this.source.toString('utf8', from, to));
    } catch {
      throw new JsonPruneError('invalid string', from);
    }
    if (typeof text !== 'string') throw new JsonPruneError('invalid string', from);
    return text;
  }

  private literal<T>(bytes: Buffer, value: T): T {
    const source = this.source;
    const at = this.p;
    for (let i = 0; i < bytes.length; i += 1)
      if (source[at + i] !== bytes[i]) throw new JsonPruneError('invalid literal', at);
    this.p = at + bytes.length;
    return value;
  }

  /** A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, read as JSON.parse reads it. */
  private number(): number {
    const source = this.source;
    const start = this.p;
    let p = start;
    if (source[p] === MINUS) p += 1;
    if (source[p] === DIGIT_ZERO) p += 1;
    else if (isDigit(source[p])) while (isDigit(source[p])) p += 1;
    else throw new JsonPruneError('expected a value', start);
    let integer = true;
    if (source[p] === DOT) {
      integer = false;
      p += 1;
      if (!isDigit(source[p])) throw new JsonPruneError('invalid number', start);
      while (isDigit(source[p])) p += 1;
    }
    if (source[p] === LOWER_E || source[p] === UPPER_E) {
      integer = false;
      p += 1;
      if (source[p] === PLUS || source[p] === MINUS) p += 1;
      if (!isDigit(source[p])) throw new JsonPruneError('invalid number', start);
      while (isDigit(source[p])) p += 1;
    }
    this.p = p;
    const negative = source[start] === MINUS;
    const digits = p - start - (negative ? 1 : 0);
    if (integer && digits <= 15) {
      // Exact in a double: no rounding to get wrong. -0 stays -0, as in JSON.parse.
      let n = 0;
      for (let i = p - digits; i < p; i += 1) n = n * 10 + ((source[i] ?? 0) - DIGIT_ZERO);
      return negative ? -n : n;
    }
    // Number() and JSON.parse read a valid JSON number the same way (round to nearest).
    return Number(source.toString('latin1', start, p));
  }
}
