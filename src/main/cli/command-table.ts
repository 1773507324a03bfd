import { assetsCommand } from './asset-commands';
import type { Command } from './commands';
import { compileCommand, schemaCommand, validateCommand } from './config-commands';
import { logsCommand, runCommand, runsCommand } from './run-commands';
import { studioCommand } from './studio-command';
import { tracesCommand } from './trace-commands';

export const COMMANDS: readonly Command[] = [
  validateCommand,
  compileCommand,
  schemaCommand,
  assetsCommand,
  runCommand,
  runsCommand,
  logsCommand,
  tracesCommand,
  studioCommand,
];
