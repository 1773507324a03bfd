// OpenLineage naming for datasets and jobs, per compute target (docs/lineage-naming.md).
// Dataset namespaces follow OpenLineage's naming conventions and its dbt integration, so the same
// table gets the same identity whichever tool reports it.
import { isAbsolute, resolve } from 'node:path';
import type { Asset } from '../../../shared/assets';
import type { CompiledCompute } from '../../../shared/config/compiled-artifacts';

export interface DatasetId {
  namespace: string;
  name: string;
}

function text(properties: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = properties[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/**
 * Snowflake account as OpenLineage normalises it: an org-account identifier (`myorg-myaccount`) is
 * kept as is; a legacy locator gets its default region and cloud (`xy12345` → `xy12345.us-west-1.aws`,
 * `xy12345.eu-west-1` → `xy12345.eu-west-1.aws`). A full host name is cut back to the account first.
 */
export function normalizeSnowflakeAccount(account: string): string {
  let name = account.trim().toLowerCase();
  for (const suffix of ['.snowflakecomputing.com', '.privatelink']) {
    if (name.endsWith(suffix)) name = name.slice(0, -suffix.length);
  }
  const parts = name.split('.');
  const first = parts[0] ?? name;
  // Snowflake accepts `org_account` in some drivers; its URL form, and OpenLineage's, uses a hyphen.
  if (/[-_]/.test(first)) return first.replace(/_/g, '-');
  if (parts.length === 1) return `${first}.us-west-1.aws`;
  if (parts.length === 2) return `${first}.${parts[1] ?? ''}.aws`;
  return parts.slice(0, 3).join('.');
}

const REDSHIFT_HOST = /^([^.]+)\.[^.]+\.([a-z0-9-]+)\.redshift(?:-serverless)?\.amazonaws\.com$/i;

function redshiftAuthority(properties: Record<string, unknown>): string {
  const port = text(properties, 'port') ?? '5439';
  const host = text(properties, 'host') ?? 'localhost';
  const match = REDSHIFT_HOST.exec(host);
  if (match) return `${match[1] ?? ''}.${match[2] ?? ''}:${port}`.toLowerCase();
  const cluster = text(properties, 'cluster_id', 'cluster_identifier');
  const region = text(properties, 'region');
  if (cluster !== undefined && region !== undefined)
    return `${cluster}.${region}:${port}`.toLowerCase();
  return `${host}:${port}`;
}

function stripScheme(host: string): string {
  return host.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
}

function sparkAuthority(properties: Record<string, unknown>): string {
  const method = text(properties, 'method') ?? 'thrift';
  const host = stripScheme(text(properties, 'host') ?? 'localhost');
  const port = text(properties, 'port');
  if (port !== undefined) return `${host}:${port}`;
  if (method === 'http' || method === 'odbc') return `${host}:443`;
  if (method === 'thrift') return `${host}:10001`;
  // `session`: an in-process SparkSession has no server; name the local machine.
  return host;
}

/** Where the datasets of this compute live: the OpenLineage dataset namespace. */
export function datasetNamespace(compute: CompiledCompute, projectDir: string): string {
  const properties = compute.properties;
  switch (compute.target) {
    case 'duckdb': {
      const path = text(properties, 'path') ?? ':memory:';
      if (path === ':memory:' || path.startsWith('md:')) return `duckdb://${path}`;
      return `duckdb://${isAbsolute(path) ? path : resolve(projectDir, path)}`;
    }
    case 'postgres':
      return `postgres://${text(properties, 'host') ?? 'localhost'}:${text(properties, 'port') ?? '5432'}`;
    case 'redshift':
      return `redshift://${redshiftAuthority(properties)}`;
    case 'snowflake':
      return `snowflake://${normalizeSnowflakeAccount(text(properties, 'account') ?? 'unknown')}`;
    case 'bigquery':
      return 'bigquery';
    case 'databricks':
      return `databricks://${stripScheme(text(properties, 'host') ?? 'localhost')}`;
    case 'spark':
      return `spark://${sparkAuthority(properties)}`;
  }
}

/** Splits `"db"."schema"."table"` / `` `p`.`d`.`t` `` / `db.schema.table` into unquoted parts. */
export function splitRelationName(relation: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < relation.length; i += 1) {
    const ch = relation[i] ?? '';
    if (quote !== null) {
      if (ch === quote && relation[i + 1] === quote) {
        current += ch;
        i += 1;
      } else if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === '`') quote = ch;
    else if (ch === '[') quote = ']';
    else if (ch === '.') {
      parts.push(current);
      current = '';
    } else if (ch.trim() !== '') current += ch;
  }
  parts.push(current);
  return parts.filter((part) => part !== '');
}

type RelationFields = Pick<Asset, 'name' | 'database' | 'schema' | 'relationName'>;

/** `database.schema.table` as dbt writes it (`schema.table` where the adapter has no database). */
export function datasetName(asset: RelationFields): string {
  if (asset.relationName !== undefined && asset.relationName !== '') {
    const parts = splitRelationName(asset.relationName);
    if (parts.length > 0) return parts.join('.');
  }
  return [asset.database, asset.schema, asset.name]
    .filter((p) => p !== undefined && p !== '')
    .join('.');
}

/** A seed's CSV file as a dataset (OpenLineage: namespace `file`, name = absolute path). */
export function seedFileDataset(dbtProjectPath: string, filePath: string): DatasetId {
  return {
    namespace: 'file',
    name: isAbsolute(filePath) ? filePath : resolve(dbtProjectPath, filePath),
  };
}

/**
 * The job of one asset, as OpenLineage's dbt integration names it for `dbt run`:
 * `<database>.<schema>.<package>.<name>`; snapshots end in `.snapshot`, seeds keep dbt's
 * `seed.` prefix. We drop the integration's `.build.run` suffix so a model's job stays the same
 * whichever dbt command ran it.
 */
export function assetJobName(
  asset: Pick<Asset, 'id' | 'database' | 'schema' | 'resourceType'>,
): string {
  const prefix = [asset.database, asset.schema]
    .filter((p) => p !== undefined && p !== '')
    .join('.');
  const dot = asset.id.indexOf('.');
  const local = dot >= 0 ? asset.id.slice(dot + 1) : asset.id;
  const base = asset.resourceType === 'seed' ? asset.id : local;
  const suffix = asset.resourceType === 'snapshot' ? '.snapshot' : '';
  return prefix === '' ? `${base}${suffix}` : `${prefix}.${base}${suffix}`;
}

/** The parent job of every asset job: one per dbt project, as `dbt-ol` names it. */
export function runJobName(projectName: string): string {
  return `dbt-run-${projectName}`;
}

const SQL_DIALECTS: Record<CompiledCompute['target'], string> = {
  duckdb: 'duckdb',
  postgres: 'postgres',
  redshift: 'redshift',
  snowflake: 'snowflake',
  bigquery: 'bigquery',
  databricks: 'databricks',
  spark: 'spark',
};

export function sqlDialect(target: CompiledCompute['target']): string {
  return SQL_DIALECTS[target];
}

const LINEAGE_PATH = '/api/v1/lineage';

/** `<base>/api/v1/lineage`, unless the configured URL already ends with it. */
export function lineageEndpointUrl(base: string): string {
  const url = new URL(base.trim());
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith(LINEAGE_PATH) ? path : `${path}${LINEAGE_PATH}`;
  return url.toString();
}

/** The URL without credentials or query: safe to store, log and show. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString();
  } catch {
    return '<invalid URL>';
  }
}
