import { describe, expect, it } from 'vitest';
import { PropertyReader } from '../property-reader';
import { duckdbOutput, resolveDuckdbPath } from './duckdb';

function generate(properties: Record<string, unknown>) {
  const reader = new PropertyReader({ target: 'duckdb', environment: 'dev', properties });
  return { output: duckdbOutput({ reader, projectDir: '/projects/shop' }), issues: reader.issues };
}

describe('duckdb profile output (FR-001, FR-002, FR-004)', () => {
  it('FR-002: defaults: a file per environment under warehouse/, schema main, 4 threads, no credentials', () => {
    expect(generate({})).toEqual({
      output: {
        type: 'duckdb',
        path: '/projects/shop/warehouse/dev.duckdb',
        schema: 'main',
        threads: 4,
      },
      issues: [],
    });
    expect(generate({ path: '' }).output.path).toBe('/projects/shop/warehouse/dev.duckdb');
  });

  it('FR-004: path (relative to floe.yaml), schema, extensions and threads override the defaults', () => {
    expect(
      generate({
        path: 'warehouse/shop.duckdb',
        schema: 'analytics',
        extensions: ['httpfs', 'spatial'],
        threads: 1,
      }).output,
    ).toEqual({
      type: 'duckdb',
      path: '/projects/shop/warehouse/shop.duckdb',
      schema: 'analytics',
      extensions: ['httpfs', 'spatial'],
      threads: 1,
    });
  });

  it.each([
    [':memory:', ':memory:'],
    ['md:my_db', 'md:my_db'],
    ['s3://bucket/shop.duckdb', 's3://bucket/shop.duckdb'],
    ['/data/shop.duckdb', '/data/shop.duckdb'],
    ['../shared/shop.duckdb', '/projects/shared/shop.duckdb'],
  ])('FR-004: path %s is written as %s', (path, expected) => {
    expect(resolveDuckdbPath(path, '/projects/shop')).toBe(expected);
  });

  it('FR-004: bad extensions are an issue', () => {
    expect(generate({ extensions: 'httpfs' }).issues).toEqual([
      {
        keyPath: 'environments.dev.compute.properties.extensions',
        message: 'must be a list of strings',
      },
    ]);
  });
});
