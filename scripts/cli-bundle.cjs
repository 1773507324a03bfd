// Shared by bin/floe.cjs (rebuild when sources changed) and scripts/build-cli.mjs.
const {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { dirname, join } = require('node:path');

const root = join(__dirname, '..');
const outfile = join(root, 'out', 'cli', 'floe.cjs');
// Native modules and electron stay outside the bundle; they load from node_modules at run time.
const external = ['node-pty', 'better-sqlite3', 'electron', 'bufferutil', 'utf-8-validate'];

function newestSourceTime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'renderer') newest = Math.max(newest, newestSourceTime(path));
    } else if (/\.(ts|json)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

function cliIsStale() {
  if (!existsSync(outfile)) return true;
  const built = statSync(outfile).mtimeMs;
  return (
    newestSourceTime(join(root, 'src')) > built ||
    statSync(join(root, 'package.json')).mtimeMs > built
  );
}

/** Builds to memory, then renames into place: a concurrent `floe` never loads half a bundle. */
function buildCli() {
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    write: false,
    entryPoints: [join(root, 'src', 'main', 'cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  mkdirSync(dirname(outfile), { recursive: true });
  for (const file of result.outputFiles) {
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
  }
  return outfile;
}

module.exports = { buildCli, cliIsStale, outfile };
