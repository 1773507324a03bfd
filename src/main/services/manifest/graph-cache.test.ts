// The graph cache: an unchanged manifest is not parsed again, any change to it (even one that keeps
// its size) is seen, and a damaged, foreign or unwritable cache only costs a parse.
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { buildAssetGraph } from './build-asset-graph';
import { GRAPH_CACHE_FORMAT, graphCacheDir, graphCachePath } from './graph-cache';
import { loadAssetGraph } from './load-asset-graph';

const MANIFESTS = resolve(__dirname, '../../../../../shared/data/manifests');
const SOURCE = join(MANIFESTS, 'jaffle-shop-v12/manifest.json');
const root = mkdtempSync(join(tmpdir(), 'floe-graph-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let project: string;
let manifestPath: string;
let cacheDir: string;
let run = 0;
beforeEach(() => {
  run += 1;
  project = join(root, `project-${run}`);
  mkdirSync(join(project, 'target'), { recursive: true });
  manifestPath = join(project, 'target', 'manifest.json');
  copyFileSync(SOURCE, manifestPath);
  cacheDir = graphCacheDir(project);
});

function fromJson(path: string): ReturnType<typeof buildAssetGraph> {
  return buildAssetGraph(JSON.parse(readFileSync(path, 'utf8')));
}

/** The manifest with one model's description replaced by `text` (same length keeps the size). */
function rewriteDescription(text: string): void {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    nodes: Record<string, { description: string }>;
  };
  const customers = manifest.nodes['model.jaffle_shop.customers'];
  if (customers === undefined) throw new Error('fixture has no customers model');
  customers.description = text;
  writeFileSync(manifestPath, JSON.stringify(manifest));
}

describe('asset graph cache (.floe/cache)', () => {
  it('the cached graph equals the parsed one, and is what the next load returns', () => {
    const first = loadAssetGraph(manifestPath, { cacheDir });
    expect(existsSync(graphCachePath(cacheDir))).toBe(true);
    expect(first).toEqual(fromJson(manifestPath));
    // The next load is served from the cache file: mark the cached graph and see the mark come back.
    const cacheText = readFileSync(graphCachePath(cacheDir), 'utf8');
    const marked = cacheText.replace('"projectName":"jaffle_shop"', '"projectName":"from-cache"');
    expect(marked).not.toBe(cacheText);
    writeFileSync(graphCachePath(cacheDir), marked);
    expect(loadAssetGraph(manifestPath, { cacheDir }).projectName).toBe('from-cache');
  });

  it('a rewritten manifest is parsed again, also when its size did not change', () => {
    rewriteDescription('x'.repeat(40));
    const size = readFileSync(manifestPath).length;
    expect(loadAssetGraph(manifestPath, { cacheDir }).assets).toContainEqual(
      expect.objectContaining({ id: 'model.jaffle_shop.customers', description: 'x'.repeat(40) }),
    );
    rewriteDescription('y'.repeat(40));
    expect(readFileSync(manifestPath).length).toBe(size);
    expect(loadAssetGraph(manifestPath, { cacheDir }).assets).toContainEqual(
      expect.objectContaining({ id: 'model.jaffle_shop.customers', description: 'y'.repeat(40) }),
    );
  });

  it('a damaged or foreign cache file is ignored and replaced', () => {
    mkdirSync(cacheDir, { recursive: true });
    for (const junk of [
      '',
      'not json\n{',
      '{"format":-1}\n{"assets":[],"checks":[]}',
      '\u0000\u0001',
    ]) {
      writeFileSync(graphCachePath(cacheDir), junk);
      expect(loadAssetGraph(manifestPath, { cacheDir })).toEqual(fromJson(manifestPath));
    }
    const key = JSON.parse(readFileSync(graphCachePath(cacheDir), 'utf8').split('\n')[0] ?? '');
    expect(key).toMatchObject({ format: GRAPH_CACHE_FORMAT, path: manifestPath });
  });

  it('another manifest with the cache of the first is parsed, not served the wrong graph', () => {
    loadAssetGraph(manifestPath, { cacheDir });
    const other = join(project, 'target', 'other.json');
    copyFileSync(join(MANIFESTS, 'openlineage-dbt-duckdb/manifest.json'), other);
    expect(loadAssetGraph(other, { cacheDir })).toEqual(fromJson(other));
  });

  it('an unwritable cache folder still loads the graph', () => {
    if (process.getuid?.() === 0) {
      // root ignores permissions: make the cache folder's place a file instead.
      writeFileSync(join(project, '.floe'), 'a file where the folder should be');
    } else {
      mkdirSync(cacheDir, { recursive: true });
      chmodSync(cacheDir, 0o500);
    }
    expect(loadAssetGraph(manifestPath, { cacheDir })).toEqual(fromJson(manifestPath));
  });

  it('without a cache folder nothing is written', () => {
    loadAssetGraph(manifestPath);
    expect(existsSync(join(project, '.floe'))).toBe(false);
  });
});

// The cache stores built graphs: a builder that changes without GRAPH_CACHE_FORMAT changing would
// serve graphs of the old shape from caches written before. Editing these files trips this test.
const BUILDER_SOURCES = [
  'build-asset-graph.ts',
  'asset-fields.ts',
  'json-read.ts',
  'schema-version.ts',
  // What of the manifest the builder gets to see (a dropped field changes the graph).
  'manifest-reads.ts',
  'json-prune.ts',
  'json-stream.ts',
  'json-decode.ts',
  'string-cache.ts',
  'key-order.ts',
  'object-factory.ts',
  'json-words.ts',
  // How the worker's half of the graph crosses to the main thread.
  'compact-json.ts',
  '../../../shared/assets.ts',
];
const BUILDER_SOURCES_SHA256 = '9c5ca276b82bef1c2103878fe223af31efc9a43bfa21b241a95de0eae25d22f4';

describe('graph cache format', () => {
  it('GRAPH_CACHE_FORMAT was bumped when the graph builder changed', () => {
    const hash = createHash('sha256');
    // Line endings normalised: a Windows checkout (CRLF) has the same sources.
    for (const file of BUILDER_SOURCES)
      hash.update(readFileSync(join(__dirname, file), 'utf8').replace(/\r\n/g, '\n'));
    const digest = hash.digest('hex');
    expect(
      digest,
      `The asset graph builder changed: bump GRAPH_CACHE_FORMAT in graph-cache.ts, then set ` +
        `BUILDER_SOURCES_SHA256 in graph-cache.test.ts to ${digest}.`,
    ).toBe(BUILDER_SOURCES_SHA256);
  });
});
