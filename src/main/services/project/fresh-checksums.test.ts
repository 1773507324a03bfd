import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Asset, AssetGraph } from '../../../shared/assets';
import { dbtChecksum, pythonStrip, withFreshChecksums } from './fresh-checksums';
import { testAsset } from '../../../shared/testing/test-asset';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function model(name: string, checksum: string): Asset {
  return testAsset({
    id: `model.p.${name}`,
    name,
    packageName: 'p',
    group: 'g',
    filePath: `models/${name}.sql`,
    checksum,
  });
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dbtDirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-checksums-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'models'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'models', name), text);
  return dir;
}

describe('dbtChecksum', () => {
  it('hashes the text the way dbt does: stripped, so a trailing newline does not count', () => {
    // What dbt 1.11 writes as a node's checksum (checked against the example's `dbt parse`).
    expect(dbtChecksum(Buffer.from('select 1 as x\n'))).toBe(sha256('select 1 as x'));
    expect(dbtChecksum(Buffer.from('\n  select 1 as x  \r\n\n'))).toBe(sha256('select 1 as x'));
  });

  it('strips what Python’s str.strip() strips, not what JavaScript’s trim() does', () => {
    expect(pythonStrip('\x1c\x85 a \u2000\u3000')).toBe('a');
    expect(pythonStrip('\ufeffa\ufeff')).toBe('\ufeffa\ufeff');
    expect(pythonStrip(' \t\n')).toBe('');
  });
});

describe('withFreshChecksums', () => {
  it('gives the changed file’s asset its current checksum, and only that asset', () => {
    const dir = dbtDirWith({ 'a.sql': 'select 2\n' });
    const graph: AssetGraph = {
      projectName: 'p',
      dbtVersion: '1.11.0',
      manifestSchemaVersion: 12,
      assets: [model('a', sha256('select 1')), model('b', sha256('select 3'))],
      checks: [],
    };
    const fresh = withFreshChecksums(graph, dir, [join(dir, 'models', 'a.sql')]);
    expect(fresh.assets[0]?.checksum).toBe(sha256('select 2'));
    expect(fresh.assets[1]).toBe(graph.assets[1]);
  });

  it('keeps the same graph when the file hashes as before (an undone edit, a save without edits)', () => {
    const dir = dbtDirWith({ 'a.sql': 'select 1\n\n' });
    const graph: AssetGraph = {
      projectName: 'p',
      dbtVersion: '1.11.0',
      manifestSchemaVersion: 12,
      assets: [model('a', sha256('select 1'))],
      checks: [],
    };
    expect(withFreshChecksums(graph, dir, [join(dir, 'models', 'a.sql')])).toBe(graph);
    expect(withFreshChecksums(graph, dir, [join(dir, 'models', 'gone.sql')])).toBe(graph);
  });
});
