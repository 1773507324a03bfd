// Discovery order on real files: executables are tiny shell scripts in a temp dir. They are only
// found, never asked to behave like dbt (dbtVersion's success path runs the real dbt in integration).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DBT_FIX_HINT, dbtVersion, findDbt, parseDbtVersion } from './find-dbt';

let root: string;

function executable(rel: string, mode = 0o755): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, mode);
  return file;
}

function dir(rel: string): string {
  const d = path.join(root, rel);
  mkdirSync(d, { recursive: true });
  return d;
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'floe-find-dbt-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('findDbt', () => {
  function everySource() {
    const project = dir('project');
    const repo = dir('repo');
    const own = executable('project/tools/dbt');
    const fromEnv = executable('env/dbt');
    const onPath = executable('bin-b/dbt');
    const venv = executable('repo/.venv/bin/dbt');
    const environ = { DBT_PATH: fromEnv, PATH: `${dir('bin-a')}:${path.dirname(onPath)}` };
    return { project, repo, own, fromEnv, onPath, venv, environ };
  }

  it('prefers floe.yaml transforms[].executable, resolved against the project dir', () => {
    const s = everySource();
    const found = findDbt({
      projectExecutable: 'tools/dbt',
      environ: s.environ,
      repoRoot: s.repo,
      cwd: s.project,
    });
    expect(found).toEqual({ ok: true, path: s.own, source: 'floe.yaml', skipped: [] });
  });

  it('then DBT_PATH, as a file or as the folder holding dbt', () => {
    const s = everySource();
    expect(findDbt({ environ: s.environ, repoRoot: s.repo, cwd: s.project })).toMatchObject({
      ok: true,
      path: s.fromEnv,
      source: 'DBT_PATH',
    });
    const asDir = { ...s.environ, DBT_PATH: path.dirname(s.fromEnv) };
    expect(findDbt({ environ: asDir, repoRoot: s.repo, cwd: s.project })).toMatchObject({
      ok: true,
      path: s.fromEnv,
      source: 'DBT_PATH',
    });
  });

  it('then the first dbt on PATH, skipping non-executable files and relative or empty entries', () => {
    const s = everySource();
    executable('bin-a/dbt', 0o644); // present but not executable: a shell would skip it too
    const environ = { PATH: `:relative/bin:${path.join(root, 'bin-a')}:${path.dirname(s.onPath)}` };
    expect(findDbt({ environ, repoRoot: s.repo, cwd: s.project })).toEqual({
      ok: true,
      path: s.onPath,
      source: 'PATH',
      skipped: [],
    });
  });

  it('then the bootstrap venv: $FLOE_VENV before <repo>/.venv', () => {
    const s = everySource();
    expect(findDbt({ environ: { PATH: dir('empty-bin') }, repoRoot: s.repo })).toMatchObject({
      ok: true,
      path: s.venv,
      source: 'venv',
    });
    const custom = executable('custom-venv/bin/dbt');
    const environ = { PATH: '', FLOE_VENV: path.join(root, 'custom-venv') };
    expect(findDbt({ environ, repoRoot: s.repo })).toMatchObject({
      ok: true,
      path: custom,
      source: 'venv',
    });
  });

  it('falls through a configured but broken DBT_PATH and reports it as skipped', () => {
    const s = everySource();
    const environ = { ...s.environ, DBT_PATH: path.join(root, 'nope/dbt') };
    const found = findDbt({ environ, repoRoot: s.repo, cwd: s.project });
    expect(found).toMatchObject({ ok: true, path: s.onPath, source: 'PATH' });
    expect(found.ok && found.skipped).toEqual([
      `DBT_PATH: ${path.join(root, 'nope/dbt')} (not found)`,
    ]);
  });

  it('looks a bare executable name from floe.yaml up on PATH and expands ~/', () => {
    const versioned = executable('bin-x/dbt-1.11');
    const home = executable('home/me/.local/bin/dbt');
    const environ = { PATH: path.dirname(versioned), HOME: path.join(root, 'home/me') };
    expect(findDbt({ projectExecutable: 'dbt-1.11', environ, repoRoot: root })).toMatchObject({
      ok: true,
      path: versioned,
      source: 'floe.yaml',
    });
    expect(
      findDbt({ projectExecutable: '~/.local/bin/dbt', environ, repoRoot: root }),
    ).toMatchObject({
      ok: true,
      path: home,
      source: 'floe.yaml',
    });
  });

  it('says what it tried, in order, and how to fix it when nothing works', () => {
    const project = dir('project');
    dir('project/dbt-dir'); // a directory is not an executable
    executable('env/dbt', 0o644);
    const environ = { DBT_PATH: path.join(root, 'env/dbt'), PATH: dir('bin') };
    const found = findDbt({
      projectExecutable: './dbt-dir',
      environ,
      repoRoot: path.join(root, 'repo'),
      cwd: project,
    });
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.tried).toEqual([
      `floe.yaml transforms[].executable: ${path.join(project, 'dbt-dir')} (not a file)`,
      `DBT_PATH: ${path.join(root, 'env/dbt')} (not executable)`,
      `dbt on PATH: not found in ${path.join(root, 'bin')}`,
      `project environment: ${path.join(root, 'repo/.venv/bin/dbt')} (not found)`,
    ]);
    expect(found.message).toContain('dbt was not found. Tried, in order:');
    expect(found.message).toContain(
      `  4. project environment: ${path.join(root, 'repo/.venv/bin/dbt')} (not found)`,
    );
    expect(found.message).toContain('npm run setup');
    expect(found.message).toContain('bash scripts/bootstrap-dbt.sh');
    expect(found.message.endsWith(DBT_FIX_HINT)).toBe(true);
  });

  it('names unset settings too, so the user learns the options', () => {
    const found = findDbt({ environ: {}, repoRoot: root });
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.tried.slice(0, 3)).toEqual([
      'floe.yaml transforms[].executable: not set',
      'DBT_PATH: not set',
      'dbt on PATH: PATH is empty',
    ]);
  });
});

describe('parseDbtVersion', () => {
  it('reads dbt-core 1.5+ output', () => {
    const out =
      'Core:\n  - installed: 1.11.16\n  - latest:    1.12.6  - Update available!\n\nPlugins:\n  - duckdb:   1.11.1 - Up to date!\n';
    expect(parseDbtVersion(out)).toBe('1.11.16');
  });
  it('reads the pre-1.5 layout and pre-releases', () => {
    expect(parseDbtVersion('installed version: 1.4.0b1\n   latest version: 1.4.0\n')).toBe(
      '1.4.0b1',
    );
  });
  it('reads dbt Fusion', () => {
    expect(parseDbtVersion('dbt-fusion 2.0.0-preview.45\n')).toBe('2.0.0-preview.45');
  });
  it('returns undefined for anything else', () => {
    expect(parseDbtVersion('command not found')).toBeUndefined();
  });
});

describe.skipIf(process.platform === 'win32')('dbtVersion failures', () => {
  it('rejects with the command and its error output', async () => {
    const broken = path.join(root, 'dbt');
    writeFileSync(
      broken,
      '#!/bin/sh\necho "ModuleNotFoundError: No module named dbt" >&2\nexit 1\n',
    );
    chmodSync(broken, 0o755);
    await expect(dbtVersion(broken, {})).rejects.toThrow(
      `\`${broken} --version\` failed: ModuleNotFoundError`,
    );
  });
  it('rejects when the file does not exist', async () => {
    await expect(dbtVersion(path.join(root, 'missing'), {})).rejects.toThrow('--version` failed');
  });
});
