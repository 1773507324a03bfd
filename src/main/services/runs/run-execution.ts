// One run from start to finish: prepare (config, profiles, dbt, selection), spawn `dbt build` in a
// pty, tail dbt's JSON log into per-asset statuses, commit every change to the store as it happens,
// tell subscribers and observers, and settle every asset when dbt exits (run_results.json, then
// "never started" → skipped).
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem } from '../../../shared/problems';
import type { AssetStatusEvent, CheckResult, RunSummary } from '../../../shared/runs';
import { buildDbtBuildArgs, buildDbtEnv } from '../dbt/dbt-command';
import { readProjectDotEnv } from '../dbt/dbt-parse';
import type { DbtLogEvent } from '../dbt/dbt-log-events';
import { tailDbtJsonLog } from '../dbt/json-log-tail';
import { runInPty } from '../dbt/pty-runner';
import type { PtyExit, PtyRun } from '../dbt/pty-runner';
import { readRunResults } from '../dbt/run-results';
import type { SpanIds } from '../telemetry/logger';
import type { EngineEvent } from './engine-events';
import { spawnBanner, spawnDifference, type EarlyRun, type SpawnSpec } from './early-run';
import { RunPreparationError } from './prepare-run';
import type { PreparedRun, PrepareRequest, PrepareRun } from './prepare-run';
import { pruneRunFolders, runFolder } from './run-folders';
import { fileStamp, profilesFileOf, type RunPlan } from './run-plan';
import type { RunContext, RunObserver } from './run-observer';
import type { RunStore } from './run-store';
import { RunTracker, checkToNodeStatus } from './run-tracker';
import type { RunOutcome, TrackerUpdate } from './run-tracker';

/** What a run started dbt with, as run-plan.ts saves it. */
export type SpawnedPlan = Omit<RunPlan, 'format' | 'stamps' | 'requestedEnv'>;

export interface ExecutionDeps {
  projectDir: string;
  store: RunStore;
  observers: readonly RunObserver[];
  environ: Readonly<Record<string, string | undefined>>;
  cancelGraceMs: number;
  emit(event: EngineEvent): void;
  onObserverError?(error: unknown): void;
  /**
   * W3C traceparent of the run's own span, reserved before the run starts (dbt gets it at spawn);
   * undefined when the run records no traces.
   */
  traceparentFor?(
    runId: string,
    plan: { traces: boolean; parent?: string; ids?: SpanIds },
  ): string | undefined;
  /** Told what dbt was started with (`floe run` saves it for its next early dbt: run-plan.ts). */
  onSpawned?(plan: SpawnedPlan): void;
}

export class RunExecution {
  private cancelRequested = false;
  private pty: PtyRun | null = null;
  private tracker: RunTracker | null = null;
  private env = '';
  private readonly propertiesChecksums = new Map<string, string>();
  private readonly logPath: string;

  constructor(
    readonly runId: string,
    private readonly request: PrepareRequest,
    private readonly prepare: PrepareRun,
    private readonly deps: ExecutionDeps,
    /** A dbt `floe run` started from its saved plan before the engine was loaded (early-run.ts). */
    private early?: EarlyRun,
  ) {
    this.logPath = join(runFolder(deps.projectDir, runId), 'output.log');
  }

  /** Interrupt dbt (SIGINT, then SIGKILL after the grace period); before spawn, dbt never starts. */
  cancel(graceMs = this.deps.cancelGraceMs): void {
    this.cancelRequested = true;
    this.tracker?.cancelRequested();
    void this.pty?.cancel(graceMs);
  }

