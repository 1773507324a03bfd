// Pure layout of a run's trace as a Gantt chart: the click and run bars on top, one bar per asset
// and check span packed into dbt thread lanes, the critical path marked; plus the scales, ticks and
// visibility windows the timeline draws with.
import { ATTR, RUN_SPAN_NAME, type SpanRecord, type SpanStatusName } from '../../../shared/traces';

export type BarKind = 'action' | 'run' | 'asset' | 'check' | 'other';

export interface TimelineBar {
  spanId: string;
  traceId: string;
  parentSpanId?: string;
  /** dbt unique_id (asset and check bars). */
  nodeId?: string;
  label: string;
  kind: BarKind;
  status: SpanStatusName;
  /** Milliseconds from the timeline's origin. */
  start: number;
  end: number;
  critical: boolean;
  /** Hover text: name, status, duration, rows, error. */
  title: string;
}

export interface TimelineLane {
  key: string;
  label: string;
  /** Bars sorted by start; they never overlap, so their ends are sorted too. */
  bars: TimelineBar[];
}

export interface TimelineLayout {
  /** Epoch ms of the earliest span. */
  originMs: number;
  durationMs: number;
  action: TimelineBar | null;
  run: TimelineBar | null;
  lanes: TimelineLane[];
  barCount: number;
}

