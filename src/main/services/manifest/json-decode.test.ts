// The decoder against JSON.parse of the pruned text (what it replaces) on the cases where a hand-made
// JSON reader most often differs: keys, numbers, literals, escapes, UTF-8, and what must be refused.
import { describe, expect, it } from 'vitest';
import { PrunedDecoder } from './json-decode';
import { eachKey, fields, JsonPruneError, KEEP, KEYS_ONLY, pruneJson } from './json-prune';
import { exactly } from './testing/json-exact';

const SPEC = fields({ a: KEEP, m: eachKey(fields({ name: KEEP, ids: KEYS_ONLY })) });

function decode(source: Buffer): unknown {
  const decoder = new PrunedDecoder(source);
  const value = decoder.kept(source.indexOf('{'), SPEC);
  expect(source.subarray(decoder.end).toString().trim()).toBe('');
  return value;
}

/** JSON.parse of the pruned text, or the error either step threw. */
function reference(source: Buffer): unknown {
  return JSON.parse(pruneJson(source, SPEC).toString('utf8'));
}

function same(text: string | Buffer): void {
  const source = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  expect(exactly(decode(source)), source.toString()).toBe(exactly(reference(source)));
}

function bothRefuse(text: string | Buffer): void {
  const source = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  expect(() => reference(source), source.toString()).toThrow();
  expect(() => decode(source), source.toString()).toThrow(JsonPruneError);
}

