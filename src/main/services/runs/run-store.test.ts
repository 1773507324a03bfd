import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newRunId, isRunId } from './run-id';
import { RunStore } from './run-store';
import { MIGRATIONS, StoreVersionError, migrate } from './store-migrations';

let dir: string;
let dbPath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-store-'));
  dbPath = join(dir, '.floe', 'runs.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function newRun(store: RunStore, env = 'dev'): string {
  const id = newRunId();
  store.createRun({ id, env, selection: '+orders', trigger: 'cli', createdAt: new Date() });
  return id;
}

/** A pid that surely belongs to no live process: a child that already exited. */
function deadPid(): number {
  const child = spawnSync('/bin/sh', ['-c', 'echo $$'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('migrations', () => {
  it('creates the schema once, records its version and is idempotent', () => {
    const db = new BetterSqlite3(join(dir, 'a.db'));
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .all() as {
      name: string;
    }[];
    expect(tables.map((t) => t.name)).toEqual([
      'asset_states',
      'check_results',
      'materializations',
      'run_events',
      'runs',
      'schema_version',
    ]);
    db.close();
  });

  it('applies only the migrations above the recorded version', () => {
    const db = new BetterSqlite3(join(dir, 'b.db'));
    migrate(db);
    const version = MIGRATIONS.length + 1;
    const next = [
      ...MIGRATIONS,
      { version, description: 'test', up: 'ALTER TABLE runs ADD COLUMN note TEXT' },
    ];
    expect(migrate(db, next)).toEqual([version]);
    expect(() => db.prepare('SELECT note FROM runs').all()).not.toThrow();
    db.close();
  });

  it('refuses a database written by a newer version', () => {
    const db = new BetterSqlite3(join(dir, 'c.db'));
    migrate(db);
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (99, ?)').run(
      new Date().toISOString(),
    );
    expect(() => migrate(db)).toThrow(StoreVersionError);
    db.close();
  });

  it('opens in WAL mode', () => {
    const store = RunStore.open(dbPath);
    store.close();
    const db = new BetterSqlite3(dbPath);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});

describe('RunStore', () => {
  it('records asset statuses as events, materializations and latest state', () => {
    const store = RunStore.open(dbPath);
    const runId = newRun(store);
    const asset = 'model.shop.orders';
    store.recordAssetStatus({
      runId,
      assetId: asset,
      status: 'queued',
      at: '2026-01-01T00:00:00.000Z',
      env: 'dev',
    });
    store.recordAssetStatus({
      runId,
      assetId: asset,
      status: 'running',
      at: '2026-01-01T00:00:01.000Z',
      env: 'dev',
    });
    store.recordAssetStatus({
      runId,
      assetId: asset,
      status: 'success',
      at: '2026-01-01T00:00:02.000Z',
      env: 'dev',
      rowsAffected: 5,
      executionTime: 0.5,
      checksum: 'abc',
      message: 'OK',
    });
    store.recordCheckStarted(runId, 'test.shop.unique_orders_id', '2026-01-01T00:00:03.000Z');
    store.recordCheckResult({
      runId,
      checkId: 'test.shop.unique_orders_id',
      assetId: asset,
      status: 'fail',
      failures: 2,
      message: 'Got 2 results',
      at: '2026-01-01T00:00:04.000Z',
    });
    store.updateRun(runId, {
      status: 'failed',
      finishedAt: new Date('2026-01-01T00:00:05Z'),
      exitCode: 1,
    });

    const run = store.getRun(runId);
    expect(run).toMatchObject({
      status: 'failed',
      exitCode: 1,
      assets: { [asset]: 'success' },
      selection: '+orders',
    });
    expect(store.runEvents(runId).map((e) => e.status)).toEqual(['queued', 'running', 'success']);
    expect(store.runEvents(runId)[2]).toMatchObject({
      rowsAffected: 5,
      executionTime: 0.5,
      message: 'OK',
    });
    expect(store.latestStates('dev')[asset]).toEqual({
      status: 'success',
      runId,
      at: '2026-01-01T00:00:02.000Z',
    });
    expect(store.lastSuccesses('dev').get(asset)).toEqual({
      lastSuccessAt: '2026-01-01T00:00:02.000Z',
      runId,
      checksum: 'abc',
    });
    const history = store.assetHistory(asset, { env: 'dev' });
    expect(history.materializations).toEqual([
      {
        runId,
        status: 'success',
        env: 'dev',
        startedAt: '2026-01-01T00:00:01.000Z',
        finishedAt: '2026-01-01T00:00:02.000Z',
        message: 'OK',
      },
    ]);
    expect(history.checks).toEqual([
      {
        runId,
        checkId: 'test.shop.unique_orders_id',
        status: 'fail',
        failures: 2,
        message: 'Got 2 results',
      },
    ]);
    store.close();
  });

  it('keeps the last success (and its checksum) when a later run fails', () => {
    const store = RunStore.open(dbPath);
    const first = newRun(store);
    store.recordAssetStatus({
      runId: first,
      assetId: 'm',
      status: 'success',
      at: '2026-01-01T00:00:00.000Z',
      env: 'dev',
      checksum: 'c1',
    });
    const second = newRun(store);
    store.recordAssetStatus({
      runId: second,
      assetId: 'm',
      status: 'failed',
      at: '2026-01-02T00:00:00.000Z',
      env: 'dev',
      message: 'boom',
    });
    expect(store.latestStates('dev').m?.status).toBe('failed');
    expect(store.lastSuccesses('dev').get('m')).toEqual({
      lastSuccessAt: '2026-01-01T00:00:00.000Z',
      runId: first,
      checksum: 'c1',
    });
    expect(store.lastSuccesses('prod').size).toBe(0);
    expect(store.listRuns().map((r) => r.id)).toEqual([second, first]);
    store.updateRun(second, { status: 'failed', finishedAt: new Date() });
    // A failed run without a reason of its own carries its first failed asset's error.
    expect(store.getRun(second)?.message).toBe('m: boom');
    expect(store.getRun(first)?.message).toBeUndefined();
    store.close();
  });

  it('marks a running run whose owner process is gone as interrupted, keeping its events', () => {
    const store = RunStore.open(dbPath);
    const runId = newRun(store);
    store.updateRun(runId, { status: 'running', startedAt: new Date() });
    store.recordAssetStatus({
      runId,
      assetId: 'a',
      status: 'success',
      at: '2026-01-01T00:00:01.000Z',
      env: 'dev',
    });
    store.recordAssetStatus({
      runId,
      assetId: 'b',
      status: 'running',
      at: '2026-01-01T00:00:02.000Z',
      env: 'dev',
    });
    const alive = newRun(store);
    store.updateRun(alive, { status: 'running' });
    store.close();
    const db = new BetterSqlite3(dbPath);
    db.prepare('UPDATE runs SET owner_pid = ?, owner_start = NULL WHERE id = ?').run(
      deadPid(),
      runId,
    );
    db.close();

    const reopened = RunStore.open(dbPath);
    expect(reopened.recovered).toEqual([runId]);
    const run = reopened.getRun(runId);
    expect(run?.status).toBe('interrupted');
    expect(run?.finishedAt).toBe('2026-01-01T00:00:02.000Z');
    expect(run?.assets).toEqual({ a: 'success', b: 'canceled' });
    expect(reopened.runEvents(runId).map((e) => [e.assetId, e.status])).toEqual([
      ['a', 'success'],
      ['b', 'running'],
    ]);
    // Owned by this (live) process: left alone.
    expect(reopened.getRun(alive)?.status).toBe('running');
    expect(reopened.integrityCheck()).toBe('ok');
    reopened.close();
  });

  it('treats a reused pid (different start time) as a dead owner', () => {
    const store = RunStore.open(dbPath);
    const runId = newRun(store);
    store.close();
    const db = new BetterSqlite3(dbPath);
    db.prepare(`UPDATE runs SET owner_pid = ?, owner_start = '1' WHERE id = ?`).run(
      process.pid,
      runId,
    );
    db.close();
    const reopened = RunStore.open(dbPath);
    expect(reopened.getRun(runId)?.status).toBe(
      process.platform === 'linux' ? 'interrupted' : 'queued',
    );
    reopened.close();
  });
});

describe('run ids', () => {
  it('sort by creation time and are strictly increasing within a process', () => {
    // After every id made earlier in this process (ids never go back in time): a date ahead.
    const at = new Date('2099-11-22T10:15:00.123Z');
    const ids = [newRunId(at), newRunId(at), newRunId(at)];
    expect(ids[0]).toMatch(/^20991122T101500123Z-[0-9a-f]{6}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
    expect(ids.every(isRunId)).toBe(true);
    expect(isRunId('../../etc/passwd')).toBe(false);
  });
});
