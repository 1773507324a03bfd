import { describe, expect, it } from 'vitest';
import type { AssetGraph } from '../../../shared/assets';
import { snapshotGraph } from './open-project';

const graph: AssetGraph = {
  projectName: 'p',
  dbtVersion: '1.11.0',
  manifestSchemaVersion: 12,
  assets: [
    {
      id: 'model.p.a',
      name: 'a',
      resourceType: 'model',
      packageName: 'p',
      group: 'g',
      tags: [],
      description: '',
      ephemeral: false,
      deps: [],
      checks: ['test.p.t'],
      columns: [],
      rawSql: 'select 1',
      compiledSql: 'select 1',
      checksum: 'abc',
    },
  ],
  checks: [{ id: 'test.p.t', name: 't', assetIds: ['model.p.a'] }],
};

describe('snapshotGraph', () => {
  it('leaves SQL and checks out of snapshots, keeps everything else, and shares the copy', () => {
    const stripped = snapshotGraph(graph);
    expect(stripped.checks).toEqual([]);
    expect(stripped.assets[0]).not.toHaveProperty('rawSql');
    expect(stripped.assets[0]).not.toHaveProperty('compiledSql');
    expect(stripped.assets[0]?.checksum).toBe('abc');
    expect(stripped.assets[0]?.checks).toEqual(['test.p.t']);
    expect(graph.assets[0]?.rawSql).toBe('select 1');
    expect(snapshotGraph(graph)).toBe(stripped);
  });
});