describe('PrunedDecoder', () => {
  it('keys: document order, integer keys first, a repeated key last-wins in its first place', () => {
    same('{"a": {"b": 1, "2": 2, "1": 3, "b": 4, "x": {"c": 1, "c": [2]}}}');
    same('{"m": {"i": {"name": 1, "name": 2, "ids": {"k": 1, "3": 2, "k": 3}}}}');
    same('{"a": {"": 1, " ": 2, "toString": 3, "constructor": 4}}');
  });

  it('objects of one spec made from the last ones with the same keys: same values, no leftovers', () => {
    // Many entries with the same kept keys, in the same and other orders, with keys missing, extra
    // or repeated: every object holds exactly its own members.
    const entries = [
      '"e1": {"name": "a", "ids": {"x": 1}}',
      '"e2": {"name": "b", "ids": {"y": 1}}',
      '"e3": {"ids": {}, "name": "c"}',
      '"e4": {"name": "d"}',
      '"e5": {"ids": {"z": 1}}',
      '"e6": {"name": "f", "dropped": 1, "ids": {"w": 1}}',
      '"e7": {"name": "g", "name": "h", "ids": {"v": 1}}',
      '"e8": {}',
      '"e9": {"name": "i", "ids": {"u": 1}}',
      '"e10": {"name": {"nested": true}, "ids": {"t": 1}}',
    ];
    same(`{"m": {${entries.join(', ')}}}`);
    same(`{"m": {${[...entries].reverse().join(', ')}}}`);
    same(`{"m": {${[...entries, ...entries.map((e) => e.replace('"e', '"f'))].join(', ')}}}`);
    const decoded = decode(Buffer.from(`{"m": {${entries.join(', ')}}}`)) as {
      m: Record<string, object>;
    };
    // Objects are not shared: changing one leaves the others as they were.
    (decoded.m.e1 as { name: string }).name = 'changed';
    expect((decoded.m.e2 as { name: string }).name).toBe('b');
    expect(Object.keys(decoded.m.e4 ?? {})).toEqual(['name']);
  });

  it('a "__proto__" key is an own property, not the prototype', () => {
    same('{"a": {"__proto__": {"x": 1}, "y": 2}}');
    same('{"a": {"__proto__": 1, "__proto__": 2}}');
    same('{"m": {"i": {"ids": {"__proto__": 1}}, "__proto__": {"name": "n"}}}');
    same('{"a": {"__proto\\u005f_": []}}');
    const decoded = decode(Buffer.from('{"a": {"__proto__": {"polluted": true}}}'));
    expect(Object.getPrototypeOf((decoded as { a: object }).a)).toBe(Object.prototype);
  });

  it('escaped keys and values read as they spell', () => {
    same('{"\\u0061": {"k\\u0065y": "v\\u00e9\\n\\t\\"\\\\\\/\\b\\f\\r", "\\n": "\\u0000"}}');
    same('{"m": {"i\\"d": {"n\\u0061me": "x", "ids": {"\\u00e9": 0}}}}');
  });

  it('numbers read as JSON.parse reads them', () => {
    for (const n of [
      '0',
      '-0',
      '-0.0',
      '0.1e-5',
      '1e400',
      '-1e400',
      '1E+2',
      '1e-400',
      '5e-324',
      '-1.5e-300',
      '12345678901234567890',
      '9007199254740993',
      '999999999999999',
      '1000000000000000',
      '0.30000000000000004',
      '123456789012345678901234567890e-10',
      '2.2250738585072011e-308',
    ])
      same(`{"a": [${n}, {"n": ${n}}]}`);
  });

  it('literals and numbers JSON does not have are refused where kept', () => {
    for (const v of [
      '01',
      '-01',
      '1.',
      '.5',
      '-',
      '+1',
      '1e',
      '1e+',
      '1.e5',
      '0x10',
      '1_000',
      'NaN',
      'Infinity',
      '-Infinity',
      'tru',
      'true1',
      'nulll',
      'True',
      'undefined',
      "'s'",
      '1 2',
      '[1,]',
      '[,1]',
      '{"x":1,}',
      '{"x"}',
      '{1:2}',
      '[1}',
      '{"x":1]',
      '[',
      '"\\x"',
      '"\\u12"',
      '"\\u12G4"',
    ])
      bothRefuse(`{"a": ${v}}`);
  });

  it('what the pruner drops is checked only as the pruner checks it', () => {
    for (const v of ['01', 'tru', 'NaN', '"\u0001"', '[1,]'])
      expect(exactly(decode(Buffer.from(`{"zz": ${v}, "a": 1}`))), v).toBe('{"a":1}');
  });

  it('a control character inside a kept string or key is refused', () => {
    for (const c of ['\u0000', '\u0001', '\n', '\t', '\u001f']) {
      bothRefuse(`{"a": "x${c}y"}`);
      bothRefuse(`{"a": {"x${c}": 1}}`);
      bothRefuse(`{"m": {"i${c}d": {"ids": {"k${c}": 1}}}}`);
    }
    same('{"a": "\u007f \u0080 \u2028 \u2029"}');
  });

  it('lone and paired surrogates written as escapes', () => {
    for (const v of [
      '"\\ud800"',
      '"\\udc00x"',
      '"x\\ud83d\\ude00y"',
      '"\\ude00\\ud83d"',
      '"\\uD800\\uD800"',
    ])
      same(`{"a": [${v}, {${v}: 1}]}`);
  });

  it('non-ASCII UTF-8, and invalid UTF-8 bytes as the whole text decodes them', () => {
    same('{"a": {"é": "café", "😀": ["naïve 😀", "日本語"]}, "m": {"ü": {"name": "ß"}}}');
    const invalid = [
      [0xff],
      [0xc3],
      [0xc0, 0xaf],
      [0xf0, 0x9f, 0x98],
      [0xed, 0xa0, 0x80],
      [0x80, 0x80],
    ];
    for (const bytes of invalid) {
      const source = Buffer.concat([
        Buffer.from('{"a": ["x'),
        Buffer.from(bytes),
        Buffer.from('y", {"k'),
        Buffer.from(bytes),
        Buffer.from('": 1}]}'),
      ]);
      same(source);
    }
  });

  it('repeated strings and strings whose hashes collide each read as written', () => {
    // "Aa" and "BB" hash alike (31 * 65 + 97 = 31 * 66 + 66), as do all their concatenations.
    same(
      '{"a": ["Aa", "BB", "Aa", "AaBB", "BBAa", "BBBB", "AaAa", "BB", {"Aa": "BB", "BB": "Aa"}]}',
    );
    const many = Array.from({ length: 20_000 }, (_, i) => `"s${i % 9000}"`).join(',');
    same(`{"a": [${many}]}`);
    same(
      `{"a": ["${'x'.repeat(96)}", "${'x'.repeat(97)}", "${'x'.repeat(96)}", "${'x'.repeat(97)}"]}`,
    );
  });

  it('keys-only maps and values that are not objects where the spec expects one', () => {
    same('{"m": {"i": {"ids": {"x": [1, {"y": 2}], "y": "s", "x": null}}, "j": {"ids": [1]}}}');
    same('{"m": {"i": 1, "j": null, "k": "s", "l": []}}');
    same('{"m": {}, "a": {}}');
  });

  it('nesting deeper than it recurses is refused (the caller parses the document whole)', () => {
    const deep = `{"a": ${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(() => decode(Buffer.from(deep))).toThrow(JsonPruneError);
    same(`{"a": ${'['.repeat(500)}${']'.repeat(500)}}`);
  });

  it('strings read four bytes at a time: an escape, a wide or bad byte at every place', () => {
    // Strings of 0–13 bytes with one special byte at each place, so that it falls in every position
    // of a four-byte word; each also appears again (a cache hit) and beside its one-byte neighbours
    // (same length, same hash slot odds, other bytes: cache misses that must not match).
    const specials = ['\\n', '\\"', '\\u00e9', 'é', '✓', '🦆', '\\\\', '"'];
    const values: string[] = [];
    for (let length = 0; length < 14; length += 1) {
      const plain = 'abcdefghijklmn'.slice(0, length);
      values.push(`"${plain}"`, `"${plain}"`);
      for (let at = 0; at < length; at += 1) {
        const swapped = `${plain.slice(0, at)}${plain[at] === 'z' ? 'y' : 'z'}${plain.slice(at + 1)}`;
        values.push(`"${swapped}"`, `"${plain}"`);
        for (const special of specials.slice(0, -1))
          values.push(`"${plain.slice(0, at)}${special}${plain.slice(at)}"`);
      }
    }
    same(`{"a": [${values.join(', ')}]}`);
    // A string ending at the very end of the input, shorter than a word from there.
    for (const tail of ['', 'x', 'xy', 'xyz', 'wxyz']) same(`{"a": "${tail}"}`);
    // Control bytes and a quote in the middle are refused wherever they fall.
    for (let at = 0; at < 8; at += 1) {
      const text = 'abcdefgh';
      bothRefuse(`{"a": "${text.slice(0, at)}\u0001${text.slice(at)}"}`);
      bothRefuse(`{"a": "${text.slice(0, at)}\n${text.slice(at)}"}`);
    }
  });

  it('every truncation is refused', () => {
    const text =
      '{"a": {"s": "x\\"y", "n": [1.5e3, true, null]}, "m": {"i": {"name": "é", "ids": {"k": 1}}}}';
    for (let end = 1; end < text.length; end += 1)
      expect(() => decode(Buffer.from(text.slice(0, end))), text.slice(0, end)).toThrow(
        JsonPruneError,
      );
  });
});
