// Every command, loaded on demand: `floe compile` must not pay for the run engine, OpenTelemetry
// or the web host at start-up (esbuild keeps dynamically imported modules uninitialised until used).
import type { Command } from './commands';

export const COMMAND_LOADERS: Readonly<Record<string, () => Promise<Command>>> = {
  validate: async () => (await import('./config-commands')).validateCommand,
  compile: async () => (await import('./config-commands')).compileCommand,
  schema: async () => (await import('./config-commands')).schemaCommand,
  assets: async () => (await import('./asset-commands')).assetsCommand,
  run: async () => (await import('./run-commands')).runCommand,
  runs: async () => (await import('./run-commands')).runsCommand,
  logs: async () => (await import('./run-commands')).logsCommand,
  lineage: async () => (await import('./lineage-command')).lineageCommand,
  traces: async () => (await import('./trace-commands')).tracesCommand,
  studio: async () => (await import('./studio-command')).studioCommand,
};

export const COMMAND_NAMES = Object.keys(COMMAND_LOADERS);

export async function loadCommand(name: string): Promise<Command | undefined> {
  const load = Object.hasOwn(COMMAND_LOADERS, name) ? COMMAND_LOADERS[name] : undefined;
  return load === undefined ? undefined : load();
}

export async function loadAllCommands(): Promise<Command[]> {
  return Promise.all(Object.values(COMMAND_LOADERS).map((load) => load()));
}