  async run(): Promise<RunSummary | null> {
    const { store } = this.deps;
    mkdirSync(runFolder(this.deps.projectDir, this.runId), { recursive: true });
    pruneRunFolders(this.deps.projectDir);
    const startedAt = this.early?.startedAt ?? new Date();
    store.updateRun(this.runId, { status: 'running', startedAt });
    this.emitRun();
    let prepared: PreparedRun;
    try {
      prepared = await this.prepare(this.request);
    } catch (error) {
      const lines = [`floe: ${error instanceof Error ? error.message : String(error)}`];
      if (error instanceof RunPreparationError)
        lines.push(...error.problems.map((p) => `  ${formatProblem(p)}`));
      await this.discardEarly();
      this.output(`${lines.join('\r\n')}\r\n`);
      return this.settle(this.cancelRequested ? 'canceled' : 'failed', { message: lines[0] });
    }
    this.env = prepared.env;
    store.updateRun(this.runId, { env: prepared.env });
    if (this.cancelRequested) {
      await this.discardEarly();
      return this.settle('canceled', { message: 'canceled before dbt started' });
    }

    // dbt first: what only floe needs (the graph, the run's first statuses, observers) is done while
    // dbt boots, which takes a second or more before its first event.
    const runDir = runFolder(this.deps.projectDir, this.runId);
    const { env, missing } = buildDbtEnv({
      environ: this.deps.environ,
      dotEnv: readProjectDotEnv(this.deps.projectDir),
      profileEnvVars: prepared.profileEnvVars,
      // The run span's context (a child of the click's), so anything dbt traces joins the run's trace.
      traceparent:
        this.deps.traceparentFor?.(this.runId, {
          traces: prepared.artifacts.observability.traces,
          ...(this.request.traceparent === undefined ? {} : { parent: this.request.traceparent }),
          ...(this.early?.traceIds === undefined ? {} : { ids: this.early.traceIds }),
        }) ?? this.request.traceparent,
    });
    const args = buildDbtBuildArgs({
      select: this.request.select,
      exclude: this.request.exclude,
      target: prepared.env,
      profilesDir: prepared.profilesDir,
      projectDir: prepared.dbtProjectDir,
      logPath: runDir,
      vars: this.request.vars,
      fullRefresh: this.request.fullRefresh,
    });
    const spec: SpawnSpec = { file: prepared.dbtPath, args, cwd: prepared.dbtProjectDir, env };
    const onOutput = (data: string): void =>
      this.deps.emit({ channel: 'run.output', payload: { runId: this.runId, data } });

    let exit: PtyExit | null = null;
    let message: string | undefined;
    const mismatch =
      this.early === undefined ? undefined : this.earlyMismatch(this.early, spec, prepared);
    if (this.early !== undefined && mismatch === undefined) {
      // Its command line is already in the log and on the terminal.
      this.pty = this.early.pty;
      this.early.attach(onOutput);
      store.updateRun(this.runId, { pid: this.pty.pid });
    } else {
      if (this.early !== undefined) {
        await this.discardEarly();
        this.output(
          `floe: dbt was started from the saved run plan, but ${mismatch ?? 'the run'} changed: starting it again\r\n`,
        );
      }
      this.output(spawnBanner(args, missing));
      try {
        this.pty = runInPty({ ...spec, logFile: this.logPath, onOutput });
        store.updateRun(this.runId, { pid: this.pty.pid });
      } catch (error) {
        message = `floe: ${error instanceof Error ? error.message : String(error)}`;
        this.output(`${message}\r\n`);
      }
    }
    this.early = undefined;
    if (this.pty !== null)
      this.deps.onSpawned?.({
        target: prepared.env,
        dbtPath: prepared.dbtPath,
        dbtProjectDir: prepared.dbtProjectDir,
        profilesDir: prepared.profilesDir,
        profileEnvVars: [...prepared.profileEnvVars],
        traces: prepared.artifacts.observability.traces,
      });

    if (prepared.afterSpawn !== undefined) Object.assign(prepared, prepared.afterSpawn());
    const tracker = new RunTracker(prepared.graph, prepared.selectedAssetIds);
    this.tracker = tracker;
    this.apply(tracker.initial(startedAt));
    const context = this.context(prepared, startedAt);
    this.notify((o) => o.runStarted(context));

    // dbt's log is read from its start: events written while the above ran are not missed.
    const tail = tailDbtJsonLog(join(runDir, 'dbt.log'), {
      onEvents: (events) => this.onDbtEvents(tracker, events),
      onError: (error) => this.output(`floe: could not record a dbt event: ${String(error)}\r\n`),
    });
    try {
      if (this.pty !== null) {
        // The YAML as it was when dbt started is what this run builds from. Read while dbt boots (it
        // reads these files a second or more later), and before any of its events can be handled.
        this.recordPropertiesChecksums(prepared);
        if (this.cancelRequested) void this.pty.cancel(this.deps.cancelGraceMs);
        exit = await this.pty.exited;
      }
    } catch (error) {
      message = `floe: ${error instanceof Error ? error.message : String(error)}`;
      this.output(`${message}\r\n`);
    } finally {
      tail.stop();
    }

    const outcome: RunOutcome = this.cancelRequested
      ? 'canceled'
      : exit?.exitCode === 0
        ? 'success'
        : 'failed';
    const results = readRunResults(
      join(prepared.targetDir ?? join(prepared.dbtProjectDir, 'target'), 'run_results.json'),
    );
    this.apply(tracker.finish(results, outcome, new Date()));
    const dbtVersion = tracker.dbtVersion ?? results?.dbtVersion;
    const summary = this.settle(outcome, { exitCode: exit?.exitCode, dbtVersion, message });
    const finishedAt = new Date(summary?.finishedAt ?? Date.now());
    this.notify((o) =>
      o.runFinished({
        runId: this.runId,
        at: finishedAt,
        status: outcome,
        exitCode: exit?.exitCode,
        dbtVersion,
        message,
      }),
    );
    return summary;
  }

