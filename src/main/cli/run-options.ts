// `floe run`'s options: one table for the command (run-commands.ts) and for the early dbt spawn
// (early-run.ts), which must read the command line exactly as the command does.
import type { OptionsSpec } from './commands';

export const RUN_OPTIONS = {
  select: { type: 'string', short: 's' },
  exclude: { type: 'string' },
  env: { type: 'string' },
  vars: { type: 'string' },
  'full-refresh': { type: 'boolean' },
  parse: { type: 'boolean' },
  json: { type: 'boolean' },
  'log-format': { type: 'string' },
} as const satisfies OptionsSpec;

/** `--vars` as a JSON object; undefined when absent; null when it is not a JSON object. */
export function varsOption(value: unknown): Record<string, unknown> | undefined | null {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return null;
}
