#!/usr/bin/env node
// The `floe` command. Runs the bundled CLI, rebuilding it first when a source file is newer
// (a checkout always runs what it holds, with no separate build step).
const { buildCli, cliIsStale, outfile } = require('../scripts/cli-bundle.cjs');

if (process.env.FLOE_NO_REBUILD !== '1' && cliIsStale()) buildCli();
const { main } = require(outfile);
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`floe: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
