#!/usr/bin/env bash
# Electron security scan (Doyensec electronegativity) of the main process and the preload.
# Prints every finding and fails when any is HIGH (or CRITICAL) severity.
# Electron's version is read from the installed package and passed with -e (the scanner cannot detect
# it from sources). Offline, its release-list check prints "No connectivity?" and reports nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=node_modules/.bin/electronegativity
if [[ ! -x $bin ]]; then
  echo "electronegativity is not installed (npm ci installs it from devDependencies)" >&2
  exit 1
fi
electron_version=$(node -p "require('./node_modules/electron/package.json').version")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One scan over both folders: its global checks (navigation limits, permission handler, CSP) look
# across all files, so scanning the preload alone would miss what main sets up. Tests are left out.
mkdir -p "$work/src"
cp -r src/main src/preload "$work/src/"
find "$work/src" -name '*.test.ts' -delete

if ! "$bin" -i "$work/src" -e "$electron_version" -r -v false -o "$work/findings.csv" >"$work/log.txt" 2>&1; then
  cat "$work/log.txt" >&2
  echo "electronegativity failed to scan src/main and src/preload" >&2
  exit 1
fi

node - "$work/findings.csv" <<'NODE'
const text = require('node:fs').readFileSync(process.argv[2], 'utf8');
// Rows: issue, severity, confidence, filename, location, sample, description, url
const parse = (line) => [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] ?? m[2] ?? '').replace(/""/g, '"'));
const rows = text
  .split('\n')
  .slice(1)
  .filter((line) => line.trim() !== '')
  .map(parse)
  .map(([issue, severity, confidence, file, location, , description]) => ({ issue, severity, confidence, file, location, description }));
const high = rows.filter((row) => row.severity === 'HIGH' || row.severity === 'CRITICAL');
console.log(`electronegativity (src/main, src/preload): ${rows.length} finding(s), ${high.length} high or critical`);
for (const row of rows) {
  console.log(`  ${row.severity.padEnd(8)} ${row.confidence.padEnd(9)} ${row.issue}  src/${row.file}:${row.location}  ${row.description}`);
}
if (high.length > 0) console.log('FAILED: fix the high-severity findings above.');
process.exit(high.length > 0 ? 1 : 0);
NODE
