import { describe, expect, it } from 'vitest';
import { fnmatch } from './fnmatch';
import { parseSelection } from './parse-selection';
import { SelectionError } from './selection-error';

function errorOf(expression: string): SelectionError {
  try {
    parseSelection(expression);
  } catch (error) {
    if (error instanceof SelectionError) return error;
    throw error;
  }
  throw new Error(`expected "${expression}" to be rejected`);
}

describe('parseSelection', () => {
  it('splits unions on whitespace and intersections on commas, keeping positions', () => {
    const parsed = parseSelection('  +orders  tag:nightly,path:models/marts ');
    expect(parsed.union.map((s) => [s.raw, s.position])).toEqual([
      ['+orders', 2],
      ['tag:nightly,path:models/marts', 11],
    ]);
    expect(parsed.union[1]?.criteria.map((c) => [c.method, c.value, c.position])).toEqual([
      ['tag', 'nightly', 11],
      ['path', 'models/marts', 23],
    ]);
  });

  it('reads graph operators and depths', () => {
    const [c] = parseSelection('2+orders+3').union[0]?.criteria ?? [];
    expect(c).toMatchObject({
      method: 'fqn',
      value: 'orders',
      parents: true,
      parentsDepth: 2,
      children: true,
      childrenDepth: 3,
      childrensParents: false,
    });
    const [at] = parseSelection('@orders').union[0]?.criteria ?? [];
    expect(at).toMatchObject({ childrensParents: true, parents: false, children: false });
    const [plain] = parseSelection('+orders+').union[0]?.criteria ?? [];
    expect(plain?.parentsDepth).toBeUndefined();
    expect(plain?.childrenDepth).toBeUndefined();
  });

  it('a name starting with digits is a name, not a depth', () => {
    const [c] = parseSelection('2020_orders').union[0]?.criteria ?? [];
    expect(c).toMatchObject({ value: '2020_orders', parents: false });
  });

  it('picks dbt default methods: path when there is a slash, file for .sql/.py/.csv, else fqn', () => {
    const methods = parseSelection(
      'models/staging stg_orders.sql raw.CSV shop.staging.stg_orders',
    ).union.map((s) => s.criteria[0]?.method);
    expect(methods).toEqual(['path', 'file', 'file', 'fqn']);
  });

  it('reads method arguments (config.materialized)', () => {
    const [c] = parseSelection('config.materialized:view').union[0]?.criteria ?? [];
    expect(c).toMatchObject({ method: 'config', methodArgs: ['materialized'], value: 'view' });
  });

  it('an empty expression is an empty union', () => {
    expect(parseSelection('   ').union).toEqual([]);
  });

  it.each([
    ['tagg:nightly', 'unknown selector method "tagg"', 0, 4],
    ['orders tag:', 'missing a value after "tag:"', 11, 1],
    ['@orders+', '"@" prefix and "+" suffix are incompatible', 0, 8],
    ['a,,b', 'empty selector', 2, 1],
    ['a,', 'empty selector', 2, 1],
    ['x +', 'missing a name to select', 3, 1],
    ['or+ders', 'unexpected "+" inside "or+ders"', 2, 1],
    ['a@b', 'unexpected "@" inside "a@b"', 1, 1],
    ['source:a.b.c.d', 'source selector "a.b.c.d" must be', 7, 7],
    ['exposure:a.b.c', 'exposure selector "a.b.c" must be name or package.name', 9, 5],
    ['test_type:weird', 'invalid test_type "weird"', 10, 5],
    ['resource_type:modle', 'invalid resource_type "modle"', 14, 5],
    ['config.schema:x', 'config.schema is not supported', 0, 13],
    ['state:modified+', 'selector method "state:" is not supported by Floe Studio', 0, 5],
  ])('rejects %j: %s at position %i', (expression, reason, position, length) => {
    const error = errorOf(expression);
    expect(error.reason).toContain(reason);
    expect(error.position).toBe(position);
    expect(error.length).toBe(length);
    expect(error.message).toContain(`(at column ${position + 1} of "${expression}")`);
    expect(error.toProblem()).toMatchObject({
      severity: 'error',
      source: 'selection',
      column: position + 1,
    });
  });

  it('draws a caret under the offending token', () => {
    expect(errorOf('tag:a tagg:b').pointer()).toBe('tag:a tagg:b\n      ^^^^');
  });
});

describe('fnmatch (Python semantics, as dbt uses it)', () => {
  it.each([
    ['stg_orders', 'stg_*', true],
    ['stg_orders', 'stg_?rders', true],
    ['stg_orders', 'stg_[ot]rders', true],
    ['stg_orders', 'stg_[!o]rders', false],
    ['a.b', 'a*', true],
    ['a[b', 'a[b', true],
    ['a+b', 'a+b', true],
    ['ORDERS', 'orders', false],
  ])('%s ~ %s → %s', (name, pattern, expected) => {
    expect(fnmatch(name, pattern)).toBe(expected);
  });
});
