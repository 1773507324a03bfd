// floe assets [dir] [--select SEL] [--exclude SEL] [--env NAME] [--parse] [--json]
import { resolveSelection, SelectionError } from '../../shared/selection';
import { computeStaleness } from '../services/runs/staleness';
import { EXIT_FAILED, EXIT_OK, printJson } from './cli-io';
import type { Command } from './commands';
import { envOption, loadForCli, openStoreIfAny, projectDirOf } from './project-context';

export const assetsCommand: Command = {
  name: 'assets',
  summary: 'list the assets of the dbt project (from target/manifest.json)',
  usage: 'floe assets [dir] [--select SEL] [--exclude SEL] [--env NAME] [--parse] [--json]',
  options: {
    select: { type: 'string', short: 's' },
    exclude: { type: 'string' },
    env: { type: 'string' },
    parse: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  maxPositionals: 1,
  async run(args, io) {
    const dir = projectDirOf(io, args.positionals[0]);
    const state = await loadForCli(io, dir, {
      env: envOption(args.values.env),
      parse: args.values.parse === true,
    });
    const graph = state.graph;
    if (state.artifacts === null || graph === null) {
      for (const p of state.problems)
        io.err(`${p.severity}: ${p.file ? `${p.file}: ` : ''}${p.message}`);
      return EXIT_FAILED;
    }
    let ids: Set<string>;
    try {
      const select = envOption(args.values.select);
      const exclude = envOption(args.values.exclude);
      ids =
        select === undefined && exclude === undefined
          ? new Set(graph.assets.map((a) => a.id))
          : resolveSelection(graph, select, exclude);
    } catch (error) {
      if (!(error instanceof SelectionError)) throw error;
      io.err(`floe assets: ${error.message}`);
      return EXIT_FAILED;
    }
    const store = openStoreIfAny(dir);
    const stale = computeStaleness(
      graph,
      store?.lastSuccesses(state.artifacts.environment) ?? new Map(),
    );
    store?.close();
    const assets = graph.assets
      .filter((a) => ids.has(a.id))
      .map((a) => ({
        id: a.id,
        name: a.name,
        resource_type: a.resourceType,
        group: a.group,
        tags: a.tags,
        owner: a.owner ?? null,
        deps: a.deps,
        checks: a.checks,
        stale: stale[a.id] !== undefined,
        stale_reason: stale[a.id]?.detail ?? null,
        materialization: a.materialization ?? null,
      }));
    if (args.values.json === true) {
      printJson(io, { assets });
      return EXIT_OK;
    }
    const width = Math.max(4, ...assets.map((a) => a.id.length));
    io.out(`${'ASSET'.padEnd(width)}  ${'TYPE'.padEnd(8)}  ${'GROUP'.padEnd(14)}  STALE`);
    for (const a of assets) {
      io.out(
        `${a.id.padEnd(width)}  ${a.resource_type.padEnd(8)}  ${a.group.padEnd(14)}  ${a.stale ? 'stale' : ''}`,
      );
    }
    io.out(`${assets.length} asset(s)`);
    return EXIT_OK;
  },
};
