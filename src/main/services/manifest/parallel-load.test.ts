// Manifest → graph on two threads (parallel-load.ts) gives exactly the graph of the whole manifest,
// whatever the worker does: answers, is sent to a wrong place, cannot start.
import { buildSync } from 'esbuild';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AssetGraphBuilder } from './build-asset-graph';
import { loadAssetGraph, type LoadGraphOptions } from './load-asset-graph';
import { stampManifest } from './graph-cache';
import { findNodeEntry, ManifestWorker } from './parallel-load';

const MANIFESTS = resolve(__dirname, '../../../../../shared/data/manifests');
const fixtures = readdirSync(MANIFESTS)
  .map((name) => join(MANIFESTS, name, 'manifest.json'))
  .filter((path) => existsSync(path));
const work = mkdtempSync(join(tmpdir(), 'floe-parallel-load-'));
const workerScript = join(work, 'manifest-worker.cjs');

beforeAll(() => {
  // The worker runs as a bundle, as in the CLI and the app (vitest's TypeScript is not a thread's).
  buildSync({
    entryPoints: [join(__dirname, 'manifest-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: workerScript,
    logLevel: 'error',
  });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

type JsonObject = Record<string, unknown>;

/** jaffle-shop-v12 with its nodes copied `copies` times (ids and edges renamed): nodes dominate. */
function inflated(copies: number, decorate?: (node: JsonObject, id: string) => JsonObject): string {
  const manifest = JSON.parse(
    readFileSync(join(MANIFESTS, 'jaffle-shop-v12/manifest.json'), 'utf8'),
  ) as { nodes: Record<string, JsonObject> };
  const nodes: Record<string, JsonObject> = {};
  const rename = (id: unknown, copy: number): unknown =>
    typeof id === 'string' && id in manifest.nodes ? `${id}_${copy}` : id;
  for (let copy = 0; copy < copies; copy += 1) {
    for (const [id, node] of Object.entries(manifest.nodes)) {
      const dependsOn = (node.depends_on ?? {}) as { nodes?: unknown[] };
      const renamed: JsonObject = {
        ...node,
        unique_id: `${id}_${copy}`,
        depends_on: { ...dependsOn, nodes: (dependsOn.nodes ?? []).map((d) => rename(d, copy)) },
        attached_node: rename(node.attached_node, copy),
      };
      nodes[`${id}_${copy}`] = decorate?.(renamed, `${id}_${copy}`) ?? renamed;
    }
  }
  return JSON.stringify({ ...manifest, nodes });
}

function write(name: string, text: string): string {
  const path = join(work, `${name}.json`);
  writeFileSync(path, text);
  return path;
}

function loaded(path: string, options: LoadGraphOptions): string {
  try {
    return JSON.stringify(loadAssetGraph(path, options));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The whole manifest parsed and built (or its error), as JSON text: key order counts too. */
function wholeGraph(path: string): string {
  return loaded(path, { pruneFromBytes: Number.POSITIVE_INFINITY });
}

function twoThreads(path: string, script = workerScript, workerChunkEntries?: number): string {
  return loaded(path, {
    pruneFromBytes: 0,
    parallelFromBytes: 0,
    workerScript: script,
    ...(workerChunkEntries === undefined ? {} : { workerChunkEntries }),
  });
}

describe('manifest → graph on two threads', () => {
  it('FR-006: gives the graph of the whole manifest, in order, with the worker doing half', () => {
    const absorbed = vi.spyOn(AssetGraphBuilder.prototype, 'absorb');
    for (const [name, text] of [
      ['compact', inflated(30)],
      ['pretty', JSON.stringify(JSON.parse(inflated(30)), null, 2).replace(/\n/g, '\r\n')],
    ] as const) {
      absorbed.mockClear();
      const path = write(name, text);
      const graph = twoThreads(path);
      expect(graph, name).toBe(wholeGraph(path));
      expect(graph).toContain('model.jaffle_shop.customers_29');
      // The worker's part was taken in: about half of the nodes.
      expect(absorbed, name).toHaveBeenCalledTimes(1);
      const part = absorbed.mock.calls[0]?.[0];
      const all = (JSON.parse(graph) as { assets: unknown[] }).assets.length;
      expect(part?.assets.length ?? 0, name).toBeGreaterThan(all / 4);
    }
    absorbed.mockRestore();
  });

  it('takes in the part the worker sends in chunks, in order', () => {
    const absorbed = vi.spyOn(AssetGraphBuilder.prototype, 'absorb');
    const path = write('chunked', inflated(30));
    const graph = twoThreads(path, workerScript, 40);
    const chunks = absorbed.mock.calls.length;
    absorbed.mockRestore();
    expect(graph).toBe(wholeGraph(path));
    // About half of 30 copies of jaffle-shop's nodes, 40 entries a chunk: many chunks.
    expect(chunks).toBeGreaterThan(10);
  });

  it('a worker that fails after sending chunks leaves the main thread to do it all', () => {
    const text = inflated(30);
    // Broken in the worker's part of `nodes` (which ends at about 3/4 of the file), past the
    // chunks it sends first.
    const at = text.indexOf('"unique_id":"model.', Math.floor(text.length * 0.7));
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(text.indexOf('"sources":{"source.'));
    const absorbed = vi.spyOn(AssetGraphBuilder.prototype, 'absorb');
    const path = write('fails-late', `${text.slice(0, at)}"unique_id":1 2,${text.slice(at)}`);
    const graph = twoThreads(path, workerScript, 5);
    const chunks = absorbed.mock.calls.length;
    absorbed.mockRestore();
    expect(graph).toBe(wholeGraph(path));
    expect(graph).toMatch(/not valid JSON/);
    expect(chunks).toBe(0);
  });

  it('gives the graph, or the error, of the whole manifest for every fixture', () => {
    for (const path of fixtures) expect(twoThreads(path), path).toBe(wholeGraph(path));
  });

  it('a worker sent to a decoy (a meta entry that looks like a node) is not used', () => {
    // Every node opens with a field holding `"model.decoy_N": {"unique_id": "model.decoy_N"}`.
    const text = inflated(30, (node, id) => ({
      decoy: { [`model.decoy_${id}`]: { unique_id: `model.decoy_${id}` } },
      ...node,
    }));
    const source = Buffer.from(text);
    // The load guesses from the middle of the file; here that guess is a decoy.
    const guess = findNodeEntry(source, Math.floor(source.length / 2));
    expect(source.toString('latin1', guess, (guess ?? 0) + 13)).toBe('"model.decoy_');
    const path = write('decoys', text);
    const absorbed = vi.spyOn(AssetGraphBuilder.prototype, 'absorb');
    expect(twoThreads(path)).toBe(wholeGraph(path));
    expect(absorbed).not.toHaveBeenCalled();
    absorbed.mockRestore();
  });

  it('a worker that cannot start leaves the main thread to do it all, without hanging', () => {
    const broken = join(work, 'broken-worker.cjs');
    writeFileSync(broken, "throw new Error('this worker never starts');\n");
    const path = write('broken', inflated(10));
    const started = performance.now();
    expect(twoThreads(path, broken)).toBe(wholeGraph(path));
    expect(performance.now() - started).toBeLessThan(15_000);
    // … and the next load does not wait for it again.
    const again = performance.now();
    expect(twoThreads(path, broken)).toBe(wholeGraph(path));
    expect(performance.now() - again).toBeLessThan(1_500);
  }, 30_000);

  it('a truncated or broken manifest gets the same error as when parsed whole', () => {
    const text = inflated(10);
    for (const [name, cut] of [
      ['truncated', text.slice(0, Math.floor(text.length * 0.7))],
      ['broken', text.replace('"model.jaffle_shop.customers_7": {', '"model.x": {{')],
    ] as const) {
      const path = write(name, cut);
      expect(twoThreads(path), name).toBe(wholeGraph(path));
    }
  });
});

/** Blocks this thread for `ms` (a worker thread meanwhile runs). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('the file read on two threads', () => {
  const PIECE = 64 * 1024;

  function readWith(path: string, stamp = stampManifest(path)): { bytes: Buffer; here: number } {
    if (stamp === undefined) throw new Error(`no file at ${path}`);
    const reader = new ManifestWorker(stamp, workerScript, 40, PIECE);
    // Time for the worker to start and take its pieces before this thread begins.
    pause(1_000);
    const fd = openSync(path, 'r');
    try {
      const read = reader.fill(fd);
      return { bytes: reader.bytes.subarray(0, read), here: reader.piecesReadHere };
    } finally {
      closeSync(fd);
      reader.dispose();
    }
  }

  it('the worker reads pieces from the end, and the bytes are the file’s', () => {
    const path = write('pieces', inflated(10));
    const file = readFileSync(path);
    const pieces = Math.ceil(file.length / PIECE);
    expect(pieces).toBeGreaterThan(20);
    const { bytes, here } = readWith(path);
    expect(bytes.equals(file)).toBe(true);
    // Started first, the worker took pieces before this thread got to them.
    expect(here).toBeLessThan(pieces);
  });

  it('a worker that opens another file than the one stamped reads none of it', () => {
    const path = write('other-file', inflated(10));
    const file = readFileSync(path);
    const stamp = stampManifest(path);
    if (stamp === undefined) throw new Error('no stamp');
    const { bytes, here } = readWith(path, { ...stamp, mtimeNs: '1' });
    expect(bytes.equals(file)).toBe(true);
    expect(here).toBe(Math.ceil(file.length / PIECE));
  });

  it('loads one after another, into the last load’s buffer, each give their own file’s graph', () => {
    // The second file is smaller, so it is read into the first one's buffer: what lies past its
    // end there must not count; the third is the first again.
    const big = write('reuse-big', inflated(30));
    const small = write('reuse-small', inflated(20));
    expect(readFileSync(small).length).toBeGreaterThan(readFileSync(big).length / 2);
    for (const path of [big, small, big, small])
      expect(twoThreads(path), path).toBe(wholeGraph(path));
  });

  it('a load with small pieces gives the graph of the whole manifest', () => {
    const path = write('small-pieces', inflated(30));
    const graph = loaded(path, {
      pruneFromBytes: 0,
      parallelFromBytes: 0,
      workerScript,
      readPieceBytes: 4096,
    });
    expect(graph).toBe(wholeGraph(path));
  });
});

describe('findNodeEntry', () => {
  it('finds the key of an entry of nodes by its unique_id, not a macro nor a source', () => {
    const text =
      '{"nodes": {"model.p.a": {"name": "a", "unique_id": "model.p.a"}, "test.p.t": {"unique_id": "test.p.t"}},' +
      ' "sources": {"source.p.s.t": {"unique_id": "source.p.s.t"}}, "macros": {"macro.p.m": {"unique_id": "macro.p.m"}}}';
    const source = Buffer.from(text);
    expect(findNodeEntry(source, 0)).toBe(text.indexOf('"model.p.a"'));
    expect(findNodeEntry(source, text.indexOf('"name"'))).toBe(text.indexOf('"test.p.t"'));
    expect(findNodeEntry(source, text.indexOf('"sources"'))).toBeUndefined();
  });
});
