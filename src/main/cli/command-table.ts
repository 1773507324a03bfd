import type { Command } from './commands';
import { compileCommand, schemaCommand, validateCommand } from './config-commands';
import { studioCommand } from './studio-command';

export const COMMANDS: readonly Command[] = [validateCommand, compileCommand, schemaCommand, studioCommand];
