// dbt's manifest schema version: `metadata.dbt_schema_version` is a URL ending in `/vN.json`.
// v9 is dbt 1.5; older manifests differ in ways (tests, groups, contracts) we do not translate.
import { ManifestError } from './manifest-error';
import { obj, str, type JsonObject } from './json-read';

export const MIN_SCHEMA_VERSION = 9;

export interface ManifestVersion {
  schemaVersion: number;
  dbtVersion: string;
  projectName: string;
}

export function schemaVersionOf(url: string | undefined): number | undefined {
  const match = url === undefined ? null : /\/manifest\/v(\d+)\.json$/.exec(url);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function readManifestVersion(manifest: JsonObject): ManifestVersion {
  const metadata = obj(manifest.metadata);
  const url = str(metadata.dbt_schema_version);
  const dbtVersion = str(metadata.dbt_version) ?? 'unknown version';
  const schemaVersion = schemaVersionOf(url);
  if (schemaVersion === undefined || schemaVersion < MIN_SCHEMA_VERSION) {
    const shown = schemaVersion === undefined ? `"${url ?? 'missing'}"` : `v${schemaVersion}`;
    throw new ManifestError(
      'unsupported_version',
      `unsupported manifest schema ${shown} (dbt ${dbtVersion}); Floe Studio reads v9+ (dbt 1.5 and later). ` +
        'Re-create it with dbt 1.5 or later (`dbt parse`).',
    );
  }
  return { schemaVersion, dbtVersion, projectName: str(metadata.project_name) ?? '' };
}
