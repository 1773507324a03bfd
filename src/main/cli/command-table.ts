import { assetsCommand } from './asset-commands';
import type { Command } from './commands';
import { compileCommand, schemaCommand, validateCommand } from './config-commands';
import { lineageCommand } from './lineage-command';
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
  lineageCommand,
  tracesCommand,
  studioCommand,
];
