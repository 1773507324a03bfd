import { assetsCommand } from './asset-commands';
import type { Command } from './commands';
import { compileCommand, schemaCommand, validateCommand } from './config-commands';
import { logsCommand, runCommand, runsCommand } from './run-commands';
import { studioCommand } from './studio-command';

export const COMMANDS: readonly Command[] = [
  validateCommand,
  compileCommand,
  schemaCommand,
  assetsCommand,
  runCommand,
  runsCommand,
  logsCommand,
  studioCommand,
];
