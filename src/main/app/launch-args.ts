// Which project folder the app was asked to open (`floe studio <dir>` starts Electron with the folder
// as an argument; a second instance forwards its own argv). Pure.
import path from 'node:path';

export interface LaunchContext {
  /** A packaged app's argv is [exe, ...args]; a dev run's is [electron, appPath, ...args]. */
  isPackaged: boolean;
  cwd: string;
}

export function folderFromArgv(argv: readonly string[], context: LaunchContext): string | null {
  // Chromium and Playwright add switches (--inspect=0, --remote-debugging-port=0, …) anywhere.
  const positionals = argv.slice(1).filter((arg) => !arg.startsWith('-'));
  const args = context.isPackaged ? positionals : positionals.slice(1);
  const folder = args[0];
  return folder === undefined || folder === '' ? null : path.resolve(context.cwd, folder);
}

/** Data a second instance hands the first through `requestSingleInstanceLock`. */
export interface SecondInstanceData {
  dir: string | null;
}

export function parseSecondInstanceData(value: unknown): SecondInstanceData | null {
  if (typeof value !== 'object' || value === null) return null;
  const dir = (value as Record<string, unknown>)['dir'];
  if (dir === null) return { dir: null };
  return typeof dir === 'string' && path.isAbsolute(dir) ? { dir } : null;
}
