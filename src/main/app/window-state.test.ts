import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  fitWindowState,
  loadWindowState,
  parseWindowState,
  saveWindowState,
} from './window-state';

const screen = { x: 0, y: 0, width: 1920, height: 1080 };
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('parseWindowState', () => {
  it('keeps valid fields and rejects garbage', () => {
    expect(parseWindowState({ x: 10, y: 20, width: 800, height: 600, maximized: true })).toEqual({
      x: 10,
      y: 20,
      width: 800,
      height: 600,
      maximized: true,
      fullScreen: false,
    });
    expect(parseWindowState({ width: 800, height: 600, x: 'a' })).toEqual({
      width: 800,
      height: 600,
      maximized: false,
      fullScreen: false,
    });
    for (const bad of [
      null,
      'x',
      [],
      { width: 0, height: 5 },
      { width: 1e9, height: 5 },
      { width: Number.NaN, height: 1 },
    ]) {
      expect(parseWindowState(bad)).toBeNull();
    }
  });
});

describe('fitWindowState', () => {
  it('keeps a window that is on a screen', () => {
    const state = { x: 100, y: 100, width: 1200, height: 800, maximized: false, fullScreen: false };
    expect(fitWindowState(state, [screen])).toEqual(state);
  });

  it('drops the position of a window left on an unplugged monitor, and shrinks it to fit', () => {
    const state = {
      x: 3000,
      y: 100,
      width: 2500,
      height: 1400,
      maximized: false,
      fullScreen: false,
    };
    expect(fitWindowState(state, [screen])).toEqual({
      width: 1920,
      height: 1080,
      maximized: false,
      fullScreen: false,
    });
  });

  it('falls back to the default size, never below the minimum', () => {
    expect(fitWindowState(null, [screen])).toEqual(DEFAULT_WINDOW_STATE);
    expect(
      fitWindowState({ width: 10, height: 10, maximized: false, fullScreen: false }, [screen]),
    ).toMatchObject({
      width: 720,
      height: 480,
    });
  });
});

describe('loadWindowState / saveWindowState', () => {
  it('round-trips through a JSON file and treats a corrupt one as absent', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'floe-winstate-'));
    dirs.push(dir);
    const file = path.join(dir, 'nested', 'window-state.json');
    expect(loadWindowState(file)).toBeNull();
    const state = { x: 1, y: 2, width: 900, height: 700, maximized: false, fullScreen: true };
    saveWindowState(file, state);
    expect(loadWindowState(file)).toEqual(state);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(state);
    await writeFile(file, '{"width": 9');
    expect(loadWindowState(file)).toBeNull();
  });
});
