// dbt's node selection syntax, parsed by hand (not dbt's regex) so every error can point at the
// token that caused it. Grammar, as dbt's graph/cli.py and selector_spec.py read it:
//   expression   := spec (whitespace spec)*            union
//   spec         := criterion ("," criterion)*          intersection
//   criterion    := ["@"] [digits? "+"] [method ("." arg)* ":"] value ["+" digits?]
// A value without a method is a path when it contains `/`, a file when it ends in .sql/.py/.csv,
// otherwise an fqn/name.
import { SelectionError } from './selection-error';

export const SELECTOR_METHODS = [
  'fqn',
  'tag',
  'group',
  'access',
  'source',
  'path',
  'file',
  'package',
  'config',
  'test_name',
  'test_type',
  'resource_type',
  'exposure',
  'unit_test',
] as const;
export type SelectorMethod = (typeof SELECTOR_METHODS)[number];

/** dbt methods that need state, run results or the semantic layer, which Floe does not model. */
const UNSUPPORTED_METHODS = [
  'state',
  'result',
  'source_status',
  'version',
  'metric',
  'semantic_model',
  'saved_query',
];

/** dbt's NodeType values: resource_type accepts these (types Floe does not model select nothing). */
export const DBT_RESOURCE_TYPES = [
  'model',
  'analysis',
  'test',
  'snapshot',
  'operation',
  'seed',
  'rpc',
  'sql_operation',
  'doc',
  'source',
  'macro',
  'exposure',
  'metric',
  'group',
  'saved_query',
  'semantic_model',
  'unit_test',
  'fixture',
  'function',
];
const TEST_TYPES = ['generic', 'schema', 'data', 'singular', 'unit'];
export const SUPPORTED_CONFIG_KEYS = ['materialized', 'severity', 'enabled', 'access', 'group'];

export interface SelectionCriterion {
  /** The criterion as typed, and where it starts in the expression. */
  raw: string;
  position: number;
  method: SelectorMethod;
  /** `config.materialized:view` → ['materialized']. */
  methodArgs: string[];
  value: string;
  /** `@x`: x, its descendants, and all ancestors of those. */
  childrensParents: boolean;
  parents: boolean;
  parentsDepth?: number;
  children: boolean;
  childrenDepth?: number;
}

export interface SelectionIntersection {
  raw: string;
  position: number;
  criteria: SelectionCriterion[];
}

export interface ParsedSelection {
  expression: string;
  /** Empty for an empty expression. */
  union: SelectionIntersection[];
}

interface Piece {
  text: string;
  position: number;
}

function splitWithPositions(text: string, position: number, separator: RegExp): Piece[] {
  const pieces: Piece[] = [];
  const re = new RegExp(separator.source, 'g');
  let start = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    pieces.push({ text: text.slice(start, m.index), position: position + start });
    start = m.index + m[0].length;
  }
  pieces.push({ text: text.slice(start), position: position + start });
  return pieces;
}

function defaultMethod(value: string): SelectorMethod {
  if (value.includes('/') || value.includes('\\')) return 'path';
  if (/\.(sql|py|csv)$/i.test(value)) return 'file';
  return 'fqn';
}

type Fail = (reason: string, at: number, length: number) => never;

function validateValue(
  method: SelectorMethod,
  args: string[],
  value: string,
  fail: Fail,
  at: number,
  methodAt: number,
): void {
  const parts = value.split('.').length;
  if (method === 'source' && parts > 3) {
    fail(
      `source selector "${value}" must be source_name, source_name.table or package.source_name.table`,
      at,
      value.length,
    );
  }
  if ((method === 'exposure' || method === 'unit_test') && parts > 2) {
    fail(`${method} selector "${value}" must be name or package.name`, at, value.length);
  }
  if (method === 'test_type' && !TEST_TYPES.includes(value)) {
    fail(
      `invalid test_type "${value}": expected generic, singular, unit or data`,
      at,
      value.length,
    );
  }
  if (method === 'resource_type' && !DBT_RESOURCE_TYPES.includes(value)) {
    fail(
      `invalid resource_type "${value}": expected one of ${DBT_RESOURCE_TYPES.join(', ')}`,
      at,
      value.length,
    );
  }
  if (method === 'config') {
    const key = args.join('.');
    if (args.length !== 1 || !SUPPORTED_CONFIG_KEYS.includes(key)) {
      const reason = `config.${key || '<key>'} is not supported; Floe Studio selects on config.${SUPPORTED_CONFIG_KEYS.join(', config.')}`;
      fail(reason, methodAt, `config.${key}`.length);
    }
  }
}

