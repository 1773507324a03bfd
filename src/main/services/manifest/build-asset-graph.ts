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
import { ManifestError } from './manifest-error';
import { readManifestVersion } from './schema-version';

const NODE_ASSET_TYPES: ReadonlySet<string> = new Set(['model', 'seed', 'snapshot']);
/** Manifest sections whose ids may legitimately appear in depends_on but are not assets. */
const OTHER_SECTIONS = ['metrics', 'semantic_models', 'saved_queries', 'functions', 'unit_tests'];

/** Sets an optional field only when it has a value (one function, not a closure per node). */
function setDefined<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | undefined,
): void {
  if (value !== undefined) target[key] = value;
}

interface Entry {
  id: string;
  node: JsonObject;
  resourceType: ResourceType;
}

function section(manifest: JsonObject, key: string, required: boolean): JsonObject {
  const value = manifest[key];
  if (isObject(value)) return value;
  if (value === undefined || value === null) {
    if (!required) return {};
    throw new ManifestError('invalid_shape', `not a dbt manifest: it has no "${key}" object`);
  }
  throw new ManifestError('invalid_shape', `not a dbt manifest: "${key}" is not an object`);
}

function enabled(node: JsonObject): boolean {
  return obj(node.config).enabled !== false;
}

function dependsOn(node: JsonObject): string[] {
  return strList(obj(node.depends_on).nodes);
}

interface Collected {
  entries: Entry[];
  tests: [string, JsonObject][];
}

/** One pass over each section (for-in, not Object.entries: no per-node arrays on 30,000 nodes). */
function collect(manifest: JsonObject): Collected {
  const entries: Entry[] = [];
  const tests: [string, JsonObject][] = [];
  const sources = section(manifest, 'sources', false);
  for (const id in sources) {
    const raw = sources[id];
    if (isObject(raw) && enabled(raw)) entries.push({ id, node: raw, resourceType: 'source' });
  }
  const nodes = section(manifest, 'nodes', true);
  for (const id in nodes) {
    const raw = nodes[id];
    if (!isObject(raw) || !enabled(raw)) continue;
    const type = str(raw.resource_type);
    if (type === 'test') tests.push([id, raw]);
    else if (type !== undefined && NODE_ASSET_TYPES.has(type))
      entries.push({ id, node: raw, resourceType: type as ResourceType });
  }
  const exposures = section(manifest, 'exposures', false);
  for (const id in exposures) {
    const raw = exposures[id];
    if (isObject(raw) && enabled(raw)) entries.push({ id, node: raw, resourceType: 'exposure' });
  }
  return { entries, tests };
}

/** Whether the manifest defines `id` anywhere: tells a non-asset dependency from a dangling one. */
function knownIdsOf(manifest: JsonObject): (id: string) => boolean {
  let ids: Set<string> | undefined; // built on first use: most manifests only depend on assets
  return (id) => {
    if (ids === undefined) {
      ids = new Set<string>();
      for (const key of ['nodes', 'sources', 'exposures', ...OTHER_SECTIONS, 'disabled']) {
        const sectionObject = obj(manifest[key]);
        for (const known in sectionObject) ids.add(known);
      }
    }
    return ids.has(id);
  };
}

function toAsset(
  entry: Entry,
  assetIds: ReadonlySet<string>,
  isKnown: (id: string) => boolean,
): Asset {
  const { id, node, resourceType } = entry;
  const config = obj(node.config);
  const floe = floeMeta(node);
  const deps: string[] = [];
  const missing: string[] = [];
  for (const dep of dependsOn(node)) {
    if (assetIds.has(dep)) {
      if (!deps.includes(dep)) deps.push(dep);
    } else if (!isKnown(dep) && !missing.includes(dep)) missing.push(dep);
  }
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
    deps,
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
  if (missing.length > 0) asset.missingDeps = missing;
  return asset;
}

function toCheck(
  id: string,
  node: JsonObject,
  kind: AssetCheck['kind'],
  assetIds: ReadonlySet<string>,
): AssetCheck {
  const targets: string[] = [];
  for (const dep of dependsOn(node))
    if (assetIds.has(dep) && !targets.includes(dep)) targets.push(dep);
  const check: AssetCheck = {
    id,
    name: str(node.name) ?? id,
    assetIds: targets,
    kind,
    tags: tagsOf(node),
    fqn: strList(node.fqn),
    packageName: str(node.package_name) ?? '',
  };
  if (kind !== 'unit') setDefined(check, 'testName', text(obj(node.test_metadata).name));
  const attached = text(node.attached_node);
  if (attached !== undefined && assetIds.has(attached)) check.attachedAssetId = attached;
  setDefined(check, 'columnName', text(node.column_name));
  setDefined(check, 'severity', text(obj(node.config).severity));
  setDefined(check, 'description', text(node.description));
  setDefined(check, 'filePath', text(node.original_file_path));
  return check;
}

function collectChecks(
  manifest: JsonObject,
  tests: [string, JsonObject][],
  assetIds: ReadonlySet<string>,
): AssetCheck[] {
  const checks: AssetCheck[] = [];
  for (const [id, raw] of tests) {
    // Generic tests carry test_metadata; singular tests (a .sql file in tests/) do not.
    checks.push(toCheck(id, raw, isObject(raw.test_metadata) ? 'generic' : 'singular', assetIds));
  }
  const unitTests = section(manifest, 'unit_tests', false);
  for (const id in unitTests) {
    const raw = unitTests[id];
    if (isObject(raw) && enabled(raw)) checks.push(toCheck(id, raw, 'unit', assetIds));
  }
  return checks;
}

export function buildAssetGraph(manifest: unknown): AssetGraph {
  if (!isObject(manifest)) {
    throw new ManifestError(
      'invalid_shape',
      'not a dbt manifest: the top level is not a JSON object',
    );
  }
  if (!isObject(manifest.metadata)) {
    throw new ManifestError('invalid_shape', 'not a dbt manifest: it has no "metadata" object');
  }
  const version = readManifestVersion(manifest);
  const { entries, tests } = collect(manifest);
  const assetIds = new Set(entries.map((e) => e.id));
  const isKnown = knownIdsOf(manifest);
  const assets = entries.map((entry) => toAsset(entry, assetIds, isKnown));
  const byId = new Map(assets.map((a) => [a.id, a]));
  const checks = collectChecks(manifest, tests, assetIds);
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
