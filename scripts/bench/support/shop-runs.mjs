// `floe run <dir>` and a bare `dbt build` with exactly the arguments and environment the run engine
// builds (buildDbtBuildArgs / buildDbtEnv, profiles written by the same services), on one project
// folder, so the two can be timed against each other.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { childEnv, timedFloe, timedRun } from './processes.mjs';
import { loadTsModules } from './ts-module.mjs';

/**
 * Prepares `projectDir` (compile + profiles, then one untimed `dbt parse` so both sides start with
 * dbt's partial-parse state) and returns { floeRun(), bareDbt(), dispose() }; each run resolves
 * { wallMs, cpuMs } or throws when the command failed.
 */
export async function prepareRuns(projectDir, { env = 'dev' } = {}) {
  const { mod, dispose } = await loadTsModules(
    [
      'src/main/services/config/compile.ts',
      'src/main/services/profiles/index.ts',
      'src/main/services/dbt/dbt-command.ts',
      'src/main/services/dbt/find-dbt.ts',
    ],
    'shop-runs',
  );
  try {
    const environ = childEnv();
    const compiled = await mod.compileProject(projectDir, { env, environ });
    if (!compiled.ok)
      throw new Error(`floe.yaml does not compile: ${JSON.stringify(compiled.problems[0])}`);
    const { artifacts } = compiled;
    const profiles = mod.writeProfiles(artifacts);
    const profilesDir = profiles.path.endsWith('.yml') ? dirname(profiles.path) : profiles.path;
    const repoRoot = join(import.meta.dirname, '..', '..', '..');
    const found = mod.findDbt({ environ, repoRoot, cwd: projectDir });
    if (!found.ok) throw new Error(found.message);
    const dotEnvPath = join(projectDir, '.env');
    const dotEnv = existsSync(dotEnvPath) ? mod.parseDotEnv(readFileSync(dotEnvPath, 'utf8')) : {};
    const { env: dbtEnv } = mod.buildDbtEnv({ environ, dotEnv, profileEnvVars: profiles.envVars });
    const logRoot = join(projectDir, '.bench-dbt-logs');
    const argsFor = (logPath, command = 'build') => {
      const args = mod.buildDbtBuildArgs({
        target: artifacts.environment,
        profilesDir,
        projectDir: artifacts.dbt_project_path,
        logPath,
      });
      return [command, ...args.slice(1)];
    };
    let bareRuns = 0;
    const runDbt = async (command) => {
      const logPath = join(logRoot, String(bareRuns++));
      mkdirSync(logPath, { recursive: true });
      const result = await timedRun(found.path, argsFor(logPath, command), {
        cwd: artifacts.dbt_project_path,
        env: dbtEnv,
      });
      if (result.code !== 0)
        throw new Error(`dbt ${command} failed (${result.code}):\n${result.stdout.slice(-3000)}`);
      return result;
    };
    await runDbt('parse');
    return {
      dbtArgs: argsFor('<log dir>'),
      bareDbt: async () => {
        const { wallMs, cpuMs } = await runDbt('build');
        return { wallMs, cpuMs };
      },
      floeRun: async () => {
        const result = await timedFloe(['run', projectDir], {
          env: childEnv(),
          // Printed by the engine just before it spawns dbt, and once dbt's exit was recorded.
          marks: { dbtSpawned: /floe: dbt build/, dbtExited: /floe: run \S+ \w+ \(exit code/ },
        });
        if (result.code !== 0)
          throw new Error(
            `floe run failed (${result.code}):\n${(result.stdout + result.stderr).slice(-3000)}`,
          );
        const { dbtSpawned, dbtExited } = result.marks;
        return {
          wallMs: result.wallMs,
          cpuMs: result.cpuMs,
          beforeDbtMs: dbtSpawned ?? NaN,
          afterDbtMs: dbtExited === undefined ? NaN : result.wallMs - dbtExited,
        };
      },
      dispose,
    };
  } catch (error) {
    dispose();
    throw error;
  }
}
