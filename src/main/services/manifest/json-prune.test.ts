// The pruner against an independent reference (JSON.parse, then keep what specOfKey keeps), on
// generated documents with every kind of JSON value, escapes, non-ASCII text and arbitrary whitespace.
import { describe, expect, it } from 'vitest';
import {
  eachKey,
  fields,
  JsonPruneError,
  KEEP,
  KEYS_ONLY,
  pruneJsonInPlace,
  specOfKey,
  VARIANT_KEY,
  type PruneSpec,
} from './json-prune';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const item = fields(
  { kind: VARIANT_KEY, name: KEEP, deep: fields({ k: KEEP, list: KEEP }), ids: KEYS_ONLY },
  { t: fields({ kind: KEEP, name: KEEP }) },
);
const SPEC = fields({
  a: KEEP,
  b: fields({ x: KEEP, y: fields({ z: KEEP }) }),
  m: eachKey(item),
  ids: KEYS_ONLY,
  'with space': KEEP,
});

function prune(text: string, spec: PruneSpec = SPEC): unknown {
  const kept = pruneJsonInPlace(Buffer.from(text, 'utf8'), spec);
  return JSON.parse(Buffer.from(kept).toString('utf8'));
}

/**
 * What the pruner must return, computed from the parsed document: keys in document order, a variant
 * applying from its key on (as the pruner learns it only there).
 */
function reference(value: unknown, spec: PruneSpec): unknown {
  if (spec.kind === 0 || typeof value !== 'object' || value === null || Array.isArray(value))
    return value;
  const out: Record<string, unknown> = {};
  const seen: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const sub = specOfKey(spec, key, seen);
    seen[key] = child;
    if (sub === null) continue;
    out[key] = spec.kind === 1 ? 0 : reference(child, sub);
  }
  return out;
}

/** Deterministic pseudo-random numbers, so a failure is reproducible from its seed. */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state % n;
  };
}

const KEYS = ['a', 'b', 'x', 'y', 'z', 'm', 'kind', 'name', 'deep', 'k', 'list', 'ids', 'other'];
const STRINGS = [
  '',
  't',
  'u',
  'plain',
  'quote " and \\ back',
  'line\nbreak\ttab',
  'é ü ß',
  '😀 {[,:]}',
  '\u0001',
];

function generate(rand: (n: number) => number, depth: number): Json {
  const pick = rand(depth > 3 ? 6 : 9);
  if (pick === 0) return null;
  if (pick === 1) return rand(2) === 0;
  if (pick === 2) return [0, -1, 3.25, -1e-7, 12345678901234][rand(5)] ?? 0;
  if (pick <= 5) return STRINGS[rand(STRINGS.length)] ?? '';
  if (pick === 6) return Array.from({ length: rand(4) }, () => generate(rand, depth + 1));
  const out: Record<string, Json> = {};
  for (let i = rand(6); i > 0; i -= 1) {
    const key = rand(8) === 0 ? `key ${rand(100)}` : (KEYS[rand(KEYS.length)] ?? 'a');
    out[key] =
      key === 'kind' && rand(2) === 0 ? (['t', 'u'][rand(2)] ?? 't') : generate(rand, depth + 1);
  }
  return out;
}

