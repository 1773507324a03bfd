// A read-only xterm showing one run's output, live. Text comes from the run's LogBuffer; appends are
// written in small time-bounded slices; with a filter only the lines mentioning the asset are shown.
// The terminal (and xterm's code) is loaded once there is a run to show, or once the page is idle
// after the graph is on screen (so it does not slow the first paint, and is ready for the first run).
import { useEffect, useRef, useState } from 'react';
import type { Terminal } from '@xterm/xterm';
import { logBuffers } from '../../stores/log-buffers';
import { createTerminal, FONT_FAMILY, FONT_SIZE, SCROLLBACK } from './create-terminal';
import { FrameWriter } from './frame-writer';
import { LineFilter, tailLines } from './line-filter';
import { DARK_QUERY, terminalTheme } from './terminal-theme';

const FULL_RESET = '\x1bc';
/** Longest wait for idle time before the terminal is created anyway. */
const WARM_UP_TIMEOUT_MS = 2000;
/** Room for xterm's own scrollbar. */
const SCROLLBAR_PX = 14;

function cellSize(container: HTMLElement): { width: number; height: number } {
  const context = document.createElement('canvas').getContext('2d');
  let width = FONT_SIZE * 0.6;
  if (context) {
    context.font = `${FONT_SIZE}px ${FONT_FAMILY}`;
    width = context.measureText('W'.repeat(20)).width / 20;
  }
  const row = container.querySelector('.xterm-rows > div');
  const height = row?.getBoundingClientRect().height || Math.ceil(FONT_SIZE * 1.2);
  return { width, height };
}

function fit(term: Terminal, container: HTMLElement): void {
  const { width, height } = container.getBoundingClientRect();
  if (width === 0 || height === 0) return; // hidden tab: keep the size until shown
  const cell = cellSize(container);
  const cols = Math.max(20, Math.floor((width - SCROLLBAR_PX) / cell.width));
  const rows = Math.max(2, Math.floor(height / cell.height));
  if (cols !== term.cols || rows !== term.rows) term.resize(cols, rows);
}

export interface TerminalViewProps {
  runId: string | null;
  /** Asset name to filter lines by, or null for everything. */
  filter: string | null;
  /** Asks for the stored log when the buffer does not hold the run from its start. */
  loadLog: (runId: string) => void;
}

export function TerminalView({ runId, filter, loadLog }: TerminalViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [term, setTerm] = useState<Terminal | null>(null);
  // Latches: once a run was shown the terminal stays, even if the picker goes back to "no run".
  const [needed, setNeeded] = useState(runId !== null);
  if (runId !== null && !needed) setNeeded(true);

  useEffect(() => {
    if (needed) return;
    let frame: number | undefined;
    let idle: number | undefined;
    // Two frames after the graph is on screen (so its first paint is not delayed), then in idle time.
    const warmUp = (): void => {
      frame = requestAnimationFrame(() => {
        frame = requestAnimationFrame(() => {
          idle = requestIdleCallback(() => setNeeded(true), { timeout: WARM_UP_TIMEOUT_MS });
        });
      });
    };
    // body[data-ready] is set by the app once the first snapshot and its layout are on screen.
    const observer = new MutationObserver(() => {
      if (document.body.dataset.ready !== 'true') return;
      observer.disconnect();
      warmUp();
    });
    if (document.body.dataset.ready === 'true') warmUp();
    else observer.observe(document.body, { attributes: true, attributeFilter: ['data-ready'] });
    return () => {
      observer.disconnect();
      if (frame !== undefined) cancelAnimationFrame(frame);
      if (idle !== undefined) cancelIdleCallback(idle);
    };
  }, [needed]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container || !needed) return;
    const media = window.matchMedia(DARK_QUERY);
    let alive = true;
    let created: Terminal | null = null;
    let observer: ResizeObserver | null = null;
    const onTheme = (event: MediaQueryListEvent): void => {
      if (created) created.options.theme = terminalTheme(event.matches);
    };
    createTerminal(container, media.matches).then(
      (opened) => {
        if (!alive) {
          opened.dispose();
          return;
        }
        created = opened;
        observer = new ResizeObserver(() => fit(opened, container));
        observer.observe(container);
        media.addEventListener('change', onTheme);
        setTerm(opened);
      },
      (error: unknown) => console.error('could not load the terminal', error),
    );
    return () => {
      alive = false;
      media.removeEventListener('change', onTheme);
      observer?.disconnect();
      created?.dispose();
      setTerm(null);
    };
  }, [needed]);

  useEffect(() => {
    if (!term) return;
    // RIS (ESC c) goes through xterm's write queue, so text still queued from before is reset too;
    // term.reset() would act at once and let that text appear after it.
    term.write(FULL_RESET);
    if (runId === null) return;
    const writer = new FrameWriter(term);
    const lines = filter ? new LineFilter(filter) : null;
    const writeAll = (): void => {
      writer.dispose();
      term.write(FULL_RESET);
      const text = logBuffers.get(runId)?.text() ?? '';
      writer.push(lines ? lines.all(text) : tailLines(text, SCROLLBACK));
    };
    writeAll();
    const unsubscribe = logBuffers.subscribe(runId, (event) => {
      if (event.kind === 'reset') writeAll();
      else writer.push(lines ? lines.push(event.data) : event.data);
    });
    const buffer = logBuffers.get(runId);
    if (!buffer?.complete && !logBuffers.isLoading(runId)) loadLog(runId);
    return () => {
      unsubscribe();
      writer.dispose();
    };
  }, [term, runId, filter, loadLog]);

  return <div className="logs-terminal" ref={containerRef} />;
}
