// floe studio [dir] [--web] [--port N]: the desktop app where Electron's binary is installed,
// else (or with --web) the same UI served to the browser on 127.0.0.1 behind a token.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDispatcher } from '../api/dispatcher';
import { createEventHub } from '../api/event-hub';
import { repoRoot } from '../repo-root';
import { createProjectService } from '../services/project/project-service';
import { startWebHost } from '../web/web-host';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliIo } from './cli-io';
import type { Command } from './commands';

export const studioCommand: Command = {
  name: 'studio',
  summary: 'open Floe Studio on a project (desktop app, or the web UI with --web)',
  usage: 'floe studio [dir] [--web] [--port N]',
  options: { web: { type: 'boolean' }, port: { type: 'string' } },
  maxPositionals: 1,
  async run(args, io) {
    const dir = resolve(io.cwd, args.positionals[0] ?? '.');
    const port = parsePort(args.values.port);
    const root = repoRoot();
    const electron = args.values.web === true ? undefined : electronBinary();
    if (electron !== undefined) return runDesktop(electron, root, dir, io);
    if (args.values.web !== true)
      io.err('floe: no Electron binary installed here; serving the studio to the browser instead');
    return runWeb(root, dir, port, io);
  },
};

function parsePort(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535, got "${String(value)}"`);
  }
  return port;
}

/** The Electron binary's path, or undefined where the package was installed without it. */
function electronBinary(): string | undefined {
  try {
    // electron's package main exports the binary path; it throws when the binary was never downloaded.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time on purpose
    const path: unknown = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function ensureBuilt(root: string, io: CliIo): boolean {
  const needed = [
    join(root, 'out', 'renderer', 'index.html'),
    join(root, 'out', 'main', 'index.js'),
  ];
  if (needed.every((file) => existsSync(file))) return true;
  io.err('floe: building the studio UI (first start only)…');
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return build.status === 0 && needed.every((file) => existsSync(file));
}

function runDesktop(electron: string, root: string, dir: string, io: CliIo): Promise<number> {
  if (!ensureBuilt(root, io)) {
    io.err('floe: the studio build failed; see the errors above');
    return Promise.resolve(EXIT_FAILED);
  }
  return new Promise((done) => {
    const child = spawn(electron, [join(root, 'out', 'main', 'index.js'), dir], {
      stdio: 'inherit',
      cwd: root,
    });
    child.on('exit', (code) => done(code ?? EXIT_FAILED));
    child.on('error', (error) => {
      io.err(`floe: could not start Electron: ${error.message}`);
      done(EXIT_FAILED);
    });
  });
}

async function runWeb(
  root: string,
  dir: string,
  port: number | undefined,
  io: CliIo,
): Promise<number> {
  if (!ensureBuilt(root, io)) {
    io.err('floe: the studio build failed; see the errors above');
    return EXIT_FAILED;
  }
  const events = createEventHub();
  const service = createProjectService({ repoRoot: root, environ: io.environ, events });
  await service.open(dir);
  const host = await startWebHost({
    port,
    rendererDir: join(root, 'out', 'renderer'),
    dispatcher: createDispatcher(service.handlers),
    events,
  });
  io.out(`Floe Studio: ${host.url}`);
  await new Promise<void>((stop) => {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  await service.dispose();
  return EXIT_OK;
}
