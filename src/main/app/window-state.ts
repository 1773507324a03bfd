// Remembers the main window's size and position in a small JSON file (Electron's userData). The pure
// part validates what was read and makes sure a restored window lands on a screen that still exists.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MIN_WINDOW_SIZE } from './window-options';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
  fullScreen: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW_STATE: WindowState = {
  width: 1400,
  height: 900,
  maximized: false,
  fullScreen: false,
};
/** How much of the window's top edge must be on a screen for the user to grab it. */
const MIN_VISIBLE = { width: 100, height: 40 } as const;
/** Anything larger than this is a corrupt file, not a monitor. */
const MAX_COORDINATE = 100_000;

export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const width = record['width'];
  const height = record['height'];
  if (!isCoordinate(width) || !isCoordinate(height) || width <= 0 || height <= 0) return null;
  const state: WindowState = {
    width,
    height,
    maximized: record['maximized'] === true,
    fullScreen: record['fullScreen'] === true,
  };
  const x = record['x'];
  const y = record['y'];
  if (isCoordinate(x) && isCoordinate(y)) return { ...state, x, y };
  return state;
}

/** Clamps the size to the largest screen and drops a position that is off every screen. */
export function fitWindowState(state: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const base = state ?? DEFAULT_WINDOW_STATE;
  const largest = workAreas.reduce<Rect | null>(
    (best, area) =>
      best === null || area.width * area.height > best.width * best.height ? area : best,
    null,
  );
  const width = Math.max(
    MIN_WINDOW_SIZE.width,
    largest === null ? base.width : Math.min(base.width, largest.width),
  );
  const height = Math.max(
    MIN_WINDOW_SIZE.height,
    largest === null ? base.height : Math.min(base.height, largest.height),
  );
  const sized: WindowState = {
    width,
    height,
    maximized: base.maximized,
    fullScreen: base.fullScreen,
  };
  if (base.x === undefined || base.y === undefined) return sized;
  const titleBar: Rect = { x: base.x, y: base.y, width, height: MIN_VISIBLE.height };
  const visible = workAreas.some((area) =>
    overlap(area, titleBar, MIN_VISIBLE.width, MIN_VISIBLE.height / 2),
  );
  // Off-screen (a monitor was unplugged): let Electron centre it on the primary screen.
  return visible ? { ...sized, x: base.x, y: base.y } : sized;
}

export function loadWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

/** Writes via a temp file and rename, so a crash mid-write never leaves a half file. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temp, file);
}

function isCoordinate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_COORDINATE;
}

function overlap(area: Rect, rect: Rect, minWidth: number, minHeight: number): boolean {
  const width = Math.min(area.x + area.width, rect.x + rect.width) - Math.max(area.x, rect.x);
  const height = Math.min(area.y + area.height, rect.y + rect.height) - Math.max(area.y, rect.y);
  return width >= minWidth && height >= minHeight;
}
