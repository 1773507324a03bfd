// DuckDB (dbt-duckdb): a local file, no credentials. `path` relative to floe.yaml's folder.
import { isAbsolute, join, resolve } from 'node:path';
import { compact, DEFAULT_THREADS, type GeneratorInput, type ProfileOutput } from './types';

/** `:memory:`, `md:…` (MotherDuck), `s3://…` and absolute paths are kept as written. */
export function resolveDuckdbPath(path: string, projectDir: string): string {
  if (path === ':memory:' || /^[A-Za-z][A-Za-z0-9+.-]+:/.test(path) || isAbsolute(path))
    return path;
  return resolve(projectDir, path);
}

export function duckdbOutput({ reader, projectDir }: GeneratorInput): ProfileOutput {
  const path = reader.string('path') || join('warehouse', `${reader.environment}.duckdb`);
  return compact({
    type: 'duckdb',
    path: resolveDuckdbPath(path, projectDir),
    schema: reader.string('schema') ?? 'main',
    extensions: reader.stringList('extensions'),
    threads: reader.number('threads', DEFAULT_THREADS),
  });
}
