// Manifest → graph on two threads: the main thread streams the manifest (json-stream.ts) while a
// worker thread (manifest-worker.ts) streams the second half of dbt's `nodes`, where almost all of a
// big manifest's bytes are. Both read one copy of the file, in a SharedArrayBuffer.
//
// The worker starts at a guessed entry boundary (findNodeEntry). The guess is checked by the main
// walk itself: its part is taken only when the main walk reaches exactly that offset at an entry of
// `nodes`; otherwise the main walk goes on alone, as it does when the worker fails, is slow to answer
// or cannot be started. The worker's part comes back packed (compact-json.ts): unpacking it costs a
// fraction of pruning, parsing and building that half, and a third of JSON.parse of the same data
// (structured clone of the objects was slower than JSON). It comes in chunks, sent as the worker goes:
// the main thread, done with its own half, unpacks the chunks already sent while the worker reads on,
// and only the last one is left once it finishes.
//
// The worker thread is kept between loads (its compiled code stays warm; the app reloads the graph
// after every run) and stopped after a minute idle; it never keeps a process alive.
//
// The worker helps read the file, too: the two threads claim 4 MB pieces of it, the main thread from
// the start and the worker from the end, each with a file descriptor of its own. Reading 61 MB into
// fresh memory costs about 70 ms here, most of it the kernel handing out pages; two threads do it in
// about half that. A worker that is not running yet (the first load of a process) leaves the
// reading to the main thread; one whose file is not the one the main thread opened takes no piece.
//
// loadAssetGraph stays synchronous: the main thread blocks in Atomics.wait for the worker's answer
// (allowed on Node's and Electron's main threads; where it throws, the walk goes on alone).
import { closeSync, existsSync, fstatSync, openSync } from 'node:fs';
import { join } from 'node:path';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import type { AssetGraphBuilder, NodesPart } from './build-asset-graph';
import { JsonPacker, JsonUnpacker, type PackedJson } from './compact-json';
import { BACKSLASH, COLON, COMMA, isSpace, OPEN_OBJECT, QUOTE } from './json-prune';
import type { StreamSplit } from './json-stream';
import { readRange, type ManifestStamp, type ReadTarget } from './graph-cache';

/** Control words shared with the worker (an Int32Array over a SharedArrayBuffer). */
const STATE = 0;
const AT = 1;
/** Set to 1 by the worker as soon as its script runs: one that never started is not waited for. */
const ALIVE = 2;
/** How many messages the worker has posted (chunks, then its answer). */
const SENT = 3;
const CONTROL_WORDS = 4;
const IDLE = 0;
const GO = 1;
const CANCEL = 2;
const DONE = 3;

/** How long the main thread waits for the worker's half before doing it itself. */
const JOIN_TIMEOUT_MS = 20_000;
/** How long a worker may take to start (its script loaded and running). */
const START_TIMEOUT_MS = 2_000;

/** The file is read in pieces of this size, each claimed by one thread (see FileToRead.pieces). */
export const READ_PIECE_BYTES = 4 * 1024 * 1024;
// A piece's state (an Int32Array over a SharedArrayBuffer, one word per piece).
const UNCLAIMED = 0;
const CLAIMED = 1;
const PIECE_READ = 2;
const PIECE_FAILED = 3;
/** How long the main thread waits for a piece the worker claimed before reading it itself. */
const PIECE_TIMEOUT_MS = 2_000;

/** What the worker needs to read pieces of the file: its path and what it must be. */
interface FileToRead {
  path: string;
  size: string;
  mtimeNs: string;
  ino: string;
  pieceBytes: number;
  /** Each piece's state. */
  pieces: SharedArrayBuffer;
}

/** One load's job, posted to the worker. */
export interface ManifestWorkerData {
  /** The file's bytes are the first `size` of these. */
  bytes: SharedArrayBuffer;
  size: number;
  file: FileToRead;
  /** The worker sends its part in chunks of this many entries (the last one with its answer). */
  chunkEntries: number;
  control: SharedArrayBuffer;
  port: MessagePort;
}

