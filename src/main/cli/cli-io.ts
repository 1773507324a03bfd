// Output helpers and the error type every command uses: a message, never a stack trace.
import { formatProblem, type Problem } from '../../shared/problems';
import type { EarlyRun } from '../services/runs/early-run';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  environ: NodeJS.ProcessEnv;
  cwd: string;
  /** A dbt `floe run` started before the CLI bundle loaded (bin/floe.cjs, early-run.ts). */
  earlyRun?: EarlyRun;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  environ: process.env,
  cwd: process.cwd(),
};

export function printProblems(io: CliIo, problems: readonly Problem[]): void {
  for (const problem of problems) io.err(`${problem.severity}: ${formatProblem(problem)}`);
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
