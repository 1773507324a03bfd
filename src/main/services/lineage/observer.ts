// The lineage RunObserver. The engine's calls only record an intent (microseconds); a pump on the
// next turn of the event loop builds the events, stores them (the local store doubles as the spool),
// writes the file/console transports and wakes the per-endpoint senders. Nothing here can throw into,
// block or slow down a run.
import { existsSync } from 'node:fs';
import type { CompiledArtifacts } from '../../../shared/config/compiled-artifacts';
import type { LineageEventType } from '../../../shared/lineage';
import type {
  NodeEvent,
  NodeFinishedEvent,
  RunContext,
  RunFinishedEvent,
  RunObserver,
} from '../runs/run-observer';
import {
  buildAssetEventWithInputs,
  buildRunEvent,
  checkAssertion,
  lineageRunSpec,
  type LineageRunSpec,
  type TraceIds,
} from './events';
import type { Assertion } from './facets';
import {
  configuredEndpoint,
  EndpointSenders,
  knownEndpoints,
  runObservability,
  type Environ,
} from './endpoints';
import { DEFAULT_DELIVERY, type DeliveryOptions } from './sender';
import { defaultLineageDbPath, LineageStore, type NewLineageEvent } from './store';
import { ConsoleTransport, FileTransport } from './transports';
import { uuidv7 } from './uuid';

/** How long a process's exit waits for its runs' events to reach their endpoints. */
const EXIT_WAIT_MS = 2000;
/** …and for an endpoint that has not answered once in this process (see dispose). */
const EXIT_WAIT_SILENT_MS = 20;

export interface LineageObserverOptions {
  /** Project folder: the store is `<projectDir>/.floe/lineage.db` unless `store` is given. */
  projectDir: string;
  /** A store to use (the caller closes it); default: opened on first need, closed on dispose. */
  store?: LineageStore;
  /** The project's artifacts, when known at creation: its endpoints are matched to spooled events. */
  artifacts?: CompiledArtifacts;
  /** `OPENLINEAGE_URL`, `OPENLINEAGE_API_KEY`; default `process.env`. */
  environ?: Environ;
  /** JSONL file transport: every event appended as one line. */
  filePath?: string;
  /** Console transport: `true` prints to stdout; a function receives each line. */
  console?: boolean | ((line: string) => void);
  delivery?: Partial<DeliveryOptions>;
  /** Telemetry's ids for the span of a node (`nodeId` = dbt unique_id) or of the run (`nodeId` = ''). */
  traceIds?: (runId: string, nodeId: string) => TraceIds | undefined;
  /** Delivery problems, for the structured log. Messages never hold credentials. */
  onError?: (message: string) => void;
}

export interface LineageObserver extends RunObserver {
  /** Stores what is queued and waits (up to `timeoutMs`, default 10 s) for delivery or spooling. */
  flush(timeoutMs?: number): Promise<void>;
}

interface NodeState {
  runId: string;
  open: boolean;
}

interface RunState {
  context: RunContext;
  runId: string;
  /** Redacted endpoint URL, or undefined when no endpoint is configured. */
  endpoint?: string;
  spec?: LineageRunSpec;
  nodes: Map<string, NodeState>;
  assertions: Map<string, Assertion[]>;
}

type Intent =
  | {
      kind: 'run';
      run: RunState;
      eventId: string;
      eventType: LineageEventType;
      at: Date;
      message?: string;
    }
  | {
      kind: 'node';
      run: RunState;
      eventId: string;
      nodeId: string;
      runId: string;
      eventType: LineageEventType;
      at: Date;
      message?: string;
      rowsAffected?: number;
    }
  | { kind: 'check'; run: RunState; checkId: string; success: boolean };

