import { describe, expect, it } from 'vitest';
import type { AssetGraph } from '../../../shared/assets';
import type { CompiledArtifacts } from '../../../shared/config/compiled-artifacts';
import { keepLastGoodWhileConfigBroken, type ProjectState } from './project-state';

const graph: AssetGraph = {
  projectName: 'p',
  dbtVersion: '1.11.0',
  manifestSchemaVersion: 12,
  assets: [],
  checks: [],
};
const good: ProjectState = {
  dir: '/p',
  // Only its presence matters here: the config compiled.
  artifacts: { name: 'p' } as unknown as CompiledArtifacts,
  envVars: [],
  graph,
  problems: [],
  environments: [{ name: 'dev', target: 'duckdb', protected: false }],
  dbtPath: '/venv/bin/dbt',
};
const broken: ProjectState = {
  dir: '/p',
  artifacts: null,
  envVars: [],
  graph: null,
  problems: [{ severity: 'error', source: 'config', message: 'unknown key "x"', line: 4 }],
  environments: [],
  dbtPath: null,
};

describe('keepLastGoodWhileConfigBroken', () => {
  it('keeps the last graph and environments beside the new problems while floe.yaml does not compile', () => {
    const shown = keepLastGoodWhileConfigBroken(good, broken);
    expect(shown.graph).toBe(graph);
    expect(shown.environments).toEqual(good.environments);
    expect(shown.problems).toEqual(broken.problems);
    expect(shown.artifacts).toBeNull();
    // Still broken after another edit: the same last good graph.
    expect(keepLastGoodWhileConfigBroken(shown, broken).graph).toBe(graph);
  });

  it('takes the new state once the config compiles, or when there was never a graph', () => {
    const fixed = { ...good, graph: null };
    expect(keepLastGoodWhileConfigBroken(broken, fixed)).toBe(fixed);
    expect(keepLastGoodWhileConfigBroken(broken, broken)).toBe(broken);
  });
});
