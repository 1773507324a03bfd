// The asset graph as every part of Floe Studio sees it. Ids are dbt unique_ids.

export const RESOURCE_TYPES = ['model', 'seed', 'snapshot', 'source', 'exposure'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export interface ColumnClassification {
  classification?: string;
  pii_type?: string;
  sensitivity?: string;
}

export interface AssetColumn extends ColumnClassification {
  name: string;
  dataType?: string;
  description: string;
}

export interface Asset {
  /** dbt unique_id, e.g. `model.shop.stg_customers` */
  id: string;
  name: string;
  resourceType: ResourceType;
  packageName: string;
  /** `meta.floe.group`, else the model's folder (first path segment under the resource path). */
  group: string;
  tags: string[];
  owner?: string;
  description: string;
  materialization?: string;
  ephemeral: boolean;
  /** Exactly dbt's `depends_on.nodes` restricted to assets (tests are checks, not deps). */
  deps: string[];
  /** unique_ids of the dbt tests attached to this asset. */
  checks: string[];
  columns: AssetColumn[];
  /** Path relative to the dbt project root (e.g. `models/staging/stg_customers.sql`). */
  filePath?: string;
  /** YAML file that documents it, when any. */
  patchPath?: string;
  /**
   * sha256 of this asset's own entry in its properties YAML (patchPath), read from disk by the engine
   * (not in the manifest): with dbt's SQL checksum it tells when "its SQL/YAML changed".
   */
  propertiesChecksum?: string;
  database?: string;
  schema?: string;
  /** The relation dbt writes, e.g. `"dev"."main"."customers"`. */
  relationName?: string;
  rawSql?: string;
  compiledSql?: string;
  /** dbt's checksum of the file, used for staleness. */
  checksum?: string;
  /** dbt's fqn (package, folders, name); used by dbt-style selection. */
  fqn?: string[];
  /** The dbt `group` config, when set (distinct from the Floe `group`). */
  dbtGroup?: string;
  /** Model access (`private` / `protected` / `public`). */
  access?: string;
  /** For sources: the dbt source name (`source('<sourceName>', '<name>')`). */
  sourceName?: string;
  /** For versioned models: the version. */
  version?: string;
  /** Ids in `depends_on.nodes` found nowhere in the manifest (hand-trimmed manifests). */
  missingDeps?: string[];
}

export interface AssetCheck {
  id: string;
  name: string;
  /** Asset ids the test depends on (usually one). */
  assetIds: string[];
  columnName?: string;
  testName?: string;
  severity?: string;
  /** `generic` / `singular` dbt data tests, `unit` for dbt unit tests. */
  kind?: 'generic' | 'singular' | 'unit';
  /** The asset the test is defined on (dbt `attached_node`), when known. */
  attachedAssetId?: string;
  description?: string;
  tags?: string[];
  fqn?: string[];
  packageName?: string;
  filePath?: string;
}

export interface AssetGraph {
  projectName: string;
  dbtVersion: string;
  manifestSchemaVersion: number;
  assets: Asset[];
  checks: AssetCheck[];
}

/**
 * What the graph view needs of an asset (draw, search, focus, select, materialize): project snapshots
 * carry only this. The rest (description, columns, paths, SQL…) is a few times its size on a large
 * project and only the asset panel shows it, for one asset at a time: it asks `assets.detail`.
 */
export type AssetSummary = Pick<
  Asset,
  | 'id'
  | 'name'
  | 'resourceType'
  | 'group'
  | 'tags'
  | 'owner'
  | 'materialization'
  | 'ephemeral'
  | 'deps'
>;

/** The asset graph as project snapshots carry it: summaries, no checks (`assets.checks` has them). */
export interface AssetGraphSummary {
  projectName: string;
  dbtVersion: string;
  manifestSchemaVersion: number;
  assets: AssetSummary[];
}

/** The summary of a full asset: exactly its AssetSummary fields (optional ones only when set). */
export function summarizeAsset(asset: Asset): AssetSummary {
  const summary: AssetSummary = {
    id: asset.id,
    name: asset.name,
    resourceType: asset.resourceType,
    group: asset.group,
    tags: asset.tags,
    ephemeral: asset.ephemeral,
    deps: asset.deps,
  };
  if (asset.owner !== undefined) summary.owner = asset.owner;
  if (asset.materialization !== undefined) summary.materialization = asset.materialization;
  return summary;
}
