#!/usr/bin/env node
// The `floe` command. Runs the bundled CLI, rebuilding it first when a source file is newer
// (a checkout always runs what it holds, with no separate build step).
const { buildCli, cliIsStale, loadCli, startEarlyRun } = require('../scripts/cli-bundle.cjs');

if (process.env.FLOE_NO_REBUILD !== '1' && cliIsStale()) buildCli();
// `floe run`: dbt starts now, from the project's saved run plan, while the CLI bundle loads.
const earlyRun = startEarlyRun(process.argv.slice(2));
const cli = loadCli(process.argv[2]);
const { runCli } = cli.exports;
// `floe … | head` closes the pipe early: that is the reader's choice, not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
// Exit once stdout and stderr are flushed: an exporter retrying a dead collector must not keep a
// finished command alive.
const exit = (code) =>
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
runCli(process.argv.slice(2), earlyRun).then(
  (code) => {
    cli.saveCodeCache();
    exit(code);
  },
  (error) => {
    process.stderr.write(`floe: ${error instanceof Error ? error.message : String(error)}\n`);
    exit(1);
  },
);
