// Every manifest field the asset graph reads (build-asset-graph.ts, asset-fields.ts,
// schema-version.ts), as a prune spec: the rest of the manifest is never parsed. A field the builder
// starts reading must be added here; manifest-reads.test.ts records the builder's reads on real
// manifests and fails on one this spec drops.
import { eachKey, fields, KEEP, KEYS_ONLY, VARIANT_KEY, type PruneSpec } from './json-prune';

const dependsOn = fields({ nodes: KEEP });

/** A dbt data test or unit test: read as a check (toCheck). */
const check = fields({
  resource_type: KEEP,
  name: KEEP,
  package_name: KEEP,
  fqn: KEEP,
  tags: KEEP,
  description: KEEP,
  original_file_path: KEEP,
  depends_on: dependsOn,
  test_metadata: fields({ name: KEEP }),
  attached_node: KEEP,
  column_name: KEEP,
  config: fields({ enabled: KEEP, severity: KEEP, tags: KEEP }),
});

const column = fields({
  name: KEEP,
  description: KEEP,
  data_type: KEEP,
  meta: KEEP,
  config: fields({ meta: KEEP }),
});

/** A model, seed, snapshot, source or exposure (toAsset); a test node switches to `check`. */
export const NODE_READS = fields(
  {
    resource_type: VARIANT_KEY,
    name: KEEP,
    package_name: KEEP,
    path: KEEP,
    original_file_path: KEEP,
    patch_path: KEEP,
    fqn: KEEP,
    tags: KEEP,
    description: KEEP,
    meta: KEEP,
    owner: KEEP,
    group: KEEP,
    access: KEEP,
    version: KEEP,
    source_name: KEEP,
    database: KEEP,
    schema: KEEP,
    relation_name: KEEP,
    raw_code: KEEP,
    raw_sql: KEEP,
    compiled_code: KEEP,
    compiled_sql: KEEP,
    checksum: KEEP,
    columns: eachKey(column),
    depends_on: dependsOn,
    config: fields({
      enabled: KEEP,
      materialized: KEEP,
      meta: KEEP,
      tags: KEEP,
      group: KEEP,
      severity: KEEP,
    }),
    // A test node before its resource_type is read (dbt writes resource_type fourth).
    test_metadata: fields({ name: KEEP }),
    attached_node: KEEP,
    column_name: KEEP,
  },
  { test: check },
);

export const ASSET_GRAPH_READS: PruneSpec = fields({
  metadata: fields({ dbt_schema_version: KEEP, dbt_version: KEEP, project_name: KEEP }),
  nodes: eachKey(NODE_READS),
  sources: eachKey(NODE_READS),
  exposures: eachKey(NODE_READS),
  unit_tests: eachKey(check),
  // Sections whose ids may appear in depends_on: only "is this id defined?" is asked of them.
  metrics: KEYS_ONLY,
  semantic_models: KEYS_ONLY,
  saved_queries: KEYS_ONLY,
  functions: KEYS_ONLY,
  disabled: KEYS_ONLY,
});
