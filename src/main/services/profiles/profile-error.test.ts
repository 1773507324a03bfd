import { describe, expect, it } from 'vitest';
import { ProfileError } from './profile-error';

describe('ProfileError', () => {
  it('FR-001: keeps every issue, the first key path, and becomes Problems for the compiler', () => {
    const error = new ProfileError([
      { keyPath: 'environments.prod.compute.properties.password', message: 'is a credential' },
      { keyPath: 'environments.prod.compute.properties.account', message: 'is required' },
    ]);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ProfileError');
    expect(error.keyPath).toBe('environments.prod.compute.properties.password');
    expect(error.message).toBe(
      'environments.prod.compute.properties.password: is a credential\n' +
        'environments.prod.compute.properties.account: is required',
    );
    expect(error.toProblems()).toEqual([
      {
        severity: 'error',
        source: 'profiles',
        keyPath: 'environments.prod.compute.properties.password',
        message: 'is a credential',
      },
      {
        severity: 'error',
        source: 'profiles',
        keyPath: 'environments.prod.compute.properties.account',
        message: 'is required',
      },
    ]);
  });
});
