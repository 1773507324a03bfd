// Run folders beyond the newest N are pruned, oldest first; other files and folders are left alone.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneRunFolders, runFolder } from './run-folders';
import { newRunId } from './run-id';

let project = '';
afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('run folder retention', () => {
  it('keeps the newest runs, removes the oldest, ignores what is not a run folder', () => {
    project = mkdtempSync(join(tmpdir(), 'floe-run-folders-'));
    const ids = Array.from({ length: 7 }, (_, i) => newRunId(new Date(Date.UTC(2026, 0, 1, 0, i))));
    for (const id of ids) {
      mkdirSync(runFolder(project, id), { recursive: true });
      writeFileSync(join(runFolder(project, id), 'output.log'), `output of ${id}\n`);
    }
    const stranger = join(project, '.floe', 'runs', 'notes');
    mkdirSync(stranger);
    expect(pruneRunFolders(project, 3).sort()).toEqual(ids.slice(0, 4).sort());
    const left = readdirSync(join(project, '.floe', 'runs')).sort();
    expect(left).toEqual([...ids.slice(4), 'notes'].sort());
    expect(existsSync(join(runFolder(project, ids[6] ?? ''), 'output.log'))).toBe(true);
  });

  it('a project without runs prunes nothing', () => {
    project = mkdtempSync(join(tmpdir(), 'floe-run-folders-'));
    expect(pruneRunFolders(project)).toEqual([]);
  });
});
