// Shared by bin/floe.cjs (rebuild when sources changed) and scripts/build-cli.mjs.
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { basename, dirname, join } = require('node:path');

const root = join(__dirname, '..');
const outfile = join(root, 'out', 'cli', 'floe.cjs');
// The thread that reads half of a big manifest (src/main/services/manifest/parallel-load.ts): its own
// small bundle beside floe.cjs, where the loader looks for it.
const workerOutfile = join(root, 'out', 'cli', 'manifest-worker.cjs');
const workerEntry = join(root, 'src', 'main', 'services', 'manifest', 'manifest-worker.ts');
// `floe run`'s early dbt (src/main/cli/early-run.ts): a small bundle bin/floe.cjs loads first, so dbt
// starts before the CLI bundle has loaded.
const earlyOutfile = join(root, 'out', 'cli', 'early-run.cjs');
const earlyEntry = join(root, 'src', 'main', 'cli', 'early-run.ts');
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
  if (!existsSync(outfile) || !existsSync(workerOutfile) || !existsSync(earlyOutfile)) return true;
  const built = statSync(outfile).mtimeMs;
  return (
    newestSourceTime(join(root, 'src')) > built ||
    statSync(join(root, 'package.json')).mtimeMs > built
  );
}

/** Builds to memory, then renames into place: a concurrent `floe` never loads half a bundle. */
function buildCli() {
  const esbuild = require('esbuild');
  const options = {
    write: false,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external,
    sourcemap: 'linked',
    logLevel: 'warning',
  };
  const cli = esbuild.buildSync({
    ...options,
    entryPoints: [join(root, 'src', 'main', 'cli.ts')],
    outfile,
  });
  const worker = esbuild.buildSync({
    ...options,
    entryPoints: [workerEntry],
    outfile: workerOutfile,
  });
  const early = esbuild.buildSync({
    ...options,
    entryPoints: [earlyEntry],
    outfile: earlyOutfile,
  });
  mkdirSync(dirname(outfile), { recursive: true });
  // Code caches of the previous bundle: V8 checks little more than the source's length (see below).
  for (const name of readdirSync(dirname(outfile)))
    if (name.endsWith('.v8cache')) rmSync(join(dirname(outfile), name), { force: true });
  // The helpers first: a floe.cjs newer than them would not count as stale.
  for (const file of [...worker.outputFiles, ...early.outputFiles, ...cli.outputFiles]) {
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
  }
  return outfile;
}

/**
 * Loads the bundle through V8's code cache: compiling the 2.6 MB bundle and the functions a command
 * runs costs `floe run` about 50 ms before dbt can start, and with the cache about a third of that.
 * One cache per command (each runs different functions), kept beside the bundle and named after its
 * size and time, since V8 accepts a cache for any source of the same length; rebuilding deletes them.
 * Returns the bundle's exports and `saveCodeCache()`, which writes the cache once the command ran
 * (when there was none or V8 refused it). A bundle that cannot be stat'ed is required plainly.
 */
function loadCli(command) {
  const Module = require('node:module');
  const vm = require('node:vm');
  let cacheFile;
  try {
    const { size, mtimeMs } = statSync(outfile);
    const name = /^[a-z][a-z-]{0,30}$/.test(command ?? '') ? command : 'other';
    cacheFile = join(
      dirname(outfile),
      `${basename(outfile)}.${name}.${size}-${Math.floor(mtimeMs)}.v8cache`,
    );
  } catch {
    return { exports: require(outfile), saveCodeCache: () => undefined };
  }
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(readFileSync(outfile, 'utf8')), {
    filename: outfile,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const bundle = { exports: {} };
  const run = script.runInThisContext();
  run.call(
    bundle.exports,
    bundle.exports,
    Module.createRequire(outfile),
    bundle,
    outfile,
    dirname(outfile),
  );
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: bundle.exports,
    saveCodeCache() {
      if (!stale) return;
      try {
        const temp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, cacheFile);
      } catch {
        // A read-only install or a full disk: the next start compiles again, nothing more.
      }
    },
  };
}

/**
 * Starts dbt for `floe run` before the CLI bundle loads, when the project's saved run plan holds
 * (src/main/cli/early-run.ts); undefined otherwise. The early bundle is only used when it belongs to
 * the same build as floe.cjs (both are written together).
 */
function startEarlyRun(argv) {
  if (argv[0] !== 'run' || !existsSync(earlyOutfile)) return undefined;
  try {
    const { startEarlyRun: start } = require(earlyOutfile);
    return start(argv.slice(1), process.env, process.cwd(), (text, json) =>
      (json ? process.stderr : process.stdout).write(text),
    );
  } catch {
    return undefined;
  }
}

module.exports = { buildCli, cliIsStale, loadCli, outfile, startEarlyRun };
