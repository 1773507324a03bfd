// Entry of the worker thread that streams the second half of dbt's `nodes` (parallel-load.ts). Built
// as its own small bundle beside the CLI's and the app's main bundle (manifest-worker.cjs / .js).
import { parentPort } from 'node:worker_threads';
import { AssetGraphBuilder } from './build-asset-graph';
import { streamEntriesFrom } from './json-stream';
import { NODE_READS } from './manifest-reads';
import { answerWhenAsked, canceled, type ManifestWorkerData } from './parallel-load';

/** Gives up a part the main thread no longer waits for (checked every 256 entries). */
class CancelableBuilder extends AssetGraphBuilder {
  private seen = 0;

  constructor(private readonly control: Int32Array) {
    super();
  }

  override entry(section: string, id: string, raw: unknown): void {
    this.seen += 1;
    if ((this.seen & 255) === 0 && canceled(this.control)) throw new Error('canceled');
    super.entry(section, id, raw);
  }
}

parentPort?.on('message', (job: ManifestWorkerData) => {
  answerWhenAsked(job, (source, at, control) => {
    const builder = new CancelableBuilder(control);
    const end = streamEntriesFrom(source, at, 'nodes', NODE_READS, builder);
    return { end, part: builder.nodesPart() };
  });
});
