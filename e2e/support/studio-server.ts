// Starts `floe studio --web` on a fresh copy of the example, the way a user would, and stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..');

export interface StudioServer {
  url: string;
  origin: string;
  projectDir: string;
  output(): string;
  stop(): Promise<void>;
}

/** A temp copy of examples/shop without anything a previous run left (warehouse, target, .floe). */
export function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-e2e-'));
  cpSync(join(REPO, 'examples', 'shop'), dir, {
    recursive: true,
    filter: (src) => !/\/(\.floe|target|logs|warehouse\/.+\.duckdb(\.wal)?)$/.test(src),
  });
  return dir;
}

export async function startStudio(
  projectDir: string,
  environ: NodeJS.ProcessEnv = {},
): Promise<StudioServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(REPO, 'bin', 'floe.cjs'), 'studio', projectDir, '--web', '--port', '0'],
    { cwd: REPO, env: { ...process.env, ...environ }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`studio did not start:\n${output}`)), 120_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Floe Studio: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`studio exited with ${String(code)}:\n${output}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    projectDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGINT');
        await Promise.race([exited, new Promise((done) => setTimeout(done, 15_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(projectDir, { recursive: true, force: true });
    },
  };
}
