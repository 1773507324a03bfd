// The RunObserver that turns a run into OpenTelemetry spans: `floe.run`, and one child per asset and
// check timed by dbt's own start/finish. A node's span id is reserved when the node starts (so log
// lines, TRACEPARENT and lineage can use it at once) and the span is built when dbt reports the finish.
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
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
  finishedAttributes,
  indexGraph,
  nodeInfoFromId,
  nodeSpanAttributes,
  resourceAttributes,
  runSpanAttributes,
  statusVerb,
  tenantSpanAttributes,
  type NodeInfo,
} from './span-attributes';
import { SpanStore, tracesDbPath } from './span-store';
import { StoreSpanProcessor } from './store-span-processor';
import { ATTR, RUN_SPAN_NAME } from '../../../shared/traces';

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
  /** Writes pending spans to the store and sends them to the collector, waiting at most flushTimeoutMs. */
  flush(): Promise<void>;
}

interface NodeState {
  spanId: string;
  kind: NodeEvent['kind'];
  startedAt?: Date;
  ended: boolean;
}

interface RunTrace {
  pipeline: Pipeline;
  span: Span;
  context: Context;
  traceId: string;
  spanId: string;
  traceparent?: string;
  tenant: Attributes;
  index?: Map<string, NodeInfo>;
  nodes: Map<string, NodeState>;
}

interface RunState {
  context: RunContext;
  /** Absent when `observability.traces` is false: no spans, log lines only. */
  trace?: RunTrace;
  finished: boolean;
}

const KEEP_FINISHED_RUNS = 20;
const propagator = new W3CTraceContextPropagator();

function withTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    work.then(done, done);
  });
}

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
      store = new SpanStore(tracesDbPath(options.projectDir));
      storeProcessor = new StoreSpanProcessor(store, { logger });
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

  const nodeIds = (run: RunTrace, nodeId: string): SpanIds | undefined => {
    const node = run.nodes.get(nodeId);
    return node ? { traceId: run.traceId, spanId: node.spanId } : undefined;
  };

  const nodeState = (run: RunTrace, nodeId: string, kind: NodeEvent['kind']): NodeState => {
    let node = run.nodes.get(nodeId);
    if (node === undefined) {
      node = { spanId: run.pipeline.ids.reserve(), kind, ended: false };
      run.nodes.set(nodeId, node);
    }
    return node;
  };

  const nodeInfo = (
    state: RunState,
    run: RunTrace,
    nodeId: string,
    kind: NodeEvent['kind'],
  ): NodeInfo => {
    run.index ??= indexGraph(state.context.graph);
    return run.index.get(nodeId) ?? nodeInfoFromId(nodeId, kind);
  };

  /** Builds and ends a node's span; `event` is dbt's finish, or undefined when the run ended first. */
  const endNodeSpan = (
    state: RunState,
    run: RunTrace,
    nodeId: string,
    node: NodeState,
    end: Date,
    event?: NodeFinishedEvent,
  ): void => {
    node.ended = true;
    const info = nodeInfo(state, run, nodeId, node.kind);
    const start = event?.startedAt ?? node.startedAt ?? end;
    const endTime = end.getTime() < start.getTime() ? start : end;
    // One object, filled in place: this runs once per node of runs with thousands of nodes.
    const attributes = Object.assign(
      nodeSpanAttributes(state.context, run.tenant, nodeId, node.kind, info),
      event ? finishedAttributes(event) : { [ATTR.assetStatus]: 'canceled' },
    );
    const span = run.pipeline.ids.withSpanId(node.spanId, () =>
      run.pipeline.tracer.startSpan(
        nodeId,
        { kind: SpanKind.INTERNAL, startTime: start, attributes },
        run.context,
      ),
    );
    const status = event?.status ?? 'canceled';
    if (status === 'failed') {
      const message = event?.message || `${nodeId} failed`;
      span.addEvent(
        'exception',
        { 'exception.type': `dbt.${info.resourceType}`, 'exception.message': message },
        endTime,
      );
      span.setStatus({ code: SpanStatusCode.ERROR, message });
    } else if (status === 'success') span.setStatus({ code: SpanStatusCode.OK });
    else if (event?.message && status === 'warned') span.setAttribute('dbt.message', event.message);
    else if (event === undefined)
      span.setAttribute('floe.note', 'the run ended before dbt reported this node');
    span.end(endTime);
  };

  const runStarted = guard('runStarted', (context: RunContext) => {
    const state: RunState = { context, finished: false };
    runs.set(context.runId, state);
    if (context.artifacts.observability.traces) {
      const pipeline = pipelineFor(context);
      const tenant = tenantSpanAttributes(context.artifacts);
      const parent = context.traceparent
        ? propagator.extract(
            ROOT_CONTEXT,
            { traceparent: context.traceparent },
            defaultTextMapGetter,
          )
        : ROOT_CONTEXT;
      const span = pipeline.tracer.startSpan(
        RUN_SPAN_NAME,
        {
          kind: SpanKind.INTERNAL,
          startTime: context.startedAt,
          attributes: runSpanAttributes(context, tenant),
        },
        parent,
      );
      const runContext = trace.setSpan(parent, span);
      const carrier: Record<string, string> = {};
      propagator.inject(runContext, carrier, defaultTextMapSetter);
      const { traceId, spanId } = span.spanContext();
      state.trace = {
        pipeline,
        span,
        context: runContext,
        traceId,
        spanId,
        tenant,
        nodes: new Map(),
      };
      if (carrier.traceparent !== undefined) state.trace.traceparent = carrier.traceparent;
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
      endNodeSpan(state, state.trace, event.nodeId, node, event.at, event);
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
      for (const [nodeId, node] of run.nodes) {
        if (!node.ended && node.startedAt !== undefined)
          endNodeSpan(state, run, nodeId, node, event.at);
      }
      run.span.setAttribute(ATTR.runStatus, event.status);
      if (event.dbtVersion) run.span.setAttribute(ATTR.dbtVersion, event.dbtVersion);
      if (event.exitCode !== undefined) run.span.setAttribute('floe.run.exit_code', event.exitCode);
      if (event.status === 'success') run.span.setStatus({ code: SpanStatusCode.OK });
      else if (event.status === 'failed' || event.status === 'interrupted') {
        const message =
          event.message ||
          (event.exitCode !== undefined
            ? `dbt exited with code ${event.exitCode}`
            : `run ${event.status}`);
        run.span.setStatus({ code: SpanStatusCode.ERROR, message });
      }
      const start = state.context.startedAt;
      run.span.end(event.at.getTime() < start.getTime() ? start : event.at);
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
    traceparentFor: (runId) => runs.get(runId)?.trace?.traceparent,
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
