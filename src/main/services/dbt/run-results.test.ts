import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunResults, readRunResults } from './run-results';

describe('run_results.json (real dbt 1.11 output)', () => {
  const results = readRunResults(join(__dirname, 'fixtures', 'run-results-mixed.json'));

  it('reads invocation, version and every node', () => {
    expect(results?.invocationId).toBe('d774572e-6a20-4a0a-8ab9-af7702a43ab8');
    expect(results?.dbtVersion).toBe('1.11.16');
    expect(results?.results).toHaveLength(10);
  });

  it('carries status, message, rows, failures and timing per node', () => {
    const byId = new Map(results?.results.map((r) => [r.uniqueId, r]));
    expect(byId.get('seed.mini.raw_orders')).toMatchObject({ status: 'success', rowsAffected: 3 });
    expect(byId.get('model.mini.broken')?.message).toContain('Binder Error');
    expect(byId.get('model.mini.after_broken')?.status).toBe('skipped');
    expect(byId.get('test.mini.accepted_values_customers_customer_id__1.f9403cf571')).toMatchObject(
      {
        status: 'fail',
        failures: 1,
      },
    );
    expect(byId.get('model.mini.customers')?.startedAt).toBeInstanceOf(Date);
  });

  it('returns null for a missing or malformed file and throws clearly on a wrong shape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-rr-'));
    try {
      expect(readRunResults(join(dir, 'none.json'))).toBeNull();
      writeFileSync(join(dir, 'bad.json'), '{"metadata": ');
      expect(readRunResults(join(dir, 'bad.json'))).toBeNull();
      expect(() => parseRunResults({ results: 'x' })).toThrow(/not in dbt's format/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
