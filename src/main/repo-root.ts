// The folder holding Floe Studio's package.json (for .venv, out/renderer, resources), found by
// walking up from this module: the same answer from src/ (tests), out/cli/ and out/main/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

export function repoRoot(start: string = __dirname): string {
  if (cached !== undefined && start === __dirname) return cached;
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
        if (name === 'floe-studio') {
          if (start === __dirname) cached = dir;
          return dir;
        }
      } catch {
        // An unreadable package.json is not ours; keep walking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}
