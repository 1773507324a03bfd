import { describe, expect, it } from 'vitest';
import { displayStatus, type StatusEntry } from './display-status';

const entry = (status: StatusEntry['status'], seq: number): StatusEntry => ({
  status,
  runId: 'r',
  at: '2026-01-01T00:00:00Z',
  seq,
});
const codeChanged = { reason: 'code_changed' as const, detail: 'SQL changed since the last run' };

describe('displayStatus', () => {
  it('is idle without any status, and for assets never materialized', () => {
    expect(displayStatus(undefined, undefined, 0)).toBe('idle');
    expect(
      displayStatus(undefined, { reason: 'never_materialized', detail: 'never built' }, 1),
    ).toBe('idle');
  });

  it('shows queued and running over everything', () => {
    expect(displayStatus(entry('running', 1), codeChanged, 5)).toBe('running');
    expect(displayStatus(entry('queued', 1), codeChanged, 5)).toBe('queued');
  });

  it('shows stale when the staleness is at least as new as the status', () => {
    expect(displayStatus(entry('success', 3), codeChanged, 5)).toBe('stale');
    expect(displayStatus(entry('success', 5), codeChanged, 5)).toBe('stale');
    expect(displayStatus(undefined, codeChanged, 5)).toBe('stale');
  });

  it('a status learned after the snapshot wins (the run just rebuilt it)', () => {
    expect(displayStatus(entry('success', 6), codeChanged, 5)).toBe('success');
    expect(displayStatus(entry('failed', 6), undefined, 5)).toBe('failed');
  });
});
