// dbt's checksums of files that just changed, so staleness ("code changed") is known as soon as a
// model is saved, without waiting for a parse. dbt hashes a file's text after Python's str.strip()
// (dbt's load_file_contents(strip=True)); hashing the raw bytes instead would call every file with a
// trailing newline changed, and an undone edit would stay stale.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { AssetGraph } from '../../../shared/assets';

/** The characters Python's str.isspace() accepts (JS trim() differs: it strips U+FEFF, keeps these). */
const PYTHON_WHITESPACE = new Set([
  ...'\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000',
  ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
]);

/** Python's `text.strip()`. */
export function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && PYTHON_WHITESPACE.has(text.charAt(start))) start += 1;
  while (end > start && PYTHON_WHITESPACE.has(text.charAt(end - 1))) end -= 1;
  return text.slice(start, end);
}

/** dbt's FileHash.from_contents of a file as dbt reads it (UTF-8, stripped). */
export function dbtChecksum(contents: Buffer): string {
  return createHash('sha256')
    .update(pythonStrip(contents.toString('utf8')), 'utf8')
    .digest('hex');
}

/** The graph with the changed files' assets carrying their files' current checksums. */
export function withFreshChecksums(
  graph: AssetGraph,
  dbtDir: string,
  paths: readonly string[],
): AssetGraph {
  const changed = new Map<string, string>();
  for (const path of paths) {
    try {
      // The manifest's original_file_path uses forward slashes on every OS.
      changed.set(relative(dbtDir, path).split(sep).join('/'), dbtChecksum(readFileSync(path)));
    } catch {
      // Deleted or unreadable: the next parse will tell.
    }
  }
  if (changed.size === 0) return graph;
  let any = false;
  const assets = graph.assets.map((asset) => {
    const checksum = asset.filePath === undefined ? undefined : changed.get(asset.filePath);
    if (checksum === undefined || checksum === asset.checksum) return asset;
    any = true;
    return { ...asset, checksum };
  });
  // Unchanged checksums (a save without edits, a YAML file): keep the graph object, so the UI has
  // nothing to redo.
  return any ? { ...graph, assets } : graph;
}
