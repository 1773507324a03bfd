// Reads target/manifest.json and builds the asset graph; every failure becomes a ManifestError
// whose message names the file and the fix (never a raw stack or a JSON.parse one-liner alone).
import type { AssetGraph } from '../../../shared/assets';
import { AssetGraphBuilder, buildAssetGraph } from './build-asset-graph';
import {
  graphCachePath,
  plainReadTarget,
  readCachedGraph,
  readStamped,
  stampManifest,
  writeCachedGraph,
  type ManifestStamp,
  type ReadTarget,
} from './graph-cache';
import { JsonPruneError } from './json-prune';
import { streamPrunedJson } from './json-stream';
import { defaultWorkerScript, ManifestWorker } from './parallel-load';
import { ManifestError, PARSE_HINT } from './manifest-error';
import { ASSET_GRAPH_READS } from './manifest-reads';

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export function readManifestText(manifestPath: string): string {
  return readManifest(manifestPath).bytes.toString('utf8');
}

function readManifest(
  manifestPath: string,
  target?: (stamp: ManifestStamp) => ReadTarget,
): { bytes: Buffer; stamp?: ManifestStamp } {
  try {
    return readStamped(manifestPath, target);
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
 * The manifest streamed entry by entry into a graph builder, pruned to the fields the graph reads
 * (json-stream.ts): of a 61 MB manifest 26 MB is decoded, in pieces that die young. Undefined
 * when the walker refuses the bytes: the caller parses them whole, and JSON.parse's verdict words the
 * error.
 */
function streamInto(bytes: Buffer, worker?: ManifestWorker): AssetGraphBuilder | undefined {
  const builder = new AssetGraphBuilder();
  try {
    streamPrunedJson(bytes, ASSET_GRAPH_READS, builder, worker?.split(builder));
    return builder;
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
  /** Pruned manifests from this size on are read on two threads (default PARALLEL_FROM_BYTES). */
  parallelFromBytes?: number;
  /** The worker thread's script (default: manifest-worker.cjs beside the running bundle). */
  workerScript?: string;
  /** Entries of `nodes` per chunk the worker sends as it goes (default CHUNK_ENTRIES; tests: few). */
  workerChunkEntries?: number;
  /** The two threads read the file in pieces of this size (default READ_PIECE_BYTES; tests: small). */
  readPieceBytes?: number;
}

/**
 * From this size on a second thread reads half of `nodes` (parallel-load.ts). Starting it costs
 * about 30 ms of its own and a JSON.parse of its half's graph on the main thread: worth it only
 * where its half is hundreds of milliseconds of work.
 */
export const PARALLEL_FROM_BYTES = 16_000_000;

/**
 * The worker sends its part of `nodes` in chunks of this many entries as it reads them: the main
 * thread parses the chunks already sent while the worker reads on, so what is left to parse once the
 * worker is done is one chunk, not its whole part (15,000 entries of a 10,000-model manifest).
 */
export const CHUNK_ENTRIES = 2048;

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

  const pruneFrom = options.pruneFromBytes ?? PRUNE_FROM_BYTES;
  const parallelFrom = options.parallelFromBytes ?? PARALLEL_FROM_BYTES;
  let worker: ManifestWorker | undefined;
  let read: { bytes: Buffer; stamp?: ManifestStamp };
  let streamed: AssetGraphBuilder | undefined;
  try {
    read = readManifest(manifestPath, (stamp) => {
      const size = Number(stamp.size);
      const script =
        size < Math.max(pruneFrom, parallelFrom)
          ? undefined
          : (options.workerScript ?? defaultWorkerScript());
      if (script === undefined) return plainReadTarget(size);
      // Started before the read, so that its start-up overlaps it; it reads the file's end meanwhile.
      worker = new ManifestWorker(
        stamp,
        script,
        options.workerChunkEntries ?? CHUNK_ENTRIES,
        options.readPieceBytes,
      );
      return worker;
    });
    streamed = read.bytes.length >= pruneFrom ? streamInto(read.bytes, worker) : undefined;
  } finally {
    worker?.dispose();
  }
  const { bytes, stamp } = read;
  // Small manifests, and a stream refused (a truncated or hand-broken file), are parsed whole.
  const manifest =
    streamed === undefined ? parseManifestText(bytes.toString('utf8'), manifestPath) : undefined;
  let graph: AssetGraph;
  try {
    graph = streamed !== undefined ? streamed.finish() : buildAssetGraph(manifest);
  } catch (error) {
    if (error instanceof ManifestError) throw error.withPath(manifestPath);
    throw error;
  }
  // Only a manifest that did not change while it was read is cached under its stamp.
  if (cacheFile !== undefined && stamp !== undefined) writeCachedGraph(cacheFile, stamp, graph);
  return graph;
}
