// JSON data packed for a trip between threads: each distinct string once, each object shape (its
// keys in order) once, and the values as a list of numbers in a Float64Array that is transferred,
// not copied. The manifest worker's part of the graph goes this way (parallel-load.ts): unpacking it
// costs the main thread a third of JSON.parse of the same data, whose time was the main thread's
// last serial step, and a repeated string (a column name, a data type, a package) comes back as one
// string, not one copy per place, which leaves the garbage collector less to copy.
//
// A packer and an unpacker form a pair: each message holds only the strings and shapes that are new
// since the last one, so messages must be unpacked in the order they were packed (one channel, one
// load). The unpacked values equal JSON.parse(JSON.stringify(v)) for JSON data: keys whose value is
// undefined are left out, undefined in an array and NaN or Infinity become null; -0 stays -0 (JSON
// would write 0).
import { setKey } from './json-decode';
import { objectFactory, type ObjectFactory } from './object-factory';
import { CACHED_MAX_LENGTH } from './string-cache';

/** What crosses the thread boundary; `codes` is transferable. */
export interface PackedJson {
  /** Strings new since the last message (their indexes follow on from the earlier ones'). */
  strings: string[];
  /** Shapes new since the last message (likewise). */
  shapes: string[][];
  codes: Float64Array;
}

// A code >= 0 is a string's index; these are the rest. An object is SHAPE - its shape's index,
// followed by its values; an array is ARRAY, its length, then its items; a number is NUMBER, then it.
const NULL = -1;
const TRUE = -2;
const FALSE = -3;
const NUMBER = -4;
const ARRAY = -5;
const SHAPE = -6;

/** Slots of the packer's table of strings sent (a power of two). */
const STRING_SLOTS = 8192;

/** A node of the tree of key sequences seen so far: the shape of an object is a path in it. */
interface ShapeNode {
  index: number;
  keys: string[];
  next: Map<string, ShapeNode>;
  /** The key last followed from here, and where it led. */
  lastKey?: string;
  lastNext?: ShapeNode;
}

export class JsonPacker {
  /** Strings and shapes not sent yet. */
  private strings: string[] = [];
  private shapes: string[][] = [];
  private stringCount = 0;
  private shapeCount = 0;
  /** Recently sent strings and their codes, by slot (see stringCode). */
  private readonly slotStrings = new Array<string | undefined>(STRING_SLOTS);
  private readonly slotCodes = new Float64Array(STRING_SLOTS);
  private readonly root: ShapeNode = { index: -1, keys: [], next: new Map() };
  private codes = new Float64Array(4096);
  private length = 0;

  /** Adds one value; values added are unpacked as one array, in order. */
  add(value: unknown): void {
    if (typeof value === 'string') this.push(this.stringCode(value));
    else if (typeof value === 'number' && Number.isFinite(value)) {
      this.push(NUMBER);
      this.push(value);
    } else if (value === true) this.push(TRUE);
    else if (value === false) this.push(FALSE);
    else if (Array.isArray(value)) {
      this.push(ARRAY);
      this.push(value.length);
      for (const item of value as unknown[]) this.add(item === undefined ? null : item);
    } else if (typeof value === 'object' && value !== null) this.addObject(value);
    else this.push(NULL);
  }

  /**
   * Everything added since the last take(), as one message: its unpacker gives the values back as
   * an array. Strings and shapes sent before are referred to, not sent again.
   */
  take(): PackedJson {
    const packed = {
      strings: this.strings,
      shapes: this.shapes,
      codes: this.codes.slice(0, this.length),
    };
    this.strings = [];
    this.shapes = [];
    this.length = 0;
    return packed;
  }

  private addObject(value: object): void {
    const record = value as Record<string, unknown>;
    const at = this.length;
    this.push(SHAPE); // the shape is known only once the keys are walked
    let node = this.root;
    for (const key in record) {
      const item = record[key];
      if (item === undefined) continue; // as JSON.stringify
      // Objects mostly come in runs of one shape: the last step taken is checked before the map.
      let next = node.lastKey === key ? node.lastNext : node.next.get(key);
      if (next === undefined) {
        next = { index: -1, keys: [...node.keys, key], next: new Map() };
        node.next.set(key, next);
      }
      node.lastKey = key;
      node.lastNext = next;
      node = next;
      this.add(item);
    }
    if (node.index < 0) {
      node.index = this.shapeCount;
      this.shapeCount += 1;
      this.shapes.push(node.keys);
    }
    this.codes[at] = SHAPE - node.index;
  }

