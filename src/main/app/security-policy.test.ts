import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAllowedExternalUrl, isTrustedAppUrl } from './security-policy';

describe('isAllowedExternalUrl', () => {
  it('allows http(s) links to the documentation hosts on the allowlist', () => {
    expect(isAllowedExternalUrl('https://docs.getdbt.com/docs/introduction')).toBe(true);
    expect(isAllowedExternalUrl('http://github.com/dbt-labs/dbt-core')).toBe(true);
    expect(isAllowedExternalUrl('https://OpenLineage.io/spec')).toBe(true);
  });

  it('refuses other schemes, hosts, look-alikes, credentials and ports', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://github.com/share',
      'floe-studio://app/index.html',
      'https://evil.example/',
      'https://github.com.evil.example/',
      'https://evilgithub.com/',
      'https://gist.github.com/',
      'https://user:pw@github.com/',
      'https://github.com:8443/',
      'not a url',
      '',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('isTrustedAppUrl', () => {
  it('trusts only the app scheme, or the dev server origin in development', () => {
    expect(isTrustedAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isTrustedAppUrl('floe-studio://app/assets/x.js')).toBe(true);
    expect(isTrustedAppUrl('floe-studio://other/index.html')).toBe(false);
    expect(isTrustedAppUrl('file:///work/out/renderer/index.html')).toBe(false);
    expect(isTrustedAppUrl('http://localhost:5173/')).toBe(false);
    expect(isTrustedAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isTrustedAppUrl('https://github.com/', 'http://localhost:5173')).toBe(false);
  });
});
