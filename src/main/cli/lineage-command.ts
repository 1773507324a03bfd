// floe lineage [dir] [--run ID] [--asset ID] [--json]: the OpenLineage events kept in .floe/lineage.db.
import { existsSync } from 'node:fs';
import type { StoredLineageEvent } from '../../shared/lineage';
import { defaultLineageDbPath, openLineageStore } from '../services/lineage';
import { EXIT_OK, printJson, UsageError } from './cli-io';
import type { Command } from './commands';
import { envOption, projectDirOf } from './project-context';

export const lineageCommand: Command = {
  name: 'lineage',
  summary: 'the OpenLineage events of runs (all, one run, or one asset)',
  usage: 'floe lineage [dir] [--run ID] [--asset ID] [--limit N] [--json]',
  options: {
    run: { type: 'string' },
    asset: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  maxPositionals: 1,
  run(args, io) {
    const dir = projectDirOf(io, args.positionals[0]);
    const limit = args.values.limit === undefined ? undefined : Number(args.values.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) {
      throw new UsageError('--limit must be a positive whole number');
    }
    const path = defaultLineageDbPath(dir);
    let events: StoredLineageEvent[] = [];
    if (existsSync(path)) {
      const store = openLineageStore(path);
      try {
        events = store.listEvents({
          floeRunId: envOption(args.values.run),
          assetId: envOption(args.values.asset),
          limit,
        });
      } finally {
        store.close();
      }
    }
    if (args.values.json === true) {
      printJson(io, {
        events: events.map((e) => ({
          event_id: e.eventId,
          delivery: e.delivery,
          floe_run_id: e.floeRunId,
          ...e.event,
        })),
      });
      return EXIT_OK;
    }
    if (events.length === 0) io.out('no lineage events yet (`floe run` emits them)');
    for (const e of events) {
      const outputs = e.event.outputs.map((d) => d.name).join(', ');
      const error = e.event.run.facets?.errorMessage?.message;
      io.out(
        `${e.eventTime}  ${e.eventType.padEnd(8)}  ${e.jobName}${outputs ? ` → ${outputs}` : ''}  [${e.delivery}]${typeof error === 'string' ? `  ${error.split('\n')[0] ?? ''}` : ''}`,
      );
    }
    return EXIT_OK;
  },
};
