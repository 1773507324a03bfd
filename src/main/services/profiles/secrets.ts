// Credentials never appear as values: only as dbt `{{ env_var('NAME') }}` references (FR-003, SC-007).
import type { ComputeTarget } from '../../../shared/config/floe-schema';

export const ENV_VAR_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `<SERVICE>_<ENV>_<SECRET>`, e.g. `secretEnvVarName('postgres', 'staging', 'user')` → POSTGRES_STAGING_USER. */
export function secretEnvVarName(target: ComputeTarget, env: string, secret: string): string {
  return [target, env, secret]
    .map((part) => part.toUpperCase().replace(/[^A-Z0-9]+/g, '_'))
    .join('_');
}

export function envVarRef(name: string): string {
  return `{{ env_var('${name}') }}`;
}

const WHOLE_REF = /^\{\{\s*env_var\(\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\1\s*\)\s*\}\}$/;
const ANY_REF = /env_var\(\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\1/g;

/** True when the value is exactly one env_var reference (no default: a default would be a literal). */
export function isEnvVarRef(value: unknown): value is string {
  return typeof value === 'string' && WHOLE_REF.test(value);
}

/** Every variable name referenced by `env_var(...)` in a text, sorted and unique. */
export function envVarNamesIn(text: string): string[] {
  const names = new Set<string>();
  text.replace(ANY_REF, (whole: string, _quote: string, name: string) => {
    names.add(name);
    return whole;
  });
  return [...names].sort();
}

const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'credential',
  'credentials',
  'apikey',
  'keyfile',
  'privatekey',
]);
const SECRET_PAIRS = ['private_key', 'api_key', 'access_key', 'secret_key'];
/** Names that contain a secret word but hold no secret. */
const NOT_SECRET = new Set(['token_uri', 'token_endpoint', 'secret_type']);

/** Heuristic for adapter options floe does not know: does this key name hold a secret? */
export function looksLikeSecret(key: string): boolean {
  const lower = key.toLowerCase();
  if (NOT_SECRET.has(lower)) return false;
  const words = lower.split(/[^a-z0-9]+/);
  const joined = `_${words.join('_')}_`;
  return (
    words.some((word) => SECRET_WORDS.has(word)) ||
    SECRET_PAIRS.some((pair) => joined.includes(`_${pair}_`))
  );
}
