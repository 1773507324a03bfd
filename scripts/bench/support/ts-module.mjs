// Bundles TypeScript sources of the app with esbuild's build API into a temporary CommonJS file, so a
// bench can call the real services. The file is written under node_modules/.cache: packages stay
// external and resolve from the repo's node_modules (native ones such as better-sqlite3 and node-pty
// cannot be bundled), and repoRoot() still finds the repo by walking up from the bundle.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import esbuild from 'esbuild';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');

/**
 * `files`: paths relative to the repo root; every named export of every
 * file is re-exported from one bundle. Returns the module and a dispose() removing the temp folder.
 */
export async function loadTsModules(files, label = 'bench') {
  const cache = join(repoRoot, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, `floe-bench-${label}-`));
  const outfile = join(dir, 'bundle.cjs');
  try {
    await esbuild.build({
      stdin: {
        contents: files.map((file) => `export * from './${file}';`).join('\n'),
        resolveDir: repoRoot,
        loader: 'ts',
      },
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
    });
    const mod = createRequire(outfile)(outfile);
    return { mod, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
