// YAML parsing that remembers where every key and value came from, so errors point at file:line:col.
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml';
import type { Problem } from '../../../shared/problems';
import type { Environ } from '../../../shared/config/interpolate';
import { interpolate } from '../../../shared/config/interpolate';

export type KeyPath = readonly (string | number)[];

export interface LocatedDocument {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export function parseYamlFile(
  file: string,
  source: string,
): { ok: true; located: LocatedDocument } | { ok: false; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const offset = error.pos[0];
        const pos = lines.linePos(offset);
        return {
          severity: 'error',
          source: 'config',
          file,
          line: pos.line,
          column: pos.col,
          message: `YAML syntax error: ${firstLine(error.message)}`,
        };
      }),
    };
  }
  return { ok: true, located: { file, doc, lines } };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function childOf(
  node: Node | null | undefined,
  key: string | number,
): { key?: Node; value?: Node } {
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = pair.key;
      if ((isScalar(k) ? k.value : k) === key || (isScalar(k) && String(k.value) === String(key))) {
        return {
          key: (pair.key ?? undefined) as Node | undefined,
          value: (pair.value ?? undefined) as Node | undefined,
        };
      }
    }
  }
  if (isSeq(node) && typeof key === 'number') {
    return { value: (node.items[key] ?? undefined) as Node | undefined };
  }
  return {};
}

/** Whether every segment of the key path is written in the document. */
export function hasPath(located: LocatedDocument, path: KeyPath): boolean {
  let node: Node | undefined = (located.doc.contents ?? undefined) as Node | undefined;
  for (const segment of path) {
    const child = childOf(node, segment);
    if (child.value === undefined && child.key === undefined) return false;
    node = child.value;
  }
  return true;
}

/** Where a key path points: the value's node (or the key's, for `unrecognized key`), else its nearest parent. */
export function locate(
  located: LocatedDocument,
  path: KeyPath,
  preferKey = false,
): { line: number; column: number } {
  let node: Node | undefined = (located.doc.contents ?? undefined) as Node | undefined;
  let best: Node | undefined = node;
  for (const segment of path) {
    const child = childOf(node, segment);
    const next =
      preferKey && segment === path[path.length - 1]
        ? (child.key ?? child.value)
        : (child.value ?? child.key);
    if (next === undefined) break;
    best = next;
    node = child.value;
  }
  const offset = best?.range?.[0] ?? 0;
  const pos = located.lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/**
 * Interpolates `${VAR}` in every string scalar, in place, collecting a located problem for each
 * unset variable. Keys are never interpolated.
 */
export function interpolateDocument(located: LocatedDocument, environ: Environ): Problem[] {
  const problems: Problem[] = [];
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        visit(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, index]));
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
      const result = interpolate(node.value, environ);
      if (result.ok) {
        node.value = result.value;
      } else {
        const pos = located.lines.linePos(node.range?.[0] ?? 0);
        problems.push({
          severity: 'error',
          source: 'config',
          file: located.file,
          line: pos.line,
          column: pos.col,
          keyPath: path.join('.'),
          message: result.message,
        });
      }
    }
  };
  visit(located.doc.contents, []);
  return problems;
}