/** JSON text with random whitespace between tokens (what a pretty-printer or a hand edit leaves). */
function write(value: Json, rand: (n: number) => number): string {
  const space = (): string => ['', '', ' ', '\n  ', '\t', '\r\n'][rand(6)] ?? '';
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${space()}${value.map((v) => write(v, rand)).join(`${space()},${space()}`)}${space()}]`;
  const pairs = Object.entries(value).map(
    ([k, v]) => `${JSON.stringify(k)}${space()}:${space()}${write(v, rand)}`,
  );
  return `{${space()}${pairs.join(`${space()},${space()}`)}${space()}}`;
}

describe('pruneJsonInPlace', () => {
  it('keeps exactly what the spec keeps, on 2,000 generated documents', () => {
    for (let seed = 1; seed <= 2_000; seed += 1) {
      const rand = random(seed);
      const doc: Record<string, Json> = {};
      for (const key of ['a', 'b', 'm', 'ids', 'with space', 'other', 'zz']) {
        if (rand(3) === 0) continue;
        doc[key] =
          key === 'm'
            ? Object.fromEntries(
                Array.from({ length: rand(4) }, (_, i) => [`item.${i}`, generate(rand, 1)]),
              )
            : generate(rand, 1);
      }
      const text = write(doc, rand);
      expect(prune(text), `seed ${seed}: ${text}`).toEqual(reference(JSON.parse(text), SPEC));
    }
  });

  it('keeps kept values byte for byte: escapes, non-ASCII text and numbers parse the same', () => {
    const text =
      '{"a": {"s": "é\\u00e9\\"\\\\\\n😀", "n": -1.5e+300, "big": 12345678901234567890}}';
    expect(prune(text)).toEqual(JSON.parse(text));
  });

  it('drops what the spec does not name, at every level', () => {
    const text = JSON.stringify({
      other: { huge: 'x'.repeat(1000) },
      b: { x: 1, drop: [1, { y: 2 }], y: { z: 3, w: 4 } },
      a: [1, 2],
    });
    expect(prune(text)).toEqual({ b: { x: 1, y: { z: 3 } }, a: [1, 2] });
  });

  it('a variant applies from its key on: a "t" item keeps only kind and name after it', () => {
    const text = JSON.stringify({
      m: {
        one: { deep: { k: 1 }, kind: 't', name: 'n', ids: { a: 1 } },
        two: { kind: 'u', name: 'n', deep: { k: 1, drop: 2 }, ids: { a: [1], b: null } },
      },
    });
    expect(prune(text)).toEqual({
      m: {
        one: { deep: { k: 1 }, kind: 't', name: 'n' },
        two: { kind: 'u', name: 'n', deep: { k: 1 }, ids: { a: 0, b: 0 } },
      },
    });
  });

  it("keys-only keeps an id map's keys with 0 for each value", () => {
    expect(prune('{"ids": {"x.1": {"deep": [1,2]}, "x.2": "s", "x\\"3": null}}')).toEqual({
      ids: { 'x.1': 0, 'x.2': 0, 'x"3': 0 },
    });
    expect(prune('{"ids": {}}')).toEqual({ ids: {} });
    expect(prune('{"ids": [1, 2]}')).toEqual({ ids: [1, 2] });
  });

  it('a key written with escapes is the key it spells', () => {
    expect(prune('{"\\u0061": 1, "b": {"\\u0078": 2, "\\u0079": {"z": 3}}}')).toEqual({
      a: 1,
      b: { x: 2, y: { z: 3 } },
    });
  });

  it('a value that is not an object where the spec expects one is kept whole', () => {
    expect(prune('{"b": [1, {"drop": 2}], "m": null}')).toEqual({ b: [1, { drop: 2 }], m: null });
  });

  it('every truncation of a document is refused, never returned or looped on', () => {
    const text = write(
      { a: { s: 'x"y' }, b: { x: [1, { q: 'r' }], y: { z: null } }, m: { i: { kind: 't' } } },
      random(7),
    );
    for (let end = 0; end < text.length; end += 1) {
      const cut = text.slice(0, end);
      expect(() => prune(cut), JSON.stringify(cut)).toThrow(JsonPruneError);
    }
  });

  it('refuses what is not one JSON object', () => {
    for (const text of [
      '',
      '  ',
      '[1]',
      '"s"',
      '{"a":1} x',
      '{"a":1}{',
      '{"a" 1}',
      '{"a":1,}',
      '{a:1}',
    ])
      expect(() => prune(text), text).toThrow(JsonPruneError);
  });

  it('returns a prefix of the buffer it was given (in place: no second copy)', () => {
    const bytes = Buffer.from('{"other": 12345, "a": 1}');
    const kept = pruneJsonInPlace(bytes, SPEC);
    expect(kept.buffer).toBe(bytes.buffer);
    expect(kept.byteOffset).toBe(bytes.byteOffset);
    expect(Buffer.from(kept).toString()).toBe('{"a": 1}');
  });
});
