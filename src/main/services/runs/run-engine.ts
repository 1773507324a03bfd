// The run engine of one project: a queue in front of one dbt process at a time (DuckDB allows one
// writer, and runs of one project must not interleave), the run store, subscriptions and observers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AssetHistory, AssetState, RunDetail, Staleness } from '../../../shared/api/contract';
import type { AssetGraph } from '../../../shared/assets';
import type { RunRequest, RunSummary } from '../../../shared/runs';
import type { SpanIds } from '../telemetry/logger';
import type { Disposable, EngineEvent, EngineListener } from './engine-events';
import type { EarlyRun } from './early-run';
import type { PrepareRequest, PrepareRun } from './prepare-run';
import { RunExecution, type SpawnedPlan } from './run-execution';
import { runFolder } from './run-folders';
import { isRunId, newRunId } from './run-id';
import type { RunObserver } from './run-observer';
import { RunStore } from './run-store';
import { computeStaleness } from './staleness';

export interface RunEngineOptions {
  /** Folder holding floe.yaml; the store lives in `<projectDir>/.floe/`. */
  projectDir: string;
  /** Compiles config, writes profiles, finds dbt and resolves the selection (see createPrepareRun). */
  prepare: PrepareRun;
  /** Lineage, telemetry…: called synchronously and never allowed to fail a run. */
  observers?: readonly RunObserver[];
  /** Environment dbt's allow-listed environment is taken from (default: process.env, read only). */
  environ?: Readonly<Record<string, string | undefined>>;
  /** Environment recorded for a queued run that names none (replaced by the compiled one at start). */
  defaultEnv?: string;
  /** SIGINT → SIGKILL grace period on cancel (default 5 s). */
  cancelGraceMs?: number;
  /** An open store; by default `<projectDir>/.floe/runs.db` is opened (and closed on dispose). */
  store?: RunStore;
  onObserverError?: (error: unknown) => void;
  /** The run span's traceparent (telemetry), reserved before the run starts; dbt's TRACEPARENT. */
  traceparentFor?: (
    runId: string,
    plan: { traces: boolean; parent?: string; ids?: SpanIds },
  ) => string | undefined;
  /** Told what each run started dbt with (see run-plan.ts). */
  onSpawned?: (plan: SpawnedPlan) => void;
}

export interface MaterializeRequest extends RunRequest {
  /** Asset ids the caller already resolved the selection to. */
  assetIds?: readonly string[];
  /**
   * A dbt already started for this run (`floe run`'s early spawn): the run takes its id and adopts
   * it when it is the command the run would start. Only for an engine with no other run.
   */
  early?: EarlyRun;
}

interface QueuedRun {
  runId: string;
  execution: RunExecution;
  done: Promise<RunSummary | null>;
  resolve: (summary: RunSummary | null) => void;
}

export function runsDbPath(projectDir: string): string {
  return join(projectDir, '.floe', 'runs.db');
}

export class RunEngine {
  readonly store: RunStore;
  private readonly ownsStore: boolean;
  private readonly listeners = new Set<EngineListener>();
  private readonly queue: QueuedRun[] = [];
  private readonly pending = new Map<string, QueuedRun>();
  private active: QueuedRun | null = null;
  private disposed = false;

  constructor(private readonly options: RunEngineOptions) {
    this.ownsStore = options.store === undefined;
    this.store = options.store ?? RunStore.open(runsDbPath(options.projectDir));
  }

  /** Queues a run and returns its id at once; it starts when no other run of the project is active. */
  async materialize(request: MaterializeRequest): Promise<{ runId: string }> {
    if (this.disposed) throw new Error('the run engine was disposed');
    const { assetIds, early: earlyRun, ...rest } = request;
    let early = earlyRun;
    if (early !== undefined && (this.active !== null || this.queue.length > 0)) {
      // It would wait behind another run: dbt must not start early after all.
      await early.discard();
      early = undefined;
    }
    const runId = early?.runId ?? newRunId();
    const prepareRequest: PrepareRequest = { ...rest, runId };
    if (assetIds !== undefined) prepareRequest.assetIds = assetIds;
    this.store.createRun({
      id: runId,
      env: request.env ?? this.options.defaultEnv ?? 'dev',
      selection: request.select ?? '',
      exclude: request.exclude,
      trigger: request.trigger ?? 'ui',
      vars: request.vars,
      fullRefresh: request.fullRefresh,
      traceparent: request.traceparent,
      createdAt: early?.startedAt ?? new Date(),
    });
    const execution = new RunExecution(
      runId,
      prepareRequest,
      this.options.prepare,
      {
        projectDir: this.options.projectDir,
        store: this.store,
        observers: this.options.observers ?? [],
        environ: this.options.environ ?? process.env,
        cancelGraceMs: this.options.cancelGraceMs ?? 5_000,
        emit: (event) => this.emit(event),
        onObserverError: this.options.onObserverError,
        traceparentFor: this.options.traceparentFor,
        onSpawned: this.options.onSpawned,
      },
      early,
    );
    let resolve: (summary: RunSummary | null) => void = () => undefined;
    const done = new Promise<RunSummary | null>((r) => (resolve = r));
    const queued: QueuedRun = { runId, execution, done, resolve };
    this.queue.push(queued);
    this.pending.set(runId, queued);
    this.emitRun(runId);
    this.pump();
    return { runId };
  }

