// The RunObserver that turns a run into OpenTelemetry spans: `floe.run`, and one child per asset and
// check timed by dbt's own start/finish. A node's span id is reserved when the node starts (so log
// lines, TRACEPARENT and lineage can use it at once) and the span is built when dbt reports the finish.
import type { BufferConfig, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type {
  NodeEvent,
  NodeFinishedEvent,
  RunContext,
  RunFinishedEvent,
  RunObserver,
} from '../runs/run-observer';
import type { LogFields, LogLevel, Logger, SpanIds } from './logger';
import { resolveOtlpConfig, type Environ } from './otlp-config';
import { createPipeline, type Pipeline } from './pipeline';
import {
  endNodeSpan,
  endRunTrace,
  nodeIds,
  nodeState,
  reserveRunIds,
  startRunTrace,
  type RunTrace,
} from './run-trace';
import { resourceAttributes, statusVerb } from './span-attributes';
import { SpanStore, tracesDbPath } from './span-store';
import { StoreSpanProcessor } from './store-span-processor';
import { traceparentOf } from './traceparent';
import { withTimeout } from '../with-timeout';

export interface TelemetryObserverOptions {
  projectDir: string;
  /** Where OTEL_* variables are read (default `process.env`). */
  environ?: Environ;
  logger?: Logger;
  /** Replaces the OTLP exporter (tests, benches); used whether or not an endpoint is configured. */
  exporter?: SpanExporter;
  /** Keep spans in `<project>/.floe/traces.db` (default true). */
  store?: boolean;
  /** Longest `flush()`/`dispose()` wait for the collector (default 5 s). */
  flushTimeoutMs?: number;
  batch?: BufferConfig;
}

export interface TelemetryObserver extends RunObserver {
  /** Trace/span ids of a node's span (reserved from its start on), or of the run span without `nodeId` (or ''). */
  spanContextFor(runId: string, nodeId?: string): SpanIds | undefined;
  /** W3C traceparent of the run span, for dbt's environment (TRACEPARENT); set right after runStarted. */
  traceparentFor(runId: string): string | undefined;
  /**
   * Reserves the run span's ids before the run starts, so dbt can be spawned with its TRACEPARENT
   * first (runStarted then gives the span these ids). Undefined when the run records no traces.
   * `ids`: ones dbt already has (the early spawn of `floe run`), kept as they are.
   */
  reserveRun(
    runId: string,
    plan: { traces: boolean; parent?: string; ids?: SpanIds },
  ): string | undefined;
  /** Writes pending spans to the store and sends them to the collector, waiting at most flushTimeoutMs. */
  flush(): Promise<void>;
}

interface RunState {
  context: RunContext;
  /** Absent when `observability.traces` is false: no spans, log lines only. */
  trace?: RunTrace;
  finished: boolean;
}

const KEEP_FINISHED_RUNS = 20;

export function createTelemetryObserver(options: TelemetryObserverOptions): TelemetryObserver {
  const environ: Environ = options.environ ?? process.env;
  const logger = options.logger;
  const flushTimeoutMs = options.flushTimeoutMs ?? 5000;
  const runs = new Map<string, RunState>();
  const pipelines = new Map<string, Pipeline>();
  let store: SpanStore | undefined;
  let storeProcessor: StoreSpanProcessor | undefined;
  let warnedFailure = false;

  const log = (level: LogLevel, message: string, fields: LogFields): void =>
    logger?.log(level, message, fields);

  // Observers must never fail a run: any bug here becomes one warning in the log.
  const guard =
    <A extends unknown[]>(name: string, fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (error) {
        if (!warnedFailure) {
          warnedFailure = true;
          logger?.warn(`telemetry ${name} failed; the run goes on without it`, {
            error: String(error),
          });
        }
      }
    };

  const storeProcessorFor = (): StoreSpanProcessor | undefined => {
    if (options.store === false) return undefined;
    if (storeProcessor === undefined) {
      try {
        store = new SpanStore(tracesDbPath(options.projectDir));
        storeProcessor = new StoreSpanProcessor(store, { logger });
      } catch (error) {
        // A read-only project folder still gets spans (and export); only the local copy is lost.
        logger?.warn('cannot open the local trace store', { error: String(error) });
      }
    }
    return storeProcessor;
  };

  const pipelineFor = (context: RunContext): Pipeline => {
    const resource = resourceAttributes(context.artifacts, context.env, environ);
    const otlp = resolveOtlpConfig(context.artifacts.observability, environ);
    const key = JSON.stringify([resource, otlp ?? null]);
    let pipeline = pipelines.get(key);
    if (pipeline === undefined) {
      const processor = storeProcessorFor();
      pipeline = createPipeline({
        resource,
        ...(otlp ? { otlp } : {}),
        ...(options.exporter ? { exporter: options.exporter } : {}),
        ...(processor ? { storeProcessor: processor } : {}),
        ...(options.batch ? { batch: options.batch } : {}),
        ...(logger ? { logger } : {}),
      });
      pipelines.set(key, pipeline);
    }
    return pipeline;
  };

  /** Run span ids handed to dbt (TRACEPARENT) before the run started; taken by runStarted. */
  const reserved = new Map<string, SpanIds>();
  const reserveRun = (
    runId: string,
    plan: { traces: boolean; parent?: string; ids?: SpanIds },
  ): string | undefined => {
    if (!plan.traces) return undefined;
    const ids = plan.ids ?? reserveRunIds(plan.parent);
    reserved.set(runId, ids);
    return traceparentOf(ids);
  };

  const runStarted = guard('runStarted', (context: RunContext) => {
    const state: RunState = { context, finished: false };
    runs.set(context.runId, state);
    const ids = reserved.get(context.runId);
    reserved.delete(context.runId);
    if (context.artifacts.observability.traces) {
      state.trace = startRunTrace(pipelineFor(context), context, ids);
      if (ids !== undefined && state.trace.spanId !== ids.spanId)
        logger?.warn('the run span did not get the ids dbt was given in TRACEPARENT', {
          run_id: context.runId,
        });
    }
    log('info', `run ${context.runId} started`, {
      run_id: context.runId,
      ...(state.trace ? { trace_id: state.trace.traceId, span_id: state.trace.spanId } : {}),
      env: context.env,
      selection: context.selection,
      trigger: context.trigger,
    });
  });

  const nodeStarted = guard('nodeStarted', (event: NodeEvent) => {
    const state = runs.get(event.runId);
    if (state === undefined || state.finished) return;
    let ids: SpanIds | undefined;
    if (state.trace) {
      const node = nodeState(state.trace, event.nodeId, event.kind);
      if (node.startedAt !== undefined || node.ended) return;
      node.startedAt = event.at;
      ids = { traceId: state.trace.traceId, spanId: node.spanId };
    }
    log('info', `${event.nodeId} started`, {
      run_id: event.runId,
      asset: event.nodeId,
      ...(ids ? { trace_id: ids.traceId, span_id: ids.spanId } : {}),
      kind: event.kind,
      thread: event.thread,
    });
  });

  const nodeFinished = guard('nodeFinished', (event: NodeFinishedEvent) => {
    const state = runs.get(event.runId);
    if (state === undefined || state.finished) return;
    let ids: SpanIds | undefined;
    if (state.trace) {
      const node = nodeState(state.trace, event.nodeId, event.kind);
      if (node.ended) return;
      if (node.startedAt === undefined) node.startedAt = event.startedAt ?? event.at;
      endNodeSpan(state.trace, event.nodeId, node, event.at, event);
      ids = { traceId: state.trace.traceId, spanId: node.spanId };
    }
    const started = event.startedAt;
    log(
      event.status === 'failed' ? 'error' : event.status === 'warned' ? 'warn' : 'info',
      `${event.nodeId} ${statusVerb(event.status)}`,
      {
        run_id: event.runId,
        asset: event.nodeId,
        ...(ids ? { trace_id: ids.traceId, span_id: ids.spanId } : {}),
        status: event.status,
        duration_ms: started ? event.at.getTime() - started.getTime() : undefined,
        rows_affected: event.rowsAffected,
        error: event.status === 'failed' ? event.message : undefined,
      },
    );
  });

  const forget = (): void => {
    const finished = [...runs.values()].filter((state) => state.finished);
    for (const state of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED_RUNS))) {
      runs.delete(state.context.runId);
    }
  };

  const runFinished = guard('runFinished', (event: RunFinishedEvent) => {
    const state = runs.get(event.runId);
    if (state === undefined || state.finished) return;
    state.finished = true;
    const run = state.trace;
    if (run) {
      endRunTrace(run, event);
      // The timeline and `floe traces` read the store right after a run: write now, not on the timer.
      storeProcessor?.flushSync();
    }
    log(
      event.status === 'success' ? 'info' : event.status === 'failed' ? 'error' : 'warn',
      `run ${event.runId} ${event.status}`,
      {
        run_id: event.runId,
        ...(run ? { trace_id: run.traceId, span_id: run.spanId } : {}),
        status: event.status,
        exit_code: event.exitCode,
      },
    );
    forget();
  });

  const flush = async (): Promise<void> => {
    storeProcessor?.flushSync();
    const work = Promise.all(
      [...pipelines.values()].map((pipeline) => pipeline.provider.forceFlush()),
    );
    await withTimeout(work, flushTimeoutMs);
    await logger?.flush();
  };

  const spanContextFor = (runId: string, nodeId?: string): SpanIds | undefined => {
    const state = runs.get(runId);
    const run = state?.trace;
    if (run === undefined) return undefined;
    // No node (or '', as the lineage observer asks for the run): the run span.
    if (!nodeId) return { traceId: run.traceId, spanId: run.spanId };
    const known = nodeIds(run, nodeId);
    if (known !== undefined || state?.finished) return known;
    // Asked before the node started (an observer called first): reserve the id its span will get.
    nodeState(run, nodeId, nodeId.startsWith('test.') ? 'check' : 'asset');
    return nodeIds(run, nodeId);
  };
  // The engine's own lines about a run or asset (through the same logger) get these span ids.
  const removeCorrelator = logger?.addCorrelator(spanContextFor);

  return {
    runStarted,
    nodeStarted,
    nodeFinished,
    runFinished,
    spanContextFor,
    traceparentFor: (runId) => {
      const ids = reserved.get(runId);
      return ids === undefined ? runs.get(runId)?.trace?.traceparent : traceparentOf(ids);
    },
    reserveRun,
    flush,
    async dispose() {
      for (const state of runs.values()) {
        if (!state.finished)
          runFinished({ runId: state.context.runId, at: new Date(), status: 'interrupted' });
      }
      await flush();
      const shutdowns = Promise.all(
        [...pipelines.values()].map((pipeline) => pipeline.provider.shutdown()),
      );
      await withTimeout(shutdowns, flushTimeoutMs);
      pipelines.clear();
      storeProcessor?.flushSync();
      store?.close();
      store = undefined;
      removeCorrelator?.();
      storeProcessor = undefined;
    },
  };
}
