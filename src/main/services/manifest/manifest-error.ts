// The one error type for a manifest Floe Studio cannot read: it names the file, says what is
// wrong, and (through toProblem) offers the UI's "Parse project" fix when re-parsing would help.
import type { Problem } from '../../../shared/problems';

export type ManifestErrorCode =
  'missing' | 'unreadable' | 'invalid_json' | 'unsupported_version' | 'invalid_shape';

export const PARSE_HINT = 'run `dbt parse`, or `floe assets --parse`, or press Parse project';

export class ManifestError extends Error {
  override readonly name = 'ManifestError';

  constructor(
    readonly code: ManifestErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }

  /** The same error with the manifest's path in it (buildAssetGraph does not know the path). */
  withPath(path: string): ManifestError {
    if (this.path !== undefined) return this;
    return new ManifestError(this.code, `${path}: ${this.message}`, path);
  }

  toProblem(): Problem {
    const problem: Problem = { severity: 'error', source: 'manifest', message: this.message };
    if (this.path !== undefined) problem.file = this.path;
    // Re-parsing regenerates a missing or half-written manifest; an old dbt would write the same
    // unsupported version again, so no one-click fix is offered for that.
    if (this.code === 'missing' || this.code === 'invalid_json') problem.fix = 'parse';
    return problem;
  }
}

export function isManifestError(value: unknown): value is ManifestError {
  return value instanceof ManifestError;
}
