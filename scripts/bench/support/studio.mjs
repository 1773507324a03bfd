// `floe studio <dir> --web --port 0` as a user starts it, and headless Chromium to open it.
import { spawn } from 'node:child_process';
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
        resolve({ url: match[1], startupMs: performance.now() - started, output: () => output, stop });
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
