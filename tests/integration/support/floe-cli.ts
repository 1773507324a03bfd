// `node bin/floe.cjs …` as a user types it (what `npm run -s floe --` runs), from integration tests.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the floe command to completion; dbt quiet about telemetry, no colours. */
export function floeCli(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync('node', [join(repoRoot, 'bin/floe.cjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false', NO_COLOR: '1', ...extraEnv },
    timeout: 200_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary copy of examples/shop without dbt's output, floe's state or the DuckDB files. */
export function copyShopProject(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(repoRoot, 'examples/shop'), dir, {
    recursive: true,
    filter: (src) =>
      !/[\\/](target|logs|\.floe|warehouse[\\/].+\.duckdb)/.test(src.slice(repoRoot.length)),
  });
  return dir;
}
