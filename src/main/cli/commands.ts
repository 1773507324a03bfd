// The command table: name → options spec and handler. Handlers return an exit code.
import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './cli-io';

export type OptionsSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCommandArgs {
  positionals: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionsSpec;
  maxPositionals: number;
  run(args: ParsedCommandArgs, io: CliIo): Promise<number> | number;
}
