// Bundles the `floe` command (src/main/cli.ts) into out/cli/floe.cjs with esbuild.
import { buildCli } from './cli-bundle.cjs';

buildCli();
