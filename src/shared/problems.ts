// A problem the user should see: where it is and, when there is one, the fix.
export type ProblemSource = 'config' | 'manifest' | 'dbt' | 'profiles' | 'selection';

export interface Problem {
  severity: 'error' | 'warning';
  source: ProblemSource;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** Key path inside the file, e.g. `environments.staging.compute.target`. */
  keyPath?: string;
  /** An action the UI can offer; `parse` = run `dbt parse`. */
  fix?: 'parse';
}

export function formatProblem(problem: Problem): string {
  const where =
    problem.file === undefined
      ? ''
      : `${problem.file}${problem.line === undefined ? '' : `:${problem.line}:${problem.column ?? 1}`}: `;
  const key = problem.keyPath ? ` (at ${problem.keyPath})` : '';
  return `${where}${problem.message}${key}`;
}
