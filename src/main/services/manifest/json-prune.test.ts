// The pruner against an independent reference (JSON.parse, then keep what specOfKey keeps), on
// generated documents with every kind of JSON value, escapes, non-ASCII text and arbitrary whitespace.
import { describe, expect, it } from 'vitest';
import {
  eachKey,
  fields,
  JsonPruneError,
  KEEP,
  KEYS_ONLY,
  pruneJson,
  specOfKey,
  VARIANT_KEY,
  type PruneSpec,
} from './json-prune';
import { PrunedDecoder } from './json-decode';
import { exactly } from './testing/json-exact';
import {
  streamEntriesFrom,
  streamPrunedJson,
  type PrunedVisitor,
  type StreamSplit,
} from './json-stream';

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
  return JSON.parse(pruneJson(Buffer.from(text, 'utf8'), spec).toString('utf8'));
}

/** A visitor that puts the document back together from what it is handed, in that order. */
function assembler(): { visitor: PrunedVisitor; out: Record<string, unknown> } {
  const out: Record<string, unknown> = {};
  const sections: Record<string, Record<string, unknown>> = {};
  const visitor: PrunedVisitor = {
    value: (key, value) => (out[key] = value),
    section: (key) => (out[key] = sections[key] = {}),
    entry: (section, id, value) => ((sections[section] ?? {})[id] = value),
    key: (section, id) => ((sections[section] ?? {})[id] = 0),
  };
  return { visitor, out };
}

