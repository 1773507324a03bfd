// The asset graph of an unchanged manifest.json, kept in the project's .floe/cache/ so reopening a big project skips JSON.parse: on a 10,000-model project the 60 MB manifest takes over
// a second to parse here, the cached graph a fraction of that. The cache is an optimisation only:
// any doubt (another manifest, a changed file, another graph format, a damaged cache) means a miss,
// and failing to write it is ignored.
//
// File layout: one line of JSON (the key), then the graph as JSON. JSON.parse reads this back faster
// than v8.deserialize here (about 120 ms against 160 ms for a 10,000-model graph).
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AssetGraph } from '../../../shared/assets';

/**
 * Bump when the graph built from a manifest changes (a new field, a different rule): caches written
 * by another format are ignored. graph-cache-format.test.ts fails when the builder's sources change
 * and this does not.
 */
export const GRAPH_CACHE_FORMAT = 5;

export const GRAPH_CACHE_FILE = 'asset-graph.json';

/** What identifies one version of one manifest file on disk. */
export interface ManifestStamp {
  path: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
}

interface CacheKey extends ManifestStamp {
  format: number;
}

/** A project's cache folder (created when first written). */
export function graphCacheDir(projectDir: string): string {
  return join(projectDir, '.floe', 'cache');
}

/** The cache file inside a cache folder. */
export function graphCachePath(cacheDir: string): string {
  return join(cacheDir, GRAPH_CACHE_FILE);
}

function stampOf(
  stats: {
    size: bigint;
    mtimeNs: bigint;
    ctimeNs: bigint;
    ino: bigint;
  },
  path: string,
): ManifestStamp {
  return {
    path: resolve(path),
    size: String(stats.size),
    mtimeNs: String(stats.mtimeNs),
    ctimeNs: String(stats.ctimeNs),
    ino: String(stats.ino),
  };
}

export function stampManifest(manifestPath: string): ManifestStamp | undefined {
  try {
    return stampOf(statSync(manifestPath, { bigint: true }), manifestPath);
  } catch {
    return undefined;
  }
}

/** Where a read goes: a buffer of the file's size, and how to fill it from the open file. */
export interface ReadTarget {
  readonly bytes: Buffer;
  /** Fills `bytes` from `fd`; returns how many bytes it holds (fewer: the file shrank meanwhile). */
  fill(fd: number): number;
}

/**
 * Reads the file with the stamp it had while being read (undefined stamp: it changed meanwhile),
 * into the target made for it when one is given (a file that shrank gives a shorter view of it).
 */
export function readStamped(
  manifestPath: string,
  target?: (stamp: ManifestStamp) => ReadTarget,
): { bytes: Buffer; stamp?: ManifestStamp } {
  const fd = openSync(manifestPath, 'r');
  try {
    const before = stampOf(fstatSync(fd, { bigint: true }), manifestPath);
    let bytes: Buffer;
    if (target === undefined) bytes = readFileSync(fd);
    else {
      const into = target(before);
      const filled = into.fill(fd);
      bytes = filled === into.bytes.length ? into.bytes : into.bytes.subarray(0, filled);
    }
    const after = stampOf(fstatSync(fd, { bigint: true }), manifestPath);
    return { bytes, stamp: sameStamp(before, after) ? after : undefined };
  } finally {
    closeSync(fd);
  }
}

/** Reads the file's bytes [from, to) into the same place of `into`; returns how many it read. */
export function readRange(fd: number, into: Buffer, from: number, to: number): number {
  let at = from;
  while (at < to) {
    const n = readSync(fd, into, at, to - at, at);
    if (n === 0) break;
    at += n;
  }
  return at - from;
}

/** A buffer of `size` bytes filled by this thread alone. */
export function plainReadTarget(size: number): ReadTarget {
  const bytes = Buffer.allocUnsafe(size);
  return { bytes, fill: (fd) => readRange(fd, bytes, 0, size) };
}

function sameStamp(a: ManifestStamp, b: ManifestStamp): boolean {
  return (
    a.path === b.path &&
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs &&
    a.ino === b.ino
  );
}

function isAssetGraph(value: unknown): value is AssetGraph {
  if (typeof value !== 'object' || value === null) return false;
  const graph = value as Partial<AssetGraph>;
  return Array.isArray(graph.assets) && Array.isArray(graph.checks);
}

/** The cached graph for exactly this stamp, else undefined. Never throws. */
export function readCachedGraph(cacheFile: string, stamp: ManifestStamp): AssetGraph | undefined {
  try {
    const bytes = readFileSync(cacheFile);
    const newline = bytes.indexOf(0x0a);
    if (newline < 0) return undefined;
    const key: unknown = JSON.parse(bytes.toString('utf8', 0, newline));
    if (typeof key !== 'object' || key === null) return undefined;
    const cached = key as Partial<CacheKey>;
    if (cached.format !== GRAPH_CACHE_FORMAT) return undefined;
    if (!sameStamp(cached as ManifestStamp, stamp)) return undefined;
    const graph: unknown = JSON.parse(bytes.toString('utf8', newline + 1));
    return isAssetGraph(graph) ? graph : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache atomically (temp file + rename); a read-only or full disk just means no cache. */
export function writeCachedGraph(cacheFile: string, stamp: ManifestStamp, graph: AssetGraph): void {
  const key: CacheKey = { format: GRAPH_CACHE_FORMAT, ...stamp };
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(temp, `${JSON.stringify(key)}\n${JSON.stringify(graph)}`);
    renameSync(temp, cacheFile);
  } catch {
    // An optimisation only: the next open parses the manifest again.
    try {
      rmSync(temp, { force: true });
    } catch {
      // the folder itself could not be made: there is no temp file to remove
    }
  }
}
