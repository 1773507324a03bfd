// Is the process that owned a run still the same process? A pid alone can be reused after a crash or
// reboot, so on Linux the process start time (field 22 of /proc/<pid>/stat) is recorded with it.
import { readFileSync } from 'node:fs';

/** Start time of a process in clock ticks since boot, as text; null where /proc is unavailable. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null;
  } catch {
    return null;
  }
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `pid` is alive and, when a start time was recorded and can be read, it matches. */
export function isSameProcessAlive(pid: number, recordedStart: string | null): boolean {
  if (!isPidAlive(pid)) return false;
  if (recordedStart === null) return true;
  const now = processStartTime(pid);
  return now === null || now === recordedStart;
}
