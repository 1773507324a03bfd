// What the compiler needs from dbt_project.yml: the profile name and where dbt writes target/.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface DbtProjectInfo {
  name: string;
  profile: string;
  targetPath: string;
}

export function readDbtProject(dbtDir: string): DbtProjectInfo | { error: string } {
  const file = join(dbtDir, 'dbt_project.yml');
  if (!existsSync(file)) {
    return {
      error: `no dbt_project.yml in ${dbtDir}: transforms[].path must be the dbt project folder`,
    };
  }
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return {
      error: `${file}: invalid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
  const record = (raw ?? {}) as Record<string, unknown>;
  const name = typeof record.name === 'string' ? record.name : undefined;
  if (name === undefined) return { error: `${file}: missing \`name:\`` };
  const profile = typeof record.profile === 'string' ? record.profile : name;
  const targetPath = typeof record['target-path'] === 'string' ? record['target-path'] : 'target';
  return { name, profile, targetPath: join(dbtDir, targetPath) };
}
