#!/usr/bin/env bash
# One command for a new user: install everything, then open Floe Studio on the bundled example
# (DuckDB, no servers, no credentials). Opens the desktop app where Electron is installed, else the
# web UI (open the printed URL in a browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec node bin/floe.cjs studio "${1:-examples/shop}" "${@:2}"
