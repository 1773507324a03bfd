import { describe, expect, it } from 'vitest';
import { folderFromArgv, parseSecondInstanceData } from './launch-args';

describe('folderFromArgv', () => {
  it('reads the folder after the app path in a dev run, ignoring switches', () => {
    const ctx = { isPackaged: false, cwd: '/home/me' };
    expect(folderFromArgv(['electron', 'out/main/index.js', 'projects/shop'], ctx)).toBe(
      '/home/me/projects/shop',
    );
    expect(
      folderFromArgv(
        ['electron', '--inspect=0', '--remote-debugging-port=0', 'out/main/index.js', '/tmp/shop'],
        ctx,
      ),
    ).toBe('/tmp/shop');
    expect(folderFromArgv(['electron', '.'], ctx)).toBeNull();
  });

  it('reads the first argument of a packaged app', () => {
    const ctx = { isPackaged: true, cwd: '/w' };
    expect(folderFromArgv(['/opt/Floe Studio/floe-studio', 'shop'], ctx)).toBe('/w/shop');
    expect(folderFromArgv(['/opt/Floe Studio/floe-studio', '--no-sandbox'], ctx)).toBeNull();
  });
});

describe('parseSecondInstanceData', () => {
  it('accepts an absolute dir or null only', () => {
    expect(parseSecondInstanceData({ dir: '/tmp/shop' })).toEqual({ dir: '/tmp/shop' });
    expect(parseSecondInstanceData({ dir: null })).toEqual({ dir: null });
    expect(parseSecondInstanceData({ dir: 'relative' })).toBeNull();
    expect(parseSecondInstanceData('x')).toBeNull();
  });
});
