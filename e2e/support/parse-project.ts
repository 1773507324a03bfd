// Runs the real `dbt parse` on a project the way a user would from a terminal (`floe assets --parse`
// finds dbt like the studio does: the project's executable, DBT_PATH, PATH, then the repo's .venv),
// writing dbt/target/manifest.json in place.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './studio-server';

export function parseProject(projectDir: string): void {
  execFileSync(process.execPath, [join(REPO, 'bin', 'floe.cjs'), 'assets', projectDir, '--parse'], {
    cwd: REPO,
    env: { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false', DBT_VERSION_CHECK: 'false' },
    stdio: 'pipe',
  });
}
