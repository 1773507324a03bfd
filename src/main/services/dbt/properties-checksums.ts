// A model's YAML is part of its code: a new test, a changed config, a contract or a column type in
// `_models.yml` should make it stale just as an edited .sql does. dbt's manifest checksum covers only
// the .sql file, so the engine fingerprints each asset's own entry in its properties file (the
// `models:` / `seeds:` / `snapshots:` item with its name): formatting and other assets' entries in
// the same file do not count. Files are parsed once per change (keyed by size and mtime), and the
// fingerprints of a file's content are kept in the project's cache folder, so a new process (every
// `floe` command) reads and hashes the files but parses none it has seen: the YAML parser costs
// `floe run` about 50 ms of CPU on the example project alone.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** Fingerprints by file content (sha256 of the file), kept across processes. */
interface DiskCache {
  path: string;
  /** content hash → [`<section>/<name>`, checksum][] */
  byContent: Map<string, [string, string][]>;
  dirty: boolean;
}

const DISK_CACHE_FILE = 'properties-checksums.json';
const DISK_CACHE_FORMAT = 1;
/** Contents remembered; older ones (edits long undone) are dropped first. */
const DISK_CACHE_LIMIT = 2_000;

function readDiskCache(cacheDir: string): DiskCache {
  const path = join(cacheDir, DISK_CACHE_FILE);
  const byContent = new Map<string, [string, string][]>();
  try {
    const saved: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof saved === 'object' && saved !== null && 'format' in saved && 'files' in saved) {
      const { format, files } = saved;
      if (format === DISK_CACHE_FORMAT && typeof files === 'object' && files !== null)
        for (const [hash, entries] of Object.entries(files))
          if (Array.isArray(entries)) byContent.set(hash, entries as [string, string][]);
    }
  } catch {
    // None yet, or damaged: fingerprints are parsed again and the file rewritten.
  }
  return { path, byContent, dirty: false };
}

function writeDiskCache(cache: DiskCache): void {
  if (!cache.dirty) return;
  cache.dirty = false;
  const kept = [...cache.byContent].slice(-DISK_CACHE_LIMIT);
  try {
    mkdirSync(dirname(cache.path), { recursive: true });
    const temp = `${cache.path}.${process.pid}.tmp`;
    writeFileSync(
      temp,
      JSON.stringify({ format: DISK_CACHE_FORMAT, files: Object.fromEntries(kept) }),
    );
    renameSync(temp, cache.path);
  } catch {
    // An unwritable project folder only costs a parse next time.
  }
}

export class PropertiesChecksums {
  private readonly files = new Map<string, ParsedFile>();
  private readonly diskCaches = new Map<string, DiskCache>();

  /**
   * The graph with `propertiesChecksum` on every model, seed and snapshot that has a YAML entry.
   * With `cacheDir` (the project's `.floe/cache`), fingerprints of file contents seen before are
   * not parsed again.
   */
  apply(graph: AssetGraph, dbtDir: string, cacheDir?: string): AssetGraph {
    const disk = cacheDir === undefined ? undefined : this.diskCache(cacheDir);
    let changed = false;
    const assets = graph.assets.map((asset) => {
      const checksum = this.checksumOf(asset, dbtDir, disk);
      if (checksum === asset.propertiesChecksum) return asset;
      changed = true;
      const next: Asset = { ...asset };
      if (checksum === undefined) delete next.propertiesChecksum;
      else next.propertiesChecksum = checksum;
      return next;
    });
    if (disk !== undefined) writeDiskCache(disk);
    // Nothing changed: the same graph object, so callers (and the UI) have nothing to redo.
    return changed ? { ...graph, assets } : graph;
  }

  private diskCache(cacheDir: string): DiskCache {
    let cache = this.diskCaches.get(cacheDir);
    if (cache === undefined) {
      cache = readDiskCache(cacheDir);
      this.diskCaches.set(cacheDir, cache);
    }
    return cache;
  }

  private checksumOf(
    asset: Asset,
    dbtDir: string,
    disk: DiskCache | undefined,
  ): string | undefined {
    const section = SECTIONS[asset.resourceType];
    if (section === undefined || asset.patchPath === undefined) return undefined;
    return this.file(join(dbtDir, asset.patchPath), disk)?.entries.get(`${section}/${asset.name}`);
  }

  private file(path: string, disk: DiskCache | undefined): ParsedFile | undefined {
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
    const parsed: ParsedFile = { stamp, entries: this.entriesFor(text, disk) };
    this.files.set(path, parsed);
    return parsed;
  }

  private entriesFor(text: string, disk: DiskCache | undefined): Map<string, string> {
    if (disk === undefined) return entriesOf(text);
    const content = createHash('sha256').update(text).digest('hex');
    const saved = disk.byContent.get(content);
    // Re-inserted: the most recently used contents are the last dropped.
    disk.byContent.delete(content);
    const entries = saved === undefined ? entriesOf(text) : new Map(saved);
    disk.byContent.set(content, [...entries]);
    if (saved === undefined) disk.dirty = true;
    return entries;
  }
}

// One reader per process: its files are keyed by path, size and mtime, so the studio's reloads, the
// CLI's state and each run's preparation share what was parsed instead of parsing it again.
const shared = new PropertiesChecksums();

/**
 * The graph with `propertiesChecksum` set from the properties YAML files as they are now; with
 * `cacheDir`, fingerprints of contents seen before (by any process) are read instead of parsed.
 */
export function withPropertiesChecksums(
  graph: AssetGraph,
  dbtDir: string,
  cacheDir?: string,
): AssetGraph {
  return shared.apply(graph, dbtDir, cacheDir);
}
