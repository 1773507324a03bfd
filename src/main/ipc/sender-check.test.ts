import { describe, expect, it } from 'vitest';
import { isTrustedAppUrl } from '../app/security-policy';
import { isTrustedSender } from './sender-check';

const trusted = (url: string): boolean => isTrustedAppUrl(url);

describe('isTrustedSender', () => {
  it('answers only the top-level frame showing the app', () => {
    expect(isTrustedSender({ url: 'floe-studio://app/index.html', parent: null }, trusted)).toBe(
      true,
    );
    expect(isTrustedSender({ url: 'floe-studio://app/index.html', parent: {} }, trusted)).toBe(
      false,
    );
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null }, trusted)).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/x.html', parent: null }, trusted)).toBe(false);
    expect(isTrustedSender(null, trusted)).toBe(false);
  });
});