  /**
   * Why the early dbt cannot be this run's, or undefined when it runs exactly the command this run
   * would start, in this project, with the profiles.yml it was started with still in place (compile
   * rewrites that file only when its content changes).
   */
  private earlyMismatch(
    early: EarlyRun,
    spec: SpawnSpec,
    prepared: PreparedRun,
  ): string | undefined {
    if (early.projectDir !== this.deps.projectDir || early.runId !== this.runId)
      return 'the project';
    if (early.profilesStamp !== fileStamp(profilesFileOf(prepared.profilesDir)))
      return 'profiles.yml';
    return spawnDifference(early.spec, spec);
  }

  private async discardEarly(): Promise<void> {
    const early = this.early;
    this.early = undefined;
    await early?.discard();
  }

  private recordPropertiesChecksums(prepared: PreparedRun): void {
    const graph = prepared.graphWithYaml?.() ?? prepared.graph;
    for (const asset of graph?.assets ?? [])
      if (asset.propertiesChecksum !== undefined)
        this.propertiesChecksums.set(asset.id, asset.propertiesChecksum);
  }

  private settle(
    status: RunOutcome,
    extra: {
      exitCode?: number | undefined;
      dbtVersion?: string | undefined;
      message?: string | undefined;
    },
  ): RunSummary | null {
    const finishedAt = new Date();
    this.deps.store.updateRun(this.runId, { status, finishedAt, ...extra });
    const tail = `floe: run ${this.runId} ${status}${extra.exitCode === undefined ? '' : ` (exit code ${extra.exitCode})`}`;
    this.output(`${tail}\r\n`);
    return this.emitRun();
  }

  private onDbtEvents(tracker: RunTracker, events: DbtLogEvent[]): void {
    const updates: TrackerUpdate[] = [];
    for (const event of events) {
      updates.push(...tracker.apply(event));
      if (event.type === 'invocation') {
        this.deps.store.updateRun(this.runId, {
          invocationId: event.invocationId,
          dbtVersion: event.version,
        });
      }
    }
    this.apply(updates);
  }

