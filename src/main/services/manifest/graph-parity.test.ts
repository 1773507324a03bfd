// SC-003 / FR-007: for every real manifest under ../shared/data/manifests, the asset graph's edges
// are exactly dbt's depends_on.nodes (computed here straight from the raw JSON, independently of
// the builder), every enabled model/seed/snapshot/source is an asset, and manifests older than
// schema v9 are refused with a clear message instead of a half-right graph.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAssetGraph } from './load-asset-graph';
import { ManifestError } from './manifest-error';

const MANIFESTS = resolve(__dirname, '../../../../../shared/data/manifests');

interface RawNode {
  resource_type?: string;
  depends_on?: { nodes?: string[] };
  config?: { enabled?: boolean };
  attached_node?: string | null;
}
interface RawManifest {
  metadata: { dbt_schema_version: string; dbt_version: string };
  nodes: Record<string, RawNode>;
  sources: Record<string, RawNode>;
  exposures?: Record<string, RawNode>;
  unit_tests?: Record<string, RawNode>;
}

const dirs = existsSync(MANIFESTS)
  ? readdirSync(MANIFESTS).filter((d) => existsSync(join(MANIFESTS, d, 'manifest.json')))
  : [];

function rawOf(dir: string): RawManifest {
  return JSON.parse(readFileSync(join(MANIFESTS, dir, 'manifest.json'), 'utf8')) as RawManifest;
}

function schemaOf(raw: RawManifest): number {
  return Number(/v(\d+)\.json$/.exec(raw.metadata.dbt_schema_version)?.[1] ?? 0);
}

describe('graph parity with dbt depends_on on the real manifests (SC-003)', () => {
  it('finds the shared manifest fixtures', () => {
    expect(dirs.length).toBeGreaterThanOrEqual(9);
  });

  it.each(dirs)(
    'SC-003: %s — edges equal depends_on.nodes exactly, every enabled asset present',
    (dir) => {
      const raw = rawOf(dir);
      const path = join(MANIFESTS, dir, 'manifest.json');
      if (schemaOf(raw) < 9) {
        let error: unknown;
        try {
          loadAssetGraph(path);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ManifestError);
        const manifestError = error as ManifestError;
        expect(manifestError.code).toBe('unsupported_version');
        expect(manifestError.message).toContain(
          `unsupported manifest schema v${schemaOf(raw)} (dbt ${raw.metadata.dbt_version})`,
        );
        expect(manifestError.message).toContain('Floe Studio reads v9+ (dbt 1.5 and later)');
        expect(manifestError.message).toContain(path);
        return;
      }

      const graph = loadAssetGraph(path);
      const enabled = (n: RawNode): boolean => n.config?.enabled !== false;
      const expectedAssets = new Map<string, RawNode>();
      for (const [id, n] of Object.entries(raw.sources)) if (enabled(n)) expectedAssets.set(id, n);
      for (const [id, n] of Object.entries(raw.nodes)) {
        if (['model', 'seed', 'snapshot'].includes(n.resource_type ?? '') && enabled(n))
          expectedAssets.set(id, n);
      }
      for (const [id, n] of Object.entries(raw.exposures ?? {}))
        if (enabled(n)) expectedAssets.set(id, n);
      const everywhere = new Set(
        Object.keys(raw).flatMap((k) =>
          Object.keys((raw as unknown as Record<string, object>)[k] ?? {}),
        ),
      );

      const byId = new Map(graph.assets.map((a) => [a.id, a]));
      expect([...byId.keys()].sort()).toEqual([...expectedAssets.keys()].sort());
      let edges = 0;
      for (const [id, node] of expectedAssets) {
        const asset = byId.get(id);
        const declared = node.depends_on?.nodes ?? [];
        expect(asset?.deps.slice().sort(), id).toEqual(
          [...new Set(declared.filter((d) => expectedAssets.has(d)))].sort(),
        );
        // Nothing dbt declared is silently lost: a dependency is an edge, a known non-asset
        // (metric, function…), or reported as missing.
        const missing = declared.filter((d) => !everywhere.has(d));
        expect(asset?.missingDeps ?? [], id).toEqual(missing);
        edges += (asset?.deps.length ?? 0) + missing.length;
      }
      expect(edges).toBeGreaterThan(0);

      // Every enabled test is a check on the assets it depends on.
      const tests = Object.entries(raw.nodes).filter(
        ([, n]) => n.resource_type === 'test' && enabled(n),
      );
      const checks = new Map(graph.checks.map((c) => [c.id, c]));
      for (const [id, n] of tests) {
        const check = checks.get(id);
        expect(check?.assetIds.slice().sort(), id).toEqual(
          [...new Set((n.depends_on?.nodes ?? []).filter((d) => expectedAssets.has(d)))].sort(),
        );
        const owners = n.attached_node ? [n.attached_node] : (check?.assetIds ?? []);
        for (const owner of owners)
          if (byId.has(owner)) expect(byId.get(owner)?.checks, id).toContain(id);
      }
      expect(graph.checks.filter((c) => c.kind !== 'unit')).toHaveLength(tests.length);
    },
  );

  it('tolerates dangling references in the hand-trimmed OpenLineage fixture', () => {
    const graph = loadAssetGraph(join(MANIFESTS, 'openlineage-dbt-duckdb/manifest.json'));
    const customers = graph.assets.find((a) => a.id === 'model.jaffle_shop.customers');
    expect(customers?.deps).toEqual([]);
    expect(customers?.missingDeps).toEqual([
      'model.jaffle_shop.stg_customers',
      'model.jaffle_shop.stg_orders',
      'model.jaffle_shop.stg_payments',
    ]);
  });
});