/** The document as streamPrunedJson hands it over (optionally with part of a section split off). */
function streamed(
  text: string,
  spec: PruneSpec = SPEC,
  split?: (source: Buffer, visitor: PrunedVisitor) => StreamSplit,
): unknown {
  const { visitor, out } = assembler();
  const source = Buffer.from(text, 'utf8');
  streamPrunedJson(source, spec, visitor, split?.(source, visitor));
  return out;
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

describe('pruneJson and streamPrunedJson', () => {
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
      const expected = reference(JSON.parse(text), SPEC);
      expect(prune(text), `seed ${seed}: ${text}`).toEqual(expected);
      // Compared as JSON text too: toEqual would not notice keys in another order.
      expect(JSON.stringify(streamed(text)), `streamed, seed ${seed}: ${text}`).toBe(
        JSON.stringify(expected),
      );
    }
  });

  it('decodes straight to what JSON.parse of the pruned text gives, on the same documents', () => {
    for (let seed = 1; seed <= 2_000; seed += 1) {
      const rand = random(seed);
      const doc: Record<string, Json> = {};
      for (const key of ['a', 'b', 'm', 'ids', 'with space', 'other']) {
        if (rand(3) === 0) continue;
        doc[key] =
          key === 'm'
            ? { 'item.0': generate(rand, 1), 'item.1': generate(rand, 1) }
            : generate(rand, 1);
      }
      const source = Buffer.from(write(doc, rand), 'utf8');
      const at = source.indexOf('{');
      const decoder = new PrunedDecoder(source);
      const decoded = decoder.kept(at, SPEC);
      expect(exactly(decoded), `seed ${seed}`).toBe(
        exactly(JSON.parse(pruneJson(source, SPEC).toString('utf8'))),
      );
      expect(source.subarray(decoder.end).toString().trim()).toBe('');
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

  it('leaves the source bytes as they were (a refused document is parsed whole from them)', () => {
    const text = '{"other": 12345, "a": 1, "m": {"i": {"kind": "t", "drop": 1}}}';
    const bytes = Buffer.from(text);
    expect(Buffer.from(pruneJson(bytes, SPEC)).toString()).toBe(
      '{"a": 1, "m": {"i": {"kind": "t"}}}',
    );
    expect(streamed(text)).toEqual({ a: 1, m: { i: { kind: 't' } } });
    expect(bytes.toString()).toBe(text);
  });
});

describe('streamPrunedJson', () => {
  it('refuses every truncation of a document, and what is not one JSON object', () => {
    const text = write(
      { a: { s: 'x"y' }, b: { x: [1, { q: 'r' }] }, m: { i: { kind: 't' } }, ids: { k: [1] } },
      random(11),
    );
    const cuts = Array.from({ length: text.length }, (_, end) => text.slice(0, end));
    for (const cut of [...cuts, '[1]', '{"a":1} x', '{"a":1,}', '{"m": {"i": 1,}}'])
      expect(() => streamed(cut), JSON.stringify(cut)).toThrow(/at byte|JSON/);
  });

  it('refuses where JSON.parse would differ from a walk in order: repeated and array-index keys', () => {
    for (const text of [
      '{"a": 1, "a": 2}',
      '{"m": {"x": {}, "x": {}}}',
      '{"ids": {"k": 1, "k": 2}}',
      '{"m": {"x": {}, "7": {}}}',
    ])
      expect(() => streamed(text), text).toThrow(JsonPruneError);
    expect(streamed('{"m": {"07": {}, "x7": {}}}')).toEqual({ m: { '07': {}, x7: {} } });
  });

  it('hands over an escaped or non-ASCII entry id as the text it spells', () => {
    expect(streamed('{"m": {"caf\u00e9": {"name": 1}, "naïve.😀": {"name": 2}}}')).toEqual({
      m: { café: { name: 1 }, 'naïve.😀': { name: 2 } },
    });
  });

  it('a section that is not an object is handed over as a value', () => {
    expect(streamed('{"m": null, "ids": [1, 2]}')).toEqual({ m: null, ids: [1, 2] });
  });
});

describe('streamPrunedJson with part of a section walked elsewhere (StreamSplit)', () => {
  const text = JSON.stringify({
    a: 1,
    m: {
      'item.0': { kind: 't', name: 'zero', drop: 1 },
      'item.1': { name: 'one', deep: { k: 2, drop: 3 } },
      'item.2': { name: 'two', ids: { x: 1 } },
      'item.3': { kind: 'u', name: 'three' },
    },
    ids: { z: 1 },
  });
  const item = (SPEC as { each: null; specs: readonly PruneSpec[] }).specs[2];
  const entrySpec = item?.kind === 2 ? (item.each ?? KEEP) : KEEP;
  const calls: string[] = [];

  /** A split at `at` whose join walks the rest of `m` as the worker does (or returns `joined`). */
  function splitAt(
    at: number,
    joined?: { ids: readonly string[]; end: number } | 'failed',
  ): (source: Buffer, visitor: PrunedVisitor) => StreamSplit {
    return (source, visitor) => ({
      section: 'm',
      at,
      join: () => {
        calls.push('join');
        if (joined === 'failed') return undefined;
        if (joined !== undefined) return joined;
        const other = assembler();
        other.visitor.section('m');
        const end = streamEntriesFrom(source, at, 'm', entrySpec, other.visitor);
        const part = other.out.m as Record<string, unknown> | undefined;
        const ids = Object.keys(part ?? {});
        for (const id of ids) visitor.entry('m', id, part?.[id]);
        return { ids, end };
      },
      miss: () => calls.push('miss'),
    });
  }

  it('joins the other walk at an entry and gives what one walk gives, in order', () => {
    const whole = JSON.stringify(streamed(text));
    for (const id of ['item.1', 'item.2', 'item.3']) {
      calls.length = 0;
      const at = text.indexOf(`"${id}"`);
      expect(JSON.stringify(streamed(text, SPEC, splitAt(at))), id).toBe(whole);
      expect(calls).toEqual(['join']);
    }
  });

  it('a split that is not at an entry of the section is missed, and the walk goes on alone', () => {
    const whole = JSON.stringify(streamed(text));
    for (const at of [text.indexOf('"deep"'), text.indexOf('"name"', text.indexOf('item.2'))]) {
      calls.length = 0;
      expect(JSON.stringify(streamed(text, SPEC, splitAt(at)))).toBe(whole);
      expect(calls).toEqual(['miss']);
    }
  });

  it('a failed other walk (join gives nothing) leaves the walk to go on alone', () => {
    calls.length = 0;
    const at = text.indexOf('"item.2"');
    expect(streamed(text, SPEC, splitAt(at, 'failed'))).toEqual(streamed(text));
    expect(calls).toEqual(['join']);
  });

  it('refuses ids the other walk read that this walk read too, and an end that is no "}"', () => {
    const at = text.indexOf('"item.2"');
    const end = text.indexOf('}, "ids"') + 1;
    expect(() => streamed(text, SPEC, splitAt(at, { ids: ['item.0'], end }))).toThrow(
      JsonPruneError,
    );
    expect(() => streamed(text, SPEC, splitAt(at, { ids: ['item.9'], end: at }))).toThrow(
      JsonPruneError,
    );
  });
});
