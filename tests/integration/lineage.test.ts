// OpenLineage end to end with real dbt on the example shop (DuckDB): dbt's JSON log file drives the
// lineage observer the way the run engine does, and a local HTTP receiver on 127.0.0.1 stands in for
// an OpenLineage backend (Marquez and friends) — up, down, then up again.
import { assetStatusOf } from '../../src/main/services/runs/run-tracker';
import { runDbt } from './support/dbt-process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetGraph } from '../../src/shared/assets';
import type { CompiledArtifacts } from '../../src/shared/config/compiled-artifacts';
import type { OpenLineageRunEvent } from '../../src/shared/lineage';
import type { DbtLogEvent } from '../../src/main/services/dbt/dbt-log-events';
import { tailDbtJsonLog } from '../../src/main/services/dbt/json-log-tail';
import {
  createLineageObserver,
  defaultLineageDbPath,
  lineageGraph,
  LineageStore,
  type LineageObserver,
} from '../../src/main/services/lineage';
import { artifactsFor, withObservability } from '../../src/main/services/lineage/testing/fixtures';
import { createOpenLineageValidator } from '../../src/main/services/lineage/testing/openlineage-validator';
import { startReceiver } from '../../src/main/services/lineage/testing/receiver';
import { loadAssetGraph } from '../../src/main/services/manifest';

const REPO = join(__dirname, '..', '..');
const DBT = join(REPO, '.venv', 'bin', 'dbt');
const FAST = { timeoutMs: 1000, retries: 1, backoffMs: 50, maxBackoffMs: 250 };

function dbtEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    DBT_VERSION_CHECK: 'false',
  };
}

interface DrivenRun {
  exitCode: number;
  wallMs: number;
  /** Time spent inside observer calls (the engine makes them synchronously). */
  observerMs: number;
  /** Assets dbt started (models, seeds, snapshots). */
  executed: string[];
  /** performance.now() when the observer was told, by `<nodeId> START|END`. */
  told: Map<string, number>;
}

