// Reads target/manifest.json and builds the asset graph; every failure becomes a ManifestError
// whose message names the file and the fix (never a raw stack or a JSON.parse one-liner alone).
import type { AssetGraph } from '../../../shared/assets';
import { buildAssetGraph } from './build-asset-graph';
import {
  graphCachePath,
  readCachedGraph,
  readStamped,
  stampManifest,
  writeCachedGraph,
  type ManifestStamp,
} from './graph-cache';
import { JsonPruneError, pruneJsonInPlace } from './json-prune';
import { ManifestError, PARSE_HINT } from './manifest-error';
import { ASSET_GRAPH_READS } from './manifest-reads';

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export function readManifestText(manifestPath: string): string {
  return readManifest(manifestPath).bytes.toString('utf8');
}

function readManifest(manifestPath: string): { bytes: Buffer; stamp?: ManifestStamp } {
  try {
    return readStamped(manifestPath);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ManifestError(
        'missing',
        `No dbt manifest at ${manifestPath}: ${PARSE_HINT} to create it.`,
        manifestPath,
      );
    }
    const why =
      code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : (code ?? 'read failed');
    throw new ManifestError(
      'unreadable',
      `Cannot read the dbt manifest at ${manifestPath} (${why}).`,
      manifestPath,
    );
  }
}

export function parseManifestText(textContent: string, manifestPath: string): unknown {
  if (textContent.trim() === '') {
    throw new ManifestError(
      'invalid_json',
      `The dbt manifest at ${manifestPath} is empty: ${PARSE_HINT} to re-create it.`,
      manifestPath,
    );
  }
  try {
    return JSON.parse(textContent);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    // V8 words an early end as "Unexpected end of JSON input" or "Unterminated string ...".
    const truncated = /end of JSON input|Unterminated/i.test(detail ?? '');
    const what = truncated
      ? `is truncated (it ends in the middle of the JSON; was dbt interrupted while writing it?)`
      : `is not valid JSON (${detail})`;
    throw new ManifestError(
      'invalid_json',
      `The dbt manifest at ${manifestPath} ${what}: ${PARSE_HINT} to re-create it.`,
      manifestPath,
    );
  }
}

/**
 * The manifest as JSON.parse would return it, cut down to the fields the graph reads (json-prune.ts):
 * of a 61 MB manifest JSON.parse sees 26 MB, and the whole load is 12–25% faster (bench
 * manifest-graph). `bytes` is overwritten. Undefined when the pruner rejects the bytes: the caller
 * parses them whole, and JSON.parse's verdict words the error.
 */
function parsePrunedManifest(bytes: Buffer): unknown {
  try {
    const kept = pruneJsonInPlace(bytes, ASSET_GRAPH_READS);
    return JSON.parse(Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength).toString('utf8'));
  } catch (error) {
    if (error instanceof JsonPruneError || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

export interface LoadGraphOptions {
  /** A folder (the project's `.floe/cache`) where the graph of an unchanged manifest is kept. */
  cacheDir?: string;
  /** Manifests from this size on are pruned before parsing (default PRUNE_FROM_BYTES; tests: 0). */
  pruneFromBytes?: number;
}

/**
 * Below this size the whole manifest is parsed. The pruner is JavaScript: in a fresh process (every
 * `floe` command) it runs unoptimised at first, and on a 1 MB manifest it takes twice as long as
 * JSON.parse. From about 10 MB (1,000+ models) it wins, by a fifth cold and a third once warm.
 */
export const PRUNE_FROM_BYTES = 8_000_000;

/**
 * manifest.json → asset graph. An unchanged manifest (same size, times and inode as when its graph
 * was cached) is not parsed again: see graph-cache.ts.
 */
export function loadAssetGraph(manifestPath: string, options: LoadGraphOptions = {}): AssetGraph {
  const cacheFile = options.cacheDir === undefined ? undefined : graphCachePath(options.cacheDir);
  const current = cacheFile === undefined ? undefined : stampManifest(manifestPath);
  const cached =
    cacheFile === undefined || current === undefined
      ? undefined
      : readCachedGraph(cacheFile, current);
  if (cached !== undefined) return cached;

  let { bytes, stamp } = readManifest(manifestPath);
  const prune = bytes.length >= (options.pruneFromBytes ?? PRUNE_FROM_BYTES);
  let manifest = prune ? parsePrunedManifest(bytes) : undefined;
  if (manifest === undefined) {
    // The pruner refused the bytes (a truncated or hand-broken file) and overwrote them: read again.
    if (prune) ({ bytes, stamp } = readManifest(manifestPath));
    manifest = parseManifestText(bytes.toString('utf8'), manifestPath);
  }
  let graph: AssetGraph;
  try {
    graph = buildAssetGraph(manifest);
  } catch (error) {
    if (error instanceof ManifestError) throw error.withPath(manifestPath);
    throw error;
  }
  // Only a manifest that did not change while it was read is cached under its stamp.
  if (cacheFile !== undefined && stamp !== undefined) writeCachedGraph(cacheFile, stamp, graph);
  return graph;
}
