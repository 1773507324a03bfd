// What every target generator receives and returns.
import type { PropertyReader } from '../property-reader';

export interface GeneratorInput {
  reader: PropertyReader;
  /** Folder holding floe.yaml: relative local paths (duckdb) resolve against it. */
  projectDir: string;
}

/** One dbt output (a `outputs.<env>` mapping) without the pass-through properties. */
export type ProfileOutput = Record<string, unknown>;

export type OutputGenerator = (input: GeneratorInput) => ProfileOutput;

/** dbt's own default is 1; 4 keeps a laptop busy without starving it. */
export const DEFAULT_THREADS = 4;

/** Drop unset optional keys so the profile only says what was decided. */
export function compact(output: ProfileOutput): ProfileOutput {
  return Object.fromEntries(Object.entries(output).filter(([, value]) => value !== undefined));
}
