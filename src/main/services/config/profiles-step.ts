// Profile generation as a compile step: its errors become located problems in floe.yaml.
import type { CompiledArtifacts } from '../../../shared/config/compiled-artifacts';
import type { Problem } from '../../../shared/problems';
import { ProfileError } from '../profiles/profile-error';
import { generateProfilesYaml, writeProfiles } from '../profiles';
import { hasPath, locate, type LocatedDocument } from './yaml-document';

export function profileProblems(artifacts: CompiledArtifacts, located: LocatedDocument): Problem[] {
  try {
    generateProfilesYaml(artifacts);
    return [];
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    return error.toProblems().map((problem) => {
      const path = writtenPath(located, keyPathSegments(problem.keyPath ?? ''));
      return { ...problem, keyPath: path.join('.'), file: located.file, ...locate(located, path) };
    });
  }
}

/**
 * An environment that inherits the default compute has its properties written under top-level
 * `compute:`, so point there when `environments.<env>.compute…` is not in the file.
 */
function writtenPath(located: LocatedDocument, path: (string | number)[]): (string | number)[] {
  if (hasPath(located, path) || path[0] !== 'environments' || path[2] !== 'compute') return path;
  // The environment overrides compute itself: the key is missing there, so point there.
  if (hasPath(located, path.slice(0, 3))) return path;
  return path.slice(2);
}

function keyPathSegments(keyPath: string): (string | number)[] {
  return keyPath
    .split('.')
    .filter((s) => s.length > 0)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function writeProfilesFor(artifacts: CompiledArtifacts): {
  path: string;
  envVars: string[];
} {
  return writeProfiles(artifacts);
}
