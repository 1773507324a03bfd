import { describe, expect, it } from 'vitest';
import { buildMainWindowOptions, buildWebPreferences } from './window-options';

describe('main window security settings (Electron security checklist)', () => {
  it('isolates and sandboxes the renderer, with no Node and full web security', () => {
    const prefs = buildWebPreferences('/app/out/preload/index.js');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    // Nothing that would weaken the defaults sneaks in under another name.
    expect(Object.keys(prefs)).not.toContain('enableBlinkFeatures');
    expect(Object.keys(prefs)).not.toContain('additionalArguments');
  });

  it('uses those preferences for the main window, hidden until ready', () => {
    const options = buildMainWindowOptions('/p.js', { width: 1000, height: 700, x: 5, y: 6 });
    expect(options.webPreferences).toEqual(buildWebPreferences('/p.js'));
    expect(options).toMatchObject({ width: 1000, height: 700, x: 5, y: 6, show: false });
  });
});
