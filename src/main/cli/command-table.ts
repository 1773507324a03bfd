import type { Command } from './commands';
import { compileCommand, schemaCommand, validateCommand } from './config-commands';

export const COMMANDS: readonly Command[] = [validateCommand, compileCommand, schemaCommand];
