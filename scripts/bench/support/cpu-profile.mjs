// Reads a V8 .cpuprofile of the bundled CLI and attributes self time to where the code came from:
// a package under node_modules, a folder of src/, or Node/V8 itself — through the bundle's source map.
import { readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function originOf(source) {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return pkg[1];
  const src = /(src\/(?:main\/services\/[^/]+|main\/[^/]+|shared(?:\/[^/.]+)?))/.exec(source);
  return src ? src[1].replace(/\.ts$/, '') : source;
}

/** Self time by origin, in ms, biggest first: [{ origin, ms }]. `bundle` is the bundle's path. */
export function selfTimeByOrigin(profilePath, bundle) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  let map;
  try {
    map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
  } catch {
    map = null; // no source map: everything in the bundle counts as "the bundle"
  }
  const originByNode = new Map();
  for (const node of profile.nodes) {
    const { url, functionName, lineNumber, columnNumber } = node.callFrame;
    let origin;
    let path = url;
    try {
      if (url.startsWith('file:')) path = fileURLToPath(url);
    } catch {
      path = url;
    }
    if (path === bundle) {
      const entry = map?.findEntry(lineNumber, columnNumber);
      origin = entry?.originalSource
        ? originOf(entry.originalSource)
        : 'bundle top level and esbuild module wrappers';
    } else if (functionName === 'wrapSafe') {
      // Node's CommonJS loader hands the file's source to V8 here: this is parsing + compiling it.
      origin = 'V8 parse/compile of JS files (node wrapSafe)';
    } else if (functionName === 'compileForInternalLoader') {
      origin = "node's own start-up (internal modules)";
    } else if (url === '') {
      // (program) = V8 parsing/compiling and native work; (garbage collector); (idle).
      origin = functionName.startsWith('(') ? functionName : 'native';
    } else if (url.startsWith('node:')) origin = 'node internals';
    else origin = originOf(path);
    originByNode.set(node.id, origin);
  }
  const totals = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i += 1) {
    const origin = originByNode.get(samples[i]) ?? 'unknown';
    totals.set(origin, (totals.get(origin) ?? 0) + (timeDeltas[i] ?? 0) / 1000);
  }
  return [...totals].map(([origin, total]) => ({ origin, ms: total })).sort((a, b) => b.ms - a.ms);
}

/** Bytes each origin contributes to a fresh build of the CLI bundle (esbuild metafile). */
export async function bundleBytesByOrigin(esbuild, buildOptions) {
  const result = await esbuild.build({ ...buildOptions, write: false, metafile: true });
  const totals = new Map();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [source, input] of Object.entries(output.inputs)) {
      const origin = originOf(source);
      totals.set(origin, (totals.get(origin) ?? 0) + input.bytesInOutput);
    }
  }
  return [...totals]
    .map(([origin, bytes]) => ({ origin, bytes }))
    .sort((a, b) => b.bytes - a.bytes);
}

export function onlyProfileIn(dir) {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  return file === undefined ? undefined : join(dir, file);
}
