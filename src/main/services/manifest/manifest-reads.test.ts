// The graph is built from a pruned manifest (manifest-reads.ts): these tests fail when the builder
// reads a field the spec drops, and show the pruned load equal to building from the whole manifest.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAssetGraph } from './build-asset-graph';
import { KEYS_ONLY, specOfKey, type PruneSpec } from './json-prune';
import { loadAssetGraph } from './load-asset-graph';
import { ManifestError } from './manifest-error';
import { ASSET_GRAPH_READS } from './manifest-reads';

const MANIFESTS = resolve(__dirname, '../../../../../shared/data/manifests');
const fixtures = readdirSync(MANIFESTS)
  .map((name) => join(MANIFESTS, name, 'manifest.json'))
  .filter((path) => existsSync(path));
const work = mkdtempSync(join(tmpdir(), 'floe-manifest-reads-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `value` behind a proxy that records, as `path`, every property the reader gets that `spec` does not
 * keep (or whose value the pruner would have replaced by 0).
 */
function tracked(
  value: JsonObject,
  spec: PruneSpec,
  path: string,
  misses: Set<string>,
): JsonObject {
  return new Proxy(value, {
    get(target, key, receiver) {
      const child: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !(key in target)) return child;
      const sub = spec === KEYS_ONLY ? null : specOfKey(spec, key, target);
      const at = `${path}.${/^[a-z_]+$/.test(key) ? key : '*'}`;
      if (sub === null) {
        misses.add(at);
        return child;
      }
      return isObject(child) && sub.kind !== 0 ? tracked(child, sub, at, misses) : child;
    },
  });
}

function readsOutsideSpec(manifest: JsonObject): string[] {
  const misses = new Set<string>();
  buildAssetGraph(tracked(manifest, ASSET_GRAPH_READS, 'manifest', misses));
  return [...misses].sort();
}

/** jaffle-shop v12 with what the fixtures lack: an exposure, floe meta in both places, a version. */
function enriched(): JsonObject {
  const manifest = JSON.parse(
    readFileSync(join(MANIFESTS, 'jaffle-shop-v12/manifest.json'), 'utf8'),
  ) as { nodes: Record<string, JsonObject>; exposures: Record<string, JsonObject> };
  const customers = manifest.nodes['model.jaffle_shop.customers'];
  if (customers === undefined) throw new Error('fixture has no customers model');
  customers.meta = { floe: { owner: 'ana@example.com' } };
  customers.config = { ...(customers.config as JsonObject), meta: { floe: { group: 'core' } } };
  customers.version = 2;
  customers.access = 'public';
  customers.columns = {
    email: {
      name: 'email',
      description: 'e',
      data_type: 'text',
      meta: { floe: { classification: 'pii' } },
      config: { meta: { floe: { pii_type: 'email' } } },
    },
  };
  manifest.exposures['exposure.jaffle_shop.weekly'] = {
    name: 'weekly',
    unique_id: 'exposure.jaffle_shop.weekly',
    resource_type: 'exposure',
    package_name: 'jaffle_shop',
    original_file_path: 'models/exposures.yml',
    fqn: ['jaffle_shop', 'weekly'],
    tags: ['bi'],
    description: 'Weekly report',
    owner: { name: 'Ana', email: 'ana@example.com' },
    depends_on: { nodes: ['model.jaffle_shop.customers', 'model.jaffle_shop.nowhere'] },
    config: { enabled: true, meta: {}, tags: [] },
  };
  return manifest;
}

function writeManifest(name: string, text: string): string {
  const dir = join(work, name, 'target');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), text);
  return join(dir, 'manifest.json');
}

/** What loading used to be: JSON.parse of the whole file, then the build (or its error). */
function wholeManifestGraph(path: string): unknown {
  try {
    return buildAssetGraph(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    if (error instanceof ManifestError) return error.withPath(path).message;
    return error instanceof Error ? error.message : String(error);
  }
}

function prunedGraph(path: string): unknown {
  try {
    return loadAssetGraph(path, { pruneFromBytes: 0 });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('the fields the asset graph reads (manifest-reads.ts)', () => {
  it('the builder reads nothing the spec drops, on every supported fixture and an enriched one', () => {
    let checked = 0;
    for (const path of fixtures) {
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
      try {
        buildAssetGraph(manifest);
      } catch {
        continue; // pre-v9: refused after reading metadata only
      }
      expect(readsOutsideSpec(manifest), path).toEqual([]);
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(readsOutsideSpec(enriched())).toEqual([]);
  });

  it('the check itself catches a read the spec drops', () => {
    const manifest = enriched();
    const misses = new Set<string>();
    const proxy = tracked(manifest, ASSET_GRAPH_READS, 'manifest', misses);
    const nodes = proxy.nodes as Record<string, JsonObject>;
    const customers = nodes['model.jaffle_shop.customers'];
    void customers?.build_path;
    void (proxy.metrics as JsonObject)['metric.jaffle_shop.lifetime_spend_pretax'];
    expect([...misses].sort()).toEqual(['manifest.metrics.*', 'manifest.nodes.*.build_path']);
  });

  it('loading (pruned) gives the graph, or the error, of the whole manifest, for every fixture', () => {
    for (const path of fixtures) expect(prunedGraph(path), path).toEqual(wholeManifestGraph(path));
  });

  it('… and for the enriched manifest, written compact and pretty-printed with CRLF line ends', () => {
    const manifest = enriched();
    for (const [name, text] of [
      ['compact', JSON.stringify(manifest)],
      ['pretty', JSON.stringify(manifest, null, 2).replace(/\n/g, '\r\n')],
    ] as const) {
      const path = writeManifest(name, text);
      const graph = prunedGraph(path);
      expect(graph, name).toEqual(wholeManifestGraph(path));
      expect(JSON.stringify(graph)).toContain('exposure.jaffle_shop.weekly');
    }
  });

  it('a test node whose resource_type comes last still keeps what a check reads', () => {
    const manifest = enriched() as { nodes: Record<string, JsonObject> };
    for (const [id, node] of Object.entries(manifest.nodes)) {
      if (node.resource_type !== 'test') continue;
      const { resource_type: type, ...rest } = node;
      manifest.nodes[id] = { ...rest, resource_type: type };
    }
    const path = writeManifest('type-last', JSON.stringify(manifest));
    expect(prunedGraph(path)).toEqual(wholeManifestGraph(path));
  });

  it("a truncated manifest still gets the whole-file parser's words (the pruner only refuses)", () => {
    const source = join(MANIFESTS, 'jaffle-shop-v12/manifest.json');
    const text = readFileSync(source, 'utf8');
    const path = writeManifest('truncated', text.slice(0, Math.floor(text.length / 2)));
    expect(prunedGraph(path)).toMatch(/is truncated/);
    copyFileSync(source, path);
    expect(prunedGraph(path)).toEqual(wholeManifestGraph(source));
  });
});
