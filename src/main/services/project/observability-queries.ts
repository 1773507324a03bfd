// Read-side of a project's lineage and trace stores for the studio (the engine writes them).
import { existsSync } from 'node:fs';
import type { LineageEventQuery, LineageGraph, StoredLineageEvent } from '../../../shared/lineage';
import { criticalPath, type SpanRecord, type TracedRun } from '../../../shared/traces';
import {
  defaultLineageDbPath,
  lineageGraph,
  openLineageStore,
  type LineageStore,
} from '../lineage';
import type { ExportedSpan } from '../../../shared/api/exported-span';
import { listRunSpans, listTracedRuns, SpanStore, tracesDbPath } from '../telemetry';

export class ObservabilityQueries {
  constructor(private readonly projectDir: string) {}

  lineageGraph(key: string, depth: number): LineageGraph {
    return (
      this.withLineage((store) => lineageGraph(store, key, depth)) ?? {
        rootId: null,
        nodes: [],
        edges: [],
      }
    );
  }

  lineageEvents(query: LineageEventQuery): StoredLineageEvent[] {
    return this.withLineage((store) => store.listEvents(query)) ?? [];
  }

  tracedRuns(limit: number): TracedRun[] {
    return listTracedRuns(this.projectDir, limit);
  }

  runTrace(runId: string | undefined): {
    runId: string | null;
    spans: SpanRecord[];
    criticalPath: string[];
  } {
    const spans = listRunSpans(this.projectDir, runId);
    // Not spans[0]: the click that started the run comes first and belongs to no run.
    const id = spans.find((span) => span.runId !== undefined)?.runId;
    return { runId: id ?? runId ?? null, spans, criticalPath: criticalPath(spans) };
  }

  /** Keeps renderer spans (the click that started a run) in the trace store; returns how many were new. */
  storeExternalSpans(spans: readonly ExportedSpan[]): number {
    const store = new SpanStore(tracesDbPath(this.projectDir));
    try {
      return store.insertExternal(spans.map((span): SpanRecord => ({ ...span })));
    } finally {
      store.close();
    }
  }

  /** Opened per query: the engine's observer holds its own connection (WAL allows both). */
  private withLineage<T>(read: (store: LineageStore) => T): T | undefined {
    const path = defaultLineageDbPath(this.projectDir);
    if (!existsSync(path)) return undefined;
    const store = openLineageStore(path);
    try {
      return read(store);
    } finally {
      store.close();
    }
  }
}
