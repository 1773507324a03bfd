// `dbt parse` for a project with no (or an outdated) manifest: the Problems panel's "Parse project"
// button and `floe assets --parse`. A plain child process: its output is shown once, not streamed.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledArtifacts } from '../../../shared/config/compiled-artifacts';
import { buildDbtEnv, parseDotEnv } from './dbt-command';

export function readProjectDotEnv(projectDir: string): Record<string, string> {
  const path = join(projectDir, '.env');
  if (!existsSync(path)) return {};
  try {
    return parseDotEnv(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
}

export interface ParseOptions {
  dbtPath: string;
  projectDir: string;
  artifacts: CompiledArtifacts;
  profileEnvVars: readonly string[];
  environ: Readonly<Record<string, string | undefined>>;
}

/** dbt parse on a big project takes a while on a busy laptop; past this it is surely stuck. */
const PARSE_TIMEOUT_MS = 10 * 60_000;

export function runDbtParse(options: ParseOptions): Promise<{ ok: boolean; output: string }> {
  const { env } = buildDbtEnv({
    environ: options.environ,
    dotEnv: readProjectDotEnv(options.projectDir),
    profileEnvVars: options.profileEnvVars,
  });
  const args = [
    'parse',
    '--project-dir',
    options.artifacts.dbt_project_path,
    '--profiles-dir',
    options.artifacts.dbt_profiles_path,
    '--target',
    options.artifacts.environment,
  ];
  return new Promise((done) => {
    execFile(
      options.dbtPath,
      args,
      {
        cwd: options.artifacts.dbt_project_path,
        env,
        timeout: PARSE_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`.trim();
        done({
          ok: error === null,
          output: error !== null && output === '' ? error.message : output,
        });
      },
    );
  });
}
