// Reads one environment's `compute.properties` for a generator: typed getters with defaults,
// credentials as env_var references, and every issue recorded with its floe.yaml key path.
import type { ComputeTarget } from '../../../shared/config/floe-schema';
import type { ProfileIssue } from './profile-error';
import {
  ENV_VAR_NAME_PATTERN,
  envVarRef,
  isEnvVarRef,
  looksLikeSecret,
  secretEnvVarName,
} from './secrets';

export interface ReaderContext {
  target: ComputeTarget;
  environment: string;
  properties: Record<string, unknown>;
}

const ENV_SUFFIX = '_env';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class PropertyReader {
  readonly issues: ProfileIssue[] = [];
  /** Keys the generator handled itself; everything else is passed through to dbt. */
  private readonly known = new Set<string>();

  constructor(private readonly ctx: ReaderContext) {}

  get environment(): string {
    return this.ctx.environment;
  }

  keyPath(key: string): string {
    return `environments.${this.ctx.environment}.compute.properties.${key}`;
  }

  fail(key: string, message: string): void {
    this.issues.push({ keyPath: this.keyPath(key), message });
  }

  has(key: string): boolean {
    const value = this.ctx.properties[key];
    return value !== undefined && value !== null && value !== '';
  }

  private take(key: string): unknown {
    this.known.add(key);
    return this.ctx.properties[key];
  }

  string(key: string): string | undefined {
    const value = this.take(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.fail(key, `must be a string, got ${typeof value}`);
    return undefined;
  }

  /** A list of strings (e.g. duckdb `extensions`). */
  stringList(key: string): string[] | undefined {
    const value = this.take(key);
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
    this.fail(key, 'must be a list of strings');
    return undefined;
  }

  /** A value dbt cannot do without: missing → an issue that says what to set. */
  required(key: string, what: string): string {
    if (!this.has(key)) {
      this.known.add(key);
      this.fail(key, `${this.ctx.target} needs \`${key}\` (${what}) in compute.properties`);
      return '';
    }
    return this.string(key) ?? '';
  }

  /** The first of several accepted spellings (e.g. `database` / `dbname`); both set is an error. */
  alias(keys: readonly [string, string]): string {
    const [first, second] = keys;
    this.known.add(first);
    this.known.add(second);
    if (this.has(first) && this.has(second)) {
      this.fail(second, `set either \`${first}\` or \`${second}\`, not both`);
    }
    return this.has(second) ? second : first;
  }

  /** Positive whole number; a digit string (from `${VAR}` interpolation) is accepted. */
  number(key: string, fallback: number): number {
    const value = this.take(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    if (typeof value === 'string' && /^[1-9][0-9]*$/.test(value)) return Number(value);
    this.fail(key, 'must be a positive whole number');
    return fallback;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const value = this.take(key);
    if (value === undefined || value === null) return fallback;
    const match = allowed.find((option) => option === value);
    if (match !== undefined) return match;
    this.fail(key, `must be one of: ${allowed.join(', ')}`);
    return fallback;
  }

  /**
   * A credential: `{{ env_var('<TARGET>_<ENV>_<SECRET>') }}`, or the variable named by `<key>_env`.
   * A literal value is refused (never echoed back: it may be the secret itself).
   */
  secret(key: string, secretName: string): string {
    const overrideKey = `${key}${ENV_SUFFIX}`;
    const literal = this.take(key);
    const override = this.take(overrideKey);
    const defaultName = secretEnvVarName(this.ctx.target, this.ctx.environment, secretName);
    if (literal !== undefined && override !== undefined) {
      this.fail(key, `set either \`${key}\` or \`${overrideKey}\`, not both`);
    } else if (isEnvVarRef(literal)) {
      return literal;
    } else if (literal !== undefined) {
      this.fail(
        key,
        `\`${key}\` is a credential and floe.yaml must not hold credentials: remove it and export ${defaultName}, or set \`${overrideKey}: OTHER_VAR\` to read another variable`,
      );
    } else if (override !== undefined) {
      if (typeof override === 'string' && ENV_VAR_NAME_PATTERN.test(override)) {
        return envVarRef(override);
      }
      this.fail(overrideKey, 'must be an environment variable name (letters, digits and _)');
    }
    return envVarRef(defaultName);
  }

  /** Properties the generator did not handle, passed through to dbt after the secrets check. */
  rest(): Record<string, unknown> {
    const remaining: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.ctx.properties)) {
      if (this.known.has(key)) continue;
      const base = key.endsWith(ENV_SUFFIX) ? key.slice(0, -ENV_SUFFIX.length) : undefined;
      if (base !== undefined && this.known.has(base)) {
        this.fail(
          key,
          `\`${base}\` is not a credential: write its value in floe.yaml (\${VAR} reads the environment at compile time)`,
        );
        continue;
      }
      remaining[key] = value;
    }
    return this.passThrough(remaining, '');
  }

  /** `<key>_env: VAR` → `<key>: {{ env_var('VAR') }}`; secret-looking literals refused (recursively). */
  private passThrough(record: Record<string, unknown>, prefix: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) {
      const path = `${prefix}${key}`;
      const base = key.endsWith(ENV_SUFFIX) ? key.slice(0, -ENV_SUFFIX.length) : undefined;
      if (base !== undefined && base !== '') {
        if (base in record) this.fail(path, `set either \`${base}\` or \`${key}\`, not both`);
        else if (typeof value === 'string' && ENV_VAR_NAME_PATTERN.test(value)) {
          out[base] = envVarRef(value);
        } else this.fail(path, 'must be an environment variable name (letters, digits and _)');
      } else if (looksLikeSecret(key) && !isEnvVarRef(value)) {
        this.fail(
          path,
          `\`${key}\` looks like a secret and floe.yaml must not hold secrets: set \`${key}${ENV_SUFFIX}: MY_VAR\` and export that variable instead`,
        );
      } else {
        out[key] = this.passValue(value, path);
      }
    }
    return out;
  }

  private passValue(value: unknown, path: string): unknown {
    if (Array.isArray(value)) return value.map((item, i) => this.passValue(item, `${path}.${i}`));
    if (isRecord(value)) return this.passThrough(value, `${path}.`);
    return value;
  }
}
