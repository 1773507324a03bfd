// Compiled object makers (object-factory.ts) make what JSON.parse makes of the same members, and no
// key can change what the compiled function does.
import { describe, expect, it } from 'vitest';
import { objectFactory } from './object-factory';

/** The object JSON.parse makes of these members, in this order. */
function parsed(keys: readonly string[], values: readonly unknown[]): unknown {
  const members = keys.map((key, i) => `${JSON.stringify(key)}:${JSON.stringify(values[i])}`);
  return JSON.parse(`{${members.join(',')}}`) as unknown;
}

function made(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const make = objectFactory(keys);
  if (make === undefined) throw new Error(`no factory for ${JSON.stringify(keys)}`);
  return make(['before', ...values, 'after'], 1);
}

describe('object factory', () => {
  it('makes the object JSON.parse makes, key order and all', () => {
    const cases: [string[], unknown[]][] = [
      [[], []],
      [
        ['name', 'tags', 'config'],
        ['orders', ['a'], { materialized: 'table' }],
      ],
      // Integer keys come first, in numeric order, as in every JS object.
      [
        ['b', '10', 'a', '2'],
        [1, 2, 3, 4],
      ],
      // A repeated key: the last value, at the first key's place.
      [
        ['a', 'b', 'a'],
        [1, 2, 3],
      ],
      [
        ['', ' ', 'constructor', 'toString', 'hasOwnProperty'],
        [1, 2, 3, 4, 5],
      ],
      [
        ['null', 'undefined', 'true'],
        [null, false, 0],
      ],
    ];
    for (const [keys, values] of cases) {
      const out = made(keys, values);
      expect(Object.keys(out)).toEqual(Object.keys(parsed(keys, values) as object));
      expect(out).toStrictEqual(parsed(keys, values));
    }
  });

  it('reads keys that look like code as plain text', () => {
    const keys = [
      'a"b',
      "c'd",
      'back\\slash',
      '}; throw 1; ({',
      '${x}',
      '`tick`',
      'line\u2028sep\u2029',
      'new\nline',
      'naïve ✓ 🦆',
      '\u0000nul',
    ];
    const values = keys.map((_, i) => i);
    const out = made(keys, values);
    expect(out).toStrictEqual(parsed(keys, values));
    expect(Object.keys(out)).toEqual(keys);
  });

  it('makes a new object each time, with the values it is given', () => {
    const make = objectFactory(['id', 'deps']);
    expect(make).toBeDefined();
    if (make === undefined) return;
    const first = make(['m1', ['a']], 0);
    const second = make(['x', 'm2', []], 1);
    expect(first).toEqual({ id: 'm1', deps: ['a'] });
    expect(second).toEqual({ id: 'm2', deps: [] });
    expect(first).not.toBe(second);
    first.id = 'changed';
    expect(make(['m3', []], 0).id).toBe('m3');
  });

  it('is compiled once per key list', () => {
    expect(objectFactory(['p', 'q'])).toBe(objectFactory(['p', 'q']));
    expect(objectFactory(['p', 'q'])).not.toBe(objectFactory(['q', 'p']));
    // Lists whose joined text is the same are still different lists.
    expect(objectFactory(['a,b'])).not.toBe(objectFactory(['a', 'b']));
  });

  it('makes none for `__proto__` (a literal would set the prototype) or very long lists', () => {
    expect(objectFactory(['a', '__proto__'])).toBeUndefined();
    expect(objectFactory(Array.from({ length: 65 }, (_, i) => `k${i}`))).toBeUndefined();
    expect(objectFactory(Array.from({ length: 64 }, (_, i) => `k${i}`))).toBeDefined();
  });
});
