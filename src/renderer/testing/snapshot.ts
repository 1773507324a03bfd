// A ProjectSnapshot for tests.
import type { ProjectSnapshot } from '../../shared/api/contract';
import { shopGraph } from './fixtures';

export function snapshotOf(overrides: Partial<ProjectSnapshot> = {}): ProjectSnapshot {
  return {
    dir: '/tmp/shop',
    name: 'shop',
    environments: [
      { name: 'dev', target: 'duckdb', protected: false },
      { name: 'prod', target: 'snowflake', protected: true },
    ],
    activeEnvironment: 'dev',
    graph: shopGraph(),
    problems: [],
    latest: {},
    stale: {},
    ...overrides,
  };
}
