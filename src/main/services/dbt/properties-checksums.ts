// A model's YAML is part of its code: a new test, a changed config, a contract or a column type in
// `_models.yml` should make it stale just as an edited .sql does. dbt's manifest checksum covers only
// the .sql file, so the engine fingerprints each asset's own entry in its properties file (the
// `models:` / `seeds:` / `snapshots:` item with its name): formatting and other assets' entries in
// the same file do not count. Files are parsed once per change (keyed by size and mtime).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Asset, AssetGraph } from '../../../shared/assets';

const SECTIONS: Readonly<Record<string, string>> = {
  model: 'models',
  seed: 'seeds',
  snapshot: 'snapshots',
};

interface ParsedFile {
  stamp: string;
  /** `<section>/<name>` → checksum of that entry. */
  entries: Map<string, string>;
}

/** JSON with object keys sorted: the same YAML content always gives the same text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function entriesOf(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  let document: unknown;
  try {
    document = parse(text);
  } catch {
    return entries; // dbt reports a broken YAML file itself; no fingerprint until it parses
  }
  if (typeof document !== 'object' || document === null) return entries;
  for (const section of Object.values(SECTIONS)) {
    const items = (document as Record<string, unknown>)[section];
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      if (typeof item !== 'object' || item === null) continue;
      const name = (item as Record<string, unknown>).name;
      if (typeof name !== 'string') continue;
      const checksum = createHash('sha256').update(stableJson(item)).digest('hex');
      entries.set(`${section}/${name}`, checksum);
    }
  }
  return entries;
}

export class PropertiesChecksums {
  private readonly files = new Map<string, ParsedFile>();

  /** The graph with `propertiesChecksum` on every model, seed and snapshot that has a YAML entry. */
  apply(graph: AssetGraph, dbtDir: string): AssetGraph {
    let changed = false;
    const assets = graph.assets.map((asset) => {
      const checksum = this.checksumOf(asset, dbtDir);
      if (checksum === asset.propertiesChecksum) return asset;
      changed = true;
      const next: Asset = { ...asset };
      if (checksum === undefined) delete next.propertiesChecksum;
      else next.propertiesChecksum = checksum;
      return next;
    });
    // Nothing changed: the same graph object, so callers (and the UI) have nothing to redo.
    return changed ? { ...graph, assets } : graph;
  }

  private checksumOf(asset: Asset, dbtDir: string): string | undefined {
    const section = SECTIONS[asset.resourceType];
    if (section === undefined || asset.patchPath === undefined) return undefined;
    return this.file(join(dbtDir, asset.patchPath))?.entries.get(`${section}/${asset.name}`);
  }

  private file(path: string): ParsedFile | undefined {
    let stamp: string;
    try {
      const stats = statSync(path);
      stamp = `${stats.size}:${stats.mtimeMs}`;
    } catch {
      this.files.delete(path);
      return undefined;
    }
    const known = this.files.get(path);
    if (known?.stamp === stamp) return known;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    const parsed: ParsedFile = { stamp, entries: entriesOf(text) };
    this.files.set(path, parsed);
    return parsed;
  }
}

// One reader per process: its files are keyed by path, size and mtime, so the studio's reloads, the
// CLI's state and each run's preparation share what was parsed instead of parsing it again.
const shared = new PropertiesChecksums();

/** The graph with `propertiesChecksum` set from the properties YAML files as they are now. */
export function withPropertiesChecksums(graph: AssetGraph, dbtDir: string): AssetGraph {
  return shared.apply(graph, dbtDir);
}
