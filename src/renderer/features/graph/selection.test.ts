import { describe, expect, it } from 'vitest';
import { buildSelection } from './selection';
import { asset } from '../../testing/fixtures';

const model = asset('orders');
const seed = asset('raw_customers', [], { resourceType: 'seed' });
const source = asset('payments', [], { resourceType: 'source', id: 'source.shop.raw.payments' });
const exposure = asset('dash', [], { resourceType: 'exposure' });

describe('buildSelection', () => {
  it('joins names with spaces for "only"', () => {
    expect(buildSelection([model, seed], 'only')).toBe('orders raw_customers');
  });

  it('uses name+ and +name for downstream and upstream', () => {
    expect(buildSelection([model, seed], 'downstream')).toBe('orders+ raw_customers+');
    expect(buildSelection([model], 'upstream')).toBe('+orders');
  });

  it('leaves out sources and exposures, except a source as a downstream root', () => {
    expect(buildSelection([source, exposure], 'only')).toBe('');
    expect(buildSelection([source, model], 'upstream')).toBe('+orders');
    expect(buildSelection([source], 'downstream')).toBe('source:raw.payments+');
  });

  it('deduplicates', () => {
    expect(buildSelection([model, model], 'only')).toBe('orders');
  });
});
