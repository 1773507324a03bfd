import { describe, expect, it } from 'vitest';
import { LineFilter, mentionPattern, tailLines } from './line-filter';

describe('LineFilter', () => {
  it('passes only complete lines that mention the asset as a whole word', () => {
    const filter = new LineFilter('orders');
    expect(filter.push('1 of 3 START sql view model main.stg_orders ..\r\n2 of 3 START sql')).toBe(
      '',
    );
    expect(filter.push(' table model main.orders .. [RUN]\r\nDone.\r\n')).toBe(
      '2 of 3 START sql table model main.orders .. [RUN]\r\n',
    );
  });

  it('keeps colour codes and matches names next to them', () => {
    const line = '\x1b[32m1 of 1 OK created sql table model main.orders\x1b[0m';
    expect(mentionPattern('orders').test(line)).toBe(true);
    expect(new LineFilter('orders').all(`${line}\nother\n`)).toBe(`${line}\r\n`);
  });

  it('escapes regex characters in names', () => {
    expect(mentionPattern('a.b').test('axb')).toBe(false);
    expect(mentionPattern('a.b').test('x a.b y')).toBe(true);
  });
});

describe('tailLines', () => {
  it('keeps the last lines only', () => {
    expect(tailLines('a\nb\nc\nd', 2)).toBe('c\nd');
    expect(tailLines('a\nb', 5)).toBe('a\nb');
    expect(tailLines('', 5)).toBe('');
  });
});