function parseCriterion(piece: Piece, expression: string): SelectionCriterion {
  const fail = (reason: string, at: number, length = 1): never => {
    throw new SelectionError(reason, expression, at, length);
  };
  const { text, position } = piece;
  if (text === '') fail('empty selector (two commas in a row, or a comma at an end)', position);
  let i = 0;
  const childrensParents = text.startsWith('@');
  if (childrensParents) i = 1;
  const parentsMatch = /^(\d*)\+/.exec(text.slice(i));
  const parents = parentsMatch !== null;
  const parentsDepth = parentsMatch?.[1] ? Number(parentsMatch[1]) : undefined;
  if (parentsMatch !== null) i += parentsMatch[0].length;

  let method: SelectorMethod | undefined;
  let methodArgs: string[] = [];
  const methodAt = position + i;
  const methodMatch = /^([\w.]+):/.exec(text.slice(i));
  if (methodMatch?.[1] !== undefined) {
    const [name = '', ...args] = methodMatch[1].split('.');
    if (UNSUPPORTED_METHODS.includes(name))
      fail(`selector method "${name}:" is not supported by Floe Studio`, position + i, name.length);
    if (!(SELECTOR_METHODS as readonly string[]).includes(name)) {
      fail(
        `unknown selector method "${name}"; expected one of ${SELECTOR_METHODS.join(', ')}`,
        position + i,
        name.length,
      );
    }
    method = name as SelectorMethod;
    methodArgs = args;
    i += methodMatch[0].length;
  }

  let value = text.slice(i);
  const valueAt = position + i;
  const childrenMatch = /\+(\d*)$/.exec(value);
  const children = childrenMatch !== null;
  const childrenDepth = childrenMatch?.[1] ? Number(childrenMatch[1]) : undefined;
  if (childrenMatch !== null) value = value.slice(0, childrenMatch.index);

  if (value === '')
    fail(
      method === undefined ? 'missing a name to select' : `missing a value after "${method}:"`,
      valueAt,
    );
  const stray = /[@+]/.exec(value);
  if (stray !== null) fail(`unexpected "${stray[0]}" inside "${value}"`, valueAt + stray.index);
  if (children && childrensParents)
    fail('"@" prefix and "+" suffix are incompatible', position, text.length);
  const resolved = method ?? defaultMethod(value);
  validateValue(resolved, methodArgs, value, fail, valueAt, methodAt);

  const criterion: SelectionCriterion = {
    raw: text,
    position,
    method: resolved,
    methodArgs,
    value,
    childrensParents,
    parents,
    children,
  };
  if (parentsDepth !== undefined) criterion.parentsDepth = parentsDepth;
  if (childrenDepth !== undefined) criterion.childrenDepth = childrenDepth;
  return criterion;
}

/** Parses a dbt selection expression; throws SelectionError pointing at the bad token. */
export function parseSelection(expression: string): ParsedSelection {
  const union: SelectionIntersection[] = [];
  for (const spec of splitWithPositions(expression, 0, /\s+/)) {
    if (spec.text === '') continue;
    const criteria = splitWithPositions(spec.text, spec.position, /,/).map((p) =>
      parseCriterion(p, expression),
    );
    union.push({ raw: spec.text, position: spec.position, criteria });
  }
  return { expression, union };
}
