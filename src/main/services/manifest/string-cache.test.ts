// The string cache (string-cache.ts) gives back a string made before only for the same bytes: the
// hash picks the slot, the bytes decide.
import { describe, expect, it } from 'vitest';
import { wordView } from './json-words';
import { StringCache } from './string-cache';

function cacheOver(text: string): { cache: StringCache; at: (s: string, from?: number) => number } {
  const source = Buffer.from(text, 'latin1');
  return {
    cache: new StringCache(source, wordView(source)),
    at: (s, from = 0) => source.indexOf(s, from, 'latin1'),
  };
}

describe('string cache', () => {
  it('finds a string again by its bytes, and never another one with the same hash', () => {
    // Same length and hash (forced: 7), one byte apart at each place in and around a word.
    const words = [
      'model_0001',
      'model_0002',
      'nodel_0001',
      'mode1_0001',
      'model-0001',
      'model_0001',
    ];
    const { cache, at } = cacheOver(words.join(' '));
    const made: string[] = [];
    let from = 0;
    for (const word of words) {
      const start = at(word, from);
      from = start + word.length;
      made.push(cache.get(start, start + word.length, 7));
    }
    expect(made).toEqual(words);
  });

  it('hands back the same string object for the same bytes read again', () => {
    const { cache, at } = cacheOver('"status" "status" "statuS" "status"');
    const first = at('status');
    const a = cache.get(first, first + 6, 42);
    const second = at('status', first + 1);
    expect(cache.get(second, second + 6, 42)).toBe(a);
    const differs = at('statuS');
    expect(cache.get(differs, differs + 6, 42)).toBe('statuS');
  });

  it('compares every byte of strings of every length up to a few words', () => {
    for (let length = 1; length <= 13; length += 1) {
      const base = 'abcdefghijklm'.slice(0, length);
      for (let place = 0; place < length; place += 1) {
        const other = `${base.slice(0, place)}#${base.slice(place + 1)}`;
        const { cache } = cacheOver(`${base} ${other}`);
        expect(cache.get(0, length, 1)).toBe(base);
        expect(cache.get(length + 1, 2 * length + 1, 1)).toBe(other);
      }
    }
  });
});
