// Errors from profile generation carry the floe.yaml key path so the compiler can point at the line.
import type { Problem } from '../../../shared/problems';

export interface ProfileIssue {
  /** e.g. `environments.prod.compute.properties.password`. */
  keyPath: string;
  message: string;
}

/** Thrown by generation/writing; `issues` holds every problem found, `keyPath` the first one's. */
export class ProfileError extends Error {
  readonly keyPath: string;
  readonly issues: readonly ProfileIssue[];

  constructor(issues: readonly [ProfileIssue, ...ProfileIssue[]]) {
    super(issues.map((issue) => `${issue.keyPath}: ${issue.message}`).join('\n'));
    this.name = 'ProfileError';
    this.keyPath = issues[0].keyPath;
    this.issues = issues;
  }

  toProblems(): Problem[] {
    return this.issues.map((issue) => ({
      severity: 'error',
      source: 'profiles',
      keyPath: issue.keyPath,
      message: issue.message,
    }));
  }
}
