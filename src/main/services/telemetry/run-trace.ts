// The spans of one run: `floe.run`, started when the run starts with the ids reserved for it before
// dbt was spawned (dbt's TRACEPARENT names them), and one child per node, whose id is reserved when
// the node starts and whose span is built when dbt reports the finish, so that its start and end are
// dbt's own times.
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { RandomIdGenerator } from '@opentelemetry/sdk-trace-base';
import { ATTR, RUN_SPAN_NAME } from '../../../shared/traces';
import type {
  NodeEvent,
  NodeFinishedEvent,
  RunContext,
  RunFinishedEvent,
} from '../runs/run-observer';
import type { SpanIds } from './logger';
import type { Pipeline } from './pipeline';
import {
  finishedAttributes,
  indexGraph,
  nodeInfoFromId,
  nodeSpanAttributes,
  runSpanAttributes,
  tenantSpanAttributes,
  type NodeInfo,
} from './span-attributes';

export interface NodeState {
  spanId: string;
  kind: NodeEvent['kind'];
  startedAt?: Date;
  ended: boolean;
}

export interface RunTrace {
  pipeline: Pipeline;
  run: RunContext;
  span: Span;
  /** Context holding the run span: the parent of every node span. */
  context: Context;
  traceId: string;
  spanId: string;
  traceparent?: string;
  tenant: Attributes;
  index?: Map<string, NodeInfo>;
  nodes: Map<string, NodeState>;
}

const propagator = new W3CTraceContextPropagator();

const notBefore = (time: Date, start: Date): Date =>
  time.getTime() < start.getTime() ? start : time;

/** The context of the UI click's traceparent (the run span's parent), or the root context. */
function parentContext(traceparent: string | undefined): Context {
  return traceparent
    ? propagator.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter)
    : ROOT_CONTEXT;
}

const randomIds = new RandomIdGenerator();

/**
 * Ids for a run span not started yet (dbt gets them in TRACEPARENT first): the parent's trace, as
 * startRunTrace will read it, or a new one.
 */
export function reserveRunIds(parentTraceparent: string | undefined): SpanIds {
  const parent = trace.getSpanContext(parentContext(parentTraceparent));
  return {
    traceId:
      parent !== undefined && isSpanContextValid(parent)
        ? parent.traceId
        : randomIds.generateTraceId(),
    spanId: randomIds.generateSpanId(),
  };
}

/**
 * Starts the run span, as a child of the UI click's traceparent when the run has one. With `ids`
 * (reserved before dbt was spawned with them in TRACEPARENT) the span gets exactly those ids.
 */
export function startRunTrace(pipeline: Pipeline, run: RunContext, ids?: SpanIds): RunTrace {
  const tenant = tenantSpanAttributes(run.artifacts);
  const parent = parentContext(run.traceparent);
  const start = (): Span =>
    pipeline.tracer.startSpan(
      RUN_SPAN_NAME,
      {
        kind: SpanKind.INTERNAL,
        startTime: run.startedAt,
        attributes: runSpanAttributes(run, tenant),
      },
      parent,
    );
  const span = ids === undefined ? start() : pipeline.ids.withIds(ids.traceId, ids.spanId, start);
  const context = trace.setSpan(parent, span);
  const carrier: Record<string, string> = {};
  propagator.inject(context, carrier, defaultTextMapSetter);
  const { traceId, spanId } = span.spanContext();
  const runTrace: RunTrace = {
    pipeline,
    run,
    span,
    context,
    traceId,
    spanId,
    tenant,
    nodes: new Map(),
  };
  if (carrier.traceparent !== undefined) runTrace.traceparent = carrier.traceparent;
  return runTrace;
}

/** The node's state, reserving its span id on first sight. */
export function nodeState(run: RunTrace, nodeId: string, kind: NodeEvent['kind']): NodeState {
  let node = run.nodes.get(nodeId);
  if (node === undefined) {
    node = { spanId: run.pipeline.ids.reserve(), kind, ended: false };
    run.nodes.set(nodeId, node);
  }
  return node;
}

export function nodeIds(run: RunTrace, nodeId: string): SpanIds | undefined {
  const node = run.nodes.get(nodeId);
  return node ? { traceId: run.traceId, spanId: node.spanId } : undefined;
}

/** Builds and ends a node's span; `event` is dbt's finish, or undefined when the run ended first. */
export function endNodeSpan(
  run: RunTrace,
  nodeId: string,
  node: NodeState,
  end: Date,
  event?: NodeFinishedEvent,
): void {
  node.ended = true;
  run.index ??= indexGraph(run.run.graph);
  const info = run.index.get(nodeId) ?? nodeInfoFromId(nodeId, node.kind);
  const start = event?.startedAt ?? node.startedAt ?? end;
  const endTime = notBefore(end, start);
  // One object, filled in place: this runs once per node of runs with thousands of nodes.
  const attributes = Object.assign(
    nodeSpanAttributes(run.run, run.tenant, nodeId, node.kind, info),
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
}

/** Ends the nodes dbt never finished, then the run span with the run's outcome. */
export function endRunTrace(run: RunTrace, event: RunFinishedEvent): void {
  for (const [nodeId, node] of run.nodes) {
    if (!node.ended && node.startedAt !== undefined) endNodeSpan(run, nodeId, node, event.at);
  }
  const span = run.span;
  span.setAttribute(ATTR.runStatus, event.status);
  if (event.dbtVersion) span.setAttribute(ATTR.dbtVersion, event.dbtVersion);
  if (event.exitCode !== undefined) span.setAttribute('floe.run.exit_code', event.exitCode);
  if (event.status === 'success') span.setStatus({ code: SpanStatusCode.OK });
  else if (event.status === 'failed' || event.status === 'interrupted') {
    const fallback =
      event.exitCode !== undefined
        ? `dbt exited with code ${event.exitCode}`
        : `run ${event.status}`;
    span.setStatus({ code: SpanStatusCode.ERROR, message: event.message || fallback });
  }
  span.end(notBefore(event.at, run.run.startedAt));
}
