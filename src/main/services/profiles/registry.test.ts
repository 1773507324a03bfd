import { describe, expect, it } from 'vitest';
import { COMPUTE_TARGETS } from '../../../shared/config/floe-schema';
import { PropertyReader } from './property-reader';
import { PROFILE_GENERATORS, profileGenerator } from './registry';

describe('profile generator registry (FR-002, SC-002)', () => {
  it('SC-002/FR-002: has exactly one generator for each of the 7 targets', () => {
    expect(Object.keys(PROFILE_GENERATORS).sort()).toEqual([...COMPUTE_TARGETS].sort());
    expect(COMPUTE_TARGETS).toHaveLength(7);
  });

  it.each(COMPUTE_TARGETS)(
    'FR-002: the %s generator writes an output of its own type',
    (target) => {
      const reader = new PropertyReader({ target, environment: 'dev', properties: {} });
      const output = profileGenerator(target)({ reader, projectDir: '/p' });
      expect(output.type).toBe(target);
      expect(output.threads).toBe(4);
    },
  );
});
