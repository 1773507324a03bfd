// A missing, truncated, non-JSON, empty, old or foreign manifest gives a ManifestError that names
// the file and the fix, never a crash or a bare JSON.parse message.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAssetGraph } from './load-asset-graph';
import { ManifestError, type ManifestErrorCode } from './manifest-error';

const MANIFESTS = resolve(__dirname, '../../../../../shared/data/manifests');
const dir = mkdtempSync(join(tmpdir(), 'floe-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function failure(path: string): ManifestError {
  try {
    loadAssetGraph(path);
  } catch (error) {
    if (error instanceof ManifestError) return error;
    throw error;
  }
  throw new Error(`expected ${path} to fail`);
}

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('loadAssetGraph errors', () => {
  it('missing file: names the path and the three ways to create it, offers the parse fix', () => {
    const path = join(dir, 'nope/target/manifest.json');
    const error = failure(path);
    expect(error.code).toBe<ManifestErrorCode>('missing');
    expect(error.path).toBe(path);
    expect(error.message).toBe(
      `No dbt manifest at ${path}: run \`dbt parse\`, or \`floe assets --parse\`, or press Parse project to create it.`,
    );
    expect(error.toProblem()).toEqual({
      severity: 'error',
      source: 'manifest',
      message: error.message,
      file: path,
      fix: 'parse',
    });
  });

  it('truncated JSON (a real manifest cut in half): says it is truncated, with the path', () => {
    const whole = readFileSync(join(MANIFESTS, 'jaffle-shop-v12/manifest.json'), 'utf8');
    const path = write('truncated.json', whole.slice(0, Math.floor(whole.length / 2)));
    const error = failure(path);
    expect(error.code).toBe('invalid_json');
    expect(error.message).toContain(path);
    expect(error.message).toContain('is truncated');
    expect(error.message).toContain('dbt parse');
    expect(error.message).not.toMatch(/\n\s+at /); // no stack in the message
    expect(error.toProblem().fix).toBe('parse');
  });

  it('non-JSON (an HTML page): says it is not valid JSON and quotes the parser', () => {
    const path = write('html.json', '<html><body>502 Bad Gateway</body></html>');
    const error = failure(path);
    expect(error.code).toBe('invalid_json');
    expect(error.message).toMatch(
      new RegExp(`^The dbt manifest at ${path} is not valid JSON \\(.+\\)`),
    );
  });

  it('empty file', () => {
    const error = failure(write('empty.json', '  \n'));
    expect(error.code).toBe('invalid_json');
    expect(error.message).toContain('is empty');
  });

  it('a directory where the file should be', () => {
    const path = join(dir, 'a-dir');
    mkdirSync(path);
    const error = failure(path);
    expect(error.code).toBe('unreadable');
    expect(error.message).toBe(`Cannot read the dbt manifest at ${path} (it is a directory).`);
  });

  it('JSON that is not a manifest', () => {
    expect(failure(write('array.json', '[1, 2]')).code).toBe('invalid_shape');
    const noMeta = failure(write('nometa.json', '{"nodes": {}}'));
    expect(noMeta.code).toBe('invalid_shape');
    expect(noMeta.message).toContain('no "metadata" object');
    const noNodes = failure(
      write(
        'nonodes.json',
        JSON.stringify({
          metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json' },
        }),
      ),
    );
    expect(noNodes.code).toBe('invalid_shape');
    expect(noNodes.message).toBe(
      `${join(dir, 'nonodes.json')}: not a dbt manifest: it has no "nodes" object`,
    );
  });

  it.each([
    ['jaffle-shop-dbt0.19', 'v1', '0.19.1'],
    ['flipside-solana', 'v6', '1.2.0'],
    ['jaffle-shop-classic', 'v7', '1.3.0'],
    ['tuva', 'v8', '1.4.9'],
  ])('old manifest %s: unsupported manifest schema %s (dbt %s)', (name, version, dbt) => {
    const path = join(dir, `${name}.json`);
    copyFileSync(join(MANIFESTS, name, 'manifest.json'), path);
    const error = failure(path);
    expect(error.code).toBe('unsupported_version');
    expect(error.message).toBe(
      `${path}: unsupported manifest schema ${version} (dbt ${dbt}); Floe Studio reads v9+ (dbt 1.5 and later). ` +
        'Re-create it with dbt 1.5 or later (`dbt parse`).',
    );
    expect(error.toProblem()).toMatchObject({ source: 'manifest', file: path });
  });

  it('unknown schema URL', () => {
    const path = write(
      'unknown.json',
      JSON.stringify({
        metadata: { dbt_schema_version: 'https://example.com/x.json', dbt_version: '9.9' },
        nodes: {},
      }),
    );
    const error = failure(path);
    expect(error.code).toBe('unsupported_version');
    expect(error.message).toContain(
      'unsupported manifest schema "https://example.com/x.json" (dbt 9.9)',
    );
  });

  it('loads a good manifest', () => {
    const graph = loadAssetGraph(join(MANIFESTS, 'jaffle-shop-v12/manifest.json'));
    expect(graph.projectName).toBe('jaffle_shop');
    expect(graph.manifestSchemaVersion).toBe(12);
    expect(graph.dbtVersion).toBe('1.11.7');
  });
});
