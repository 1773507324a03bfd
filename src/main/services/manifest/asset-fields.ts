// Field extraction for one manifest entry (model, seed, snapshot, source, exposure, test).
// Pure and defensive: every field is read through the json-read helpers.
import type { AssetColumn, ColumnClassification } from '../../../shared/assets';
import { obj, str, strList, text, type JsonObject } from './json-read';

const DEFAULT_GROUP = 'default';

/** `meta.floe` merged from the node's `meta` and `config.meta` (dbt 1.10 moved meta into config). */
export function floeMeta(node: JsonObject): JsonObject {
  const top = obj(obj(node.meta).floe);
  const inConfig = obj(obj(obj(node.config).meta).floe);
  return mergeMeta(top, inConfig);
}

function hasKeys(o: JsonObject): boolean {
  for (const _key in o) return true;
  return false;
}

/** `{...a, ...b}` without allocating when one side is empty (the common case on 10,000 nodes). */
function mergeMeta(a: JsonObject, b: JsonObject): JsonObject {
  if (!hasKeys(b)) return a;
  if (!hasKeys(a)) return b;
  return { ...a, ...b };
}

function plainMeta(node: JsonObject, key: string): unknown {
  return obj(obj(node.config).meta)[key] ?? obj(node.meta)[key];
}

/** `meta.floe.owner`, else the common dbt convention `meta.owner`, else an exposure's owner. */
export function ownerOf(node: JsonObject, floe: JsonObject): string | undefined {
  const owner = text(floe.owner) ?? text(plainMeta(node, 'owner'));
  if (owner !== undefined) return owner;
  const exposureOwner = obj(node.owner);
  return text(exposureOwner.name) ?? text(exposureOwner.email);
}

export function dbtGroupOf(node: JsonObject): string | undefined {
  return text(node.group) ?? text(obj(node.config).group);
}

/**
 * `meta.floe.group`, else the dbt group, else the first folder under the resource folder.
 * For models/seeds/snapshots dbt's `path` is already relative to the resource folder
 * (`staging/stg_orders.sql`); sources and exposures only have the project-relative file
 * (`models/staging/_sources.yml`), so the resource folder is dropped first.
 */
export function groupOf(
  node: JsonObject,
  floe: JsonObject,
  pathIsProjectRelative: boolean,
): string {
  const explicit = text(floe.group) ?? dbtGroupOf(node);
  if (explicit !== undefined) return explicit;
  const path = (pathIsProjectRelative ? str(node.original_file_path) : str(node.path)) ?? '';
  const segments = path.split(/[\\/]/).filter((s) => s !== '');
  const folders = pathIsProjectRelative ? segments.slice(1, -1) : segments.slice(0, -1);
  // A node defined inside a YAML file (a snapshot in snapshots/x.yml) has the file in its path.
  return folders.find((s) => !/\.(ya?ml|sql|csv|py)$/i.test(s)) ?? DEFAULT_GROUP;
}

export function classificationOf(column: JsonObject): ColumnClassification {
  const floe = mergeMeta(obj(obj(column.meta).floe), obj(obj(obj(column.config).meta).floe));
  const out: ColumnClassification = {};
  const classification = text(floe.classification);
  const piiType = text(floe.pii_type);
  const sensitivity = text(floe.sensitivity);
  if (classification !== undefined) out.classification = classification;
  if (piiType !== undefined) out.pii_type = piiType;
  if (sensitivity !== undefined) out.sensitivity = sensitivity;
  return out;
}

export function columnsOf(node: JsonObject): AssetColumn[] {
  const columns: AssetColumn[] = [];
  const all = obj(node.columns);
  // for-in and one object per column: 50,000 columns in a big project, each allocation counts.
  for (const key in all) {
    const column = obj(all[key]);
    const out: AssetColumn = {
      name: str(column.name) ?? key,
      description: str(column.description) ?? '',
    };
    if (column.meta !== undefined || column.config !== undefined)
      Object.assign(out, classificationOf(column));
    const dataType = text(column.data_type);
    if (dataType !== undefined) out.dataType = dataType;
    columns.push(out);
  }
  return columns;
}

/** The part after `package://` in dbt's `patch_path`. */
export function patchPathOf(node: JsonObject): string | undefined {
  const patch = text(node.patch_path);
  if (patch === undefined) return undefined;
  const at = patch.indexOf('://');
  return at === -1 ? patch : patch.slice(at + 3);
}

export function checksumOf(node: JsonObject): string | undefined {
  const checksum = node.checksum;
  return typeof checksum === 'string' ? text(checksum) : text(obj(checksum).checksum);
}

export function tagsOf(node: JsonObject): string[] {
  const tags = strList(node.tags);
  return tags.length > 0 ? tags : strList(obj(node.config).tags);
}

/** dbt writes `version` as a string or number; the fqn then ends with `v<version>`. */
export function versionOf(node: JsonObject): string | undefined {
  const version = node.version;
  if (typeof version === 'number') return String(version);
  return text(version);
}
