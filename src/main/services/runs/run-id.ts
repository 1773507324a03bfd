// Run ids sort by creation time as plain strings: `20261122T101500123Z-ab12cd` (UTC, milliseconds,
// random suffix). Within one process ids are strictly increasing even inside the same millisecond.
import { randomBytes } from 'node:crypto';

let lastMs = 0;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function newRunId(now: Date = new Date()): string {
  let ms = now.getTime();
  if (ms <= lastMs) ms = lastMs + 1;
  lastMs = ms;
  const d = new Date(ms);
  const stamp =
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}${pad(d.getUTCMinutes(), 2)}${pad(d.getUTCSeconds(), 2)}${pad(d.getUTCMilliseconds(), 3)}Z`;
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

const RUN_ID = /^\d{8}T\d{9}Z-[0-9a-f]{6}$/;

/** Run ids name folders under `.floe/runs/`: anything else is refused before touching the disk. */
export function isRunId(value: string): boolean {
  return RUN_ID.test(value);
}
