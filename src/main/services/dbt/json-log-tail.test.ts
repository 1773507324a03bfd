import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LineTail, tailDbtJsonLog } from './json-log-tail';
import type { DbtLogEvent } from './dbt-log-events';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-tail-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function collect(path: string): { tail: LineTail; lines: string[] } {
  const lines: string[] = [];
  const tail = new LineTail(path, { pollMs: 10, onLines: (batch) => lines.push(...batch) });
  tail.start();
  return { tail, lines };
}

async function until(check: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('LineTail', () => {
  it('waits for the file, reads appended lines and holds back a partial line', async () => {
    const path = join(dir, 'dbt.log');
    const { tail, lines } = collect(path);
    writeFileSync(path, 'one\ntw');
    await until(() => lines.length === 1);
    expect(lines).toEqual(['one']);
    appendFileSync(path, 'o\nthree\n');
    await until(() => lines.length === 3);
    expect(lines).toEqual(['one', 'two', 'three']);
    tail.stop();
  });

  it('keeps a multi-byte character split across two writes intact', async () => {
    const path = join(dir, 'dbt.log');
    const bytes = Buffer.from('modèle ✓ done\n', 'utf8');
    const { tail, lines } = collect(path);
    writeFileSync(path, bytes.subarray(0, 5)); // splits the two-byte "è"
    await new Promise((resolve) => setTimeout(resolve, 30));
    appendFileSync(path, bytes.subarray(5));
    await until(() => lines.length === 1);
    expect(lines).toEqual(['modèle ✓ done']);
    tail.stop();
  });

  it('delivers a last line without newline on stop', () => {
    const path = join(dir, 'dbt.log');
    writeFileSync(path, 'a\nlast');
    const { tail, lines } = collect(path);
    tail.stop();
    expect(lines).toEqual(['a', 'last']);
  });

  it('follows a rotation (rename + new file) without losing lines of either file', async () => {
    const path = join(dir, 'dbt.log');
    const { tail, lines } = collect(path);
    writeFileSync(path, '1\n2\n');
    await until(() => lines.length === 2);
    appendFileSync(path, '3\n');
    renameSync(path, `${path}.1`);
    writeFileSync(path, '4\n');
    await until(() => lines.length === 4);
    expect(lines).toEqual(['1', '2', '3', '4']);
    tail.stop();
  });

  it('starts over when the file is truncated in place', async () => {
    const path = join(dir, 'dbt.log');
    const { tail, lines } = collect(path);
    writeFileSync(path, 'first line\n');
    await until(() => lines.length === 1);
    truncateSync(path, 0);
    writeFileSync(path, 'x\n');
    await until(() => lines.length === 2);
    expect(lines).toEqual(['first line', 'x']);
    tail.stop();
  });

  it('reads a large file in bounded chunks', async () => {
    const path = join(dir, 'dbt.log');
    const body = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\n');
    writeFileSync(path, `${body}\n`);
    const { tail, lines } = collect(path);
    await until(() => lines.length === 20_000);
    expect(lines[19_999]).toContain('line 19999');
    tail.stop();
  });
});

describe('tailDbtJsonLog', () => {
  it('maps a real dbt.log written line by line into events', async () => {
    const source = readFileSync(join(__dirname, 'fixtures', 'dbt-build-mixed.jsonl'), 'utf8').split(
      '\n',
    );
    const path = join(dir, 'dbt.log');
    const events: DbtLogEvent[] = [];
    const tail = tailDbtJsonLog(path, { pollMs: 10, onEvents: (batch) => events.push(...batch) });
    for (const line of source) appendFileSync(path, line.length > 0 ? `${line}\n` : '');
    await until(() => events.some((e) => e.type === 'command_completed'));
    tail.stop();
    expect(events.filter((e) => e.type === 'node_finished')).toHaveLength(10);
  });
});
