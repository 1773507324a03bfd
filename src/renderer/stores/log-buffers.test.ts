import { describe, expect, it } from 'vitest';
import { LogBuffer, LogBuffers, MAX_LOG_CHARS, mergeLogTail } from './log-buffers';

describe('LogBuffers', () => {
  it('appends pushed output and tells the subscribers of that run only', () => {
    const buffers = new LogBuffers();
    const seen: string[] = [];
    const off = buffers.subscribe('r1', (e) => seen.push(e.kind === 'append' ? e.data : 'reset'));
    buffers.append('r1', 'a\r\n');
    buffers.append('r2', 'other');
    buffers.append('r1', 'b\r\n');
    off();
    buffers.append('r1', 'c');
    expect(seen).toEqual(['a\r\n', 'b\r\n']);
    expect(buffers.get('r1')?.text()).toBe('a\r\nb\r\nc');
  });

  it('a run seen from its start is complete; one joined later is not', () => {
    const buffers = new LogBuffers();
    buffers.markComplete('fresh');
    buffers.append('fresh', 'x');
    buffers.append('joined', 'y');
    buffers.markComplete('joined');
    expect(buffers.get('fresh')?.complete).toBe(true);
    expect(buffers.get('joined')?.complete).toBe(false);
  });

  it('while the stored log loads, pushed chunks are held and merged without repeats', () => {
    const buffers = new LogBuffers();
    const events: string[] = [];
    buffers.subscribe('r', (e) => events.push(e.kind));
    buffers.startLoad('r');
    buffers.append('r', 'line 3\n');
    buffers.append('r', 'line 4\n');
    expect(events).toEqual([]);
    buffers.finishLoad('r', 'line 1\nline 2\nline 3\n');
    expect(buffers.get('r')?.text()).toBe('line 1\nline 2\nline 3\nline 4\n');
    expect(buffers.get('r')?.complete).toBe(true);
    expect(events).toEqual(['reset']);
    expect(buffers.isLoading('r')).toBe(false);
  });

  it('a failed load keeps what was pushed meanwhile', () => {
    const buffers = new LogBuffers();
    buffers.startLoad('r');
    buffers.append('r', 'x');
    buffers.finishLoad('r', null);
    expect(buffers.get('r')?.text()).toBe('x');
    expect(buffers.get('r')?.complete).toBe(false);
  });

  it('evicts old runs nobody is watching', () => {
    const buffers = new LogBuffers();
    buffers.subscribe('watched', () => undefined);
    buffers.append('watched', 'w');
    for (let i = 0; i < 30; i++) buffers.append(`r${i}`, 'x');
    expect(buffers.get('watched')?.text()).toBe('w');
    expect(buffers.get('r0')).toBeUndefined();
    expect(buffers.get('r29')?.text()).toBe('x');
  });
});

describe('LogBuffer', () => {
  it('drops the oldest lines beyond its cap, at a line boundary', () => {
    const buffer = new LogBuffer();
    const line = `${'x'.repeat(99)}\n`;
    const lines = Math.ceil((MAX_LOG_CHARS * 1.3) / line.length);
    for (let i = 0; i < lines; i++) buffer.append(line);
    expect(buffer.size).toBeLessThanOrEqual(MAX_LOG_CHARS * 1.25);
    expect(buffer.truncated).toBe(true);
    expect(buffer.text().startsWith('x')).toBe(true);
    expect(buffer.text().endsWith(line)).toBe(true);
  });
});

describe('mergeLogTail', () => {
  it('does not repeat what the stored log already ends with', () => {
    expect(mergeLogTail('a\nb\n', 'b\nc\n')).toBe('a\nb\nc\n');
    expect(mergeLogTail('a\nb\n', 'a\nb\n')).toBe('a\nb\n');
    expect(mergeLogTail('a\n', 'z\n')).toBe('a\nz\n');
    expect(mergeLogTail('a\n', '')).toBe('a\n');
  });
});
