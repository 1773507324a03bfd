// Electron entry point (built to out/main/index.js). Everything Electron-specific lives in app/.
import { startDesktopApp } from './app/desktop-app';

startDesktopApp(__dirname);
