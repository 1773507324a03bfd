import { describe, expect, it } from 'vitest';
import { floeSpecSchema } from './floe-schema';
import { defaultEnvironmentName, resolveEnvironment } from './resolve-environment';

const spec = floeSpecSchema.parse({
  name: 'shop',
  version: '1.0.0',
  compute: { target: 'duckdb', properties: { path: 'a.duckdb', threads: 4 } },
  transforms: [{ type: 'dbt', path: 'dbt' }],
  observability: { otlp_endpoint: '', attributes: { 'tenant.id': 'acme' } },
  environments: {
    dev: {},
    ci: { compute: { properties: { threads: 1 } }, observability: { lineage: false } },
    staging: { compute: { target: 'postgres', properties: { host: 'h' } } },
    prod: { compute: { target: 'snowflake', properties: { account: 'a' } } },
    qa: { protected: true, observability: { attributes: { 'tenant.id': 'qa' } } },
  },
});

describe('resolveEnvironment (FR-004, user story 5)', () => {
  it('inherits the default compute when the environment does not override it', () => {
    expect(resolveEnvironment(spec, 'dev').compute).toEqual({
      target: 'duckdb',
      properties: { path: 'a.duckdb', threads: 4 },
    });
  });
  it('merges properties when only properties are overridden', () => {
    expect(resolveEnvironment(spec, 'ci').compute.properties).toEqual({
      path: 'a.duckdb',
      threads: 1,
    });
    expect(resolveEnvironment(spec, 'ci').observability.lineage).toBe(false);
  });
  it('replaces the properties when the target changes', () => {
    expect(resolveEnvironment(spec, 'staging').compute).toEqual({
      target: 'postgres',
      properties: { host: 'h' },
    });
  });
  it('marks prod protected by default and honours protected: true', () => {
    expect(resolveEnvironment(spec, 'prod').protected).toBe(true);
    expect(resolveEnvironment(spec, 'dev').protected).toBe(false);
    expect(resolveEnvironment(spec, 'qa').protected).toBe(true);
  });
  it('defaults the lineage namespace to the project name and empties endpoints to null', () => {
    const obs = resolveEnvironment(spec, 'dev').observability;
    expect(obs.lineage_namespace).toBe('shop');
    expect(obs.otlp_endpoint).toBeNull();
    expect(obs.lineage_endpoint).toBeNull();
    expect(resolveEnvironment(spec, 'qa').observability.attributes).toEqual({ 'tenant.id': 'qa' });
  });
  it('picks default_environment, else dev, else the first', () => {
    expect(defaultEnvironmentName(spec)).toBe('dev');
    expect(defaultEnvironmentName({ ...spec, default_environment: 'ci' })).toBe('ci');
    expect(defaultEnvironmentName({ ...spec, environments: { x: {}, y: {} } })).toBe('x');
  });
});
