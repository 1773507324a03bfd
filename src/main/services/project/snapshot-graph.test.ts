import { describe, expect, it } from 'vitest';
import type { AssetGraph } from '../../../shared/assets';
import { snapshotGraph } from './open-project';

const graph: AssetGraph = {
  projectName: 'p',
  dbtVersion: '1.11.0',
  manifestSchemaVersion: 12,
  assets: [
    {
      id: 'source.p.raw.t',
      name: 't',
      resourceType: 'source',
      packageName: 'p',
      group: 'raw',
      tags: [],
      description: '',
      ephemeral: false,
      deps: [],
      checks: [],
      columns: [],
    },
    {
      id: 'model.p.a',
      name: 'a',
      resourceType: 'model',
      packageName: 'p',
      group: 'g',
      tags: ['daily'],
      owner: 'team@example.com',
      description: 'The a model.',
      materialization: 'table',
      ephemeral: false,
      deps: ['source.p.raw.t'],
      checks: ['test.p.t'],
      columns: [{ name: 'id', description: 'key', classification: 'pii' }],
      filePath: 'models/a.sql',
      relationName: '"dev"."main"."a"',
      rawSql: 'select 1',
      compiledSql: 'select 1',
      checksum: 'abc',
    },
  ],
  checks: [{ id: 'test.p.t', name: 't', assetIds: ['model.p.a'] }],
};

describe('snapshotGraph', () => {
  it('carries only what the graph view needs, sorted by id; leaves the source graph alone; shares the copy', () => {
    const summary = snapshotGraph(graph);
    expect(summary).toEqual({
      projectName: 'p',
      dbtVersion: '1.11.0',
      manifestSchemaVersion: 12,
      assets: [
        {
          id: 'model.p.a',
          name: 'a',
          resourceType: 'model',
          group: 'g',
          tags: ['daily'],
          owner: 'team@example.com',
          materialization: 'table',
          ephemeral: false,
          deps: ['source.p.raw.t'],
        },
        {
          id: 'source.p.raw.t',
          name: 't',
          resourceType: 'source',
          group: 'raw',
          tags: [],
          ephemeral: false,
          deps: [],
        },
      ],
    });
    // No undefined-valued keys either: they would still cost a key in every structured clone.
    expect(Object.keys(summary.assets[1] ?? {})).not.toContain('owner');
    expect(graph.assets[1]?.rawSql).toBe('select 1');
    expect(graph.assets[1]?.description).toBe('The a model.');
    expect(snapshotGraph(graph)).toBe(summary);
  });
});