/** The worker's last message: where its walk ended and the rest of its part, or why it failed. */
export type WorkerAnswer = { end: number; part: NodesPart } | { failed: string };
/** A message from the worker as posted: a packed chunk of its part, or its answer. */
type WorkerMessage = { chunk: PackedJson } | { end: number; part: PackedJson } | { failed: string };

function isPacked(value: unknown): value is PackedJson {
  return (
    typeof value === 'object' &&
    value !== null &&
    'codes' in value &&
    value.codes instanceof Float64Array &&
    'strings' in value &&
    Array.isArray(value.strings) &&
    'shapes' in value &&
    Array.isArray(value.shapes)
  );
}

/** A part the worker packed (trusted: the worker is this bundle's own code). */
function unpackPart(unpacker: JsonUnpacker, packed: PackedJson): NodesPart {
  return unpacker.unpack(packed)[0] as NodesPart;
}

function pack(packer: JsonPacker, part: NodesPart): PackedJson {
  packer.add(part);
  return packer.take();
}

/** The worker bundle beside the running bundle (out/cli, out/main), if the build made one. */
export function defaultWorkerScript(): string | undefined {
  // __dirname is the bundle's folder in the CLI and the app; under vitest it is the source folder,
  // which holds no worker bundle: tests pass one they built (parallel-load.test.ts). An ES module
  // bundle (some benches) has no __dirname and reads on one thread.
  if (typeof __dirname !== 'string') return undefined;
  for (const name of ['manifest-worker.cjs', 'manifest-worker.js']) {
    const path = join(__dirname, name);
    if (existsSync(path)) return path;
  }
  return undefined;
}

const UNIQUE_ID = Buffer.from('"unique_id"');
/** The resource types dbt keeps in `nodes` (macros, docs and sources have their own maps). */
const NODE_ID = /^"(?:model|test|seed|snapshot|analysis|operation|sql_operation|unit_test)\./;

/**
 * A likely start of an entry of dbt's `nodes` at or after `from`: the opening quote of a key
 * `"<id>"` followed by `: {`, preceded by `,` or `{`, whose object soon says `"unique_id": "<id>"`
 * (dbt keys every node by its unique_id) and whose id names a node's resource type. Only a guess:
 * the main walk confirms it.
 */
export function findNodeEntry(source: Buffer, from: number, attempts = 50): number | undefined {
  let search = from;
  for (let i = 0; i < attempts; i += 1) {
    const field = source.indexOf(UNIQUE_ID, search);
    if (field < 0) return undefined;
    search = field + UNIQUE_ID.length;
    let p = search;
    while (isSpace(source[p])) p += 1;
    if (source[p] !== COLON) continue;
    p += 1;
    while (isSpace(source[p])) p += 1;
    if (source[p] !== QUOTE) continue;
    const close = source.indexOf(QUOTE, p + 1);
    if (close < 0 || close - p > 1024) continue;
    const key = source.subarray(p, close + 1); // `"<id>"`, quotes included
    if (key.includes(BACKSLASH)) continue; // escapes: not worth guessing
    if (!NODE_ID.test(key.toString('latin1'))) continue;
    const keyAt = source.lastIndexOf(key, field - 1);
    if (keyAt < from || field - keyAt > 64 * 1024) continue;
    let q = keyAt + key.length;
    while (isSpace(source[q])) q += 1;
    if (source[q] !== COLON) continue;
    q += 1;
    while (isSpace(source[q])) q += 1;
    if (source[q] !== OPEN_OBJECT) continue;
    let b = keyAt - 1;
    while (isSpace(source[b])) b -= 1;
    if (source[b] === COMMA || source[b] === OPEN_OBJECT) return keyAt;
  }
  return undefined;
}

/** One worker thread per script, kept between loads so its compiled code stays warm. */
const workers = new Map<string, Worker>();
/** Scripts whose worker failed to start: later loads do not wait for them again. */
const broken = new Set<string>();
/** An idle worker is stopped after this long (a desktop session reloads the graph after each run). */
const IDLE_STOP_MS = 60_000;
let idleTimer: NodeJS.Timeout | undefined;

