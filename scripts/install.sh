#!/usr/bin/env bash
# Installs what Floe Studio needs: npm packages, the dbt virtual environment and, for tests (--ci),
# Debian's Chromium, the other dbt adapters and a running PostgreSQL. Idempotent and cached.
set -euo pipefail
cd "$(dirname "$0")/.."
ci=false
[[ "${1:-}" == "--ci" ]] && ci=true

# Native addons compile against the local Node headers when they are installed.
export npm_config_nodedir=${npm_config_nodedir:-/usr}
if [[ ! -d /usr/include/node ]]; then unset npm_config_nodedir; fi

lock_hash=$(sha256sum package-lock.json | cut -c1-16)
if [[ ! -f node_modules/.floe-lock-hash ]] || [[ "$(cat node_modules/.floe-lock-hash)" != "$lock_hash" ]]; then
  echo "floe: installing npm packages" >&2
  # Electron's binary is fetched separately below, so an offline or locked-down machine still
  # gets everything else in one install.
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
  echo "$lock_hash" >node_modules/.floe-lock-hash
fi
# The desktop app's binary: where it cannot be downloaded, `floe studio` serves the same UI to the
# browser instead.
if [[ ! -f node_modules/electron/path.txt ]]; then
  if ! (cd node_modules/electron && node install.js >/dev/null 2>&1); then
    echo "floe: Electron's binary could not be downloaded here; the studio will open in the browser" >&2
  fi
fi

if $ci; then
  bash scripts/bootstrap-dbt.sh --all-adapters
  if ! command -v chromium >/dev/null 2>&1; then
    echo "floe: installing Chromium for the browser tests" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "floe: starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
else
  bash scripts/bootstrap-dbt.sh
fi