  /** Cancels a queued or running run. False when it is unknown or already finished. */
  async cancel(runId: string): Promise<boolean> {
    const queued = this.pending.get(runId);
    if (queued === undefined) return false;
    if (queued !== this.active) {
      this.queue.splice(this.queue.indexOf(queued), 1);
      this.pending.delete(runId);
      const now = new Date();
      this.store.updateRun(runId, {
        status: 'canceled',
        finishedAt: now,
        message: 'canceled while queued',
      });
      queued.resolve(this.emitRun(runId));
      return true;
    }
    queued.execution.cancel();
    return true;
  }

  /** Resolves with the final summary once the run ended (immediately for a finished run). */
  async waitForRun(runId: string): Promise<RunSummary | null> {
    const queued = this.pending.get(runId);
    if (queued !== undefined) return queued.done;
    return this.store.getRun(runId);
  }

  subscribe(listener: EngineListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  listRuns(limit = 100): RunSummary[] {
    return this.store.listRuns(limit);
  }

  getRun(runId: string): RunDetail | null {
    const run = this.store.getRun(runId);
    return run === null ? null : { run, events: this.store.runEvents(runId) };
  }

  /** The run's terminal output as dbt printed it (ANSI colours kept); null for an unknown run. */
  runLog(runId: string): string | null {
    if (!isRunId(runId) || this.store.getRun(runId) === null) return null;
    try {
      return readFileSync(join(runFolder(this.options.projectDir, runId), 'output.log'), 'utf8');
    } catch {
      return '';
    }
  }

  assetHistory(
    assetId: string,
    options: { env?: string; limit?: number; checkIds?: readonly string[] } = {},
  ): AssetHistory {
    return this.store.assetHistory(assetId, options);
  }

  latestStates(env: string): Record<string, AssetState> {
    return this.store.latestStates(env);
  }

  staleness(graph: AssetGraph, env: string): Record<string, Staleness> {
    return computeStaleness(graph, this.store.lastSuccesses(env));
  }

  /** Cancels everything (queued runs at once, the active one with a short grace), then closes. */
  async dispose(graceMs = 2_000): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const queued of [...this.queue])
      if (queued !== this.active) await this.cancel(queued.runId);
    const active = this.active;
    if (active !== null) {
      active.execution.cancel(graceMs);
      await active.done;
    }
    for (const observer of this.options.observers ?? []) {
      try {
        await observer.dispose();
      } catch (error) {
        this.options.onObserverError?.(error);
      }
    }
    this.listeners.clear();
    if (this.ownsStore) this.store.close();
  }

  private pump(): void {
    if (this.active !== null) return;
    const next = this.queue.shift();
    if (next === undefined) return;
    this.active = next;
    const finish = (summary: RunSummary | null): void => {
      this.pending.delete(next.runId);
      this.active = null;
      next.resolve(summary);
      this.pump();
    };
    next.execution.run().then(finish, (error: unknown) => {
      // A bug in the engine itself: record it on the run rather than leaving it "running".
      this.store.updateRun(next.runId, {
        status: 'failed',
        finishedAt: new Date(),
        message: String(error),
      });
      finish(this.emitRun(next.runId));
    });
  }

  private emit(event: EngineEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A subscriber's failure is its own; the run and other subscribers go on.
      }
    }
  }

  private emitRun(runId: string): RunSummary | null {
    const summary = this.store.getRun(runId);
    if (summary !== null) this.emit({ channel: 'run.updated', payload: summary });
    return summary;
  }
}
