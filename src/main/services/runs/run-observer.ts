// What the run engine tells the rooms that follow a run (lineage, telemetry, the UI bridge).
// Observers must never block or fail a run: the engine calls them synchronously, so anything slow
// (network, disk batching) is queued inside the observer.
import type { AssetGraph } from '../../../shared/assets';
import type { CompiledArtifacts } from '../../../shared/config/compiled-artifacts';
import type { AssetRunStatus, RunStatus, RunTrigger } from '../../../shared/runs';

export interface RunContext {
  runId: string;
  projectDir: string;
  env: string;
  selection: string;
  exclude?: string;
  trigger: RunTrigger;
  startedAt: Date;
  artifacts: CompiledArtifacts;
  graph: AssetGraph;
  /** W3C traceparent of the action that started the run, when any. */
  traceparent?: string;
}

/** A dbt node: an asset (model, seed, snapshot) or a check (test). */
export interface NodeEvent {
  runId: string;
  nodeId: string;
  kind: 'asset' | 'check';
  at: Date;
  thread?: string;
}

export interface NodeFinishedEvent extends NodeEvent {
  status: AssetRunStatus;
  /** dbt's own message (error text on failure). */
  message?: string;
  rowsAffected?: number;
  /** Seconds, as dbt reports them. */
  executionTime?: number;
  /** Start time reported by dbt for the node, when known. */
  startedAt?: Date;
  /** Number of failing rows for a test. */
  failures?: number;
}

export interface RunFinishedEvent {
  runId: string;
  at: Date;
  status: RunStatus;
  exitCode?: number;
  dbtVersion?: string;
  message?: string;
}

export interface RunObserver {
  runStarted(context: RunContext): void;
  nodeStarted(event: NodeEvent): void;
  nodeFinished(event: NodeFinishedEvent): void;
  runFinished(event: RunFinishedEvent): void;
  /** Flush what can be flushed quickly; never throws. */
  dispose(): Promise<void>;
}