describe('OpenLineage with real dbt on the example shop', () => {
  let root: string;
  let project: string;
  let profiles: string;
  let graph: AssetGraph;
  let artifacts: CompiledArtifacts;
  const validator = createOpenLineageValidator();

  /** What the run engine does: runStarted, dbt's JSON log into node events, runFinished. */
  async function drive(
    observer: LineageObserver,
    runId: string,
    dbtArgs: string[],
    runArtifacts: CompiledArtifacts,
    onNodeEvent?: (count: number) => void,
  ): Promise<DrivenRun> {
    const result: DrivenRun = {
      exitCode: -1,
      wallMs: 0,
      observerMs: 0,
      executed: [],
      told: new Map(),
    };
    const timed = (fn: () => void): void => {
      const t0 = performance.now();
      fn();
      result.observerMs += performance.now() - t0;
    };
    const startedAt = new Date();
    timed(() =>
      observer.runStarted({
        runId,
        projectDir: root,
        env: 'dev',
        selection: dbtArgs.join(' '),
        trigger: 'cli',
        startedAt,
        artifacts: runArtifacts,
        graph,
      }),
    );
    let nodeEvents = 0;
    const onEvent = (event: DbtLogEvent): void => {
      if (event.type !== 'node_started' && event.type !== 'node_finished') return;
      const kind =
        event.resourceType === 'test' || event.resourceType === 'unit_test' ? 'check' : 'asset';
      result.told.set(
        `${event.nodeId} ${event.type === 'node_started' ? 'START' : 'END'}`,
        performance.now(),
      );
      if (event.type === 'node_started') {
        if (kind === 'asset') result.executed.push(event.nodeId);
        timed(() => observer.nodeStarted({ runId, nodeId: event.nodeId, kind, at: event.at }));
      } else {
        timed(() =>
          observer.nodeFinished({
            runId,
            nodeId: event.nodeId,
            kind,
            at: event.finishedAt ?? event.at,
            status: assetStatusOf(event.status),
            ...(event.startedAt ? { startedAt: event.startedAt } : {}),
            ...(event.message ? { message: event.message } : {}),
            ...(event.rowsAffected !== undefined ? { rowsAffected: event.rowsAffected } : {}),
          }),
        );
      }
      nodeEvents += 1;
      onNodeEvent?.(nodeEvents);
    };
    const logDir = join(root, 'logs', runId);
    const tail = tailDbtJsonLog(join(logDir, 'dbt.log'), {
      onEvents: (events) => events.forEach(onEvent),
    });
    const args = [
      ...dbtArgs,
      '--log-format-file',
      'json',
      '--log-path',
      logDir,
      '--target-path',
      join(root, 'target', runId),
    ];
    result.exitCode = await runDbt(
      DBT,
      { projectDir: project, profilesDir: profiles, env: dbtEnv() },
      args,
    );
    tail.stop();
    timed(() =>
      observer.runFinished({
        runId,
        at: new Date(),
        status: result.exitCode === 0 ? 'success' : 'failed',
        exitCode: result.exitCode,
      }),
    );
    result.wallMs = Date.now() - startedAt.getTime();
    return result;
  }

  function storedEvents(floeRunId: string): OpenLineageRunEvent[] {
    const store = new LineageStore(defaultLineageDbPath(root));
    try {
      return store.listEvents({ floeRunId }).map((e) => e.event);
    } finally {
      store.close();
    }
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'floe-lineage-it-'));
    project = join(root, 'dbt');
    profiles = join(root, 'profiles');
    const source = join(REPO, 'examples', 'shop', 'dbt');
    cpSync(source, project, {
      recursive: true,
      filter: (path) => !/[\\/](target|logs|dbt_packages)([\\/]|$)/.test(path.slice(source.length)),
    });
    // A model that fails at run time, for FAIL events with dbt's own error text.
    writeFileSync(
      join(project, 'models', 'marts', 'broken_orders.sql'),
      "select no_such_column from {{ ref('stg_orders') }}\n",
    );
    mkdirSync(profiles, { recursive: true });
    mkdirSync(join(root, 'warehouse'), { recursive: true });
    writeFileSync(
      join(profiles, 'profiles.yml'),
      `shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${join(root, 'warehouse', 'dev.duckdb')}\n      threads: 2\n`,
    );
    // `compile` (not just `parse`): the manifest then carries compiled SQL for the `sql` facet, as
    // the one a previous build leaves behind does.
    expect(
      await runDbt(DBT, { projectDir: project, profilesDir: profiles, env: dbtEnv() }, [
        'compile',
        '--target-path',
        join(root, 'target', 'parse'),
      ]),
    ).toBe(0);
    graph = loadAssetGraph(join(root, 'target', 'parse', 'manifest.json'));
    artifacts = artifactsFor(
      { target: 'duckdb', properties: { path: 'warehouse/dev.duckdb' } },
      { dbt_project_path: project },
    );
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('FR-011..FR-015, SC-004: endpoint down for the first part of the run, then up — every event arrives once, in order, valid, with the PII classification', async () => {
    const receiver = await startReceiver();
    await receiver.down();
    const observer = createLineageObserver({
      projectDir: root,
      environ: { OPENLINEAGE_URL: receiver.url },
      delivery: FAST,
    });
    try {
      let brought = false;
      let upAt = Number.POSITIVE_INFINITY;
      const run = await drive(
        observer,
        'run-a',
        ['build', '--exclude', 'broken_orders'],
        artifacts,
        (count) => {
          // Back up after the first few node events: the rest of the run delivers live, the spool drains.
          if (count === 4 && !brought) {
            brought = true;
            void receiver.up().then(() => (upAt = performance.now()));
          }
        },
      );
      expect(run.exitCode).toBe(0);
      expect(brought).toBe(true);
      await observer.flush(20_000);

      const storeForRun = new LineageStore(defaultLineageDbPath(root));
      const storedRows = storeForRun.listEvents({ floeRunId: 'run-a' });
      storeForRun.close();
      const stored = storedRows.map((row) => row.event);
      const executed = [...new Set(run.executed)];
      expect(executed.length).toBeGreaterThanOrEqual(10);
      // Exactly one START and one COMPLETE per executed asset, plus the run's own two.
      expect(stored).toHaveLength(2 * executed.length + 2);
      await receiver.waitFor(stored.length);
      const received = receiver.events;
      expect(received.map((e) => `${e.run.runId} ${e.eventType} ${e.eventTime}`)).toEqual(
        stored.map((e) => `${e.run.runId} ${e.eventType} ${e.eventTime}`),
      );
      const byJob = new Map<string, string[]>();
      for (const event of received)
        byJob.set(event.job.name, [...(byJob.get(event.job.name) ?? []), event.eventType]);
      expect(byJob.size).toBe(executed.length + 1);
      for (const [job, types] of byJob) expect(types, job).toEqual(['START', 'COMPLETE']);
      expect(received[0]).toMatchObject({
        eventType: 'START',
        job: { name: 'dbt-run-shop', namespace: 'shop' },
      });
      expect(received.at(-1)).toMatchObject({
        eventType: 'COMPLETE',
        job: { name: 'dbt-run-shop' },
      });

      // Every event validates against the official schemas, facets included.
      for (const event of received)
        expect(validator.validateEvent(event), `${event.eventType} ${event.job.name}`).toEqual([]);

      // Datasets from the DAG: customers reads its upstream relations and writes its own.
      const namespace = `duckdb://${join(root, 'warehouse', 'dev.duckdb')}`;
      const customers = received.find(
        (e) => e.eventType === 'COMPLETE' && e.outputs[0]?.name === 'dev.main.customers',
      );
      expect(customers?.outputs[0]?.namespace).toBe(namespace);
      const customersAsset = graph.assets.find((a) => a.id === 'model.shop.customers');
      expect(customersAsset).toBeDefined();
      expect(customers?.inputs.length).toBeGreaterThan(0);
      for (const input of customers?.inputs ?? []) expect(input.namespace).toBe(namespace);
      expect(customers?.job.facets?.['sql']?.['query']).toEqual(expect.any(String));
      expect(customers?.outputs[0]?.facets?.['ownership']).toMatchObject({
        owners: [{ name: 'analytics@shop.example' }],
      });
      // The classification facet on the PII column.
      expect(
        customers?.outputs[0]?.facets?.['floe_columnClassification']?.['classifications'],
      ).toMatchObject({
        email: { classification: 'pii', pii_type: 'email', sensitivity: 'high' },
        full_name: { classification: 'pii', pii_type: 'name' },
      });
      // dbt tests as data-quality assertions on the run's COMPLETE.
      const assertions = received.at(-1)?.inputs.find((d) => d.name === 'dev.main.customers')
        ?.inputFacets?.['dataQualityAssertions'];
      expect(assertions?.['assertions']).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ assertion: 'unique', column: 'email', success: true }),
        ]),
      );

      // The lineage graph the studio reads, from the same store.
      const store = new LineageStore(defaultLineageDbPath(root));
      const around = lineageGraph(store, 'model.shop.customers', 2);
      store.close();
      const rootNode = around.nodes.find((n) => n.id === around.rootId);
      expect(rootNode?.classifications?.['email']).toMatchObject({ classification: 'pii' });
      expect(
        around.nodes.some((n) => n.kind === 'job' && n.assetId === 'model.shop.customers'),
      ).toBe(true);

      // SC-004: once the endpoint is back (and its probe backoff passed), each asset event leaves within
      // 1 s of the engine telling the observer (arrival at the receiver measured).
      const delays: number[] = [];
      storedRows.forEach((row, i) => {
        const told = row.assetId
          ? run.told.get(`${row.assetId} ${row.eventType === 'START' ? 'START' : 'END'}`)
          : undefined;
        const arrived = receiver.requests.filter(
          (r) => r.headers['idempotency-key'] === row.eventId,
        )[0]?.at;
        expect(received[i]?.eventTime).toBe(row.eventTime);
        if (told !== undefined && arrived !== undefined && told > upAt + FAST.maxBackoffMs * 2)
          delays.push(arrived - told);
      });
      expect(delays.length).toBeGreaterThan(4);
      expect(Math.max(...delays)).toBeLessThan(1000);

      // Never slows the run: the observer's share of the run is negligible.
      expect(run.observerMs).toBeLessThan(Math.max(50, run.wallMs * 0.01));
      const sorted = [...delays].sort((a, b) => a - b);
      console.info(
        `lineage: ${received.length} events; run ${run.wallMs} ms, observer ${run.observerMs.toFixed(2)} ms; ` +
          `told→arrived (live) p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms max ${sorted.at(-1)?.toFixed(1)} ms`,
      );
    } finally {
      await observer.dispose();
      await receiver.close();
    }
  });

  it("FR-013: a broken model gives FAIL with dbt's error text; endpoint dead for the whole run → delivered after the next start", async () => {
    const receiver = await startReceiver();
    await receiver.down();
    const first = createLineageObserver({
      projectDir: root,
      environ: { OPENLINEAGE_URL: receiver.url },
      delivery: FAST,
    });
    const run = await drive(first, 'run-b', ['build', '--select', 'broken_orders'], artifacts);
    await first.dispose();
    expect(run.exitCode).not.toBe(0);
    expect(receiver.events).toHaveLength(0);
    const stored = storedEvents('run-b');
    expect(stored.map((e) => `${e.eventType} ${e.job.name}`)).toEqual([
      'START dbt-run-shop',
      'START dev.main.shop.broken_orders',
      'FAIL dev.main.shop.broken_orders',
      'FAIL dbt-run-shop',
    ]);
    const message = stored[2]?.run.facets?.['errorMessage']?.['message'];
    expect(message).toEqual(expect.stringContaining('no_such_column'));

    // Next start: the endpoint is back and a new observer drains the spool, in order.
    await receiver.up();
    const next = createLineageObserver({
      projectDir: root,
      environ: { OPENLINEAGE_URL: receiver.url },
      delivery: FAST,
    });
    try {
      await receiver.waitFor(4);
      expect(receiver.events.map((e) => `${e.eventType} ${e.job.name}`)).toEqual(
        stored.map((e) => `${e.eventType} ${e.job.name}`),
      );
      expect(receiver.events[2]?.run.facets?.['errorMessage']?.['message']).toBe(message);
      for (const event of receiver.events) expect(validator.validateEvent(event)).toEqual([]);
    } finally {
      await next.dispose();
      await receiver.close();
    }
  });

  it('FR-021: no endpoint configured → no connection attempted; the store still has the events', async () => {
    const receiver = await startReceiver();
    const observer = createLineageObserver({ projectDir: root, environ: {}, delivery: FAST });
    try {
      const run = await drive(
        observer,
        'run-c',
        ['build', '--select', 'stg_customers'],
        withObservability(artifacts, { lineage_endpoint: null }),
      );
      expect(run.exitCode).toBe(0);
      await observer.flush();
      expect(receiver.connections).toBe(0);
      expect(storedEvents('run-c').map((e) => `${e.eventType} ${e.job.name}`)).toEqual([
        'START dbt-run-shop',
        'START dev.main.shop.stg_customers',
        'COMPLETE dev.main.shop.stg_customers',
        'COMPLETE dbt-run-shop',
      ]);
    } finally {
      await observer.dispose();
      await receiver.close();
    }
  });
});