export function createLineageObserver(options: LineageObserverOptions): LineageObserver {
  const environ = options.environ ?? process.env;
  const delivery: DeliveryOptions = { ...DEFAULT_DELIVERY, ...options.delivery };
  const report = (message: string): void => {
    try {
      options.onError?.(message);
    } catch {
      // A failing logger must not stop delivery.
    }
  };
  const file = options.filePath ? new FileTransport(options.filePath) : undefined;
  const consoleOut =
    options.console === true
      ? new ConsoleTransport()
      : typeof options.console === 'function'
        ? new ConsoleTransport(options.console)
        : undefined;

  let store = options.store;
  const ownsStore = store === undefined;
  const openStore = (): LineageStore => {
    store ??= new LineageStore(defaultLineageDbPath(options.projectDir));
    return store;
  };

  const endpoints = new EndpointSenders(openStore, environ, delivery, report);

  const runs = new Map<string, RunState>();
  let queue: Intent[] = [];
  let scheduled = false;
  let disposed = false;

  const specOf = (run: RunState): LineageRunSpec => {
    run.spec ??= lineageRunSpec(run.context, run.runId);
    return run.spec;
  };
  const traceOf = (run: RunState, nodeId: string): TraceIds | undefined => {
    try {
      return options.traceIds?.(run.context.runId, nodeId);
    } catch {
      return undefined;
    }
  };

  const build = (intent: Intent): NewLineageEvent | undefined => {
    const { run } = intent;
    const spec = specOf(run);
    if (intent.kind === 'check') {
      const check = spec.checks.get(intent.checkId);
      if (check === undefined) return undefined;
      for (const assetId of check.assetIds) {
        const list = run.assertions.get(assetId) ?? [];
        list.push(checkAssertion(check, intent.success));
        run.assertions.set(assetId, list);
      }
      return undefined;
    }
    if (intent.kind === 'run') {
      const trace = traceOf(run, '');
      const event = buildRunEvent(spec, {
        eventType: intent.eventType,
        at: intent.at,
        ...(intent.message !== undefined ? { message: intent.message } : {}),
        ...(trace ? { trace } : {}),
        ...(intent.eventType === 'START' ? {} : { assertions: run.assertions }),
      });
      return {
        eventId: intent.eventId,
        floeRunId: spec.floeRunId,
        event,
        json: JSON.stringify(event),
        ...(run.endpoint ? { endpoint: run.endpoint } : {}),
      };
    }
    const asset = spec.assets.get(intent.nodeId);
    if (asset === undefined) return undefined;
    const trace = traceOf(run, intent.nodeId);
    const { event, inputAssetIds } = buildAssetEventWithInputs(spec, {
      asset,
      runId: intent.runId,
      eventType: intent.eventType,
      at: intent.at,
      ...(intent.message !== undefined ? { message: intent.message } : {}),
      ...(intent.rowsAffected !== undefined ? { rowsAffected: intent.rowsAffected } : {}),
      ...(trace ? { trace } : {}),
    });
    return {
      eventId: intent.eventId,
      floeRunId: spec.floeRunId,
      parentRunId: spec.runId,
      assetId: asset.id,
      inputAssetIds,
      event,
      json: JSON.stringify(event),
      ...(run.endpoint ? { endpoint: run.endpoint } : {}),
    };
  };

  /** Built events the store could not take yet (locked, disk full): retried before newer ones. */
  let unstored: NewLineageEvent[] = [];
  let retryTimer: NodeJS.Timeout | undefined;

  const pump = (): void => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const rows: NewLineageEvent[] = unstored;
    unstored = [];
    for (const intent of batch) {
      try {
        const row = build(intent);
        if (row) rows.push(row);
      } catch (error) {
        report(
          `lineage event not built: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (rows.length === 0) return;
    try {
      openStore().insert(rows);
    } catch (error) {
      report(
        `lineage store write failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
      );
      unstored = rows;
      retryTimer ??= setTimeout(() => {
        retryTimer = undefined;
        pump();
      }, 1000);
      retryTimer.unref();
      return;
    }
    if (file || consoleOut) {
      const lines = rows.map((row) => row.json ?? JSON.stringify(row.event));
      file?.write(lines, report);
      consoleOut?.write(lines);
    }
    const keys = new Set(
      rows.map((row) => row.endpoint).filter((e): e is string => e !== undefined),
    );
    for (const key of keys) endpoints.kick(key);
  };

  /** Endpoints the runs of this process send to. */
  const runEndpoints = new Set<string>();

  const enqueue = (intent: Intent): void => {
    queue.push(intent);
    if (!scheduled) {
      scheduled = true;
      setImmediate(pump);
    }
  };

  // Spool left by an earlier process: deliver it now (in order), unless lineage is off for the project.
  const lineageOff = options.artifacts !== undefined && !anyLineage(options.artifacts);
  if (
    !lineageOff &&
    (options.store !== undefined || existsSync(defaultLineageDbPath(options.projectDir)))
  ) {
    for (const endpoint of knownEndpoints(options.artifacts, environ)) endpoints.remember(endpoint);
    try {
      for (const key of openStore().pendingEndpoints()) endpoints.kick(key);
    } catch (error) {
      report(`lineage spool not read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const closeNode = (
    run: RunState,
    nodeId: string,
    eventType: LineageEventType,
    at: Date,
    finished?: NodeFinishedEvent,
  ): void => {
    const node = run.nodes.get(nodeId);
    if (node === undefined || !node.open) return;
    node.open = false;
    enqueue({
      kind: 'node',
      run,
      eventId: uuidv7(),
      nodeId,
      runId: node.runId,
      eventType,
      at,
      ...(finished?.message !== undefined ? { message: finished.message } : {}),
      ...(finished?.rowsAffected !== undefined ? { rowsAffected: finished.rowsAffected } : {}),
    });
  };

  const runStarted = (context: RunContext): void => {
    if (disposed) return;
    try {
      const observability = runObservability(context.artifacts, context.env);
      if (!observability.lineage) return;
      const raw = configuredEndpoint(observability, environ);
      const endpoint = raw === undefined ? undefined : endpoints.remember(raw);
      if (endpoint !== undefined) runEndpoints.add(endpoint);
      const run: RunState = {
        context,
        runId: uuidv7(context.startedAt.getTime()),
        nodes: new Map(),
        assertions: new Map(),
        ...(endpoint ? { endpoint } : {}),
      };
      runs.set(context.runId, run);
      enqueue({ kind: 'run', run, eventId: uuidv7(), eventType: 'START', at: context.startedAt });
    } catch (error) {
      report(
        `lineage: run not followed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };

  const nodeStarted = (event: NodeEvent): void => {
    const run = runs.get(event.runId);
    if (run === undefined || event.kind !== 'asset' || run.nodes.get(event.nodeId)?.open) return;
    const node: NodeState = { runId: uuidv7(event.at.getTime()), open: true };
    run.nodes.set(event.nodeId, node);
    enqueue({
      kind: 'node',
      run,
      eventId: uuidv7(),
      nodeId: event.nodeId,
      runId: node.runId,
      eventType: 'START',
      at: event.at,
    });
  };

  const nodeFinished = (event: NodeFinishedEvent): void => {
    const run = runs.get(event.runId);
    if (run === undefined) return;
    if (event.kind === 'check') {
      if (event.status === 'success' || event.status === 'warned' || event.status === 'failed') {
        enqueue({ kind: 'check', run, checkId: event.nodeId, success: event.status === 'success' });
      }
      return;
    }
    const eventType = finishedEventType(event.status);
    if (!run.nodes.has(event.nodeId)) {
      // dbt can finish a node it never reported starting (e.g. a compile error): give it its START.
      // A node skipped or canceled before it started ran nothing and gets no events.
      if (eventType === 'ABORT') return;
      nodeStarted({
        runId: event.runId,
        nodeId: event.nodeId,
        kind: 'asset',
        at: event.startedAt ?? event.at,
      });
    }
    closeNode(run, event.nodeId, eventType, event.at, event);
  };

  const runFinished = (event: RunFinishedEvent): void => {
    const run = runs.get(event.runId);
    if (run === undefined) return;
    runs.delete(event.runId);
    // Nodes still running when the run ends (cancel, crash) were aborted.
    for (const nodeId of run.nodes.keys()) closeNode(run, nodeId, 'ABORT', event.at);
    const eventType =
      event.status === 'success' ? 'COMPLETE' : event.status === 'failed' ? 'FAIL' : 'ABORT';
    const message =
      event.message ??
      (event.exitCode !== undefined && event.exitCode !== 0
        ? `dbt exited with code ${event.exitCode}`
        : undefined);
    enqueue({
      kind: 'run',
      run,
      eventId: uuidv7(),
      eventType,
      at: event.at,
      ...(message !== undefined ? { message } : {}),
    });
  };

  const flush = async (timeoutMs = 10_000): Promise<void> => {
    pump();
    await endpoints.settled(timeoutMs);
    await file?.settled();
  };

  const dispose = async (): Promise<void> => {
    if (disposed) return;
    // Exit waits (briefly) for this process's runs' events only: an old spool for an endpoint that
    // is no longer configured, or down, stays spooled for the next process instead of holding this one.
    // An endpoint that has not answered once in this process (it hangs) gets only a moment: its events
    // are spooled and go at the next start either way, and waiting out its timeout held every run's
    // exit by up to 2 s (bench run-observability, goal at most 2% slower than with lineage off).
    pump();
    await endpoints.settled(EXIT_WAIT_MS, runEndpoints, EXIT_WAIT_SILENT_MS);
    await file?.settled();
    disposed = true;
    if (retryTimer) clearTimeout(retryTimer);
    runs.clear();
    endpoints.close();
    if (ownsStore) store?.close();
  };

  return { runStarted, nodeStarted, nodeFinished, runFinished, flush, dispose };
}

function anyLineage(artifacts: CompiledArtifacts): boolean {
  return (
    artifacts.observability.lineage ||
    Object.values(artifacts.environments).some((env) => env.observability.lineage)
  );
}

function finishedEventType(status: NodeFinishedEvent['status']): LineageEventType {
  switch (status) {
    case 'success':
    case 'warned':
      return 'COMPLETE';
    case 'failed':
      return 'FAIL';
    case 'canceled':
    case 'skipped':
    case 'queued':
    case 'running':
      return 'ABORT';
  }
}
