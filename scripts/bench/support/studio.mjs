// `floe studio <dir> --web --port 0` as a user starts it, and headless Chromium to open it.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { childEnv, floeBin } from './processes.mjs';
import { repoRoot } from './ts-module.mjs';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Starts the web studio on `projectDir`. Resolves { url, startupMs (spawn → URL printed, i.e. the
 * project opened and served), output(), stop() }.
 */
export function startStudio(projectDir, { timeoutMs = 180_000 } = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [floeBin, 'studio', projectDir, '--web', '--port', '0'], {
    cwd: repoRoot,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the studio did not start in ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString('utf8');
      const match = /Floe Studio: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({
          url: match[1],
          startupMs: performance.now() - started,
          output: () => output,
          stop,
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the studio exited (${code}) before serving:\n${output}`));
    });
  });
}

function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The studio serves out/renderer as built (it builds only when missing): a line saying how old that
 * build is, and whether src/renderer or src/shared changed since, so the figures are read right.
 */
export function rendererBuildNote() {
  const index = join(repoRoot, 'out', 'renderer', 'index.html');
  if (!existsSync(index)) return 'out/renderer not built yet: the studio builds it on first start';
  const built = statSync(index).mtimeMs;
  const changed = Math.max(
    newestIn(join(repoRoot, 'src', 'renderer')),
    newestIn(join(repoRoot, 'src', 'shared')),
  );
  const age = `${Math.round((Date.now() - built) / 60_000)} min old`;
  return changed > built
    ? `UI build out/renderer is ${age} and OLDER than src/renderer or src/shared: these figures are for that build (\`npx electron-vite build\` refreshes it)`
    : `UI build out/renderer is ${age}, newer than its sources`;
}