const UNASSIGNED = 'unassigned';

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs < 1) return `${ms.toFixed(2)} ms`;
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${(ms / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  const minutes = Math.trunc(ms / 60_000);
  return `${minutes} m ${Math.round(Math.abs(ms - minutes * 60_000) / 1000)} s`;
}

function stringAttr(span: SpanRecord, key: string): string | undefined {
  const value = span.attributes[key];
  return typeof value === 'string' ? value : undefined;
}

function barKind(span: SpanRecord, ids: ReadonlySet<string>): BarKind {
  if (span.nodeId !== undefined) {
    const kind = stringAttr(span, ATTR.nodeKind);
    const type = stringAttr(span, ATTR.resourceType);
    return kind === 'check' || type === 'test' ? 'check' : 'asset';
  }
  if (span.name === RUN_SPAN_NAME) return 'run';
  if (span.parentSpanId === undefined || !ids.has(span.parentSpanId)) return 'action';
  return 'other';
}

export function spanTitle(span: SpanRecord): string {
  const lines = [
    span.nodeId ?? span.name,
    `status: ${stringAttr(span, ATTR.assetStatus) ?? stringAttr(span, ATTR.runStatus) ?? span.status}`,
    `duration: ${formatMs(span.endMs - span.startMs)}`,
  ];
  const rows = span.attributes[ATTR.rowsAffected];
  if (typeof rows === 'number') lines.push(`rows affected: ${rows}`);
  const thread = stringAttr(span, ATTR.thread);
  if (thread !== undefined) lines.push(`thread: ${thread}`);
  const materialization = stringAttr(span, ATTR.materialization);
  if (materialization !== undefined) lines.push(`materialization: ${materialization}`);
  if (span.statusMessage !== undefined) lines.push(`error: ${span.statusMessage}`);
  return lines.join('\n');
}

function toBar(
  span: SpanRecord,
  kind: BarKind,
  origin: number,
  critical: ReadonlySet<string>,
): TimelineBar {
  const bar: TimelineBar = {
    spanId: span.spanId,
    traceId: span.traceId,
    label: stringAttr(span, ATTR.assetName) ?? span.name,
    kind,
    status: span.status,
    start: span.startMs - origin,
    end: Math.max(span.endMs, span.startMs) - origin,
    critical: critical.has(span.spanId),
    title: spanTitle(span),
  };
  if (span.parentSpanId !== undefined) bar.parentSpanId = span.parentSpanId;
  if (span.nodeId !== undefined) bar.nodeId = span.nodeId;
  return bar;
}

const byStart = (a: TimelineBar, b: TimelineBar): number =>
  a.start - b.start || a.end - b.end || (a.spanId < b.spanId ? -1 : 1);

/** Packs bars (sorted by start) into as few rows as needed so that no two overlap. */
export function packRows(bars: readonly TimelineBar[]): TimelineBar[][] {
  const rows: TimelineBar[][] = [];
  const ends: number[] = [];
  for (const bar of bars) {
    let row = ends.findIndex((end) => end <= bar.start);
    if (row === -1) {
      row = rows.length;
      rows.push([]);
      ends.push(bar.end);
    }
    rows[row]?.push(bar);
    ends[row] = bar.end;
  }
  return rows;
}

const naturalOrder = new Intl.Collator('en', { numeric: true }).compare;

export function layoutTimeline(
  spans: readonly SpanRecord[],
  criticalPath: readonly string[],
): TimelineLayout {
  if (spans.length === 0)
    return { originMs: 0, durationMs: 0, action: null, run: null, lanes: [], barCount: 0 };
  let origin = Infinity;
  let last = -Infinity;
  for (const span of spans) {
    origin = Math.min(origin, span.startMs);
    last = Math.max(last, span.endMs, span.startMs);
  }
  const ids = new Set(spans.map((span) => span.spanId));
  const critical = new Set(criticalPath);
  let action: TimelineBar | null = null;
  let run: TimelineBar | null = null;
  const groups = new Map<string, TimelineBar[]>();
  for (const span of spans) {
    const kind = barKind(span, ids);
    const bar = toBar(span, kind, origin, critical);
    if (kind === 'run' && run === null) run = bar;
    else if (kind === 'action' && action === null) action = bar;
    else {
      const key =
        kind === 'asset' || kind === 'check'
          ? (stringAttr(span, ATTR.thread) ?? UNASSIGNED)
          : 'other spans';
      const group = groups.get(key);
      if (group) group.push(bar);
      else groups.set(key, [bar]);
    }
  }
  const lanes: TimelineLane[] = [];
  let barCount = 0;
  const keys = [...groups.keys()].sort((a, b) =>
    a === UNASSIGNED ? 1 : b === UNASSIGNED ? -1 : naturalOrder(a, b),
  );
  for (const key of keys) {
    const bars = (groups.get(key) ?? []).sort(byStart);
    barCount += bars.length;
    // A dbt thread runs one node at a time; extra rows only appear when the data says otherwise.
    packRows(bars).forEach((row, index) => {
      lanes.push({
        key: index === 0 ? key : `${key}#${index + 1}`,
        label: index === 0 ? key : `${key} (${index + 1})`,
        bars: row,
      });
    });
  }
  return { originMs: origin, durationMs: last - origin, action, run, lanes, barCount };
}

/** Pixels per millisecond to fit `durationMs` into `widthPx` (never zero, never infinite). */
export function fitScale(durationMs: number, widthPx: number): number {
  return Math.max(1, widthPx) / Math.max(1, durationMs);
}

/** Tick positions (ms) at a 1/2/5 × 10^k step at least `minSpacingPx` apart. */
export function niceTicks(durationMs: number, pxPerMs: number, minSpacingPx = 90): number[] {
  if (!(durationMs > 0) || !(pxPerMs > 0)) return [0];
  const rawStep = minSpacingPx / pxPerMs;
  const magnitude = 10 ** Math.floor(Math.log10(rawStep));
  const step =
    [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rawStep) ??
    10 * magnitude;
  const ticks: number[] = [];
  for (let t = 0; t <= durationMs + step * 1e-9; t += step) ticks.push(t);
  return ticks;
}

/** Index range [first, last) of rows of `rowHeight` visible in a viewport, with `overscan` rows. */
export function visibleRows(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 4,
): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return [Math.min(first, last), last];
}

/** Bars of one lane (sorted, non-overlapping) that intersect [fromMs, toMs]: binary search + scan. */
export function barsInWindow(
  bars: readonly TimelineBar[],
  fromMs: number,
  toMs: number,
): TimelineBar[] {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const bar = bars[mid];
    if (bar !== undefined && bar.end < fromMs) lo = mid + 1;
    else hi = mid;
  }
  const out: TimelineBar[] = [];
  for (let i = lo; i < bars.length; i += 1) {
    const bar = bars[i];
    if (bar === undefined || bar.start > toMs) break;
    out.push(bar);
  }
  return out;
}
