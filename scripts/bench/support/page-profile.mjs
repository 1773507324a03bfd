// A CPU profile of the studio page (Chrome DevTools Protocol through Playwright), with self time
// attributed to the modules of the renderer bundle: vite/rolldown starts each module of the
// (unminified) out/renderer/assets/*.js with a `// <module path>` line (or `//#region <path>`), so a
// sampled line number names its module.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { repoRoot } from './ts-module.mjs';

const assetsDir = join(repoRoot, 'out', 'renderer', 'assets');

export async function startPageProfile(context, page) {
  const session = await context.newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 500 });
  await session.send('Profiler.start');
  return session;
}

function regionsOf(file) {
  const regions = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const [index, line] of lines.entries()) {
    const match = /^\/\/(?:#region)? (\S+\.(?:[cm]?js|tsx?|jsx|css|json))$/.exec(line);
    if (match) regions.push({ line: index, name: shorten(match[1]) });
    else if (line.startsWith('//#endregion')) regions.push({ line: index, name: 'bundle glue' });
  }
  return regions;
}

function shorten(path) {
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1];
  return path.replace(/^.*?src\//, 'src/');
}

function regionAt(regions, line) {
  let low = 0;
  let high = regions.length - 1;
  let found = 'bundle glue';
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (regions[mid].line <= line) {
      found = regions[mid].name;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/**
 * Stops the profiler; returns { total (busy ms), span (profiled ms), byModule: [{ name, ms }],
 * byFunction: [{ name, ms }] }.
 */
export async function stopPageProfile(session) {
  const { profile } = await session.send('Profiler.stop');
  await session.detach().catch(() => undefined);
  const regionCache = new Map();
  const where = new Map();
  for (const node of profile.nodes) {
    const { url, functionName, lineNumber } = node.callFrame;
    const file = join(assetsDir, basename(url.split('?')[0] ?? ''));
    let module;
    if (url === '') module = functionName.startsWith('(') ? functionName : 'native';
    else if (url.endsWith('.js') && existsSync(file)) {
      if (!regionCache.has(file)) regionCache.set(file, regionsOf(file));
      module = regionAt(regionCache.get(file), lineNumber);
    } else module = url;
    where.set(node.id, { module, fn: `${functionName || '(anonymous)'} [${module}]` });
  }
  const byModule = new Map();
  const byFunction = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const at = where.get(profile.samples[i]);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    if (at === undefined || at.module === '(idle)') continue;
    total += dt;
    byModule.set(at.module, (byModule.get(at.module) ?? 0) + dt);
    byFunction.set(at.fn, (byFunction.get(at.fn) ?? 0) + dt);
  }
  const sorted = (map) => [...map].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  const span = (profile.endTime - profile.startTime) / 1000;
  return { total, span, byModule: sorted(byModule), byFunction: sorted(byFunction) };
}
