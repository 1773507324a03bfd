// Entry of the worker thread that streams the second half of dbt's `nodes` (parallel-load.ts). Built
// as its own small bundle beside the CLI's and the app's main bundle (manifest-worker.cjs / .js).
import { parentPort } from 'node:worker_threads';
import { AssetGraphBuilder, type NodesPart } from './build-asset-graph';
import { streamEntriesFrom, type PrunedVisitor } from './json-stream';
import { NODE_READS } from './manifest-reads';
import { answerWhenAsked, canceled, type ManifestWorkerData } from './parallel-load';

/**
 * Builds the part in chunks, each sent as soon as it is read; gives up a part the main thread no
 * longer waits for (checked every 256 entries).
 */
class ChunkingBuilder implements PrunedVisitor {
  private builder = new AssetGraphBuilder();
  private seen = 0;

  constructor(
    private readonly control: Int32Array,
    private readonly chunkEntries: number,
    private readonly send: (chunk: NodesPart) => void,
  ) {}

  entry(section: string, id: string, raw: unknown): void {
    this.seen += 1;
    if ((this.seen & 255) === 0 && canceled(this.control)) throw new Error('canceled');
    this.builder.entry(section, id, raw);
    if (this.seen % this.chunkEntries === 0) {
      this.send(this.builder.nodesPart());
      this.builder = new AssetGraphBuilder();
    }
  }

  // streamEntriesFrom hands over entries only.
  value(): void {}
  section(): void {}
  key(): void {}

  /** What was read since the last chunk. */
  rest(): NodesPart {
    return this.builder.nodesPart();
  }
}

parentPort?.on('message', (job: ManifestWorkerData) => {
  answerWhenAsked(job, (source, at, control, send) => {
    const builder = new ChunkingBuilder(control, Math.max(1, job.chunkEntries), send);
    const end = streamEntriesFrom(source, at, 'nodes', NODE_READS, builder);
    return { end, part: builder.rest() };
  });
});