  private stringCode(value: string): number {
    // Long strings (code, descriptions) rarely repeat: looking them up costs more than sending them.
    const length = value.length;
    if (length > CACHED_MAX_LENGTH || length === 0) return this.newString(value);
    // Direct-mapped by a hash of a few characters: a Map of every string would fill with ids, each
    // seen once, and grow slow; here a string seen once only takes another's slot.
    const slot =
      (Math.imul(length, 0x9e3779b1) ^
        Math.imul(value.charCodeAt(length - 1), 0x85ebca6b) ^
        Math.imul(value.charCodeAt(length >> 1), 0xc2b2ae35) ^
        value.charCodeAt(length - 2)) &
      (STRING_SLOTS - 1);
    if (this.slotStrings[slot] === value) return this.slotCodes[slot] ?? this.newString(value);
    const code = this.newString(value);
    this.slotStrings[slot] = value;
    this.slotCodes[slot] = code;
    return code;
  }

  private newString(value: string): number {
    this.strings.push(value);
    this.stringCount += 1;
    return this.stringCount - 1;
  }

  private push(code: number): void {
    if (this.length === this.codes.length) {
      const grown = new Float64Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[this.length] = code;
    this.length += 1;
  }
}

export class PackedJsonError extends Error {}

/**
 * The other end of one JsonPacker: unpack() its messages in the order they were taken. (A class, not
 * closures: V8 keeps a closure's changing position on the heap, which is slower.)
 */
export class JsonUnpacker {
  private readonly strings: string[] = [];
  private readonly shapes: string[][] = [];
  /** Per shape, its compiled maker (object-factory.ts); null: built key by key. */
  private readonly makers: (ObjectFactory | null | undefined)[] = [];
  /** Values of the objects being read (nested ones above their parent's), until they are made. */
  private readonly stack: unknown[] = [];
  private depth = 0;
  private codes: Float64Array = new Float64Array(0);
  private p = 0;

  /** The values of one message, as an array. Throws PackedJsonError on codes it did not write. */
  unpack(packed: PackedJson): unknown[] {
    for (const text of packed.strings) this.strings.push(text);
    for (const keys of packed.shapes) this.shapes.push(keys);
    this.codes = packed.codes;
    this.p = 0;
    this.depth = 0;
    const values: unknown[] = [];
    while (this.p < this.codes.length) values.push(this.value());
    return values;
  }

  private value(): unknown {
    const { codes, strings, shapes } = this;
    if (this.p >= codes.length) throw new PackedJsonError('packed JSON ends early');
    const code = codes[this.p] ?? NULL;
    this.p += 1;
    if (code >= 0) {
      const text = strings[code];
      if (text === undefined) throw new PackedJsonError(`no string ${code}`);
      return text;
    }
    if (code === NULL) return null;
    if (code === TRUE) return true;
    if (code === FALSE) return false;
    if (code === NUMBER) {
      const number = codes[this.p];
      this.p += 1;
      return number;
    }
    if (code === ARRAY) {
      const length = codes[this.p] ?? 0;
      this.p += 1;
      const items: unknown[] = new Array<unknown>(length);
      for (let i = 0; i < length; i += 1) items[i] = this.value();
      return items;
    }
    const shape = SHAPE - code;
    const keys = shapes[shape];
    if (keys === undefined) throw new PackedJsonError(`no shape ${shape}`);
    let make = this.makers[shape];
    if (make === undefined) {
      make = objectFactory(keys) ?? null;
      this.makers[shape] = make;
    }
    if (make === null) return this.keyByKey(keys);
    // The values are read first (onto the stack, above those of the objects around this one), then
    // the object is made at its final shape in one step.
    const base = this.depth;
    for (let i = 0; i < keys.length; i += 1) {
      const item = this.value();
      this.stack[base + i] = item;
      this.depth = base + i + 1;
    }
    this.depth = base;
    return make(this.stack, base);
  }

  /** The object at p built key by key (`__proto__` among its keys, or very many keys). */
  private keyByKey(keys: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i += 1) setKey(out, keys[i] ?? '', this.value());
    return out;
  }
}
