// manifest.json (dbt 1.5+, schema v9+) → AssetGraph. Pure: no file system, usable anywhere.
// Assets: enabled models, seeds, snapshots, sources and exposures (terminal consumers).
// dbt data tests and unit tests become checks. Edges are exactly `depends_on.nodes`, kept
// when they point at an asset; ids found nowhere in the manifest go to `missingDeps`.
import type { Asset, AssetCheck, AssetGraph, ResourceType } from '../../../shared/assets';
import {
  checksumOf,
  columnsOf,
  dbtGroupOf,
  floeMeta,
  groupOf,
  ownerOf,
  patchPathOf,
  tagsOf,
  versionOf,
} from './asset-fields';
import { isObject, obj, str, strList, text, type JsonObject } from './json-read';
import type { PrunedVisitor } from './json-stream';
import { ManifestError } from './manifest-error';
import { readManifestVersion } from './schema-version';

const NODE_ASSET_TYPES: ReadonlySet<string> = new Set(['model', 'seed', 'snapshot']);
/**
 * Sections whose ids may legitimately appear in depends_on but are not assets (unit_tests, read as
 * checks, too), and disabled nodes: a dependency on one of them is not "missing".
 */
const KNOWN_ID_SECTIONS = ['metrics', 'semantic_models', 'saved_queries', 'functions', 'disabled'];

/** Entries of `nodes` read by another builder (manifest-worker.ts), as plain JSON data. */
export interface NodesPart {
  assets: PendingAsset[];
  tests: PendingCheck[];
  ids: string[];
}

/** Sets an optional field only when it has a value (one function, not a closure per node). */
function setDefined<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | undefined,
): void {
  if (value !== undefined) target[key] = value;
}

function enabled(node: JsonObject): boolean {
  return obj(node.config).enabled !== false;
}

function dependsOn(node: JsonObject): string[] {
  return strList(obj(node.depends_on).nodes);
}

/** An asset read from its entry; `deps` is filled in finish(), once every asset id is known. */
export interface PendingAsset {
  asset: Asset;
  rawDeps: string[];
}

/**
 * A check read from its entry; its `assetIds` and `attachedAssetId` are set in finish(), once every
 * asset id is known.
 */
export interface PendingCheck {
  check: AssetCheck;
  attached?: string;
  rawDeps: string[];
}

function toAsset(id: string, node: JsonObject, resourceType: ResourceType): Asset {
  const config = obj(node.config);
  const floe = floeMeta(node);
  const materialization =
    resourceType === 'source' || resourceType === 'exposure'
      ? undefined
      : text(config.materialized);
  const asset: Asset = {
    id,
    name: str(node.name) ?? id,
    resourceType,
    packageName: str(node.package_name) ?? '',
    group: groupOf(node, floe, resourceType === 'source' || resourceType === 'exposure'),
    tags: tagsOf(node),
    description: str(node.description) ?? '',
    ephemeral: materialization === 'ephemeral',
    deps: [], // filled in by finish(): which ids are assets is known only at the end
    checks: [],
    columns: columnsOf(node),
    fqn: strList(node.fqn),
  };
  // Optional fields are set only when present (no `undefined` keys in the JSON the UI gets).
  setDefined(asset, 'owner', ownerOf(node, floe));
  setDefined(asset, 'materialization', materialization);
  setDefined(asset, 'filePath', text(node.original_file_path));
  setDefined(asset, 'patchPath', patchPathOf(node));
  setDefined(asset, 'database', text(node.database));
  setDefined(asset, 'schema', text(node.schema));
  setDefined(asset, 'relationName', text(node.relation_name));
  setDefined(asset, 'rawSql', text(node.raw_code) ?? text(node.raw_sql));
  setDefined(asset, 'compiledSql', text(node.compiled_code) ?? text(node.compiled_sql));
  setDefined(asset, 'checksum', checksumOf(node));
  setDefined(asset, 'dbtGroup', dbtGroupOf(node));
  if (resourceType === 'model') setDefined(asset, 'access', text(node.access));
  setDefined(asset, 'sourceName', text(node.source_name));
  setDefined(asset, 'version', versionOf(node));
  return asset;
}

