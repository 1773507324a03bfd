// The Gantt timeline: plain absolutely positioned divs (no React Flow), rows virtualized by lane and
// bars culled to the visible time window, so thousands of bars draw in one cheap commit and
// scrolling re-renders only when the visible window moves by a whole chunk.
import { memo, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import {
  barsInWindow,
  fitScale,
  formatMs,
  niceTicks,
  visibleRows,
  type TimelineBar,
  type TimelineLayout,
} from './timeline-layout';

export const ROW_HEIGHT = 22;
const AXIS_HEIGHT = 22;
const LABEL_WIDTH = 140;
const RIGHT_PAD = 16;
/** Horizontal scroll is quantized to this many pixels before the bars are re-culled. */
const CHUNK_PX = 512;

interface Viewport {
  top: number;
  left: number;
  width: number;
  height: number;
}

interface Row {
  key: string;
  label: string;
  bars: readonly TimelineBar[];
  /** The run and click rows are never culled (one bar each). */
  fixed: boolean;
}

function rowsOf(layout: TimelineLayout): Row[] {
  const rows: Row[] = [];
  if (layout.action)
    rows.push({ key: 'action', label: 'click', bars: [layout.action], fixed: true });
  if (layout.run) rows.push({ key: 'run', label: 'run', bars: [layout.run], fixed: true });
  for (const lane of layout.lanes) rows.push({ ...lane, fixed: false });
  return rows;
}

const Bar = memo(function Bar({ bar, pxPerMs }: { bar: TimelineBar; pxPerMs: number }) {
  const left = LABEL_WIDTH + bar.start * pxPerMs;
  const width = Math.max(2, (bar.end - bar.start) * pxPerMs);
  return (
    <div
      className="timeline__bar"
      style={{ left, width }}
      title={bar.title}
      data-span-id={bar.spanId}
      data-node-id={bar.nodeId}
      data-trace-id={bar.kind === 'run' || bar.kind === 'action' ? bar.traceId : undefined}
      data-parent-span-id={bar.kind === 'run' ? bar.parentSpanId : undefined}
      data-kind={bar.kind}
      data-status={bar.status}
      data-critical={bar.critical ? 'true' : undefined}
    >
      {width > 36 ? bar.label : null}
    </div>
  );
});

const TimelineRow = memo(function TimelineRow({
  row,
  index,
  pxPerMs,
  fromMs,
  toMs,
}: {
  row: Row;
  index: number;
  pxPerMs: number;
  fromMs: number;
  toMs: number;
}) {
  const bars = row.fixed ? row.bars : barsInWindow(row.bars, fromMs, toMs);
  return (
    <div
      className="timeline__row"
      data-lane={row.key}
      style={{ top: AXIS_HEIGHT + index * ROW_HEIGHT }}
    >
      <div className="timeline__label" title={row.label}>
        {row.label}
      </div>
      {bars.map((bar) => (
        <Bar key={bar.spanId} bar={bar} pxPerMs={pxPerMs} />
      ))}
    </div>
  );
});

export interface TimelineProps {
  layout: TimelineLayout;
  /** 1 fits the run into the width; 2 is twice as wide… */
  zoom: number;
  onBarClick(nodeId: string): void;
  /** Told once the bars for `layout` are in the DOM (the panel's readiness). */
  onDrawn(layout: TimelineLayout): void;
}

export function Timeline({ layout, zoom, onBarClick, onDrawn }: TimelineProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Viewport>({ top: 0, left: 0, width: 0, height: 0 });

  useEffect(() => {
    const element = scrollRef.current;
    if (element === null) return;
    let frame = 0;
    const measure = (): void => {
      frame = 0;
      const next = {
        top: element.scrollTop,
        left: Math.floor(element.scrollLeft / CHUNK_PX) * CHUNK_PX,
        width: element.clientWidth,
        height: element.clientHeight,
      };
      setViewport((old) =>
        old.top === next.top &&
        old.left === next.left &&
        old.width === next.width &&
        old.height === next.height
          ? old
          : next,
      );
    };
    const schedule = (): void => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    element.addEventListener('scroll', schedule, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', schedule);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, []);

  const drawable = viewport.width > 0;
  const pxPerMs = zoom * fitScale(layout.durationMs, viewport.width - LABEL_WIDTH - RIGHT_PAD);
  const rows = useMemo(() => rowsOf(layout), [layout]);
  const [first, last] = visibleRows(
    Math.max(0, viewport.top - AXIS_HEIGHT),
    viewport.height,
    ROW_HEIGHT,
    rows.length,
  );
  // One chunk of overscan each side keeps bars ready before they scroll in.
  const fromMs = (viewport.left - LABEL_WIDTH - CHUNK_PX) / pxPerMs;
  const toMs = (viewport.left + viewport.width + CHUNK_PX) / pxPerMs;
  const contentWidth = LABEL_WIDTH + layout.durationMs * pxPerMs + RIGHT_PAD;

  useEffect(() => {
    if (drawable) onDrawn(layout);
  }, [drawable, layout, onDrawn]);

  const onClick = (event: MouseEvent<HTMLDivElement>): void => {
    const target = event.target instanceof Element ? event.target.closest('[data-node-id]') : null;
    const nodeId = target?.getAttribute('data-node-id');
    if (nodeId) onBarClick(nodeId);
  };

  return (
    <div className="timeline" ref={scrollRef} onClick={onClick}>
      <div
        className="timeline__canvas"
        style={{ width: contentWidth, height: AXIS_HEIGHT + rows.length * ROW_HEIGHT }}
      >
        <div className="timeline__axis" style={{ width: contentWidth }}>
          <div className="timeline__corner" />
          {drawable
            ? niceTicks(layout.durationMs, pxPerMs).map((tick) => (
                <span
                  key={tick}
                  className="timeline__tick"
                  style={{ left: LABEL_WIDTH + tick * pxPerMs }}
                >
                  {formatMs(tick)}
                </span>
              ))
            : null}
        </div>
        {drawable
          ? rows
              .slice(first, last)
              .map((row, offset) => (
                <TimelineRow
                  key={row.key}
                  row={row}
                  index={first + offset}
                  pxPerMs={pxPerMs}
                  fromMs={fromMs}
                  toMs={toMs}
                />
              ))
          : null}
      </div>
    </div>
  );
}