  /** Commits a batch of updates in one transaction, then tells subscribers and observers. */
  private apply(updates: readonly TrackerUpdate[]): void {
    if (updates.length === 0) return;
    const { store } = this.deps;
    const runId = this.runId;
    store.batch(() => {
      for (const u of updates) {
        const at = u.at.toISOString();
        const startedAt = u.startedAt?.toISOString();
        if (u.kind === 'asset') {
          const succeeded = u.status === 'success' || u.status === 'warned';
          store.recordAssetStatus({
            ...this.assetEvent(u),
            env: this.env,
            checksum: succeeded ? u.checksum : undefined,
            propertiesChecksum: succeeded ? this.propertiesChecksums.get(u.nodeId) : undefined,
            startedAt,
          });
        } else if (u.status === undefined) {
          store.recordCheckStarted(runId, u.nodeId, at, u.thread);
        } else {
          store.recordCheckResult({
            ...this.checkResult(u, u.status),
            at,
            assetId: u.assetId,
            thread: u.thread,
            executionTime: u.executionTime,
          });
        }
      }
    });
    for (const u of updates) {
      if (u.kind === 'asset') {
        this.deps.emit({ channel: 'asset.status', payload: this.assetEvent(u) });
        if (u.status === 'queued') continue;
        const base = {
          runId,
          nodeId: u.nodeId,
          kind: 'asset' as const,
          at: u.at,
          thread: u.thread,
        };
        if (u.status === 'running') this.notify((o) => o.nodeStarted(base));
        else
          this.notify((o) =>
            o.nodeFinished({
              ...base,
              ...this.finishedExtras(u),
              status: u.status,
              rowsAffected: u.rowsAffected,
            }),
          );
        continue;
      }
      const base = { runId, nodeId: u.nodeId, kind: 'check' as const, at: u.at, thread: u.thread };
      const status = u.status;
      if (status === undefined) {
        this.notify((o) => o.nodeStarted(base));
        continue;
      }
      this.deps.emit({ channel: 'check.result', payload: this.checkResult(u, status) });
      this.notify((o) =>
        o.nodeFinished({
          ...base,
          ...this.finishedExtras(u),
          status: checkToNodeStatus(status),
          failures: u.failures,
        }),
      );
    }
  }

  private assetEvent(u: TrackerUpdate & { kind: 'asset' }): AssetStatusEvent {
    return {
      runId: this.runId,
      assetId: u.nodeId,
      status: u.status,
      at: u.at.toISOString(),
      message: u.message,
      thread: u.thread,
      executionTime: u.executionTime,
      rowsAffected: u.rowsAffected,
    };
  }

  private checkResult(
    u: TrackerUpdate & { kind: 'check' },
    status: CheckResult['status'],
  ): CheckResult {
    return {
      runId: this.runId,
      checkId: u.nodeId,
      status,
      message: u.message,
      failures: u.failures,
    };
  }

  private finishedExtras(u: TrackerUpdate): {
    message?: string;
    executionTime?: number;
    startedAt?: Date;
  } {
    return { message: u.message, executionTime: u.executionTime, startedAt: u.startedAt };
  }

  private context(prepared: PreparedRun, startedAt: Date): RunContext {
    const graph = prepared.graph ?? {
      projectName: prepared.artifacts.name,
      dbtVersion: '',
      manifestSchemaVersion: 0,
      assets: [],
      checks: [],
    };
    return {
      runId: this.runId,
      projectDir: this.deps.projectDir,
      env: prepared.env,
      selection: this.request.select ?? '',
      exclude: this.request.exclude,
      trigger: this.request.trigger ?? 'ui',
      startedAt,
      artifacts: prepared.artifacts,
      graph,
      traceparent: this.request.traceparent,
    };
  }

  /** Observers must never fail a run. */
  private notify(call: (observer: RunObserver) => void): void {
    for (const observer of this.deps.observers) {
      try {
        call(observer);
      } catch (error) {
        this.deps.onObserverError?.(error);
      }
    }
  }

  private output(text: string): void {
    appendFileSync(this.logPath, text);
    this.deps.emit({ channel: 'run.output', payload: { runId: this.runId, data: text } });
  }

  private emitRun(): RunSummary | null {
    const summary = this.deps.store.getRun(this.runId);
    if (summary !== null) this.deps.emit({ channel: 'run.updated', payload: summary });
    return summary;
  }
}
