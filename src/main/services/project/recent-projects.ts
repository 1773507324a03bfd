// The recent-projects list (most recent first), persisted as JSON in a folder the caller chooses
// (Electron's userData, or ~/.floe for the CLI). A corrupt file is treated as empty, never fatal.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const LIMIT = 10;

export interface RecentProjects {
  list(): string[];
  add(dir: string): void;
}

export function createRecentProjects(stateDir: string): RecentProjects {
  const file = join(stateDir, 'recent-projects.json');
  const read = (): string[] => {
    if (!existsSync(file)) return [];
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      return Array.isArray(parsed) ? parsed.filter((d): d is string => typeof d === 'string') : [];
    } catch {
      return [];
    }
  };
  return {
    list: read,
    add(dir) {
      const next = [dir, ...read().filter((d) => d !== dir)].slice(0, LIMIT);
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify(next, null, 2));
      } catch {
        // A read-only home must not stop a project from opening.
      }
    },
  };
}
