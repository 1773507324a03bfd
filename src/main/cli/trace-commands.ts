// floe traces [dir] [--run ID] [--json]: the spans of a run (the latest by default), as a tree with
// durations and the critical path marked.
import { criticalPath, RUN_SPAN_NAME, type SpanRecord } from '../../shared/traces';
import { listRunSpans } from '../services/telemetry';
import { EXIT_FAILED, EXIT_OK, printJson, type CliIo } from './cli-io';
import type { Command } from './commands';
import { envOption, projectDirOf } from './project-context';

export const tracesCommand: Command = {
  name: 'traces',
  summary: 'the OpenTelemetry spans of a run (latest by default), critical path marked',
  usage: 'floe traces [dir] [--run ID] [--json]',
  options: { run: { type: 'string' }, json: { type: 'boolean' } },
  maxPositionals: 1,
  run(args, io) {
    const dir = projectDirOf(io, args.positionals[0]);
    const runId = envOption(args.values.run);
    const spans = listRunSpans(dir, runId);
    if (spans.length === 0) {
      io.err(
        runId === undefined
          ? 'floe traces: no traced runs yet (`floe run` records one)'
          : `floe traces: no spans for run "${runId}"`,
      );
      return args.values.json === true ? (printJson(io, { spans: [] }), EXIT_OK) : EXIT_FAILED;
    }
    const critical = new Set(criticalPath(spans));
    if (args.values.json === true) {
      printJson(io, {
        // Not spans[0]: a studio run's trace starts with the click span, which has no run id.
        run_id: spans.find((span) => span.runId !== undefined)?.runId ?? runId ?? null,
        critical_path: [...critical],
        spans,
      });
      return EXIT_OK;
    }
    printTree(io, spans, critical);
    return EXIT_OK;
  },
};

function printTree(io: CliIo, spans: readonly SpanRecord[], critical: ReadonlySet<string>): void {
  const run = spans.find((s) => s.name === RUN_SPAN_NAME) ?? spans[0];
  if (run === undefined) return;
  const t0 = run.startMs;
  io.out(
    `trace ${run.traceId}  run ${run.runId ?? '?'}  ${(run.endMs - run.startMs).toFixed(0)} ms  ${run.status}`,
  );
  const children = spans.filter((s) => s !== run).sort((a, b) => a.startMs - b.startMs);
  const width = Math.max(10, ...children.map((s) => (s.nodeId ?? s.name).length));
  for (const span of children) {
    const mark = critical.has(span.spanId) ? '*' : ' ';
    const offset = (span.startMs - t0).toFixed(0).padStart(7);
    const duration = (span.endMs - span.startMs).toFixed(0).padStart(7);
    const firstLine = (span.statusMessage ?? '').split('\n')[0] ?? '';
    const status = span.status === 'error' ? `ERROR ${firstLine}`.trim() : span.status;
    io.out(
      `${mark} ${(span.nodeId ?? span.name).padEnd(width)}  +${offset} ms  ${duration} ms  ${status}`,
    );
  }
  io.out('* = on the critical path');
}
