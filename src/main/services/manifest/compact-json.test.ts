// Packed JSON (compact-json.ts) comes back as JSON.parse(JSON.stringify(value)) would: the worker's
// half of the asset graph crosses threads this way, and the graph must not depend on which thread
// read an entry.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAssetGraph } from './build-asset-graph';
import { JsonPacker, JsonUnpacker, PackedJsonError, type PackedJson } from './compact-json';

/** One message's values, unpacked on its own. */
function unpackJson(packed: PackedJson): unknown[] {
  return new JsonUnpacker().unpack(packed);
}

const MANIFESTS = resolve(__dirname, '../../../../../shared/data/manifests');

function roundTrip(...values: unknown[]): unknown[] {
  const packer = new JsonPacker();
  for (const value of values) packer.add(value);
  return unpackJson(packer.take());
}

/** What JSON would carry of `value`: the reference every round trip is held to. */
function viaJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

describe('packed JSON', () => {
  it('gives back every real manifest’s graph exactly, as JSON would', () => {
    const paths = readdirSync(MANIFESTS)
      .map((name) => join(MANIFESTS, name, 'manifest.json'))
      .filter((path) => existsSync(path));
    let graphs = 0;
    for (const path of paths) {
      let graph: unknown;
      try {
        graph = buildAssetGraph(JSON.parse(readFileSync(path, 'utf8')));
      } catch {
        continue; // a manifest Floe refuses (pre-v9) has no graph
      }
      graphs += 1;
      const [back] = roundTrip(graph);
      // As text, so that key order counts too.
      expect(JSON.stringify(back), path).toBe(JSON.stringify(graph));
    }
    expect(graphs).toBeGreaterThan(3);
  });

  it('keeps values, key order and shapes of awkward data', () => {
    const long = 'x'.repeat(500);
    const value = {
      b: 1,
      a: [true, false, null, 0, -1.5, 1e300, '', 'é ü 中 😀', long, long],
      2: 'integer keys first, as in every object',
      nested: { deep: { deeper: [[], {}, [{}]] } },
      same: [
        { id: 'a', n: 1 },
        { id: 'b', n: 2 },
        { n: 3, id: 'c' },
      ],
      // Computed, so an own property (as JSON.parse makes it): it must come back as one.
      ['__proto__']: { own: true },
    };
    const [back] = roundTrip(value);
    expect(JSON.stringify(back)).toBe(JSON.stringify(value));
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back as object)).toEqual(Object.keys(value));
  });

  it('leaves out what JSON leaves out: undefined members, NaN and Infinity as null', () => {
    const value = { gone: undefined, kept: 1, list: [undefined, NaN, Infinity, -Infinity, 2] };
    expect(roundTrip(value)).toEqual([viaJson(value)]);
    expect(Object.keys(roundTrip(value)[0] as object)).toEqual(['kept', 'list']);
  });

  it('keeps -0 (JSON would write 0)', () => {
    expect(Object.is(roundTrip(-0)[0], -0)).toBe(true);
  });

  it('gives back several values in order; a message holds what was added since the last', () => {
    const packer = new JsonPacker();
    packer.add('first');
    packer.add({ second: ['first'] });
    expect(unpackJson(packer.take())).toEqual(['first', { second: ['first'] }]);
    packer.add(3);
    const again = packer.take();
    expect(again.strings).toEqual([]);
    expect(unpackJson(again)).toEqual([3]);
  });

  it('later messages refer to the strings and shapes of earlier ones instead of sending them', () => {
    const packer = new JsonPacker();
    const unpacker = new JsonUnpacker();
    const column = (name: string): object => ({ name, type: 'varchar', tags: ['pii'] });
    packer.add([column('id'), column('email')]);
    const first = packer.take();
    packer.add([column('email'), column('created_at')]);
    const second = packer.take();
    // Only what is new: one string, no shape.
    expect(second.strings).toEqual(['created_at']);
    expect(second.shapes).toEqual([]);
    expect(unpacker.unpack(first)).toEqual([[column('id'), column('email')]]);
    const [later] = unpacker.unpack(second) as [{ type: string }[]];
    expect(later).toEqual([column('email'), column('created_at')]);
    // Unpacked on its own, the second message lacks what it refers to.
    expect(() => unpackJson(second)).toThrow(PackedJsonError);
  });

  it('sends a repeated short string once, and comes back with one string for it', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ type: 'varchar', name: `c${i % 3}` }));
    const packer = new JsonPacker();
    packer.add(rows);
    const packed = packer.take();
    expect(packed.strings.filter((s) => s === 'varchar')).toHaveLength(1);
    expect(packed.shapes).toEqual([['type', 'name']]);
    expect(unpackJson(packed)).toEqual([rows]);
  });

  it('refuses codes it did not write, with its own error', () => {
    const packer = new JsonPacker();
    packer.add({ a: ['b'] });
    const packed = packer.take();
    const broken: PackedJson[] = [
      { ...packed, strings: [] },
      { ...packed, shapes: [] },
      { ...packed, codes: packed.codes.subarray(0, packed.codes.length - 1) },
    ];
    for (const codes of broken) expect(() => unpackJson(codes)).toThrow(PackedJsonError);
  });
});