function toCheck(id: string, node: JsonObject, kind: AssetCheck['kind']): PendingCheck {
  const check: AssetCheck = {
    id,
    name: str(node.name) ?? id,
    assetIds: [], // filled in by finish(), as an asset's deps
    kind,
    tags: tagsOf(node),
    fqn: strList(node.fqn),
    packageName: str(node.package_name) ?? '',
  };
  if (kind !== 'unit') setDefined(check, 'testName', text(obj(node.test_metadata).name));
  setDefined(check, 'columnName', text(node.column_name));
  setDefined(check, 'severity', text(obj(node.config).severity));
  setDefined(check, 'description', text(node.description));
  setDefined(check, 'filePath', text(node.original_file_path));
  const pending: PendingCheck = { check, rawDeps: dependsOn(node) };
  setDefined(pending, 'attached', text(node.attached_node));
  return pending;
}

/** The check with its targets: the assets among its dependencies, and the one it is attached to. */
function resolveCheck(pending: PendingCheck, assetIds: ReadonlySet<string>): AssetCheck {
  const { check, attached } = pending;
  for (const dep of pending.rawDeps)
    if (assetIds.has(dep) && !check.assetIds.includes(dep)) check.assetIds.push(dep);
  if (attached !== undefined && assetIds.has(attached)) check.attachedAssetId = attached;
  return check;
}

/**
 * The graph built one manifest entry at a time, so a streamed load (json-stream.ts) can drop each
 * parsed node as soon as it is read. Fed with every top-level value, section start, entry and key of
 * the manifest (a PrunedVisitor); finish() validates and returns the graph, or throws the same
 * ManifestError a whole-manifest build would.
 */
export class AssetGraphBuilder implements PrunedVisitor {
  private readonly pending: Record<'sources' | 'nodes' | 'exposures', PendingAsset[]> = {
    sources: [],
    nodes: [],
    exposures: [],
  };
  private readonly tests: PendingCheck[] = [];
  private readonly unitTests: PendingCheck[] = [];
  /** Every id defined anywhere in the manifest, asset or not, enabled or not. */
  private readonly definedIds: string[] = [];
  /** Top-level values that are not streamed sections: metadata, and sections that are not objects. */
  private readonly values = new Map<string, unknown>();
  private readonly sections = new Set<string>();

  value(key: string, value: unknown): void {
    this.values.set(key, value);
    this.sections.delete(key);
  }

  section(key: string): void {
    this.sections.add(key);
    this.values.delete(key);
  }

  key(_section: string, id: string): void {
    this.definedIds.push(id);
  }

  entry(section: string, id: string, raw: unknown): void {
    this.definedIds.push(id);
    if (!isObject(raw) || !enabled(raw)) return;
    if (section === 'nodes') {
      const type = str(raw.resource_type);
      if (type === 'test') {
        // Generic tests carry test_metadata; singular tests (a .sql file in tests/) do not.
        this.tests.push(toCheck(id, raw, isObject(raw.test_metadata) ? 'generic' : 'singular'));
      } else if (type !== undefined && NODE_ASSET_TYPES.has(type)) {
        this.addAsset('nodes', id, raw, type as ResourceType);
      }
    } else if (section === 'sources') this.addAsset('sources', id, raw, 'source');
    else if (section === 'exposures') this.addAsset('exposures', id, raw, 'exposure');
    else if (section === 'unit_tests') this.unitTests.push(toCheck(id, raw, 'unit'));
  }

  /** What was read of a part of `nodes` (plain JSON data: a worker thread's share, see absorb). */
  nodesPart(): NodesPart {
    return { assets: this.pending.nodes, tests: this.tests, ids: this.definedIds };
  }

