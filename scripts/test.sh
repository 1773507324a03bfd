#!/usr/bin/env bash
# The whole test suite: format, lint, types, unit tests (with the profiles coverage gate), the
# build, the Electron security scan, integration tests on real dbt/DuckDB/PostgreSQL, and the
# browser tests. Prints one closing line: "Tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export DBT_SEND_ANONYMOUS_USAGE_STATS=false DBT_VERSION_CHECK=false
results=$(mktemp -d)
failed_stages=()

stage() {
  local name=$1
  shift
  echo
  echo "=== $name"
  if ! "$@"; then failed_stages+=("$name"); fi
}

stage format npx prettier --check . --log-level warn
stage lint npx eslint . --max-warnings 0
stage typecheck npx tsc -p tsconfig.json --noEmit
stage unit npx vitest run --coverage --reporter=default --reporter=json --outputFile.json="$results/unit.json"
stage build npm run -s build
stage security bash scripts/electronegativity.sh
stage integration npx vitest run --config vitest.integration.config.mts --reporter=default --reporter=json --outputFile.json="$results/integration.json"
stage e2e env PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npx playwright test --reporter=list,json

node scripts/test-summary.cjs "$results" "${failed_stages[@]}"
