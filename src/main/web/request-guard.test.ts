import { describe, expect, it } from 'vitest';
import { checkRequest, readCookie, tokenCookie, tokensEqual } from './request-guard';

const port = 5123;
const token = 'secret-token';
const base = { url: '/', host: `127.0.0.1:${port}`, origin: undefined, cookie: undefined };

describe('checkRequest', () => {
  it('accepts the token from the query or from the per-port cookie', () => {
    expect(checkRequest({ ...base, url: `/?token=${token}` }, port, token)).toEqual({
      ok: true,
      tokenFromQuery: true,
    });
    const cookie = `other=1; floe_token_${port}=${token}`;
    expect(checkRequest({ ...base, url: '/app.js', cookie }, port, token)).toEqual({
      ok: true,
      tokenFromQuery: false,
    });
    expect(
      checkRequest({ ...base, host: `localhost:${port}`, url: `/?token=${token}` }, port, token).ok,
    ).toBe(true);
  });

  it('answers 401 without the right token', () => {
    for (const url of ['/', '/?token=', '/?token=secret-tokeN', '/?token=secret-token-longer']) {
      expect(checkRequest({ ...base, url }, port, token)).toMatchObject({ ok: false, status: 401 });
    }
    const wrongPortCookie = `floe_token_${port + 1}=${token}`;
    expect(checkRequest({ ...base, cookie: wrongPortCookie }, port, token)).toMatchObject({
      status: 401,
    });
  });

  it('answers 403 to a foreign Host or Origin even with the token (DNS rebinding)', () => {
    const url = `/?token=${token}`;
    for (const host of [
      'evil.example:5123',
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      undefined,
      `192.168.1.2:${port}`,
    ]) {
      expect(checkRequest({ ...base, url, host }, port, token)).toMatchObject({
        ok: false,
        status: 403,
      });
    }
    for (const origin of [
      'http://evil.example',
      'null',
      `http://127.0.0.1:${port + 1}`,
      `https://127.0.0.1:${port}`,
    ]) {
      expect(checkRequest({ ...base, url, origin }, port, token)).toMatchObject({
        ok: false,
        status: 403,
      });
    }
    expect(checkRequest({ ...base, url, origin: `http://localhost:${port}` }, port, token).ok).toBe(
      true,
    );
  });
});

describe('cookies and tokens', () => {
  it('sets an HttpOnly SameSite=Strict cookie and reads it back', () => {
    const header = tokenCookie(port, token);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    expect(readCookie(header.split(';')[0], `floe_token_${port}`)).toBe(token);
    expect(readCookie('a=1; b', 'b')).toBeUndefined();
  });

  it('compares tokens of different lengths without throwing', () => {
    expect(tokensEqual('a', 'ab')).toBe(false);
    expect(tokensEqual(null, 'ab')).toBe(false);
    expect(tokensEqual('ab', 'ab')).toBe(true);
  });
});