  /** Takes in a part of `nodes` read elsewhere, as if its entries had come here next. */
  absorb(part: NodesPart): void {
    for (const asset of part.assets) this.pending.nodes.push(asset);
    for (const test of part.tests) this.tests.push(test);
    for (const id of part.ids) this.definedIds.push(id);
  }

  private addAsset(
    section: 'sources' | 'nodes' | 'exposures',
    id: string,
    raw: JsonObject,
    type: ResourceType,
  ): void {
    this.pending[section].push({ asset: toAsset(id, raw, type), rawDeps: dependsOn(raw) });
  }

  /** Throws like section(): a required section missing, or one that is not an object. */
  private checkSection(key: string, required: boolean): void {
    if (this.sections.has(key)) return;
    const value = this.values.get(key);
    if (isObject(value)) return; // (a whole-manifest build passes objects as entries)
    if (value === undefined || value === null) {
      if (!required) return;
      throw new ManifestError('invalid_shape', `not a dbt manifest: it has no "${key}" object`);
    }
    throw new ManifestError('invalid_shape', `not a dbt manifest: "${key}" is not an object`);
  }

  finish(): AssetGraph {
    const metadata = this.values.get('metadata');
    if (!isObject(metadata)) {
      throw new ManifestError('invalid_shape', 'not a dbt manifest: it has no "metadata" object');
    }
    const version = readManifestVersion({ metadata });
    this.checkSection('sources', false);
    this.checkSection('nodes', true);
    this.checkSection('exposures', false);
    this.checkSection('unit_tests', false);
    const entries = [...this.pending.sources, ...this.pending.nodes, ...this.pending.exposures];
    const assetIds = new Set(entries.map((e) => e.asset.id));
    let known: Set<string> | undefined; // built on first use: most manifests only depend on assets
    const assets = entries.map(({ asset, rawDeps }) => {
      const missing: string[] = [];
      for (const dep of rawDeps) {
        if (assetIds.has(dep)) {
          if (!asset.deps.includes(dep)) asset.deps.push(dep);
          continue;
        }
        known ??= new Set(this.definedIds);
        if (!known.has(dep) && !missing.includes(dep)) missing.push(dep);
      }
      if (missing.length > 0) asset.missingDeps = missing;
      return asset;
    });
    const byId = new Map(assets.map((a) => [a.id, a]));
    const checks = [...this.tests, ...this.unitTests].map((p) => resolveCheck(p, assetIds));
    for (const check of checks) {
      // A relationships test depends on two models but is defined on one (attached_node):
      // it belongs to that one; without attached_node it belongs to every asset it tests.
      const owners = check.attachedAssetId !== undefined ? [check.attachedAssetId] : check.assetIds;
      for (const owner of owners) byId.get(owner)?.checks.push(check.id);
    }
    return {
      projectName: version.projectName,
      dbtVersion: version.dbtVersion,
      manifestSchemaVersion: version.schemaVersion,
      assets,
      checks,
    };
  }
}

export function buildAssetGraph(manifest: unknown): AssetGraph {
  if (!isObject(manifest)) {
    throw new ManifestError(
      'invalid_shape',
      'not a dbt manifest: the top level is not a JSON object',
    );
  }
  const builder = new AssetGraphBuilder();
  builder.value('metadata', manifest.metadata);
  for (const key of ['sources', 'nodes', 'exposures', 'unit_tests']) {
    const value = manifest[key];
    if (!isObject(value)) {
      builder.value(key, value);
      continue;
    }
    builder.section(key);
    for (const id in value) builder.entry(key, id, value[id]);
  }
  for (const key of KNOWN_ID_SECTIONS) {
    const value = manifest[key];
    if (isObject(value)) for (const id in value) builder.key(key, id);
  }
  return builder.finish();
}
