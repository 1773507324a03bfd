import { describe, expect, it } from 'vitest';
import { interpolate } from './interpolate';

describe('interpolate', () => {
  it('substitutes set variables and defaults', () => {
    expect(interpolate('a-${X}-${Y:-dflt}-${Z:-}', { X: '1' })).toEqual({
      ok: true,
      value: 'a-1-dflt-',
      variables: ['X', 'Y', 'Z'],
    });
  });
  it('prefers a set value over the default, and treats empty as unset for :-', () => {
    expect(interpolate('${X:-d}', { X: 'v' })).toMatchObject({ value: 'v' });
    expect(interpolate('${X:-d}', { X: '' })).toMatchObject({ value: 'd' });
    expect(interpolate('${X}', { X: '' })).toMatchObject({ ok: true, value: '' });
  });
  it('fails on an unset variable without a default, naming it', () => {
    const result = interpolate('host=${PG_HOST}', {});
    expect(result).toMatchObject({ ok: false, variable: 'PG_HOST' });
    expect(result.ok ? '' : result.message).toContain('PG_HOST is not set');
  });
  it('rejects malformed references', () => {
    expect(interpolate('${1BAD}', {})).toMatchObject({ ok: false });
    expect(interpolate('${OPEN', {})).toMatchObject({ ok: false });
  });
  it('keeps $${ as a literal ${', () => {
    expect(interpolate('$${HOME}', { HOME: '/root' })).toMatchObject({ value: '${HOME}' });
  });
  it('leaves strings without references alone', () => {
    expect(interpolate('plain $ text', {})).toMatchObject({ ok: true, value: 'plain $ text' });
  });
});
