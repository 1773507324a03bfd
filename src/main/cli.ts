// The `floe` command: argument parsing → the same services the app uses.
import { parseArgs } from 'node:util';
import { FLOE_VERSION } from '../shared/version';
import type { EarlyRun } from './services/runs/early-run';
import { EXIT_FAILED, EXIT_USAGE, processIo, UsageError, type CliIo } from './cli/cli-io';
import type { Command } from './cli/commands';
import { COMMAND_NAMES, loadAllCommands, loadCommand } from './cli/command-table';

async function helpText(): Promise<string> {
  const commands = await loadAllCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `floe ${FLOE_VERSION} — local data-pipeline development with dbt`,
    '',
    'Usage: floe <command> [project-dir] [options]   (project dir defaults to the current directory)',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `floe <command> --help` for a command’s options. Exit codes: 0 ok, 1 failed, 2 usage error.',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return `${command.usage}\n\n${command.summary}`;
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(await helpText());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.out(FLOE_VERSION);
    return 0;
  }
  const command = await loadCommand(name);
  if (command === undefined) {
    io.err(`floe: unknown command "${name}"; commands: ${COMMAND_NAMES.join(', ')}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    const parsed = parseArgs({
      args: [...rest],
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    if (parsed.positionals.length > command.maxPositionals) {
      throw new UsageError(
        `unexpected argument "${parsed.positionals[command.maxPositionals] ?? ''}"`,
      );
    }
    return await command.run({ positionals: parsed.positionals, values: parsed.values }, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`floe ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
      io.err(`usage: ${command.usage}`);
      return EXIT_USAGE;
    }
    io.err(`floe ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILED;
  }
}

/** bin/floe.cjs's entry: `main` on the process's own terminal, with the early dbt of `floe run`. */
export function runCli(argv: readonly string[], earlyRun?: EarlyRun): Promise<number> {
  return main(argv, earlyRun === undefined ? processIo : { ...processIo, earlyRun });
}

function isParseArgsError(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('ERR_PARSE_ARGS')
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`floe: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT_FAILED;
    },
  );
}
