import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from './compile';

// Each tests/fixtures/bad-floe/NN-*.yaml is a broken floe.yaml; expected.json says which problem
// (message, line, column, key path) the first reported error must be.
const dir = join(__dirname, '../../../../tests/fixtures/bad-floe');
interface Expectation {
  line: number;
  column: number;
  keyPath?: string;
  message: string;
}
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<
  string,
  Expectation
>;
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

describe('bad floe.yaml corpus: what, where and what is allowed', () => {
  it('has at least 20 cases, each with an expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  it.each(files)('%s', (file) => {
    const result = compileProject(join(dir, file), { environ: {}, write: false });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const first = result.problems[0];
    const want = expected[file];
    expect(want).toBeDefined();
    expect(first).toMatchObject({
      severity: 'error',
      file: join(dir, file),
      line: want?.line,
      column: want?.column,
      message: want?.message.replaceAll('<dir>', dir),
    });
    if (want?.keyPath !== undefined) expect(first?.keyPath).toBe(want.keyPath);
    // Honest errors: a message, never a stack trace.
    expect(first?.message).not.toMatch(/\n\s+at /);
  });
});
