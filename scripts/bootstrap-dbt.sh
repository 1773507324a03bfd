#!/usr/bin/env bash
# Creates the project's dbt virtual environment (.venv beside package.json, or $FLOE_VENV) with the
# pinned dbt-core, dbt-duckdb and dbt-postgres. With --all-adapters it also installs the other five
# adapters the tests validate profiles against. Idempotent: a stamp of the requirements skips reinstalls.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${FLOE_VENV:-$root/.venv}
reqs=("$root/scripts/requirements-dbt.txt")
if [[ "${1:-}" == "--all-adapters" ]]; then reqs+=("$root/scripts/requirements-adapters.txt"); fi

stamp_of() { cat "${reqs[@]}" | sha256sum | cut -c1-16; }
want=$(stamp_of)
if [[ -x "$venv/bin/dbt" && -f "$venv/.floe-stamp" ]] && grep -qx "$want" "$venv/.floe-stamp"; then
  exit 0
fi
# A venv made for fewer adapters is still fine for those: only add what is missing.
if [[ ! -x "$venv/bin/python" ]]; then
  echo "floe: creating the dbt environment in $venv" >&2
  python3 -m venv "$venv"
fi
args=()
for r in "${reqs[@]}"; do args+=(-r "$r"); done
echo "floe: installing dbt into $venv (first time takes a minute or two)" >&2
"$venv/bin/pip" install --quiet --disable-pip-version-check "${args[@]}" 2>&1 | grep -v 'is ignored: it is neither' >&2 || true
"$venv/bin/dbt" --version >/dev/null
echo "$want" >"$venv/.floe-stamp"
