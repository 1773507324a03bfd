#!/usr/bin/env bash
# One command for a new user: install everything, then open Floe Studio on the bundled example
# (DuckDB, no servers, no credentials), or on the folder given. Opens the desktop app where
# Electron is installed, else the web UI (open the printed URL in a browser).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
project=$(realpath "${1:-$root/examples/shop}")
cd "$root"
bash scripts/install.sh
# A fresh project has no dbt manifest yet: parse it once so the graph is there on first open.
if ! node bin/floe.cjs assets "$project" >/dev/null 2>&1; then
  node bin/floe.cjs assets "$project" --parse >/dev/null || true
fi
exec node bin/floe.cjs studio "$project" "${@:2}"