function workerFor(script: string): Worker {
  const running = workers.get(script);
  if (running !== undefined) return running;
  const worker = new Worker(script);
  // Never kept alive for the worker's sake, and its failures only make a load slower.
  worker.unref();
  worker.on('error', () => broken.add(script));
  worker.on('exit', () => {
    if (workers.get(script) === worker) workers.delete(script);
  });
  workers.set(script, worker);
  return worker;
}

function stopWhenIdle(): void {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    for (const worker of workers.values()) void worker.terminate();
    workers.clear();
    spare = undefined;
  }, IDLE_STOP_MS);
  idleTimer.unref();
}

/**
 * The last load's file buffer, kept as long as the worker for the next load: the desktop app
 * reloads the graph after every run, and memory already touched is not handed out by the kernel
 * page by page again (about 70 ms of CPU for 61 MB here). Only a buffer no thread writes to any
 * more is kept (see ManifestWorker.readCleanly).
 */
let spare: SharedArrayBuffer | undefined;

/** The spare buffer when it fits `size` without holding twice that; else a new one. */
function bufferFor(size: number): SharedArrayBuffer {
  const kept = spare;
  if (kept === undefined || kept.byteLength < size || kept.byteLength > 2 * size)
    return new SharedArrayBuffer(size);
  spare = undefined;
  return kept;
}

/**
 * One load's share for the worker thread: a shared buffer of `size` bytes to fill (`bytes`); once
 * filled, split() sends the worker off on the second half of `nodes` and returns the StreamSplit for
 * the main walk. Never throws: without a worker (none could start) split() returns undefined.
 */
export class ManifestWorker implements ReadTarget {
  readonly bytes: Buffer;
  private readonly shared: SharedArrayBuffer;
  /** Whether fill() ended with every piece read and no thread still reading into `bytes`. */
  private readCleanly = false;
  private readonly control: Int32Array;
  private readonly pieces: Int32Array;
  private readonly port: MessagePort | undefined;
  private finished = false;
  /** How many pieces of the file this thread read (the worker read the others). */
  piecesReadHere = 0;

  constructor(
    stamp: ManifestStamp,
    private readonly script: string,
    chunkEntries: number,
    private readonly pieceBytes = READ_PIECE_BYTES,
  ) {
    const size = Number(stamp.size);
    const shared = bufferFor(size);
    this.shared = shared;
    this.bytes = Buffer.from(shared, 0, size);
    const control = new SharedArrayBuffer(4 * CONTROL_WORDS);
    this.control = new Int32Array(control);
    const pieces = new SharedArrayBuffer(4 * Math.max(1, Math.ceil(size / pieceBytes)));
    this.pieces = new Int32Array(pieces);
    if (broken.has(script)) {
      this.port = undefined;
      return;
    }
    try {
      // A channel per load: an answer that comes too late goes to a closed port, not to the next load.
      const { port1, port2 } = new MessageChannel();
      const { path, size: fileSize, mtimeNs, ino } = stamp;
      const file: FileToRead = { path, size: fileSize, mtimeNs, ino, pieceBytes, pieces };
      const job: ManifestWorkerData = {
        bytes: shared,
        size,
        file,
        chunkEntries,
        control,
        port: port2,
      };
      workerFor(script).postMessage(job, [port2]);
      this.port = port1;
    } catch {
      this.port = undefined;
    }
  }

  /**
   * Reads the file into `bytes`, piece by piece from the start, while the worker (if it runs) reads
   * pieces from the end; then waits for the worker's pieces, reading any it failed to. Returns how
   * many bytes were read: fewer when the file shrank meanwhile.
   */
  fill(fd: number): number {
    const pieces = this.pieces;
    let piece = 0;
    for (; piece < pieces.length; piece += 1) {
      if (Atomics.compareExchange(pieces, piece, UNCLAIMED, CLAIMED) !== UNCLAIMED) break;
      const read = this.readPiece(fd, piece);
      if (read !== undefined) return read;
      Atomics.store(pieces, piece, PIECE_READ);
    }
    // The rest was claimed by the worker, which reads from the end.
    for (; piece < pieces.length; piece += 1) {
      if (!this.pieceReadByWorker(piece)) {
        const read = this.readPiece(fd, piece);
        if (read !== undefined) return read;
      }
    }
    // A piece still claimed is one the worker may yet write (it was given up on): not reused then.
    this.readCleanly = pieces.every((state) => state !== CLAIMED);
    return this.bytes.length;
  }

