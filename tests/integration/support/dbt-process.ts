// Running the real dbt from an integration test that drives an observer directly (no engine).
import { spawn } from 'node:child_process';

export function runDbt(
  dbt: string,
  options: { projectDir: string; profilesDir: string; env: NodeJS.ProcessEnv },
  args: string[],
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      dbt,
      [...args, '--project-dir', options.projectDir, '--profiles-dir', options.profilesDir],
      {
        cwd: options.projectDir,
        env: options.env,
        stdio: 'ignore',
      },
    );
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}
