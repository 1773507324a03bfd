// Profile generation as a compile step: its errors become located problems in floe.yaml.
import type { CompiledArtifacts } from '../../../shared/config/compiled-artifacts';
import type { Problem } from '../../../shared/problems';
import { ProfileError } from '../profiles/profile-error';
import { generateProfilesYaml, writeProfiles } from '../profiles';
import { locate, type LocatedDocument } from './yaml-document';

export function profileProblems(artifacts: CompiledArtifacts, located: LocatedDocument): Problem[] {
  try {
    generateProfilesYaml(artifacts);
    return [];
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    return error.toProblems().map((problem) => ({
      ...problem,
      file: located.file,
      ...locate(located, keyPathSegments(problem.keyPath ?? '')),
    }));
  }
}

function keyPathSegments(keyPath: string): (string | number)[] {
  return keyPath
    .split('.')
    .filter((s) => s.length > 0)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function writeProfilesFor(artifacts: CompiledArtifacts): { path: string; envVars: string[] } {
  return writeProfiles(artifacts);
}
