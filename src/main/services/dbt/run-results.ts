// dbt's `run_results.json`: the final word on every node of an invocation. The run engine reads it after
// dbt exits to complete nodes whose events it missed (e.g. dbt killed between writing a result and
// logging it, or an older dbt that logs less).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseDbtTime } from './dbt-log-events';

const timingSchema = z.object({
  name: z.string(),
  started_at: z.string().nullish(),
  completed_at: z.string().nullish(),
});

const resultSchema = z.object({
  unique_id: z.string(),
  status: z.string(),
  message: z.string().nullish(),
  thread_id: z.string().nullish(),
  execution_time: z.number().nullish(),
  failures: z.number().nullish(),
  adapter_response: z.record(z.string(), z.unknown()).nullish(),
  timing: z.array(timingSchema).nullish(),
});

const runResultsSchema = z.object({
  metadata: z.object({
    dbt_version: z.string().nullish(),
    invocation_id: z.string().nullish(),
    generated_at: z.string().nullish(),
  }),
  results: z.array(resultSchema),
});

export interface RunResult {
  uniqueId: string;
  status: string;
  message?: string;
  thread?: string;
  executionTime?: number;
  failures?: number;
  rowsAffected?: number;
  startedAt?: Date;
  finishedAt?: Date;
}

export interface RunResults {
  invocationId?: string;
  dbtVersion?: string;
  generatedAt?: Date;
  results: RunResult[];
}

function setIf<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | undefined | null,
): void {
  if (value !== undefined && value !== null) target[key] = value;
}

/** Parses run_results.json content; throws with a clear message on malformed input. */
export function parseRunResults(json: unknown): RunResults {
  const parsed = runResultsSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`run_results.json is not in dbt's format: ${parsed.error.message}`);
  const { metadata, results } = parsed.data;
  const out: RunResults = { results: [] };
  setIf(out, 'invocationId', metadata.invocation_id);
  setIf(out, 'dbtVersion', metadata.dbt_version);
  setIf(out, 'generatedAt', parseDbtTime(metadata.generated_at));
  for (const r of results) {
    const item: RunResult = { uniqueId: r.unique_id, status: r.status };
    setIf(item, 'message', r.message);
    setIf(item, 'thread', r.thread_id);
    setIf(item, 'executionTime', r.execution_time);
    setIf(item, 'failures', r.failures);
    const rows = r.adapter_response?.rows_affected;
    if (typeof rows === 'number') item.rowsAffected = rows;
    const timings = r.timing ?? [];
    const first = timings[0];
    const last = timings[timings.length - 1];
    setIf(item, 'startedAt', parseDbtTime(first?.started_at));
    setIf(item, 'finishedAt', parseDbtTime(last?.completed_at));
    out.results.push(item);
  }
  return out;
}

/** Reads `<target>/run_results.json`; null when it does not exist or is unreadable. */
export function readRunResults(path: string): RunResults | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    return parseRunResults(JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}
