import { describe, expect, it } from 'vitest';
import { FrameWriter, MAX_IN_FLIGHT, SLICE_CHARS } from './frame-writer';

/** A target that holds every write's callback until `parse()` acknowledges the oldest ones. */
function slowTarget() {
  const writes: string[] = [];
  const callbacks: (() => void)[] = [];
  return {
    writes,
    write(data: string, callback?: () => void) {
      writes.push(data);
      if (callback) callbacks.push(callback);
    },
    parse(count = 1) {
      for (let i = 0; i < count; i++) callbacks.shift()?.();
    },
    unparsed: () => callbacks.length,
  };
}

describe('FrameWriter', () => {
  it('coalesces pushes into one write on the next frame, in order', () => {
    const target = slowTarget();
    const frames: (() => void)[] = [];
    const writer = new FrameWriter(
      target,
      (flush) => frames.push(flush),
      () => undefined,
    );
    for (let i = 0; i < 100; i++) writer.push(`line ${i}\r\n`);
    expect(frames).toHaveLength(1);
    expect(target.writes).toEqual([]);
    frames[0]?.();
    expect(target.writes).toHaveLength(1);
    expect(target.writes[0]?.split('\r\n')).toHaveLength(101);
    writer.push('next');
    expect(frames).toHaveLength(2);
  });

  it('hands big output over in small slices, a few at a time, losing nothing', () => {
    const target = slowTarget();
    const frames: (() => void)[] = [];
    const writer = new FrameWriter(
      target,
      (f) => frames.push(f),
      () => undefined,
    );
    const text = Array.from({ length: 20_000 }, (_, i) => `line ${i}\r\n`).join('');
    // Pushed in uneven chunks, as run.output arrives.
    for (let start = 0; start < text.length; start += 3001) {
      writer.push(text.slice(start, start + 3001));
    }
    frames[0]?.();
    expect(target.writes).toHaveLength(MAX_IN_FLIGHT);
    expect(target.unparsed()).toBe(MAX_IN_FLIGHT);
    // Each parsed slice lets exactly one more through.
    target.parse();
    expect(target.writes).toHaveLength(MAX_IN_FLIGHT + 1);
    while (target.unparsed() > 0) target.parse();
    expect(target.writes.every((w) => w.length <= SLICE_CHARS)).toBe(true);
    expect(target.writes.join('')).toBe(text);
    expect(writer.backlog()).toBe(0);
  });

  it('drops what is pending on dispose and ignores callbacks of earlier writes', () => {
    const target = slowTarget();
    let canceled = 0;
    const frames: (() => void)[] = [];
    const writer = new FrameWriter(
      target,
      (f) => frames.push(f) && 7,
      () => canceled++,
    );
    writer.push('x'.repeat(SLICE_CHARS * (MAX_IN_FLIGHT + 2)));
    frames[0]?.();
    writer.dispose();
    target.parse(MAX_IN_FLIGHT);
    expect(target.writes).toHaveLength(MAX_IN_FLIGHT);
    writer.push('y');
    writer.push('z');
    expect(canceled).toBe(0);
    writer.dispose();
    expect(canceled).toBe(1);
    writer.flush();
    expect(target.writes).toHaveLength(MAX_IN_FLIGHT);
  });
});
