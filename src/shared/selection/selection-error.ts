// A selection expression Floe cannot use: the message quotes the expression and points at the
// offending token (position is 0-based into the expression; column in toProblem is 1-based).
import type { Problem } from '../problems';

export class SelectionError extends Error {
  override readonly name = 'SelectionError';

  constructor(
    readonly reason: string,
    readonly expression: string,
    readonly position: number,
    readonly length: number = 1,
  ) {
    super(`${reason} (at column ${position + 1} of "${expression}")`);
  }

  /** Two lines: the expression and a caret under the offending token, for terminals. */
  pointer(): string {
    return `${this.expression}\n${' '.repeat(this.position)}${'^'.repeat(Math.max(1, this.length))}`;
  }

  toProblem(): Problem {
    return {
      severity: 'error',
      source: 'selection',
      message: this.message,
      column: this.position + 1,
    };
  }
}