  /** readPiece(), counted as read by this thread. */
  private readPiece(fd: number, piece: number): number | undefined {
    this.piecesReadHere += 1;
    return readPiece(fd, this.bytes, piece, this.pieceBytes);
  }

  private pieceReadByWorker(piece: number): boolean {
    const start = performance.now();
    try {
      for (;;) {
        const state = Atomics.load(this.pieces, piece);
        if (state !== CLAIMED) return state === PIECE_READ;
        const left = PIECE_TIMEOUT_MS - (performance.now() - start);
        if (left <= 0) return false;
        Atomics.wait(this.pieces, piece, CLAIMED, left);
      }
    } catch {
      return false; // Atomics.wait not allowed on this thread: read it here (the same bytes)
    }
  }

  /** Starts the worker at a guessed entry of `nodes` past the middle of the file. */
  split(builder: AssetGraphBuilder): StreamSplit | undefined {
    if (this.port === undefined) return undefined;
    const at = findNodeEntry(this.bytes, Math.floor(this.bytes.length / 2));
    if (at === undefined || at > 0x7fffffff) {
      this.dispose();
      return undefined;
    }
    Atomics.store(this.control, AT, at);
    Atomics.store(this.control, STATE, GO);
    Atomics.notify(this.control, STATE);
    return {
      section: 'nodes',
      at,
      join: () => this.join(builder),
      miss: () => this.dispose(),
    };
  }

  private join(builder: AssetGraphBuilder): { ids: readonly string[]; end: number } | undefined {
    let answer: { parts: NodesPart[]; end: number } | undefined;
    try {
      answer = this.receive();
    } catch {
      return undefined; // Atomics.wait not allowed on this thread, or a garbled answer
    } finally {
      this.dispose();
    }
    if (answer === undefined) return undefined;
    // Taken in only now: a worker that fails after some chunks leaves the builder untouched.
    const ids: string[] = [];
    for (const part of answer.parts) {
      builder.absorb(part);
      for (const id of part.ids) ids.push(id);
    }
    return { ids, end: answer.end };
  }

  /**
   * The worker's chunks and answer, each parsed as soon as it is sent; undefined when the worker
   * failed, did not start or took too long.
   */
  private receive(): { parts: NodesPart[]; end: number } | undefined {
    const port = this.port;
    if (port === undefined) return undefined;
    const parts: NodesPart[] = [];
    // One per load: each message builds on the strings and shapes of the ones before it.
    const unpacker = new JsonUnpacker();
    let received = 0;
    const start = performance.now();
    for (;;) {
      while (Atomics.load(this.control, SENT) > received) {
        const message: unknown = receiveMessageOnPort(port)?.message;
        if (typeof message !== 'object' || message === null) return undefined;
        received += 1;
        if ('chunk' in message && isPacked(message.chunk))
          parts.push(unpackPart(unpacker, message.chunk));
        else if ('part' in message && isPacked(message.part) && 'end' in message) {
          if (typeof message.end !== 'number') return undefined;
          parts.push(unpackPart(unpacker, message.part));
          return { parts, end: message.end };
        } else return undefined; // failed, or not a message of this protocol
      }
      const waited = performance.now() - start;
      if (waited > JOIN_TIMEOUT_MS) return undefined;
      if (waited > START_TIMEOUT_MS && Atomics.load(this.control, ALIVE) === 0) {
        broken.add(this.script);
        return undefined;
      }
      Atomics.wait(this.control, SENT, received, 100);
    }
  }

  /** Tells the worker to stop (if it has not finished) and closes the channel. Safe to call twice. */
  dispose(): void {
    if (this.finished) return;
    this.finished = true;
    if (Atomics.load(this.control, STATE) !== DONE) {
      Atomics.store(this.control, STATE, CANCEL);
      Atomics.notify(this.control, STATE);
    }
    this.port?.close();
    if (this.readCleanly) spare = this.shared;
    stopWhenIdle();
  }
}

