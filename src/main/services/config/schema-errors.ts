// Turns zod issues into problems that say what, where (file:line:col, key path) and what is allowed.
import { z } from 'zod';
import type { Problem } from '../../../shared/problems';
import { locate, type LocatedDocument } from './yaml-document';

type Path = readonly PropertyKey[];

/** Walks the schema along a key path, through optional/default/nullable/pipe wrappers. */
function schemaAt(schema: z.ZodType, path: Path): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject) {
      const shape = current.shape as Record<string, z.ZodType>;
      current = typeof segment === 'string' ? shape[segment] : undefined;
    } else if (current instanceof z.ZodRecord) {
      current = current.valueType as z.ZodType;
    } else if (current instanceof z.ZodArray) {
      current = current.element as z.ZodType;
    } else {
      return undefined;
    }
    current = current === undefined ? undefined : unwrap(current);
  }
  return current;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 10; i++) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodDefault) {
      current = current.removeDefault() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      break;
    }
  }
  return current;
}

function allowedKeys(schema: z.ZodType, path: Path): string[] {
  const at = schemaAt(schema, path);
  return at instanceof z.ZodObject ? Object.keys(at.shape as object) : [];
}

function describeReceived(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return `the string "${input}"`;
  return `${typeof input} ${String(input)}`;
}

function issueMessage(issue: z.core.$ZodIssue, schema: z.ZodType, input: unknown): string {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schema, issue.path);
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      return `unknown key ${keys}; allowed keys: ${allowed.join(', ')}`;
    }
    case 'invalid_value':
      return `invalid value ${JSON.stringify(input) ?? 'undefined'}; allowed values: ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      return input === undefined
        ? `missing required key "${String(issue.path[issue.path.length - 1] ?? '')}" (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${describeReceived(input)}`;
    case 'invalid_union': {
      const expected = new Set(
        issue.errors.flatMap((branch) =>
          branch.flatMap((inner) =>
            inner.code === 'invalid_type' && inner.path.length === 0 ? [inner.expected] : [],
          ),
        ),
      );
      return expected.size > 0
        ? `expected ${[...expected].join(' or ')}, got ${describeReceived(input)}`
        : issue.message;
    }
    case 'invalid_format':
      return `${issue.message}`;
    case 'invalid_key':
      return issue.issues.map((inner) => inner.message).join('; ');
    case 'too_small':
      return issue.origin === 'array'
        ? `needs at least ${String(issue.minimum)} item(s)`
        : issue.origin === 'string'
          ? 'must not be empty'
          : issue.message;
    default:
      return issue.message;
  }
}

function valueAt(root: unknown, path: Path): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

export function zodIssuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  input: unknown,
  located: LocatedDocument,
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      // One problem per unknown key, pointing at the key itself.
      for (const key of issue.keys) {
        const pos = locate(located, [...path, key], true);
        problems.push({
          severity: 'error',
          source: 'config',
          file: located.file,
          ...pos,
          keyPath: [...path, key].join('.'),
          message: issueMessage({ ...issue, keys: [key] }, schema, input),
        });
      }
      continue;
    }
    // Record keys (environment names) are located at the key, not its value.
    const isKeyIssue = issue.code === 'invalid_key';
    const pos = locate(located, path, isKeyIssue);
    problems.push({
      severity: 'error',
      source: 'config',
      file: located.file,
      ...pos,
      keyPath: path.join('.') || '(root)',
      message: issueMessage(issue, schema, valueAt(input, path)),
    });
  }
  return problems;
}
