// Small readers for untyped manifest JSON: each returns a typed value or a safe default, so
// the graph builder never trusts a field's shape (manifests are hand-trimmed, old or partial).
export type JsonObject = Record<string, unknown>;

const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: unknown): JsonObject {
  return isObject(value) ? value : EMPTY;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A non-empty string, else undefined (dbt writes `null` and `""` for "not set"). */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function strList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  // Fast path: most lists are already all strings; reuse them instead of copying.
  if (value.every((item) => typeof item === 'string')) return value as string[];
  const out: string[] = [];
  for (const item of value) if (typeof item === 'string') out.push(item);
  return out;
}