/** Whether the load that sent `control` has stopped waiting for this worker's answer. */
export function canceled(control: Int32Array): boolean {
  return Atomics.load(control, STATE) === CANCEL;
}

/** Posts one message to the load that sent `control`, and wakes it if it waits for one. */
function post(job: ManifestWorkerData, control: Int32Array, message: WorkerMessage): void {
  const packed = 'chunk' in message ? message.chunk : 'part' in message ? message.part : undefined;
  const buffer = packed?.codes.buffer;
  // The codes are moved to the main thread, not copied.
  job.port.postMessage(message, buffer instanceof ArrayBuffer ? [buffer] : []);
  Atomics.add(control, SENT, 1);
  Atomics.notify(control, SENT);
}

/**
 * The worker's side of one load: waits for GO, streams its part of `nodes` (`walk` may check
 * canceled() and give up, and hands chunks of its part to `send` as it goes), answers with its part
 * packed.
 */
export function answerWhenAsked(
  job: ManifestWorkerData,
  walk: (
    source: Buffer,
    at: number,
    control: Int32Array,
    send: (chunk: NodesPart) => void,
  ) => WorkerAnswer,
): void {
  const control = new Int32Array(job.control);
  Atomics.store(control, ALIVE, 1);
  readPieces(job);
  Atomics.wait(control, STATE, IDLE);
  if (Atomics.load(control, STATE) !== GO) {
    job.port.close();
    return;
  }
  let answer: WorkerAnswer;
  const packer = new JsonPacker();
  try {
    const send = (chunk: NodesPart): void => post(job, control, { chunk: pack(packer, chunk) });
    answer = walk(Buffer.from(job.bytes, 0, job.size), Atomics.load(control, AT), control, send);
  } catch (error) {
    answer = { failed: error instanceof Error ? error.message : String(error) };
  }
  if (canceled(control)) {
    job.port.close();
    return;
  }
  post(
    job,
    control,
    'part' in answer ? { end: answer.end, part: pack(packer, answer.part) } : answer,
  );
  job.port.close();
  Atomics.store(control, STATE, DONE);
  Atomics.notify(control, STATE);
}

/**
 * Reads piece number `piece` of the file into its place in `bytes`: undefined when it was read
 * whole, else the length of the file up to where it ended (it shrank meanwhile).
 */
function readPiece(
  fd: number,
  bytes: Buffer,
  piece: number,
  pieceBytes: number,
): number | undefined {
  const from = piece * pieceBytes;
  const to = Math.min(bytes.length, from + pieceBytes);
  const read = readRange(fd, bytes, from, to);
  return read === to - from ? undefined : from + read;
}

/**
 * The worker's share of reading the file: pieces from the end, until it meets the main thread's.
 * Only when the file it opens is the one the main thread opened (same size, time and inode).
 */
function readPieces(job: ManifestWorkerData): void {
  const { file } = job;
  let fd: number;
  try {
    fd = openSync(file.path, 'r');
  } catch {
    return;
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    const same =
      String(stat.size) === file.size &&
      String(stat.mtimeNs) === file.mtimeNs &&
      String(stat.ino) === file.ino;
    if (!same) return;
    const bytes = Buffer.from(job.bytes, 0, job.size);
    const pieces = new Int32Array(file.pieces);
    for (let piece = pieces.length - 1; piece >= 0; piece -= 1) {
      if (Atomics.compareExchange(pieces, piece, UNCLAIMED, CLAIMED) !== UNCLAIMED) return;
      let whole = false;
      try {
        whole = readPiece(fd, bytes, piece, file.pieceBytes) === undefined;
      } finally {
        Atomics.store(pieces, piece, whole ? PIECE_READ : PIECE_FAILED);
        Atomics.notify(pieces, piece);
      }
      if (!whole) return;
    }
  } catch {
    // (fstat failed) the main thread reads every piece
  } finally {
    closeSync(fd);
  }
}
