// Maps lines of dbt's JSON log file (`--log-format-file json`) to the few events the run engine needs.
// Event names and fields were read from real dbt 1.11 logs (fixtures in ./fixtures/); every field is
// read defensively because older dbt versions (1.5+) omit some of them.

export type DbtResourceType = string;

export interface DbtNodeStarted {
  type: 'node_started';
  nodeId: string;
  resourceType: DbtResourceType;
  /** When dbt logged the event. */
  at: Date;
  thread?: string;
  /** dbt's checksum of the node's file (sha256 of the SQL/CSV), empty for tests. */
  checksum?: string;
}

export interface DbtNodeFinished {
  type: 'node_finished';
  nodeId: string;
  resourceType: DbtResourceType;
  /** dbt's result status: success, error, skipped, pass, fail, warn, no-op, partial success… */
  status: string;
  at: Date;
  startedAt?: Date;
  finishedAt?: Date;
  message?: string;
  rowsAffected?: number;
  executionTime?: number;
  failures?: number;
  thread?: string;
  checksum?: string;
}

export type DbtLogEvent =
  | { type: 'invocation'; invocationId: string; version?: string; pid?: number; at: Date }
  | DbtNodeStarted
  | DbtNodeFinished
  | { type: 'command_completed'; success: boolean; at: Date };

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** dbt writes node timestamps without a zone; they are UTC (dbt uses utcnow). */
export function parseDbtTime(value: unknown): Date | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  const zoned = /[zZ]$|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function withOptional<T extends object>(base: T, extra: Record<string, unknown>): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) out[key] = value;
  return out as T;
}

/** One parsed JSON line → an engine event, or null for the hundreds of lines the engine ignores. */
export function mapDbtLogLine(line: unknown): DbtLogEvent | null {
  const root = obj(line);
  const info = obj(root?.info);
  const data = obj(root?.data) ?? {};
  const name = str(info?.name);
  if (info === undefined || name === undefined) return null;
  const at = parseDbtTime(info.ts) ?? new Date();
  const thread = str(info.thread);

  if (name === 'MainReportVersion') {
    const invocationId = str(info.invocation_id) ?? '';
    const version = str(data.version)?.replace(/^=/, '');
    return withOptional(
      { type: 'invocation' as const, invocationId, at },
      { version, pid: num(info.pid) },
    );
  }
  if (name === 'CommandCompleted') {
    return { type: 'command_completed', success: data.success === true, at };
  }
  if (name !== 'NodeStart' && name !== 'NodeFinished') return null;

  const nodeInfo = obj(data.node_info);
  const nodeId = str(nodeInfo?.unique_id);
  if (nodeInfo === undefined || nodeId === undefined) return null;
  const resourceType = str(nodeInfo.resource_type) ?? nodeId.split('.')[0] ?? 'unknown';
  const checksum = str(nodeInfo.node_checksum);

  if (name === 'NodeStart') {
    return withOptional(
      { type: 'node_started' as const, nodeId, resourceType, at },
      { thread, checksum },
    );
  }

  const result = obj(data.run_result);
  const adapter = obj(result?.adapter_response);
  // run_result.status is the authoritative one; node_info.node_status mirrors it on dbt versions
  // whose NodeFinished has no run_result.
  const status = str(result?.status) ?? str(nodeInfo.node_status) ?? 'error';
  return withOptional(
    { type: 'node_finished' as const, nodeId, resourceType, status, at },
    {
      startedAt: parseDbtTime(nodeInfo.node_started_at),
      finishedAt: parseDbtTime(nodeInfo.node_finished_at),
      message: str(result?.message),
      rowsAffected: num(adapter?.rows_affected),
      executionTime: num(result?.execution_time),
      failures: num(result?.num_failures) ?? num(result?.failures),
      thread: str(result?.thread) ?? thread,
      checksum,
    },
  );
}

/**
 * The events mapDbtLogLine maps. At debug level (which the engine asks for) nine lines in ten are
 * SQL and connection chatter, a kilobyte each; they are not JSON-parsed at all. A line that only
 * mentions such a name (in its SQL, say) is parsed and then ignored by mapDbtLogLine.
 */
const MAPPED_EVENT = /"name":\s*"(?:NodeStart|NodeFinished|MainReportVersion|CommandCompleted)"/;

/** Parses one raw line; malformed lines (e.g. a half-written last line) give null. */
export function parseDbtLogLine(text: string): DbtLogEvent | null {
  if (!MAPPED_EVENT.test(text)) return null;
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    return mapDbtLogLine(JSON.parse(trimmed) as unknown);
  } catch {
    return null;
  }
}
